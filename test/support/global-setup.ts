/**
 * Once per test run: the web bundle the browser tests load, and lane 0's slot (database, Redis,
 * engine; see lanes.ts). The other lanes are made ready by their workers (lane-setup.ts).
 */
import './env';
import { prepareSlot } from './lanes';

// the admin modeler bundle (web/build/, git-ignored) that the browser tests load
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain JS script, also run by node alone
const { buildWeb } = require('../../scripts/build-web') as { buildWeb(): Promise<void> };

export default async function globalSetup(): Promise<void> {
  // one id per run, inherited by the lanes' workers
  process.env.PF_TEST_RUN = `${process.pid}-${Date.now()}`;
  await buildWeb();
  await prepareSlot(process.env.PF_TEST_RUN);
}
