/** The power-permit tasks that need more than the generic path. */
import { POWER_PERMIT_FORM as FORM } from '../../domain/power-permit/ids';
import type { TaskBehaviours } from './contract';

export const powerPermitTasks: TaskBehaviours = {
  // a self-inspection is submitted through its own endpoint, which records it for the campaign's progress
  [FORM.selfInspection]: {
    elsewhere: { code: 'USE_SELF_INSPECTION', message: '请通过企业自查页面提交 / Submit the self-inspection at /api/self-inspections/:id/submit' },
  },
  // one person of a personnel change: the engine knows the person's place in the list; the name
  // and ID number come from the case's data, to staff who may read the case
  [FORM.personnelChangeReview]: {
    detail: async ({ task, app }) => {
      const subject = (task as unknown as { subject?: { ref?: number } | null }).subject;
      const changes = ((app?.data as { changes?: Array<Record<string, unknown>> } | undefined)?.changes) ?? [];
      const person = typeof subject?.ref === 'number' ? changes[subject.ref] : undefined;
      return person ? { subject: { ...subject, name: person.name, idNumber: String(person.idNumber).toUpperCase() } } : {};
    },
  },
};
