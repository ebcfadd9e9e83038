import { ConfigError, loadConfig } from '../../core/config';

describe('configuration', () => {
  it('defaults to the local servers and a local engine', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/permitflow');
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379/0');
    expect(c.engine.local).toBe(true);
    expect(c.engine.grpcAddress).toBe('127.0.0.1:26500');
    expect(c.engine.restAddress).toBe('http://127.0.0.1:8088');
    expect(c.engine.controlledClock).toBe(false);
  });

  it.each([
    ['PORT', 'eighty', /PORT.*whole number/],
    ['DATABASE_URL', 'mysql://x/y', /DATABASE_URL.*postgres/],
    ['REDIS_URL', 'not a url', /REDIS_URL.*not a URL/],
    ['PF_ENV', 'staging', /PF_ENV/],
    ['PF_ENGINE_CLOCK_CONTROLLED', 'maybe', /PF_ENGINE_CLOCK_CONTROLLED.*true or false/],
  ])('stops on a bad %s, naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('uses a remote cluster, starting nothing, when the Camunda env vars name one', () => {
    const c = loadConfig({ ZEEBE_GRPC_ADDRESS: 'grpcs://abc.bru-2.zeebe.camunda.io:443', ZEEBE_REST_ADDRESS: 'https://bru-2.zeebe.camunda.io/abc', CAMUNDA_AUTH_STRATEGY: 'OAUTH' });
    expect(c.engine.local).toBe(false);
    expect(c.engine.sdkEnv).toMatchObject({ ZEEBE_GRPC_ADDRESS: 'grpcs://abc.bru-2.zeebe.camunda.io:443', CAMUNDA_AUTH_STRATEGY: 'OAUTH' });
  });

  it('refuses a SaaS cluster id without client credentials', () => {
    expect(() => loadConfig({ CAMUNDA_CLUSTER_ID: 'abc' })).toThrow(/ZEEBE_CLIENT_ID/);
  });
});
