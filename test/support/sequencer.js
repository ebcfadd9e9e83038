/**
 * The order of a run's files over its lanes (each lane takes the next file when it is free).
 * First the production start (test/build), whose compiled workers then find no other suite's jobs
 * to take. The fault suites kill and restart workers and the engine and count every message, and
 * must see an engine whose clock no other suite has moved (suites that pin the clock into the
 * future leave timers fired and jobs locked until that date in other tests' instances): they come
 * before every process and contract file, which pin it. They mostly wait (for a restart, an
 * outage's end), so they alternate with the browser tests, which keep the cores busy meanwhile
 * (the browser tests leave the engine clock alone). Then the rest, the slow kinds first, so that
 * the run ends with short files on both lanes: the process, API, contract, unit and web tests.
 * Within a folder, Jest's usual order (slowest and previously failed first; by file size on a
 * fresh clone, which has no timings yet).
 */
const Sequencer = require('@jest/test-sequencer').default;

const AFTER = ['process', 'api', 'contract', 'unit', 'web'];
const folderOf = (t) => /[\\/]test[\\/]([^\\/]+)[\\/]/.exec(t.path)?.[1] ?? '';

class FaultBesideBrowser extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const of = (name) => sorted.filter((t) => folderOf(t) === name);
    const [fault, e2e] = [of('fault'), of('e2e')];
    const alternated = [];
    for (let i = 0; i < Math.max(fault.length, e2e.length); i++) alternated.push(...fault.slice(i, i + 1), ...e2e.slice(i, i + 1));
    const known = new Set(['build', 'fault', 'e2e', ...AFTER]);
    return [...of('build'), ...alternated, ...AFTER.flatMap(of), ...sorted.filter((t) => !known.has(folderOf(t)))];
  }
}

module.exports = FaultBesideBrowser;
