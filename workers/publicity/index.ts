/** The jobs of practitioner publicity: the application, its documents, the batch add and the cancellation. */
import { publicityApplicationJobs } from './application';
import { publicityDocumentJobs } from './documents';
import { publicityOpsJobs } from './ops';

export const publicityJobs = [...publicityOpsJobs, ...publicityApplicationJobs, ...publicityDocumentJobs];
