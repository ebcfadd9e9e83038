/**
 * Deployment is idempotent; worker side effects happen once. Handlers are called directly,
 * as plain functions, with real PostgreSQL and a real SMTP sink.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deployAll, deployBpmn } from '../../api/deploy';
import { bpmnFiles } from '../../domain/models';
import { createRegistration } from '../../db/accounts';
import { createLogger } from '../../core/logger';
import { notifyEmailJob } from '../../workers/notify';
import { dueDateJob, parseEngineInstant } from '../../workers/due-date';
import { JobContext } from '../../workers/types';
import { registrationBody } from '../support/fixtures';
import { startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
});
afterAll(async () => {
  await sys?.stop();
});

const job = (over: Partial<JobContext> = {}): JobContext => ({
  key: '1', type: 'notify.email', processInstanceKey: '2', bpmnProcessId: 'unit-registration', processDefinitionKey: '3', elementId: 'notify-approved',
  elementInstanceKey: `eik-${Math.random()}`, headers: {}, retries: 5, ...over,
});

describe('deployment', () => {
  it('does not make new versions of unchanged files', async () => {
    const again = await deployAll(sys.db, sys.engine);
    expect(again.filter((r) => r.changed)).toEqual([]);
    expect(again.map((r) => r.name).sort()).toEqual(sys.deployed.map((r) => r.name).sort());
    for (const r of again) expect(r.version).toBe(sys.deployed.find((d) => d.name === r.name)!.version);
  });

  it('sends an unchanged model only when the engine no longer holds its definition', async () => {
    const sent: string[] = [];
    const zeebe = new Proxy(sys.engine.zeebe, {
      get: (target, prop) =>
        prop === 'deployResource'
          ? (req: { name: string }) => (sent.push(req.name), target.deployResource(req as never))
          : (target as unknown as Record<string | symbol, unknown>)[prop],
    });
    const engine = { zeebe, rest: sys.engine.rest };
    const file = bpmnFiles().find((f) => f.endsWith('unit-registration.bpmn'))!;
    const held = await deployBpmn(sys.db, engine, file);
    expect(sent).toEqual([]);
    expect(held).toMatchObject({ changed: false });
    // as if the engine had lost its data: the recorded key is unknown to it
    const last = await sys.db('deployments').where({ resource_name: 'unit-registration.bpmn' }).orderBy('id', 'desc').first();
    await sys.db('deployments').where({ id: last.id }).update({ engine_key: '2251799813699999' });
    try {
      const again = await deployBpmn(sys.db, engine, file);
      expect(sent).toEqual(['unit-registration.bpmn']);
      expect(again).toMatchObject({ changed: false, version: held.version });
    } finally {
      await sys.db('deployments').where({ id: last.id }).update({ engine_key: last.engine_key });
    }
  });

  it('deploys a changed file as the next version, once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-deploy-'));
    const file = path.join(dir, 'deploy-probe.bpmn');
    const xml = (label: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t"><bpmn:process id="deploy-probe" name="${label}" isExecutable="true"><bpmn:startEvent id="s"/></bpmn:process></bpmn:definitions>`;
    fs.writeFileSync(file, xml(`probe ${Date.now()}`));
    const first = await deployBpmn(sys.db, sys.engine, file);
    const same = await deployBpmn(sys.db, sys.engine, file);
    expect(same).toMatchObject({ changed: false, version: first.version });
    fs.writeFileSync(file, xml(`probe changed ${Date.now()}`));
    const changed = await deployBpmn(sys.db, sys.engine, file);
    expect(changed).toMatchObject({ changed: true, version: first.version + 1 });
  });
});

describe('workers as plain functions', () => {
  const deps = () => ({ db: sys.db, mailer: sys.mailer, sms: sys.sms, log: createLogger('error'), now: () => new Date('2026-11-20T02:00:00Z'), publicUrl: 'http://portal.test', fileStoreDir: sys.config.fileStoreDir });

  it('notify.email sends once for the same element instance, however often the job is delivered', async () => {
    const body = registrationBody();
    const app = await createRegistration(sys.db, body, 'scrypt$x');
    const ctx = job();
    await notifyEmailJob({ applicationId: app.id, template: 'registration-approved' }, ctx, deps());
    await notifyEmailJob({ applicationId: app.id, template: 'registration-approved' }, ctx, deps());
    await sys.sink.waitFor((m) => m.to.includes(body.contact.email));
    await new Promise((r) => setTimeout(r, 300));
    expect(sys.sink.messages.filter((m) => m.to.includes(body.contact.email))).toHaveLength(1);
    expect(await sys.db('notifications').where({ application_id: app.id })).toHaveLength(1);
  });

  it('notify.email sends once when the job is handed out again while its first run is still sending', async () => {
    const body = registrationBody();
    const app = await createRegistration(sys.db, body, 'scrypt$x');
    const ctx = job();
    // the first run's SMTP call outlives the job's timeout; the engine gives the job to a second run meanwhile
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let calls = 0;
    const slowMailer = {
      ...sys.mailer,
      send: async (...args: Parameters<typeof sys.mailer.send>) => {
        calls++;
        await held;
        return sys.mailer.send(...args);
      },
    } as typeof sys.mailer;
    const first = notifyEmailJob({ applicationId: app.id, template: 'registration-approved' }, ctx, { ...deps(), mailer: slowMailer });
    await new Promise((r) => setTimeout(r, 200));
    const second = notifyEmailJob({ applicationId: app.id, template: 'registration-approved' }, ctx, { ...deps(), mailer: slowMailer });
    await new Promise((r) => setTimeout(r, 300));
    expect(calls).toBe(1); // the second run waits for the first
    release();
    await Promise.all([first, second]);
    await sys.sink.waitFor((m) => m.to.includes(body.contact.email));
    await new Promise((r) => setTimeout(r, 300));
    expect(calls).toBe(1);
    expect(sys.sink.messages.filter((m) => m.to.includes(body.contact.email))).toHaveLength(1);
    expect(await sys.db('notifications').where({ application_id: app.id }).whereNotNull('sent_at')).toHaveLength(1);
  });

  it('notify.email leaves a failed send unclaimed, so the retry sends it', async () => {
    const body = registrationBody();
    const app = await createRegistration(sys.db, body, 'scrypt$x');
    const ctx = job();
    const failing = { ...sys.mailer, send: async () => Promise.reject(new Error('SMTP 451 try again')) } as typeof sys.mailer;
    await expect(notifyEmailJob({ applicationId: app.id, template: 'registration-approved' }, ctx, { ...deps(), mailer: failing })).rejects.toThrow(/451/);
    await notifyEmailJob({ applicationId: app.id, template: 'registration-approved' }, ctx, deps());
    await sys.sink.waitFor((m) => m.to.includes(body.contact.email));
    expect(await sys.db('notifications').where({ application_id: app.id }).first('sent_at', 'claimed_until')).toMatchObject({ claimed_until: null });
  });

  it('notify.email refuses an unknown template (a technical failure, retried then an incident)', async () => {
    await expect(notifyEmailJob({ applicationId: 'x', template: 'nope' }, job(), deps())).rejects.toThrow(/unknown mail template/);
  });

  it('calendar.due-date returns the end of the third working day', async () => {
    await expect(dueDateJob({ workingDays: 3 }, job(), deps())).resolves.toEqual({ dueDate: '2026-11-25T15:59:59.999Z' });
    await expect(dueDateJob({ workingDays: -1 }, job(), deps())).rejects.toThrow(/workingDays/);
  });

  it('calendar.due-date counts from the engine time in `from` (FEEL now(), with or without a zone id)', async () => {
    // Tue 29 Sep 2026: Wed 30 Sep, then National Day 1-7 Oct, then Thu 8 and Fri 9 Oct
    await expect(dueDateJob({ workingDays: 3, from: '2026-09-29T10:00:00.123+08:00[Asia/Shanghai]' }, job(), deps())).resolves.toEqual({ dueDate: '2026-10-09T15:59:59.999Z' });
    await expect(dueDateJob({ workingDays: 3, from: '2026-09-29T02:00:00Z' }, job(), deps())).resolves.toEqual({ dueDate: '2026-10-09T15:59:59.999Z' });
    expect(parseEngineInstant('not a date')).toBeUndefined();
    expect(parseEngineInstant(undefined)).toBeUndefined();
  });
});
