/**
 * The browser app: Vue 3 + Element Plus, built into web/build/ (git-ignored) and served by the API.
 * `npm run dev:web` serves it with hot reload and proxies /api to the API (PF_API_URL, default
 * http://127.0.0.1:3000). Form.io and bpmn-js are split into their own chunks (bpmn-js by its two entries, the viewer
 * and the modeler, so the case pages load the viewer only), loaded only by the
 * pages that use them. The process and step names are read from bpmn/ at build time.
 */
import { defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');

/** virtual:pf-names: { processes: { id: name }, steps: { "process/element": name } } from the BPMN models. */
function modelNames(): Plugin {
  const ID = 'virtual:pf-names';
  const read = () => {
    const processes: Record<string, string> = {};
    const steps: Record<string, string> = {};
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.bpmn') ? [path.join(dir, e.name)] : []));
    const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
    const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#10;/g, ' ');
    for (const file of walk(path.join(ROOT, 'bpmn'))) {
      const xml = fs.readFileSync(file, 'utf8');
      let current = '';
      for (const m of xml.matchAll(/<bpmn:(process|userTask)\b[^>]*>/g)) {
        const id = attr(m[0], 'id');
        const name = attr(m[0], 'name');
        if (!id) continue;
        if (m[1] === 'process') {
          current = id;
          if (name) processes[id] = unescape(name);
        } else if (name && current) steps[`${current}/${id}`] = unescape(name);
      }
    }
    return { processes, steps };
  };
  return {
    name: 'pf-names',
    resolveId: (id) => (id === ID ? `\0${ID}` : null),
    load: (id) => (id === `\0${ID}` ? `export default ${JSON.stringify(read())};` : null),
  };
}

export default defineConfig({
  root: HERE,
  base: '/',
  plugins: [vue(), modelNames()],
  build: {
    outDir: path.join(HERE, 'build'),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (id.includes('node_modules/@formio/')) return 'formio';
          if (id.includes('node_modules/element-plus') || id.includes('node_modules/@element-plus')) return 'element-plus';
          if (/node_modules\/(vue|@vue|vue-router|vue-i18n|@intlify)\//.test(id)) return 'vue';
          return undefined;
        },
      },
    },
  },
  server: {
    port: Number(process.env.PF_WEB_PORT ?? 5173),
    proxy: { '/api': { target: process.env.PF_API_URL ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
