/**
 * Which test slots a run has made ready (lanes.ts): a mark file per slot. Read before every test
 * file (lane-setup.ts) without loading what making a slot ready needs (PostgreSQL, Redis and
 * engine clients), which a unit test file never uses.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../core/config';
import { TEST_SLOT } from './env';

export const MARKS = path.join(ROOT, '.cache', 'test-lanes');
export const mark = (slot: number) => path.join(MARKS, `slot-${slot}.json`);

export interface Mark {
  run: string;
  engineStarted: boolean;
  dataDir: string;
}

/** This process's slot was made ready for the run `run`. */
export function slotReady(run: string): boolean {
  try {
    return (JSON.parse(fs.readFileSync(mark(TEST_SLOT), 'utf8')) as Mark).run === run;
  } catch {
    return false; // not made ready yet in this run
  }
}
