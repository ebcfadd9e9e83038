/**
 * The JavaScript a worker thread loads when the process runs from the TypeScript (ts-node or a test
 * runner): one CommonJS bundle, made with esbuild under .cache/<folder>/, of the modules a thread
 * needs. Its packages stay require()s, found in node_modules above it. A thread loading TypeScript
 * itself would spend seconds and ~150 MiB on a compiler of its own. The compiled build needs none:
 * its threads load the .js files beside it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
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
