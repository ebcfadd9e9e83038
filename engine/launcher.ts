/**
 * Builds (once) and starts the local engine as a child process, waits until its topology is
 * healthy, and stops it again. The engine itself is Java: see engine/README.md.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../core/config';
import { localEngineAuthorization, localEngineToken } from '../core/local-engine-auth';

export const ENGINE_DIR = path.join(ROOT, 'engine');
/** The engine's own classes as Maven packages them (a jar: the JVM's class archive takes jars only). */
const JAR = path.join(ENGINE_DIR, 'target', 'permitflow-engine-1.0.0.jar');
const LIB = path.join(ENGINE_DIR, 'target', 'lib');
/**
 * The JVM's class-data archives (CDS), one per data directory (engines of separate test slots
 * start side by side): the first start that finds none writes one when it stops, later starts map
 * the classes from it instead of loading and verifying them again, a start about twice as fast.
 * The JVM checks an archive against the class path and writes a new one when the jars changed.
 */
const CDS_DIR = path.join(ROOT, '.cache', 'engine-cds');
/** Maven's local repository: the user's ~/.m2 (shared by every clone), or PF_M2_REPO. */
const M2 = process.env.PF_M2_REPO || path.join(process.env.HOME || ROOT, '.m2', 'repository');
const MIN_JAVA = 21;

