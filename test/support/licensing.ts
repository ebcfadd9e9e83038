/** Helpers for the special-equipment licensing tests: accounts, a full application, tasks by form. */
import { GROUP, licenceProvinceGroup } from '../../domain/registry';
import { freshLogin, signedInUnit } from './factories';
import { Client, createAccount, eventually, signIn, TestSystem } from './harness';

export async function licensingUnit(sys: TestSystem, name: string, province = '110000'): Promise<{ client: Client; unit: { id: string; name: string; uscc: string }; login: string; password: string }> {
  const p2 = province.slice(0, 2);
  const { unit, client, login, password } = await signedInUnit(sys, {
    unit: { name, legal_representative: '蔺元成', province, city: `${p2}0100`, district: `${p2}0102`, address: '北京市西城区许可路 1 号', postcode: '100032', phone: '010-3' },
    account: { login: freshLogin('lic'), displayName: '李四' },
  });
  return { client, unit, login, password };
}

export async function staffClient(sys: TestSystem, groups: string[]): Promise<Client> {
  const a = await createAccount(sys, { kind: 'reviewer', groups });
  return signIn(sys.url, a.login, a.password);
}

export const authorityGroups = { national: GROUP.licenceNationalAuthority, beijing: licenceProvinceGroup('110000'), agency: GROUP.appraisalAgencies };

/** The production-licence wizard's data, as Form.io submits it. */
export function licenceApplication(unit: { name: string; uscc: string }, items: string[] = ['M-ESV-B'], category = 'manufacture') {
  return {
    unitName: unit.name,
    uscc: unit.uscc,
    legalRepresentative: '蔺元成',
    registeredCapital: 11500,
    foundedOn: '2008-12-25',
    industry: 'C',
    approvedBy: '北京市市场监督管理局',
    address: '北京市西城区许可路 1 号',
    manufactureAddress: '北京市大兴区制造路 8 号',
    contactName: '李四',
    contactPhone: '18311255455',
    email: 'licence@example.test',
    postcode: '100032',
    website: 'https://licence.example.test',
    managementRepresentative: '李四',
    managementRepresentativeTitle: '总经理',
    qualityHead: '王五',
    licenceCategory: category,
    licenceItems: Object.fromEntries(['M-SV-A', 'M-SV-B', 'M-ESV-A', 'M-ESV-B'].concat(items).map((c) => [c, items.includes(c)])),
    itemScope: 'DN25–DN300',
    itemScopes: items.map((item) => ({ item, parameters: 'DN25–DN300，PN ≤ 4.0 MPa' })),
    workHistory: '2008 年成立，近三年生产紧急切断阀约 2 万台。',
    staff: [{ name: '王五', position: '质量保证工程师', certificateNo: 'QA-001' }],
    equipment: [{ name: '数控车床', model: 'CK6150', quantity: 4 }],
    instruments: [{ name: '压力试验台', model: 'YST-40', calibratedUntil: '2027-06-30' }],
    certifications: [{ body: '中国质量认证中心', certifiedOn: '2020-12-01', validUntil: '2026-12-06' }],
    subcontracting: '无',
    declarantName: '蔺元成',
    declarantTitle: '总经理',
    declarationDate: '2026-11-23',
    declarationAgreed: true,
  };
}

/**
 * The formal review's acceptance: not charged for, the materials received today (Beijing time); the
 * receipt may not be after today nor before the submission.
 */
export function formalAcceptance(receivedOn = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)): Record<string, unknown> {
  return { decision: 'accept', feeCharged: 'no', materialsReceivedOn: receivedOn };
}

/** Waits for the open task of an application with this form, as the client sees it in the inbox. */
export async function taskOf(client: Client, applicationId: string, formKey: string, timeoutMs = 20000): Promise<{ id: string; candidateGroups: string[]; assignee: string | null }> {
  return eventually(async () => {
    const r = await client.call('GET', '/api/tasks?state=CREATED&limit=200');
    if (r.status !== 200) throw new Error(`GET /api/tasks answered ${r.status}: ${JSON.stringify(r.body)}`);
    return (r.body.items as Array<{ id: string; applicationId: string; formKey: string; candidateGroups: string[]; assignee: string | null }>).find((t) => t.applicationId === applicationId && t.formKey === formKey);
  }, timeoutMs, `task ${formKey}`);
}

export async function complete(client: Client, applicationId: string, formKey: string, data: Record<string, unknown>): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const task = await taskOf(client, applicationId, formKey);
  return completeTask(client, task.id, data);
}

/** Completes a task, retrying while the engine is still finishing the task's creation. */
export async function completeTask(client: Client, taskId: string, data: Record<string, unknown>): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return client.call('POST', `/api/tasks/${taskId}/complete`, { data });
}
