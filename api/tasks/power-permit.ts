/** The power-permit tasks that need more than the generic path. */
import { POWER_PERMIT_FORM as FORM } from '../../domain/power-permit/ids';
import type { TaskBehaviours } from './contract';

export const powerPermitTasks: TaskBehaviours = {
  // a self-inspection is submitted through its own endpoint, which records it for the campaign's progress
  [FORM.selfInspection]: {
    elsewhere: { code: 'USE_SELF_INSPECTION', message: '请通过企业自查页面提交 / Submit the self-inspection at /api/self-inspections/:id/submit' },
  },
};
