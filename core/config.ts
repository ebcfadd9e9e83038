/**
 * The one typed configuration of PermitFlow. Every setting is read from the environment here and
 * validated at start; a missing or malformed value stops the start with a message naming it.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Where the code runs from: the project root, or dist/ when started from the compiled build. */
export const CODE_DIR = path.resolve(__dirname, '..');
/** The project root (package.json, bpmn/, forms/, web/, node_modules/, .cache/), also for the compiled build. */
export const ROOT = fs.existsSync(path.join(CODE_DIR, 'package.json')) ? CODE_DIR : path.dirname(CODE_DIR);
/** true when running the compiled JavaScript in dist/ (production), false under ts-node or Jest. */
export const COMPILED = __filename.endsWith('.js');

export type Environment = 'development' | 'test' | 'production';

export interface EngineConfig {
  /** true: start and stop the bundled local engine; false: use the cluster named by the Camunda env vars. */
  local: boolean;
  grpcAddress: string;
  restAddress: string;
  /** Only for a local engine. */
  dataDir: string;
  controlledClock: boolean;
  /** Only for a local engine: extra options for its JVM (PF_ENGINE_JAVA_OPTIONS, space-separated). */
  javaOptions: string[];
  /** Passed through to @camunda8/sdk for a remote cluster (OAuth, SaaS). */
  sdkEnv: Record<string, string>;
}

export interface Config {
  env: Environment;
  http: { host: string; port: number; publicUrl: string };
  databaseUrl: string;
  redisUrl: string;
  /**
   * tls: 'starttls' (upgrade required), 'implicit' (TLS from the first byte, port 465) or 'off'
   * (development sink only); auth: user and password, required in production unless SMTP_AUTH=false.
   */
  smtp: { host: string; port: number; from: string; startSink: boolean; tls: 'starttls' | 'implicit' | 'off'; user: string; password: string };
  engine: EngineConfig;
  fileStoreDir: string;
  sms: { provider: 'outbox' | 'http'; endpoint: string; secret: string; sender: string };
  /** Three-element check (core/identity.ts): the practitioner registry, or a carrier service. */
  identity: { provider: 'registry' | 'http'; endpoint: string; secret: string; appId: string };
  /** Credit check for acceptance with missing materials: the enterprise_credit table, or an HTTP service. */
  credit: { provider: 'table' | 'http'; endpoint: string };
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Create the development accounts (README) at start. */
  seed: boolean;
  /** Login attempts allowed per client address per minute. */
  loginPerIpPerMinute: number;
  /** Requests per minute and address to each anonymous endpoint group (registration, appeal, verify …). */
  anonymousPerIpPerMinute: number;
  anonymousUploadsPerHour: number;
  workers: { pollIntervalMs: number; maxJobsToActivate: number; backoffBaseMs: number; /** How long the engine waits for an activated job before handing it to another worker (a crashed one never answers). */ timeoutMs: number };
}

export class ConfigError extends Error {
  constructor(readonly setting: string, problem: string) {
    super(`Configuration error in ${setting}: ${problem}`);
  }
}

/** Production refused: every unsafe setting found, each with its name and what to do instead. */
export class UnsafeProductionConfig extends ConfigError {
  constructor(readonly problems: Array<{ setting: string; problem: string }>) {
    super(problems.map((p) => p.setting).join(', '), 'unsafe for production');
    this.message = [
      '生产环境拒绝启动：以下设置不安全 / Production refused to start; these settings are unsafe:',
      ...problems.map((p) => `  - ${p.setting}: ${p.problem}`),
    ].join('\n');
  }
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string, fallback: string): string {
  const v = env[name];
  return v === undefined || v === '' ? fallback : v;
}

function int(env: Env, name: string, fallback: number, min = 0, max = 65535): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(name, `expected a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, `expected true or false, got "${raw}"`);
}

function url(env: Env, name: string, fallback: string, protocols: string[]): string {
  const value = str(env, name, fallback);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `"${value}" is not a URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `expected a ${protocols.join(' or ')} URL, got "${value}"`);
  }
  return value;
}