export interface LocalEngineOptions {
  grpcAddress: string; // host:port
  restAddress: string; // http://host:port
  dataDir: string;
  controlledClock: boolean;
  /** Extra JVM options, before the class path (the test engines': a quicker JIT, see test/support/env.ts). */
  javaOptions?: string[];
  log?: (msg: string) => void;
  /** Called if the engine this call started exits later (a crash, an out-of-memory exit, a kill). */
  onExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

/** What the engine reported when it became ready (its `engine-ready` line). */
export interface EngineReady {
  replayedRecords?: number;
  replayMillis?: number;
  snapshotPosition?: number | null;
  logBytes?: number;
  startMillis?: number;
}

/** How long a start may take (replaying a long log included): PF_ENGINE_START_TIMEOUT_S, default 180. */
function startTimeoutMs(): number {
  const s = Number(process.env.PF_ENGINE_START_TIMEOUT_S ?? 180);
  return (Number.isFinite(s) && s > 0 ? s : 180) * 1000;
}

/** The last lines of the engine's log, for error messages. */
function logTail(dataDir: string, lines = 20): string {
  try {
    return fs.readFileSync(path.join(dataDir, 'engine.log'), 'utf8').split('\n').filter((l) => !/^\s+at /.test(l)).slice(-lines).join('\n');
  } catch {
    return '(no engine.log)';
  }
}

/** The engine-ready line written since `from` (a byte offset of engine.log). */
function readyLine(dataDir: string, from: number): EngineReady | undefined {
  try {
    const text = fs.readFileSync(path.join(dataDir, 'engine.log')).subarray(from).toString('utf8');
    const line = text.split('\n').reverse().find((l) => l.startsWith('{"event":"engine-ready"'));
    return line ? (JSON.parse(line) as EngineReady) : undefined;
  } catch {
    return undefined;
  }
}

function javaMajor(javaBin: string): number {
  // `java -version` writes to stderr.
  const r = spawnSync(javaBin, ['-version'], { encoding: 'utf8' });
  return parseVersion(`${r.stdout ?? ''}${r.stderr ?? ''}`);
}

function parseVersion(text: string): number {
  const m = /version "(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) return 0;
  return m[1] === '1' ? Number(m[2]) : Number(m[1]);
}

/** JAVA_HOME when it is a JDK >= 21, else the newest JDK >= 21 under /usr/lib/jvm. */
export function findJavaHome(): string {
  const candidates: string[] = [];
  if (process.env.JAVA_HOME) candidates.push(process.env.JAVA_HOME);
  const jvm = '/usr/lib/jvm';
  if (fs.existsSync(jvm)) {
    for (const d of fs.readdirSync(jvm)) candidates.push(path.join(jvm, d));
  }
  let best: { home: string; major: number } | undefined;
  for (const home of candidates) {
    const bin = path.join(home, 'bin', 'java');
    if (!fs.existsSync(bin) || !fs.existsSync(path.join(home, 'bin', 'javac'))) continue;
    const major = javaMajor(bin);
    if (major >= MIN_JAVA && (!best || major > best.major)) best = { home: fs.realpathSync(home), major };
    if (home === process.env.JAVA_HOME && major >= MIN_JAVA) return home;
  }
  if (!best) {
    throw new Error(
      `No JDK ${MIN_JAVA} or newer found (looked at JAVA_HOME and /usr/lib/jvm). ` +
        'Install one (Debian: apt-get install -y openjdk-21-jdk-headless, or a Temurin JDK) or set JAVA_HOME.',
    );
  }
  return best.home;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Compiles the launcher and resolves its dependencies from Maven Central into .cache/m2 when needed. */
export function ensureEngineBuilt(javaHome: string, log: (m: string) => void = () => undefined): void {
  const marker = JAR;
  const sources = Math.max(newestMtime(path.join(ENGINE_DIR, 'src')), fs.statSync(path.join(ENGINE_DIR, 'pom.xml')).mtimeMs);
  if (fs.existsSync(marker) && fs.existsSync(LIB) && fs.statSync(marker).mtimeMs >= sources) return;
  log(`building the engine (Maven; the first build downloads about 130 MB of jars into ${M2})`);
  try {
    execFileSync('mvn', ['-q', '-B', `-Dmaven.repo.local=${M2}`, '-DskipTests', 'package'], {
      cwd: ENGINE_DIR,
      env: { ...process.env, JAVA_HOME: javaHome },
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer; code?: string };
    if (e.code === 'ENOENT') throw new Error('Maven (mvn) is not installed. Debian: apt-get install -y maven');
    throw new Error('engine build failed:\n' + String(e.stdout ?? '') + String(e.stderr ?? ''));
  }
}

/** The local engine's topology, asked with the credentials kept in its data directory. */
export async function topology(engine: { restAddress: string; dataDir: string }, timeoutMs = 1500): Promise<{ healthy: boolean; detail: unknown }> {
  try {
    const res = await fetch(`${engine.restAddress}/v2/topology`, {
      headers: { authorization: localEngineAuthorization(engine.dataDir) },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) return { healthy: false, detail: `HTTP ${res.status}` };
    const body = (await res.json()) as { brokers?: Array<{ partitions?: Array<{ health?: string }> }> };
    const partitions = (body.brokers ?? []).flatMap((b) => b.partitions ?? []);
    return { healthy: partitions.length > 0 && partitions.every((p) => p.health === 'healthy'), detail: body };
  } catch (err) {
    return { healthy: false, detail: (err as Error).message };
  }
}

function pidFile(dataDir: string): string {
  return path.join(dataDir, 'engine.pid');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts the engine unless one already answers at restAddress (then it is reused).
 * Returns how long the start took, whether this call started it, and what the engine reported
 * (records replayed after its snapshot, replay time). Fails with the engine's own last log lines
 * as soon as the process exits during the start, instead of waiting on it.
 */
export async function startLocalEngine(
  opts: LocalEngineOptions,
): Promise<{ started: boolean; millis: number; pid?: number; ready?: EngineReady }> {
  const log = opts.log ?? (() => undefined);
  const t0 = Date.now();
  if ((await topology(opts)).healthy) return { started: false, millis: 0 };
  const javaHome = findJavaHome();
  ensureEngineBuilt(javaHome, log);
  fs.mkdirSync(opts.dataDir, { recursive: true });
  fs.mkdirSync(CDS_DIR, { recursive: true });
  const [host, grpcPort] = opts.grpcAddress.split(':');
  const rest = new URL(opts.restAddress);
  const logFile = path.join(opts.dataDir, 'engine.log');
  const logFrom = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  const out = fs.openSync(logFile, 'a');
  const child = spawn(
    path.join(javaHome, 'bin', 'java'),
    [
      '-Xms256m',
      '-Xmx1g',
      '-XX:+ExitOnOutOfMemoryError',
      '-XX:+AutoCreateSharedArchive',
      `-XX:SharedArchiveFile=${path.join(CDS_DIR, `${path.basename(opts.dataDir)}.jsa`)}`,
      '-Dfile.encoding=UTF-8',
      '--enable-native-access=ALL-UNNAMED',
      '--sun-misc-unsafe-memory-access=allow',
      `-Dpermitflow.engine.config=${path.join(ENGINE_DIR, 'engine.properties')}`,
      ...(opts.javaOptions ?? []),
      '-cp',
      `${JAR}${path.delimiter}${LIB}/*`,
      'io.permitflow.engine.Main',
    ],
    {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        PF_ENGINE_HOST: host,
        PF_ENGINE_GRPC_PORT: grpcPort,
        PF_ENGINE_REST_PORT: rest.port,
        PF_ENGINE_DATA_DIR: opts.dataDir,
        PF_ENGINE_CLOCK_CONTROLLED: String(opts.controlledClock),
        PF_ENGINE_TOKEN: localEngineToken(opts.dataDir),
      },
    },
  );
  fs.closeSync(out);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let ready = false;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
    // 143: the SIGTERM of a deliberate stop (stopLocalEngine)
    if (ready && code !== 143 && signal !== 'SIGTERM') {
      log(`the local engine (pid ${child.pid}) exited (${signal ?? `code ${code}`}); see ${logFile}`);
      opts.onExit?.(code, signal);
    }
  });
  child.unref();
  fs.writeFileSync(pidFile(opts.dataDir), String(child.pid));
  const deadline = Date.now() + startTimeoutMs();
  while (Date.now() < deadline) {
    if (exited || child.exitCode !== null) {
      const how = exited?.signal ? `was killed (${exited.signal})` : `exited with code ${exited?.code ?? child.exitCode}`;
      const code = exited?.code ?? child.exitCode;
      const hint =
        code === 3
          ? ' Another engine holds this data directory.'
          : code === 4
            ? ` Its gRPC or REST port (${grpcPort}, ${rest.port}) is taken: another checkout's engine (npm run engine:stop there) or another program; choose other ports with PF_ENGINE_GRPC_PORT / PF_ENGINE_REST_PORT (tests: PF_TEST_SLOT).`
            : '';
      throw new Error(`the local engine ${how} while starting.${hint} Last lines of ${logFile}:\n${logTail(opts.dataDir)}`);
    }
    if ((await topology(opts)).healthy) {
      ready = true;
      const millis = Date.now() - t0;
      const reported = readyLine(opts.dataDir, logFrom);
      log(
        `engine ready at ${opts.grpcAddress} (gRPC) and ${opts.restAddress} (REST) in ${millis} ms` +
          (reported ? `; replayed ${reported.replayedRecords} records in ${reported.replayMillis} ms after snapshot ${reported.snapshotPosition ?? '(none)'}` : ''),
      );
      return { started: true, millis, pid: child.pid, ready: reported };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    process.kill(child.pid!, 'SIGKILL');
  } catch {
    // gone already
  }
  throw new Error(
    `the local engine did not become healthy within ${startTimeoutMs() / 1000} s (PF_ENGINE_START_TIMEOUT_S); stopped it. Last lines of ${logFile}:\n${logTail(opts.dataDir)}`,
  );
}

/** Stops the engine started from dataDir (SIGTERM: it closes its log cleanly), waiting for the process to end. */
export async function stopLocalEngine(dataDir: string, timeoutMs = 30_000): Promise<boolean> {
  const file = pidFile(dataDir);
  if (!fs.existsSync(file)) return false;
  const pid = Number(fs.readFileSync(file, 'utf8'));
  if (!pid || !alive(pid)) {
    fs.rmSync(file, { force: true });
    return false;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  fs.rmSync(file, { force: true });
  return true;
}
