/**
 * Drafts save themselves (web/src/components/autosave.ts, used by <FormioForm> for every form with
 * a draft scope): after the delay since the last change, at once on a step change, never the same
 * content twice, one save at a time, a failed save tried again.
 */
import { autoSaver, clockTime } from '../../web/src/components/autosave';

type Data = Record<string, unknown>;

function setup(save: (d: Data) => Promise<void> = async () => undefined) {
  const saved: Data[] = [];
  const times: Date[] = [];
  const errors: unknown[] = [];
  const s = autoSaver<Data>({
    delayMs: 3000,
    now: () => new Date(2026, 11, 1, 9, 5, 7),
    save: async (d) => {
      await save(d);
      saved.push(d);
    },
    onSaved: (at) => times.push(at),
    onError: (e) => errors.push(e),
  });
  return { s, saved, times, errors };
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

it('saves once, the delay after the last of several changes, and says when', async () => {
  const { s, saved, times } = setup();
  s.changed({ name: 'a' });
  jest.advanceTimersByTime(2000);
  s.changed({ name: 'ab' });
  jest.advanceTimersByTime(2999);
  await settle();
  expect(saved).toEqual([]);
  jest.advanceTimersByTime(1);
  await settle();
  expect(saved).toEqual([{ name: 'ab' }]);
  expect(times.map(clockTime)).toEqual(['09:05:07']);
});

it('a step change saves at once; the same content is not saved again; a resumed draft is not saved back', async () => {
  const { s, saved } = setup();
  s.known({ name: 'resumed' });
  s.changed({ name: 'resumed' });
  await s.flush();
  expect(saved).toEqual([]);
  s.changed({ name: 'new' });
  await s.flush();
  expect(saved).toEqual([{ name: 'new' }]);
  // the timer of that change does not save it a second time
  jest.advanceTimersByTime(5000);
  await settle();
  s.changed({ name: 'new' });
  jest.advanceTimersByTime(5000);
  await s.flush();
  expect(saved).toEqual([{ name: 'new' }]);
});

it('a failed save is reported and tried again at the next flush; after stop nothing is saved', async () => {
  let fail = true;
  const { s, saved, errors } = setup(async () => {
    if (fail) throw new Error('offline');
  });
  s.changed({ n: 1 });
  await s.flush();
  expect(saved).toEqual([]);
  expect(errors).toHaveLength(1);
  fail = false;
  await s.flush();
  expect(saved).toEqual([{ n: 1 }]);
  s.changed({ n: 2 });
  s.stop();
  jest.advanceTimersByTime(5000);
  await s.flush();
  expect(saved).toEqual([{ n: 1 }]);
});

it('one save at a time: a change during a save is saved after it, in order', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let first = true;
  const { s, saved } = setup(async () => {
    if (first) {
      first = false;
      await gate;
    }
  });
  s.changed({ n: 1 });
  const one = s.flush();
  s.changed({ n: 2 });
  const two = s.flush();
  await settle();
  expect(saved).toEqual([]);
  release();
  await Promise.all([one, two]);
  expect(saved).toEqual([{ n: 1 }, { n: 2 }]);
});

it('after stop, flush waits for a save under way (the draft is removed only after it lands)', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const { s, saved } = setup(() => gate);
  s.changed({ n: 1 });
  void s.flush();
  await settle();
  s.stop();
  let waited = false;
  const after = s.flush().then(() => (waited = true));
  await settle();
  expect(waited).toBe(false);
  release();
  await after;
  expect(saved).toEqual([{ n: 1 }]);
});
