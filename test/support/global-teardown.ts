import './env';
import { releaseSlots } from './lanes';

export default async function globalTeardown(): Promise<void> {
  if (process.env.PF_TEST_RUN) await releaseSlots(process.env.PF_TEST_RUN);
}
