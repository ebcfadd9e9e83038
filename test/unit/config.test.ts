import { ConfigError, loadConfig, requireExplicitEnvironment, UnsafeProductionConfig } from '../../core/config';

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

describe('production safety', () => {
  const SAFE = {
    PF_ENV: 'production',
    PF_SEED: 'false',
    PUBLIC_URL: 'https://permits.example.gov.cn',
    SMTP_HOST: 'smtp.example.gov.cn',
    SMTP_USER: 'permitflow',
    SMTP_PASSWORD: 'a long smtp password',
    SMS_PROVIDER: 'http',
    SMS_ENDPOINT: 'https://sms.example.gov.cn/send',
    SMS_SECRET: '0123456789abcdef0123',
    ZEEBE_GRPC_ADDRESS: 'grpcs://zeebe.example.gov.cn:443',
    ZEEBE_REST_ADDRESS: 'https://zeebe.example.gov.cn',
  };

  it('starts with an explicit, safe production configuration (TLS and SMTP auth on by default)', () => {
    const c = loadConfig(SAFE);
    expect(c.env).toBe('production');
    expect(c.seed).toBe(false);
    expect(c.smtp).toMatchObject({ tls: 'starttls', port: 587, user: 'permitflow', startSink: false });
    expect(c.engine.local).toBe(false);
  });

  it('refuses development defaults in production, naming each unsafe setting', () => {
    let err: unknown;
    try {
      loadConfig({ PF_ENV: 'production', PF_SEED: 'true', SMS_PROVIDER: 'outbox' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnsafeProductionConfig);
    const settings = (err as UnsafeProductionConfig).problems.map((p) => p.setting).sort();
    expect(settings).toEqual(['PF_SEED', 'PUBLIC_URL', 'SMS_PROVIDER', 'SMTP_HOST', 'SMTP_USER', 'ZEEBE_GRPC_ADDRESS'].sort());
    expect((err as Error).message).toMatch(/PF_SEED: .*development accounts/);
    expect((err as Error).message).toMatch(/ZEEBE_GRPC_ADDRESS: .*local engine/);
  });

  it.each([
    ['SMS_ENDPOINT', { SMS_ENDPOINT: 'http://sms.example.gov.cn/send' }],
    ['IDENTITY_ENDPOINT', { IDENTITY_PROVIDER: 'http', IDENTITY_ENDPOINT: 'http://id.example.gov.cn', IDENTITY_SECRET: '0123456789abcdef0123' }],
    ['CREDIT_ENDPOINT', { CREDIT_PROVIDER: 'http', CREDIT_ENDPOINT: 'http://credit.example.gov.cn' }],
    ['SMTP_TLS', { SMTP_TLS: 'off' }],
    ['SMTP_HOST', { SMTP_SINK: 'true' }],
  ])('refuses %s in production', (setting, extra) => {
    expect(() => loadConfig({ ...SAFE, ...extra })).toThrow(new RegExp(`${setting}: `));
  });

  it('allows an SMTP relay without authentication only when said explicitly', () => {
    const { SMTP_USER: _u, SMTP_PASSWORD: _p, ...noAuth } = SAFE;
    expect(() => loadConfig(noAuth)).toThrow(/SMTP_USER/);
    expect(loadConfig({ ...noAuth, SMTP_AUTH: 'false' }).smtp.user).toBe('');
  });

  it('the start needs the environment said explicitly', () => {
    expect(() => requireExplicitEnvironment({})).toThrow(/PF_ENV.*development or production/);
    expect(() => requireExplicitEnvironment({ PF_ENV: 'development' })).not.toThrow();
  });
});
