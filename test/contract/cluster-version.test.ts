/**
 * The start reads the cluster's topology and refuses a Camunda older than 8.8. A fake gateway
 * answers the topology with the version under test (an 8.7 cluster, an 8.9 one).
 */
import http from 'node:http';
import { loadConfig } from '../../core/config';
import { createEngineClient, requireSupportedCluster } from '../../core/engine-client';
import { startSystem } from '../../api/system';
import { createLogger } from '../../core/logger';

const topology = (version: string) => ({
  brokers: [{ nodeId: 0, host: '10.0.0.5', port: 26501, partitions: [{ partitionId: 1, role: 'leader', health: 'healthy' }], version }],
  clusterSize: 1,
  partitionsCount: 1,
  replicationFactor: 1,
  gatewayVersion: version,
  lastCompletedChangeId: '-1',
});

let version = '8.7.12';
const asked: string[] = [];
const gateway = http.createServer((req, res) => {
  asked.push(`${req.method} ${req.url}`);
  if (req.method === 'GET' && req.url === '/v2/topology') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(topology(version)));
    return;
  }
  res.statusCode = 404;
  res.setHeader('content-type', 'application/problem+json');
  res.end(JSON.stringify({ type: 'about:blank', title: 'NOT_FOUND', status: 404, detail: 'fake gateway', instance: req.url }));
});
let address = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  address = `http://127.0.0.1:${(gateway.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => gateway.close(() => resolve())));

const client = () => createEngineClient({ local: false, restAddress: address, sdkEnv: { ZEEBE_REST_ADDRESS: address } } as never, { validation: 'req:strict,res:strict' });

it('an 8.7 cluster is refused, naming the version', async () => {
  version = '8.7.12';
  await expect(requireSupportedCluster(client())).rejects.toThrow('The Camunda cluster reports version 8.7.12; PermitFlow needs 8.8 or later');
});

it('8.8, 8.9 and 8.10 are accepted; an unreadable version is refused', async () => {
  for (const v of ['8.8.0', '8.8.21', '8.9.3', '8.10.0-alpha1']) {
    version = v;
    await expect(requireSupportedCluster(client())).resolves.toMatchObject({ gatewayVersion: v });
  }
  version = 'dev';
  await expect(requireSupportedCluster(client())).rejects.toThrow('reports version dev');
});

it('the start stops at the check against an 8.7 cluster: nothing is deployed, no worker polls', async () => {
  version = '8.7.0';
  asked.length = 0;
  const config = loadConfig({
    ...process.env,
    ZEEBE_REST_ADDRESS: address,
    // nothing listens here: the start must stop before it speaks gRPC (deployments, workers)
    ZEEBE_GRPC_ADDRESS: 'grpc://127.0.0.1:9',
    CAMUNDA_AUTH_STRATEGY: 'NONE',
  });
  expect(config.engine.local).toBe(false);
  await expect(startSystem(config, { http: false, workers: false, startEngine: false, log: createLogger('error') })).rejects.toThrow(
    /集群版本 8\.7\.0 过低.*The Camunda cluster reports version 8\.7\.0; PermitFlow needs 8\.8 or later/,
  );
  expect(asked).toEqual(['GET /v2/topology']);
});
