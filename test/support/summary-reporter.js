/**
 * Prints the run's totals as one plain line ("N passed, N failed, N skipped") for CI logs, then the
 * time spent per top-level test folder (test/unit, test/api, …: the sum of its files' run times,
 * with the number of files), the whole jest run's wall time, setup included, and the ten slowest files.
 */
const path = require('node:path');

const TEST_DIR = path.resolve(__dirname, '..');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const folders = new Map();
    for (const r of results.testResults) {
      const rel = path.relative(TEST_DIR, r.testFilePath).split(path.sep);
      const folder = rel.length > 1 ? rel[0] : '.';
      const f = folders.get(folder) ?? { ms: 0, files: 0 };
      f.ms += Math.max(0, (r.perfStats?.end ?? 0) - (r.perfStats?.start ?? 0));
      f.files += 1;
      folders.set(folder, f);
    }
    const perFolder = [...folders.entries()]
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(([name, f]) => `${name} ${(f.ms / 1000).toFixed(1)} s (${f.files} file${f.files === 1 ? '' : 's'})`)
      .join(', ');
    // the jest process's age: setup (engine, database, web bundle) included
    const wall = process.uptime().toFixed(1);
    const slowest = results.testResults
      .map((r) => ({ file: path.relative(TEST_DIR, r.testFilePath), ms: Math.max(0, (r.perfStats?.end ?? 0) - (r.perfStats?.start ?? 0)) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 10)
      .map((f) => `${f.file} ${(f.ms / 1000).toFixed(1)} s`)
      .join(', ');
    process.stdout.write(
      `\n${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests + results.numTodoTests} skipped\n` +
        `time per test folder: ${perFolder || 'none'}; whole run ${wall} s\n` +
        `slowest files: ${slowest || 'none'}\n`,
    );
  }
}
module.exports = SummaryReporter;
