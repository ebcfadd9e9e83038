/** Every job type PermitFlow serves, and its handler: the shared jobs, then each area's. */
import { dueDateJobs } from './due-date';
import { notifyJobs } from './notify';
import { inboxSyncJobs } from './inbox-sync';
import { accountsJobs } from './accounts';
import { publicityJobs } from './publicity/index';
import { appraisalReviewJobs } from './appraisal/review';
import { licensingJobs } from './licensing/licence';
import { powerPermitJobs } from './power-permit/permit';
import type { JobDefinition } from './types';

export const JOBS: readonly JobDefinition[] = [...dueDateJobs, ...notifyJobs, ...inboxSyncJobs, ...accountsJobs, ...publicityJobs, ...appraisalReviewJobs, ...licensingJobs, ...powerPermitJobs];

export { startWorkers } from './runtime';
