/** Before a test file: its lane's slot is ready (a no-op after the lane's first file). */
import { prepareSlot } from './lanes';

beforeAll(async () => {
  if (process.env.PF_TEST_RUN) await prepareSlot(process.env.PF_TEST_RUN);
}, 180_000);
