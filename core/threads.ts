/**
 * Worker threads (piscina) for CPU-bound work kept off the event loop: PDF rendering
 * (documents/pool.ts) and the BPMN lint (domain/lint.ts).
 *
 * threadBundle: the JavaScript a worker thread loads when the process runs from the TypeScript
 * (ts-node or a test runner): one CommonJS bundle, made with esbuild under .cache/<folder>/, of the
 * modules a thread needs. Its packages stay require()s, found in node_modules above it. A thread
 * loading TypeScript itself would spend seconds and ~150 MiB on a compiler of its own. The compiled
 * build needs none: its threads load the .js files beside it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Piscina } from 'piscina';
import { ROOT } from './config';

/** `source` is a module's text (re-exports, say) resolved from `dir`; the bundle's path is returned. */
export function threadBundle(source: string, dir: string, folder: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const out = esbuild.buildSync({
    stdin: { contents: source, resolveDir: dir, loader: 'ts', sourcefile: `${folder}-thread-modules.ts` },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0].text;
  const file = path.join(ROOT, '.cache', folder, `${folder}-${createHash('sha256').update(code).digest('hex').slice(0, 12)}.js`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`; // two processes starting at once each write their own, then rename
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, file);
  }
  return file;
}

/**
 * The modules a thread loads, by name: the compiled `<name>.js` files in `dir` when the process runs
 * the build, or else one bundle of `source` (threadBundle) standing for each of them.
 */
export function threadModules<N extends string>(dir: string, names: readonly N[], source: string, folder: string): Record<N, string> {
  const compiled = names.map((n) => path.join(dir, `${n}.js`));
  const bundle = compiled.every((f) => fs.existsSync(f)) ? undefined : threadBundle(source, dir, folder);
  const files = compiled.map((f) => bundle ?? f);
  return Object.fromEntries(names.map((n, i) => [n, files[i]])) as Record<N, string>;
}

export interface ThreadPoolOptions {
  /** the thread's own file: plain JavaScript beside its module (npm run build copies it into dist/) */
  filename: string;
  workerData: unknown;
  minThreads: number;
  maxThreads: number;
}

/**
 * A pool started at its first task and stopped by close() (the system's stop; the next task starts
 * another). A thread that has had nothing to do for a minute gives its memory back.
 */
export class LazyThreadPool {
  private pool: Piscina | undefined;

  /** `what` names the threads in warnings ("a PDF rendering thread"); `options` is read at the start. */
  constructor(
    private readonly what: string,
    private readonly options: (maxThreads?: number) => ThreadPoolOptions,
  ) {}

  /** The running pool, started with `maxThreads` (or the options' own) if there is none. */
  get(maxThreads?: number): Piscina {
    if (!this.pool) {
      this.pool = new Piscina({ ...this.options(maxThreads), idleTimeout: 60_000 });
      // a thread that cannot start (its module missing, say) fails the tasks waiting for it, which
      // their callers see; unheard, the pool's 'error' event would end the whole process
      this.pool.on('error', (err: Error) => process.emitWarning(`${this.what} failed: ${err.message}`));
    }
    return this.pool;
  }

  /** The running pool, if any (for figures). */
  get running(): Piscina | undefined {
    return this.pool;
  }

  async close(): Promise<void> {
    const p = this.pool;
    this.pool = undefined;
    if (p) await p.destroy();
  }
}