/** engine/engine.properties holds the local engine's defaults; the env vars win. */
export function readEngineProperties(file = path.join(ROOT, 'engine', 'engine.properties')): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(file)) return out;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*([\w.]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/** The standard Camunda 8 client variables that mean "use that cluster, start nothing here". */
export const CAMUNDA_ENV_VARS = [
  'ZEEBE_GRPC_ADDRESS',
  'ZEEBE_REST_ADDRESS',
  'CAMUNDA_CLUSTER_ID',
  'CAMUNDA_AUTH_STRATEGY',
  'CAMUNDA_OAUTH_URL',
  'CAMUNDA_TOKEN_AUDIENCE',
  'CAMUNDA_CLUSTER_REGION',
  'ZEEBE_CLIENT_ID',
  'ZEEBE_CLIENT_SECRET',
  'CAMUNDA_SECURE_CONNECTION',
  'CAMUNDA_TENANT_ID',
  'CAMUNDA_BASIC_AUTH_USERNAME',
  'CAMUNDA_BASIC_AUTH_PASSWORD',
] as const;

function engineConfig(env: Env, isTest: boolean): EngineConfig {
  const props = readEngineProperties();
  const sdkEnv: Record<string, string> = {};
  for (const name of CAMUNDA_ENV_VARS) {
    const v = env[name];
    if (v) sdkEnv[name] = v;
  }
  const remote = Boolean(env.ZEEBE_GRPC_ADDRESS || env.ZEEBE_REST_ADDRESS || env.CAMUNDA_CLUSTER_ID);
  if (remote) {
    if (env.CAMUNDA_CLUSTER_ID && !(env.ZEEBE_CLIENT_ID && env.ZEEBE_CLIENT_SECRET)) {
      throw new ConfigError('ZEEBE_CLIENT_ID', 'CAMUNDA_CLUSTER_ID is set (SaaS) but ZEEBE_CLIENT_ID / ZEEBE_CLIENT_SECRET are not');
    }
    return {
      local: false,
      grpcAddress: str(env, 'ZEEBE_GRPC_ADDRESS', ''),
      restAddress: str(env, 'ZEEBE_REST_ADDRESS', ''),
      dataDir: '',
      controlledClock: false,
      javaOptions: [],
      sdkEnv,
    };
  }
  const host = str(env, 'PF_ENGINE_HOST', props['engine.host'] ?? '127.0.0.1');
  const grpcPort = int(env, 'PF_ENGINE_GRPC_PORT', Number(props['engine.grpc.port'] ?? 26500), 1);
  const restPort = int(env, 'PF_ENGINE_REST_PORT', Number(props['engine.rest.port'] ?? 8088), 1);
  return {
    local: true,
    grpcAddress: `${host}:${grpcPort}`,
    restAddress: `http://${host}:${restPort}`,
    dataDir: path.resolve(ROOT, str(env, 'PF_ENGINE_DATA_DIR', props['engine.data.dir'] ?? '.cache/engine-data')),
    controlledClock: bool(env, 'PF_ENGINE_CLOCK_CONTROLLED', isTest),
    javaOptions: str(env, 'PF_ENGINE_JAVA_OPTIONS', '').split(/\s+/).filter(Boolean),
    sdkEnv,
  };
}

function smsConfig(env: Env, e: Environment): Config['sms'] {
  const provider = str(env, 'SMS_PROVIDER', e === 'production' ? 'http' : 'outbox');
  if (provider !== 'outbox' && provider !== 'http') throw new ConfigError('SMS_PROVIDER', `expected outbox or http, got "${provider}"`);
  const endpoint = str(env, 'SMS_ENDPOINT', '');
  const secret = str(env, 'SMS_SECRET', '');
  if (provider === 'http') {
    if (!endpoint) throw new ConfigError('SMS_ENDPOINT', 'required when SMS_PROVIDER=http');
    url(env, 'SMS_ENDPOINT', endpoint, ['https:', 'http:']);
    if (secret.length < 16) throw new ConfigError('SMS_SECRET', 'required when SMS_PROVIDER=http (at least 16 characters)');
  }
  return { provider, endpoint, secret, sender: str(env, 'SMS_SENDER', 'PermitFlow') };
}

function identityConfig(env: Env): Config['identity'] {
  const provider = str(env, 'IDENTITY_PROVIDER', 'registry');
  if (provider !== 'registry' && provider !== 'http') throw new ConfigError('IDENTITY_PROVIDER', `expected registry or http, got "${provider}"`);
  const endpoint = str(env, 'IDENTITY_ENDPOINT', '');
  const secret = str(env, 'IDENTITY_SECRET', '');
  if (provider === 'http') {
    if (!endpoint) throw new ConfigError('IDENTITY_ENDPOINT', 'required when IDENTITY_PROVIDER=http');
    url(env, 'IDENTITY_ENDPOINT', endpoint, ['https:', 'http:']);
    if (secret.length < 16) throw new ConfigError('IDENTITY_SECRET', 'required when IDENTITY_PROVIDER=http (at least 16 characters)');
  }
  return { provider, endpoint, secret, appId: str(env, 'IDENTITY_APP_ID', 'permitflow') };
}

function creditConfig(env: Env): Config['credit'] {
  const provider = str(env, 'CREDIT_PROVIDER', 'table');
  if (provider !== 'table' && provider !== 'http') throw new ConfigError('CREDIT_PROVIDER', `expected table or http, got "${provider}"`);
  const endpoint = str(env, 'CREDIT_ENDPOINT', '');
  if (provider === 'http') {
    if (!endpoint) throw new ConfigError('CREDIT_ENDPOINT', 'required when CREDIT_PROVIDER=http');
    url(env, 'CREDIT_ENDPOINT', endpoint, ['https:', 'http:']);
  }
  return { provider, endpoint };
}

export function loadConfig(env: Env = process.env): Config {
  const rawEnv = str(env, 'PF_ENV', env.NODE_ENV === 'test' ? 'test' : 'development');
  if (!['development', 'test', 'production'].includes(rawEnv)) {
    throw new ConfigError('PF_ENV', `expected development, test or production, got "${rawEnv}"`);
  }
  const e = rawEnv as Environment;
  const port = int(env, 'PORT', 3000, 0);
  const host = str(env, 'HOST', '127.0.0.1');
  const level = str(env, 'LOG_LEVEL', e === 'test' ? 'warn' : 'info');
  if (!['debug', 'info', 'warn', 'error'].includes(level)) {
    throw new ConfigError('LOG_LEVEL', `expected debug, info, warn or error, got "${level}"`);
  }
  const config: Config = {
    env: e,
    http: { host, port, publicUrl: str(env, 'PUBLIC_URL', `http://${host}:${port}`) },
    databaseUrl: url(env, 'DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/permitflow', ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', 'redis://127.0.0.1:6379/0', ['redis:', 'rediss:']),
    smtp: smtpConfig(env, e),
    engine: engineConfig(env, e === 'test'),
    fileStoreDir: path.resolve(ROOT, str(env, 'FILE_STORE_DIR', '.cache/files')),
    sms: smsConfig(env, e),
    identity: identityConfig(env),
    credit: creditConfig(env),
    logLevel: level as Config['logLevel'],
    seed: bool(env, 'PF_SEED', e === 'development'),
    loginPerIpPerMinute: int(env, 'LOGIN_IP_PER_MINUTE', 30, 1, 100000),
    anonymousPerIpPerMinute: int(env, 'ANON_IP_PER_MINUTE', 20, 1, 100000),
    anonymousUploadsPerHour: int(env, 'ANON_UPLOADS_PER_HOUR', 30, 1, 100000),
    workers: {
      pollIntervalMs: int(env, 'WORKER_POLL_MS', 100, 10, 60000),
      maxJobsToActivate: int(env, 'WORKER_MAX_JOBS', 32, 1, 1000),
      backoffBaseMs: int(env, 'WORKER_BACKOFF_MS', 1000, 1, 600_000),
      timeoutMs: int(env, 'WORKER_JOB_TIMEOUT_MS', 60_000, 100, 3_600_000),
    },
  };
  if (e === 'production') {
    const problems = productionProblems(config, env);
    if (problems.length) throw new UnsafeProductionConfig(problems);
  }
  return config;
}

function smtpConfig(env: Env, e: Environment): Config['smtp'] {
  const tls = str(env, 'SMTP_TLS', e === 'production' ? 'starttls' : 'off');
  if (tls !== 'starttls' && tls !== 'implicit' && tls !== 'off') throw new ConfigError('SMTP_TLS', `expected starttls, implicit or off, got "${tls}"`);
  return {
    host: str(env, 'SMTP_HOST', '127.0.0.1'),
    port: int(env, 'SMTP_PORT', tls === 'implicit' ? 465 : e === 'production' ? 587 : 2525, 1),
    from: str(env, 'MAIL_FROM', 'PermitFlow <noreply@permitflow.local>'),
    // Without an SMTP server named, development runs its own sink (mail lands in .cache/mail).
    startSink: bool(env, 'SMTP_SINK', !env.SMTP_HOST && e !== 'production'),
    tls,
    user: str(env, 'SMTP_USER', ''),
    password: str(env, 'SMTP_PASSWORD', ''),
  };
}

/**
 * What production refuses: the development conveniences (seed accounts, the SMTP sink, the SMS
 * outbox, the local engine) and anything that would send secrets or personal data in clear text.
 */
function productionProblems(c: Config, env: Env): Array<{ setting: string; problem: string }> {
  const out: Array<{ setting: string; problem: string }> = [];
  const add = (setting: string, problem: string) => out.push({ setting, problem });
  if (c.seed) add('PF_SEED', '生产环境不创建开发账号 / production never creates the development accounts (unset it or set false)');
  if (c.smtp.startSink || !env.SMTP_HOST) add('SMTP_HOST', '生产环境需要真实的 SMTP 服务器，不使用本地收件箱 / name the real SMTP server; the development sink is refused');
  if (c.smtp.tls === 'off') add('SMTP_TLS', '邮件须经 TLS 发送 / mail must go over TLS (starttls or implicit)');
  if (!bool(env, 'SMTP_AUTH', true)) {
    // an internal relay that authenticates by address: allowed only when said explicitly
  } else if (!c.smtp.user || !c.smtp.password) add('SMTP_USER', 'SMTP 需要用户名和密码（SMTP_USER、SMTP_PASSWORD），或明确设置 SMTP_AUTH=false / SMTP needs SMTP_USER and SMTP_PASSWORD, or SMTP_AUTH=false said explicitly');
  if (c.sms.provider === 'outbox') add('SMS_PROVIDER', '生产环境不使用短信发件表 / production sends SMS through the provider (SMS_PROVIDER=http)');
  for (const [setting, endpoint] of [['SMS_ENDPOINT', c.sms.endpoint], ['IDENTITY_ENDPOINT', c.identity.endpoint], ['CREDIT_ENDPOINT', c.credit.endpoint]] as const) {
    if (endpoint && !endpoint.startsWith('https:')) add(setting, '服务地址必须使用 https / the provider endpoint must be https');
  }
  if (c.engine.local) add('ZEEBE_GRPC_ADDRESS', '生产环境不启动本地引擎，请指定 Camunda 8 集群 / production never starts the local engine: name a licensed Camunda 8 cluster (ZEEBE_GRPC_ADDRESS, ZEEBE_REST_ADDRESS or CAMUNDA_CLUSTER_ID)');
  if (!c.http.publicUrl.startsWith('https:')) add('PUBLIC_URL', '对外地址必须是 https（安全 Cookie、HSTS）/ the public address must be https (secure cookies, HSTS)');
  return out;
}

/**
 * The start of the API or the workers: the environment must be said (PF_ENV=development or
 * production); `npm start` says development. Tests set PF_ENV=test themselves.
 */
export function requireExplicitEnvironment(env: Env = process.env): void {
  if (!env.PF_ENV) {
    throw new ConfigError('PF_ENV', 'must be set explicitly: development or production (npm start sets development) / 请明确设置运行环境');
  }
}

/** For the command-line entry points: the configuration, or its error printed and exit code 2. */
export function loadConfigOrExit(env: Env = process.env, opts: { explicit?: boolean } = {}): Config {
  try {
    if (opts.explicit) requireExplicitEnvironment(env);
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}
