/** The inbox page's compiled serializer writes what JSON.stringify writes, every field of InboxTask included. */
import { INBOX_TASK_SCHEMA, inboxPageJson } from '../../api/tasks/inbox-json';
import type { InboxTask } from '../../types/api';

// every field set (Required: a field added to InboxTask must be added here, then to the schema)
const full: Required<InboxTask<Date>> = {
  id: '2251799813685249',
  processInstanceKey: '2251799813685240',
  processId: 'power-permit-review',
  processName: '电力业务许可审查',
  elementId: 'review',
  elementName: '审查 "申请"\n\\ </script>',
  formKey: 'power-permit-review',
  applicationId: '6f1c2a1e-8f43-4c4e-9a55-1c7b1d0a9f11',
  applicationNumber: 'PP20261201-00012',
  applicantName: '欧阳娜',
  unitName: '北京市某某检验检测有限公司',
  candidateGroups: ['power-permit-reviewers', 'review-leads'],
  candidateUsers: ['reviewer-1'],
  assignee: 'reviewer-1',
  priority: 75,
  dueDate: new Date('2026-12-04T15:59:59.999Z'),
  followUpDate: new Date('2026-12-02T01:00:00.000Z'),
  workingDaysLeft: -2,
  overdue: true,
  statutoryAlert: 'overdue',
  state: 'CREATED',
  createdAt: new Date('2026-11-30T08:00:00.123Z'),
  completedAt: new Date('2026-12-01T09:30:00.000Z'),
};
const sparse: InboxTask<Date> = {
  ...full,
  formKey: null,
  applicationId: null,
  applicationNumber: null,
  applicantName: null,
  unitName: null,
  candidateGroups: [],
  candidateUsers: [],
  assignee: null,
  priority: null,
  dueDate: null,
  followUpDate: null,
  workingDaysLeft: null,
  overdue: false,
  statutoryAlert: null,
  completedAt: null,
};

describe('the inbox page JSON', () => {
  it('has a schema property for every field of InboxTask, in its order', () => {
    expect(Object.keys(INBOX_TASK_SCHEMA.properties)).toEqual(Object.keys(full));
  });

  it('writes the same JSON as JSON.stringify, full and sparse tasks, with and without a cursor', () => {
    for (const body of [
      { items: [full, sparse], nextCursor: 'WyIyMDI2LTEyLTA0VDE1OjU5OjU5Ljk5OVoiLCIyMjUxNzk5ODEzNjg1MjQ5Il0' },
      { items: [sparse], nextCursor: null },
      { items: [], nextCursor: null },
    ]) {
      const text = inboxPageJson(body);
      expect(text).toBe(JSON.stringify(body));
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(body)));
    }
  });
});
