/**
 * The order of a run's files over its lanes. First the production start (test/build), whose
 * compiled workers then find no other suite's jobs to take; then the fault suites: they kill and
 * restart workers and the engine and count every message, and must see an engine whose clock no
 * other suite has moved (suites that pin the clock into the future leave timers fired and jobs
 * locked until that date in other tests' instances). Then the rest, the slowest kinds first, so
 * that the run ends with short files on both lanes instead of one lane finishing a long browser
 * walk alone: the browser tests, the process tests, then the API, contract, unit and web tests.
 * Within a folder, Jest's usual order (slowest and previously failed first; by file size on a
 * fresh clone, which has no timings yet).
 */
const Sequencer = require('@jest/test-sequencer').default;

const ORDER = ['build', 'fault', 'e2e', 'process', 'api', 'contract', 'unit', 'web'];
const folder = (t) => {
  const m = /[\\/]test[\\/]([^\\/]+)[\\/]/.exec(t.path);
  const i = m ? ORDER.indexOf(m[1]) : -1;
  return i === -1 ? ORDER.length : i;
};

class SlowKindsFirst extends Sequencer {
  sort(tests) {
    // (a stable sort: Jest's order stays within each folder)
    return [...super.sort(tests)].sort((a, b) => folder(a) - folder(b));
  }
}

module.exports = SlowKindsFirst;
