/*
 * Builds the browser app (web/: Vite + Vue 3) into web/build/ (git-ignored) when it is missing or
 * older than its sources (web/src, web/index.html, web/vite.config.mts, the BPMN models whose names
 * it shows, package-lock.json, and domain/validators.ts whose rules the forms share). Run by
 * `npm start` (prestart), `npm run build:web` (always builds with --force) and the test setup.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const WEB = path.join(ROOT, 'web');
const OUT = path.join(WEB, 'build');
const STAMP = path.join(OUT, '.built');
const SOURCES = [path.join(WEB, 'src'), path.join(WEB, 'index.html'), path.join(WEB, 'vite.config.mts'), path.join(WEB, 'tsconfig.json'), path.join(ROOT, 'bpmn'), path.join(ROOT, 'package-lock.json'), path.join(ROOT, 'domain', 'validators.ts')];

/** The newest modification time under the given files and folders. */
function newest(paths) {
  let max = 0;
  const visit = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) visit(path.join(p, e));
    else max = Math.max(max, st.mtimeMs);
  };
  paths.forEach(visit);
  return max;
}

function upToDate() {
  try {
    return fs.statSync(STAMP).mtimeMs >= newest(SOURCES) && fs.existsSync(path.join(OUT, 'index.html'));
  } catch {
    return false;
  }
}

async function buildWeb({ force = false, quiet = true } = {}) {
  if (!force && upToDate()) return false;
  const { build } = await import('vite');
  await build({ configFile: path.join(WEB, 'vite.config.mts'), logLevel: quiet ? 'warn' : 'info' });
  fs.writeFileSync(STAMP, new Date().toISOString() + '\n');
  return true;
}

module.exports = { buildWeb };

if (require.main === module) {
  buildWeb({ force: process.argv.includes('--force'), quiet: false }).catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}
