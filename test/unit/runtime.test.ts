import { retryBackoffMs } from '../../workers/runtime';

it('backs off exponentially from the base, capped at 5 minutes', () => {
  expect([4, 3, 2, 1].map((left) => retryBackoffMs(left))).toEqual([2000, 4000, 8000, 16000]);
  expect(retryBackoffMs(1, 20)).toBe(300_000);
  expect(retryBackoffMs(2, 5, 20)).toBe(160);
  expect(retryBackoffMs(2, 5, 0)).toBe(0);
});
