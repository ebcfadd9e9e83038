/**
 * The local engine's credentials. Its launcher keeps one random token per data directory (the
 * file `access-token`, readable by its owner only) and hands it to the engine; every client of that
 * engine reads it from there. The engine takes it as HTTP Basic credentials on REST and gRPC, as a
 * self-managed cluster with basic authentication does, so the SDK clients use their standard
 * CAMUNDA_AUTH_STRATEGY=BASIC settings. A cluster elsewhere takes its own credentials from the
 * standard env vars instead (core/config.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const LOCAL_ENGINE_USER = 'permitflow';

const code = (err: unknown) => (err as NodeJS.ErrnoException).code;

/** The data directory's token, created (once, by whoever comes first) where there is none. */
export function localEngineToken(dataDir: string): string {
  const file = path.join(dataDir, 'access-token');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    if (code(err) !== 'ENOENT') throw err;
  }
  // the folders above it as any other (.cache, say: others may need to enter it), the data directory closed
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const token = crypto.randomBytes(32).toString('base64url');
  try {
    fs.writeFileSync(file, `${token}\n`, { flag: 'wx', mode: 0o600 });
    return token;
  } catch (err) {
    if (code(err) === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
    throw err;
  }
}

/** The Authorization header value for a request of one's own to the local engine's REST API. */
export function localEngineAuthorization(dataDir: string): string {
  return `Basic ${Buffer.from(`${LOCAL_ENGINE_USER}:${localEngineToken(dataDir)}`).toString('base64')}`;
}

/** The SDK settings that sign the clients' calls to the local engine. */
export function localEngineSdkAuth(dataDir: string): Record<string, string> {
  return {
    CAMUNDA_AUTH_STRATEGY: 'BASIC',
    CAMUNDA_BASIC_AUTH_USERNAME: LOCAL_ENGINE_USER,
    CAMUNDA_BASIC_AUTH_PASSWORD: localEngineToken(dataDir),
  };
}
