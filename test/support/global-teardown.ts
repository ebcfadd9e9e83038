import './env';
import { loadConfig } from '../../core/config';
import { stopLocalEngine } from '../../engine/launcher';

export default async function globalTeardown(): Promise<void> {
  const config = loadConfig();
  if (config.engine.local && (globalThis as { __ENGINE_STARTED__?: boolean }).__ENGINE_STARTED__) {
    await stopLocalEngine(config.engine.dataDir);
  }
}
