/**
 * A worker set that stops hands its job types over at once: its long polls held by the gateway
 * are cancelled, so the next job of its type goes to the workers still running instead of to the
 * stopped one (which would drop it, leaving the job locked until its timeout).
 */
import { createLogger } from '../../core/logger';
import { startWorkers } from '../../workers';
import { eventually, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
});
afterAll(async () => {
  await sys?.stop();
});

const TYPE = `test.handover-${Date.now()}`;
const held = async () => (await sys.engineRest<{ longPolling: { heldRequests: number } }>('GET', '/permitflow/engine')).body.longPolling.heldRequests;

it('a job created after a worker set stopped goes to the set still running', async () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="handover-probe" name="交接探针 Hand-over probe" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="work" name="办理 Work"><bpmn:extensionElements><zeebe:taskDefinition type="${TYPE}" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:endEvent id="e"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="work" /><bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>`;
  await sys.engine.zeebe.deployResource({ process: Buffer.from(xml), name: 'handover-probe.bpmn' });
  const deps = { db: sys.db, mailer: sys.mailer, sms: sys.sms, log: createLogger('error'), now: () => new Date(), publicUrl: sys.url, fileStoreDir: sys.config.fileStoreDir };
  const ran: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  // a job timeout far longer than the test: a job handed to the stopped set would never come back in time
  const set = (name: string) =>
    startWorkers(
      sys.engine.zeebe,
      [{ types: [TYPE], run: async (v: { n?: number }) => { ran.push(`${name}:${v.n}`); if (v.n === 1) await gate; return {}; } }],
      deps,
      { pollIntervalMs: 50, maxJobsToActivate: 5, timeoutMs: 600_000 },
    );
  const start = async (n: number) => String((await sys.engine.zeebe.createProcessInstance({ bpmnProcessId: 'handover-probe', variables: { n } })).processInstanceKey);
  const completed = (pik: string, what: string) =>
    eventually(async () => (await sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${pik}`)).body?.state === 'COMPLETED' || undefined, 45_000, what);

  // the first set stops with a job in hand; it finishes that job, and its other activation is held meanwhile
  const first = set('first');
  const one = await start(1);
  await eventually(async () => ran.includes('first:1') || undefined, 20_000, 'the first job in hand');
  await eventually(async () => (await held()) >= 1 || undefined, 20_000, 'the first set\'s held activation');
  const stopping = first.stop(30_000);
  release();
  await stopping;
  await completed(one, 'the first case, finished by the stopping set');
  // the stopped set's activation is no longer held
  await eventually(async () => (await held()) === 0 || undefined, 20_000, 'no activation held for the stopped set');

  const second = set('second');
  try {
    await completed(await start(2), 'the second case, completed by the running set');
    expect(ran).toEqual(['first:1', 'second:2']);
  } finally {
    await second.stop();
  }
});
