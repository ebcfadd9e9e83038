/** Before a test file: its lane's slot is ready (after the lane's first file, one file read). */
import { slotReady } from './lane-marks';

beforeAll(async () => {
  const run = process.env.PF_TEST_RUN;
  if (run && !slotReady(run)) await (await import('./lanes')).prepareSlot(run);
}, 180_000);
