/** Power-permit test helpers: a unit with a main account, complete application data, task completion. */
import { idCheckChar } from '../../domain/validators';
import { freshUscc, PNG } from './fixtures';
import { Client, eventually, TestSystem } from './harness';
import { freshLogin, signedInUnit } from './factories';
import { allMaterials } from './power-permit-materials';

let serial = 0;
/** A valid, unique mainland ID number (born 1985). */
export function validId(): string {
  serial = (serial + 1) % 900;
  const f = `110102198506${String(10 + (serial % 18)).padStart(2, '0')}${String(100 + ((serial * 7 + Math.floor(Math.random() * 900)) % 900)).padStart(3, '0')}`;
  return f + idCheckChar(f);
}

export async function enterprise(sys: TestSystem, opts: { freeTradeZone?: boolean; credit?: 'good' | 'poor'; name?: string } = {}) {
  const uscc = freshUscc();
  const { unit, login, client, email } = await signedInUnit(sys, {
    unit: { uscc, name: opts.name ?? `电力安装测试有限公司${uscc.slice(-6)}`, legal_representative: '周一', address: '北京市朝阳区电力路 1 号', phone: '010-3', free_trade_zone: opts.freeTradeZone ?? false },
    account: { login: freshLogin('pp'), displayName: '周联系人', mobile: '13700000000' },
  });
  if (opts.credit) await sys.db('enterprise_credit').insert({ unit_id: unit.id, rating: opts.credit, source: 'test' });
  return { unit, login, client, email };
}

export async function file(client: Client, name = '附件.png'): Promise<Array<{ id: string; name: string }>> {
  const r = await client.upload(name, PNG);
  if (r.status !== 201) throw new Error(`upload failed ${r.status}`);
  return [{ id: r.body.id, name }];
}

const person = (name: string) => ({
  name, idNumber: validId(), title: '高级工程师',
  workHistory: [{ from: '2010-01', to: '2026-10', employer: '北京电力工程公司', position: '项目经理', referee: '王五', refereePhone: '13912345678' }],
  trainingHistory: [{ from: '2024-05', course: '安全生产管理', organiser: '北京市应急管理局' }],
});

/** A complete new-permit application (every section filled, the materials of every category and level). */
export async function fullApplication(client: Client, over: Record<string, unknown> = {}) {
  const material = await file(client, '材料.png');
  return {
    nature: 'new',
    categories: [{ category: 'install', level: '3' }, { category: 'test', level: '4' }],
    submitter: { type: 'legal-representative', name: '周一', idNumber: validId(), legalRepresentativeStatement: await file(client, '法人声明.png') },
    equity: [{ holder: '周一', share: 60 }, { holder: '北京某投资有限公司', share: 40 }],
    technicalLead: person('技术负责人甲'),
    safetyLead: person('安全负责人乙'),
    electricians: [{ name: '电工一', idNumber: validId(), certificateNo: 'DG-001', issuer: '华北能源监管局' }, { name: '电工二', idNumber: validId(), certificateNo: 'DG-002', issuer: '华北能源监管局' }],
    skilledWorkers: [{ name: '技工一', idNumber: validId(), trade: '电缆安装' }],
    projects: [
      { name: '某 110kV 变电站工程', voltageLevel: '110kV', completedOn: '2025-06-30', client: '国网北京电力' },
      { name: '某 10kV 配电工程', voltageLevel: '10kV', completedOn: '2024-03-15', client: '国网北京电力' },
      { name: '另一 10kV 配电工程', voltageLevel: '10kV', completedOn: '2023-09-01', client: '国网北京电力' },
    ],
    materials: allMaterials(material),
    ...over,
  };
}

/** An active permit inserted directly (for the variations). */
export async function givePermit(sys: TestSystem, unitId: string, opts: { personnel?: Array<{ role: string; name: string; idNumber: string }> } = {}) {
  const number = `承装许可TEST-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
  const [permit] = await sys.db('power_permits')
    .insert({ unit_id: unitId, number, categories: JSON.stringify([{ category: 'install', level: '3' }]), issued_on: '2024-01-10', valid_until: '2030-01-09', personnel: JSON.stringify(opts.personnel ?? []) })
    .returning('*');
  return permit;
}

/** The open task of an application (its called review included), from the inbox mirror. */
export async function openTask(sys: TestSystem, applicationId: string, elementId?: string, timeoutMs = 20000) {
  return eventually(async () => {
    const q = sys.db('tasks').where({ application_id: applicationId, state: 'CREATED' });
    if (elementId) q.where({ element_id: elementId });
    return (await q.first()) ?? undefined;
  }, timeoutMs, `open task ${elementId ?? ''} of ${applicationId}`);
}

export async function complete(sys: TestSystem, taskKey: string, variables: Record<string, unknown> = { decision: 'approve' }) {
  for (let i = 0; i < 20; i++) {
    const r = await sys.engineRest('POST', `/v2/user-tasks/${taskKey}/completion`, { variables });
    if (r.status === 204) return;
    if (r.status !== 409) throw new Error(`completion of ${taskKey}: ${r.status} ${JSON.stringify(r.body)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`completion of ${taskKey} kept failing`);
}

/** Completes the open tasks of an application in order, checking each element id. */
export async function approveThrough(sys: TestSystem, applicationId: string, elements: string[], variables: Record<string, unknown> = { decision: 'approve' }) {
  for (const el of elements) {
    const t = await openTask(sys, applicationId, el);
    await complete(sys, t.user_task_key, variables);
  }
}

export async function statusOf(sys: TestSystem, applicationId: string, status: string, timeoutMs = 20000) {
  return eventually(async () => (await sys.db('applications').where({ id: applicationId, status }).first()) ?? undefined, timeoutMs, `application ${status}`);
}

/** The element instances of a case: its own and those of the processes it called (review, missing materials). */
export async function elementsOfCase(sys: TestSystem, processInstanceKey: string) {
  type Element = { elementId: string; state: string; processInstanceKey: string; processDefinitionId: string };
  const children = await sys.engineRest<{ items: Array<{ processInstanceKey: string }> }>('POST', '/v2/process-instances/search', { filter: { parentProcessInstanceKey: processInstanceKey }, page: { from: 0, limit: 50 } });
  const keys = [processInstanceKey, ...children.body.items.map((i) => i.processInstanceKey)];
  const pages = await Promise.all(keys.map((key) => sys.engineRest<{ items: Element[] }>('POST', '/v2/element-instances/search', { filter: { processInstanceKey: key }, page: { from: 0, limit: 200 } })));
  return pages.flatMap((p) => p.body.items);
}
