/** The power-permit tasks that need more than the generic path. */
import { POWER_PERMIT_FORM as FORM } from '../../domain/power-permit/ids';
import { ApiError } from '../errors';
import type { TaskBehaviours } from './contract';

export const powerPermitTasks: TaskBehaviours = {
  // a self-inspection is submitted through its own endpoint, which records it for the campaign's progress
  [FORM.selfInspection]: {
    async check() {
      throw new ApiError(409, 'USE_SELF_INSPECTION', '请通过企业自查页面提交 / Submit the self-inspection at /api/self-inspections/:id/submit');
    },
  },
};
