/** Every task behaviour by form key: one entry per user task that needs more than the generic path. */
import type { TaskBehaviours } from './contract';
import { accountsTasks } from './accounts';
import { appraisalTasks } from './appraisal';
import { licensingTasks } from './licensing';
import { powerPermitTasks } from './power-permit';
import { publicityTasks } from './publicity';

export const TASK_BEHAVIOURS: TaskBehaviours = { ...accountsTasks, ...appraisalTasks, ...licensingTasks, ...powerPermitTasks, ...publicityTasks };
