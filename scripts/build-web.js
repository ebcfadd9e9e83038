/*
 * Bundles the browser code that ships only as ES modules (the admin modeler with its properties
 * panel, web/admin-modeler.js) into web/build/ (git-ignored). Run by `npm start` (prestart),
 * `npm run build:web` and the test setup; about a second with esbuild.
 */
const path = require('node:path');
const esbuild = require('esbuild');

const ROOT = path.resolve(__dirname, '..');

async function buildWeb() {
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'web', 'admin-modeler.js')],
    outdir: path.join(ROOT, 'web', 'build'),
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'iife',
    target: ['es2020'],
    loader: { '.svg': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.eot': 'dataurl' },
    logLevel: 'warning',
    legalComments: 'linked',
  });
}

module.exports = { buildWeb };

if (require.main === module) {
  buildWeb().catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}
