/**
 * PDF rendering off the event loop: a pool of worker threads (piscina), one per core unless
 * PDF_RENDER_THREADS says otherwise, each holding the fonts for its life (documents/render-thread.js).
 * A render job lays out and compresses a PDF for tens of milliseconds of pure CPU; on the API's
 * and the job workers' event loop it stalled every request and job meanwhile.
 *
 * PDF_RENDER_THREADS=0 renders in the calling thread (same output; for a debugger).
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { LazyThreadPool, threadModules } from '../core/threads';
import type { DocLayout, Verification } from './render';

export interface RenderedPdf {
  pdf: Buffer;
  sha256: string;
}

/** The pool's size: PDF_RENDER_THREADS, or the number of cores. */
export function renderThreads(env: Record<string, string | undefined> = process.env): number {
  const configured = env.PDF_RENDER_THREADS;
  if (configured !== undefined && configured !== '') {
    const n = Number(configured);
    if (!Number.isInteger(n) || n < 0) throw new Error(`PDF_RENDER_THREADS must be a whole number ≥ 0, not ${configured}`);
    return n;
  }
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

const pool = new LazyThreadPool('a PDF rendering thread', (threads = renderThreads()) => ({
  filename: path.join(__dirname, 'render-thread.js'),
  // the compiled render.js and font.js beside this file, or (run from the TypeScript) one bundle of the two
  workerData: threadModules(__dirname, ['render', 'font'], "export { renderPdf } from './render';\nexport { cjkFonts } from './font';\n", 'pdf-render'),
  minThreads: 1,
  maxThreads: threads,
  // no queue limit of its own: what waits here is bounded by the job workers' maxJobsActive
}));

/** Renders in the pool (or in this thread when the pool has no threads) and hashes the bytes. */
export async function renderDocument(layout: DocLayout, verification: Verification, threads = renderThreads()): Promise<RenderedPdf> {
  let pdf: Buffer;
  // (pdfkit and the fonts are loaded where rendering happens: in the threads, or here on first use)
  if (threads === 0) pdf = await (await import('./render')).renderPdf(layout, verification);
  else {
    const bytes = (await pool.get(threads).run({ layout, verification })) as ArrayBuffer;
    pdf = Buffer.from(bytes);
  }
  return { pdf, sha256: createHash('sha256').update(pdf).digest('hex') };
}

/**
 * Starts the pool and renders one small document in it, so that the first documents of the day do
 * not each wait for a thread to start, read its fonts and compile the layout code (a burst of the
 * first eight waited about a second). With the job workers, unless PDF_RENDER_WARM=0 (the tests:
 * dozens of systems started per run). Nothing is stored; a failure here is only logged by the caller.
 */
export async function warmRenderPool(threads = renderThreads(), env: Record<string, string | undefined> = process.env): Promise<boolean> {
  if (threads === 0 || env.PDF_RENDER_WARM === '0') return false;
  await renderDocument(
    { title: '预热 / Warm-up', sections: [{ fields: [['姓名', '欧阳娜'], ['项目', '锅炉检验']] }, { table: { columns: ['代码', '名称'], rows: [['Y-GL', '锅炉检验']] } }], signatures: ['签字'] },
    { code: 'WARM-UP0-0000', url: 'https://permitflow.invalid/#/verify/WARM-UP0-0000', issuedAt: new Date(0) },
    threads,
  );
  return true;
}

/** Threads running now, and the pool's figures (for /metrics and the bench). */
export function renderPoolStats(): { threads: number; queued: number; completed: number } {
  const p = pool.running;
  if (!p) return { threads: 0, queued: 0, completed: 0 };
  return { threads: p.threads.length, queued: p.queueSize, completed: p.completed };
}

/** Stops the threads (the system's stop; the next render starts a new pool). */
export function closeRenderPool(): Promise<void> {
  return pool.close();
}
