/**
 * The web app's catalogues and templates: zh-CN and en hold the same keys (the app's own and
 * Form.io's, which cover every string Form.io has), every key the code asks for exists, and no
 * Chinese or English UI text is written into a .vue template outside the catalogues.
 */
import fs from 'node:fs';
import path from 'node:path';

const WEB = path.join(__dirname, '..', '..', 'web', 'src');
const read = (p: string) => JSON.parse(fs.readFileSync(path.join(WEB, p), 'utf8')) as Record<string, unknown>;

function keysOf(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keysOf(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function filesUnder(dir: string, ext: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name), ext) : ext.test(e.name) ? [path.join(dir, e.name)] : []));
}

it('zh-CN and en have the same keys, none empty', () => {
  const zh = read('i18n/zh-CN.json');
  const en = read('i18n/en.json');
  expect(keysOf(en).sort()).toEqual(keysOf(zh).sort());
  const empty = [...keysOf(zh).map((k) => ['zh', k]), ...keysOf(en).map((k) => ['en', k])].filter(([l, k]) => {
    const v = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], l === 'zh' ? zh : en);
    return typeof v !== 'string' || !v.trim();
  });
  expect(empty).toEqual([]);
});

it("Form.io's strings: both languages, every string Form.io has, Chinese in the Chinese one", () => {
  const zh = read('i18n/formio.zh-CN.json') as Record<string, string>;
  const en = read('i18n/formio.en.json') as Record<string, string>;
  expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const formio = require(path.join(__dirname, '..', '..', 'node_modules', '@formio', 'js', 'lib', 'cjs', 'translations', 'en.js')).default as Record<string, string>;
  expect(Object.keys(formio).filter((k) => !(k in zh))).toEqual([]);
  const untranslated = Object.entries(zh).filter(([k, v]) => /[a-z]{3,}/i.test(v.replace(/\{\{[^}]*\}\}|JSON|PDF|OAuth|IndexedDB|Ctrl|Alt|API|URL|CKEditor|Quill|[A-Za-z]+\(\)|component\.[a-zA-Z]+|#?iteratableRows|checkRow|processRow|render|whenReady|dataReady/g, '')) && !/[\u3400-\u9fff]/.test(v) && k !== 'stripe');
  expect(untranslated).toEqual([]);
});

it('every catalogue key the code asks for exists', () => {
  const zh = read('i18n/zh-CN.json');
  const has = (k: string) => k.split('.').reduce<unknown>((o, p) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[p] : undefined), zh) !== undefined;
  const missing: string[] = [];
  for (const f of filesUnder(WEB, /\.(vue|ts)$/)) {
    const src = fs.readFileSync(f, 'utf8');
    for (const m of src.matchAll(/\bt\(\s*'([^'$]+)'/g)) if (!has(m[1])) missing.push(`${path.relative(WEB, f)}: ${m[1]}`);
    for (const m of src.matchAll(/\btitle: '([A-Za-z][\w.-]*)'/g)) if (f.includes('routes') && !has(m[1])) missing.push(`${path.relative(WEB, f)}: ${m[1]}`);
  }
  expect(missing).toEqual([]);
});

/** Text that may stand in a template as it is: symbols, numbers, the product's name, format examples. */
const ALLOWED = /^(PermitFlow|SHA-256|XXXX-XXXX-XXXX|010-65001234|#|QR|[\s\d·•—–:：;；,，.、/()（）[\]★☰✓✗✕*+-]*)$/;
const WORDS = /[\u3400-\u9fff]|[A-Za-z]{2,}/;

it('no Chinese or English UI text is hard-coded in a .vue template', () => {
  const found: string[] = [];
  for (const f of filesUnder(WEB, /\.vue$/)) {
    const src = fs.readFileSync(f, 'utf8');
    const m = /<template>([\s\S]*)<\/template>\s*(<script|<style|$)/.exec(src);
    if (!m) continue;
    const template = m[1].replace(/<!--[\s\S]*?-->/g, '');
    // text between tags, without the {{ … }} expressions
    for (const text of template.replace(/\{\{[\s\S]*?\}\}/g, ' ').match(/>[^<>]+</g) ?? []) {
      const s = text.slice(1, -1).trim();
      if (s && WORDS.test(s) && !ALLOWED.test(s)) found.push(`${path.relative(WEB, f)}: text "${s}"`);
    }
    // static (unbound) attributes people read
    for (const a of template.matchAll(/\s(label|title|placeholder|aria-label|alt|content|sub-title|empty-text)="([^"]*)"/g)) {
      if (WORDS.test(a[2]) && !ALLOWED.test(a[2])) found.push(`${path.relative(WEB, f)}: ${a[1]}="${a[2]}"`);
    }
  }
  expect(found).toEqual([]);
});
