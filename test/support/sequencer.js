/**
 * The fault suites first: they kill and restart workers and the engine and count every message,
 * and must see an engine whose clock no other suite has moved (suites that pin the clock into the
 * future leave timers fired and jobs locked until that date in other tests' instances). Then the
 * rest in Jest's usual order (slowest and previously failed first). Before all of them the
 * production start (test/build), whose compiled workers then find no other suite's jobs to take.
 */
const Sequencer = require('@jest/test-sequencer').default;

class FaultFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const build = (t) => /[\\/]test[\\/]build[\\/]/.test(t.path);
    const fault = (t) => /[\\/]test[\\/]fault[\\/]/.test(t.path);
    return [...sorted.filter(build), ...sorted.filter(fault), ...sorted.filter((t) => !fault(t) && !build(t))];
  }
}

module.exports = FaultFirst;
