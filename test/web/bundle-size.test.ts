/**
 * The pages people open first load little: the sign-in page and the reviewer's inbox fetch the
 * app's entry, its static imports and their own page chunk (with what that imports), at most
 * 350 KB of gzipped JavaScript; Form.io and bpmn-js stay in chunks of their own that neither
 * loads. Read from the built bundle (web/build, built by the test run's globalSetup).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT } from '../../core/config';

const ASSETS = path.join(ROOT, 'web', 'build', 'assets');
const BUDGET_KB = 350;

/** A chunk and every chunk it imports statically, transitively (dynamic imports are not followed). */
function closure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = fs.readFileSync(path.join(ASSETS, file), 'utf8');
  for (const m of code.matchAll(/(?:import|from)\s*"\.\/([^"]+\.js)"/g)) closure(m[1], seen);
  return seen;
}

const gzipKb = (files: Iterable<string>) => [...files].reduce((kb, f) => kb + zlib.gzipSync(fs.readFileSync(path.join(ASSETS, f))).length / 1024, 0);
const chunk = (prefix: string) => {
  const found = fs.readdirSync(ASSETS).filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.js'));
  expect(found).toHaveLength(1);
  return found[0];
};
const entry = () => /<script type="module"[^>]* src="\/assets\/([^"]+\.js)"/.exec(fs.readFileSync(path.join(ROOT, 'web', 'build', 'index.html'), 'utf8'))![1];

it.each([
  ['the sign-in page', 'Login'],
  ['the inbox', 'InboxPage'],
])('%s loads at most 350 KB of gzipped JavaScript, without Form.io or bpmn-js', (_what, page) => {
  const files = new Set([...closure(entry()), ...closure(chunk(page))]);
  const names = [...files].join(' ');
  expect(names).not.toMatch(/formio|Modeler|Viewer|bpmn/i);
  const kb = gzipKb(files);
  process.stdout.write(`${page}: ${files.size} chunks, ${kb.toFixed(1)} KB gzipped\n`);
  expect(kb).toBeLessThanOrEqual(BUDGET_KB);
  expect(kb).toBeGreaterThan(50); // the closure really was followed (Vue and Element Plus are in it)
});
