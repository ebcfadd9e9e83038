/**
 * --profile for the benches: the main thread's CPU profile of a measured phase, written where
 * Chrome DevTools (Performance, "Load profile") opens it. Off: start and stop cost nothing.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';

export async function cpuProfile(enabled: boolean, file: string): Promise<{ stop(): Promise<void> }> {
  if (!enabled) return { stop: async () => undefined };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      fs.writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
