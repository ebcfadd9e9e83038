/**
 * The engine keeps its state on disk: a registration waiting at review survives a restart, which
 * starts from the snapshot written at the stop.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { loadConfig, ROOT } from '../../core/config';
import { startLocalEngine, stopLocalEngine } from '../../engine/launcher';
import { registrationBody } from '../support/fixtures';
import { eventually, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.stop();
});

const config = loadConfig();
const maybe = config.engine.local ? it : it.skip;

maybe('a task waiting at review is still there after the engine restarts, and can be completed', async () => {
  const body = registrationBody();
  const res = await fetch(`${sys.url}/api/registrations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(201);
  const created = (await res.json()) as { id: string; processInstanceKey: string };
  const search = () => sys.engineRest<{ items: Array<{ userTaskKey: string; state: string }> }>('POST', '/v2/user-tasks/search', { filter: { processInstanceKey: created.processInstanceKey } });
  const before = await eventually(async () => (await search()).body.items.find((t) => t.state === 'CREATED'), 20000, 'the review task');

  expect(await stopLocalEngine(config.engine.dataDir)).toBe(true);
  const down = await fetch(`${config.engine.restAddress}/v2/topology`).then(() => 'up', () => 'down');
  expect(down).toBe('down');
  const restarted = await startLocalEngine({ ...config.engine });
  expect(restarted.started).toBe(true);
  // the clean stop wrote a snapshot: the start loaded it and replayed only what came after it
  expect(restarted.ready?.snapshotPosition).toBeGreaterThan(0);
  expect(restarted.ready?.replayedRecords).toBeLessThan(restarted.ready!.snapshotPosition!);

  const after = await eventually(async () => (await search()).body.items.find((t) => t.state === 'CREATED'), 20000, 'the review task after restart');
  expect(after.userTaskKey).toBe(before.userTaskKey);
  const instance = await sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${created.processInstanceKey}`);
  expect(instance.body.state).toBe('ACTIVE');

  const done = await sys.engineRest('POST', `/v2/user-tasks/${after.userTaskKey}/completion`, { variables: { decision: 'approve' } });
  expect(done.status).toBe(204);
  await eventually(async () => (await sys.db('applications').where({ id: created.id, status: 'approved' }).first()) ?? undefined, 30000, 'the approved application');
  await eventually(async () => {
    const r = await sys.engineRest<{ state: string }>('GET', `/v2/process-instances/${created.processInstanceKey}`);
    return r.body.state === 'COMPLETED';
  }, 20000, 'the completed process');
  await sys.sink.waitFor((m) => m.to.includes(body.contact.email));
});

maybe('an engine whose port is taken ends at once and says which port, instead of waiting out its start timeout', async () => {
  // a port held by another program, and a free one for REST
  const holder = net.createServer();
  await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
  const taken = (holder.address() as net.AddressInfo).port;
  const free = net.createServer();
  await new Promise<void>((r) => free.listen(0, '127.0.0.1', () => r()));
  const restPort = (free.address() as net.AddressInfo).port;
  await new Promise((r) => free.close(r));
  const dataDir = path.join(ROOT, '.cache', `test-engine-port-taken-${process.pid}`);
  const timeout = process.env.PF_ENGINE_START_TIMEOUT_S;
  // before, the JVM whose start failed lived on and the launcher waited its whole timeout
  process.env.PF_ENGINE_START_TIMEOUT_S = '50';
  try {
    await expect(
      startLocalEngine({ ...config.engine, grpcAddress: `127.0.0.1:${taken}`, restAddress: `http://127.0.0.1:${restPort}`, dataDir }),
    ).rejects.toThrow(new RegExp(`exited with code 4 while starting\\. Its gRPC or REST port \\(${taken}, ${restPort}\\) is taken`));
  } finally {
    if (timeout === undefined) delete process.env.PF_ENGINE_START_TIMEOUT_S;
    else process.env.PF_ENGINE_START_TIMEOUT_S = timeout;
    await new Promise((r) => holder.close(r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);
