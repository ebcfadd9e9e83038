/**
 * Peak resident memory during a bench: this process (API + workers + PDF threads, read from
 * /metrics' process_resident_memory_bytes, that gauge alone) and the local engine's JVM
 * (/proc/<pid>/status of the pid in its data directory: VmRSS sampled, VmHWM at the end).
 * Linux only; null elsewhere.
 */
import fs from 'node:fs';
import path from 'node:path';
import { metricValue } from '../api/metrics';

const MIB = 1024 * 1024;

function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

async function apiRss(): Promise<number | null> {
  return (await metricValue('process_resident_memory_bytes')) ?? null;
}

export interface PeakRss {
  apiWorkersPeakMiB: number | null;
  engineJvmPeakMiB: number | null;
}

/** The local engine's pid, from the file its launcher keeps in the data directory; null without one. */
function enginePidOf(engineDataDir: string): number | null {
  try {
    const text = fs.readFileSync(path.join(engineDataDir, 'engine.pid'), 'utf8').trim();
    return /^\d+$/.test(text) ? Number(text) : null;
  } catch {
    return null;
  }
}

export function samplePeakRss(engineDataDir: string, everyMs = 250): { stop(): Promise<PeakRss> } {
  const enginePid = enginePidOf(engineDataDir);
  let api = 0;
  let engine = 0;
  const sample = async () => {
    api = Math.max(api, (await apiRss().catch(() => null)) ?? 0);
    if (enginePid) engine = Math.max(engine, procStatus(enginePid, 'VmRSS') ?? 0);
  };
  void sample();
  const timer = setInterval(() => void sample(), everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await sample();
      const hwm = enginePid ? procStatus(enginePid, 'VmHWM') : null;
      const peakEngine = Math.max(engine, hwm ?? 0);
      return {
        apiWorkersPeakMiB: api ? Math.round(api / MIB) : null,
        engineJvmPeakMiB: peakEngine ? Math.round(peakEngine / MIB) : null,
      };
    },
  };
}

/** CPU seconds (user + system) of a process so far, from /proc/<pid>/stat (clock ticks of 1/100 s); null when unreadable. */
function procCpuSeconds(pid: string | number): number | null {
  try {
    // fields 14 and 15 (utime, stime), counted after the ')' that ends the command name
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Every process on the machine whose command name is `comm` (PostgreSQL's backends, Redis). */
function cpuOfCommand(comm: string): number | null {
  let total: number | null = null;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== comm) continue;
    } catch {
      continue;
    }
    const s = procCpuSeconds(pid);
    if (s !== null) total = (total ?? 0) + s;
  }
  return total;
}

/**
 * CPU seconds (user + system) so far: this process (API + workers + PDF threads + the bench's
 * client), the local engine's JVM, PostgreSQL (its processes now: a backend that exited takes its
 * share with it) and Redis. Linux /proc; null where unreadable.
 */
export function cpuSeconds(engineDataDir: string): { self: number; engine: number | null; postgres: number | null; redis: number | null } {
  const u = process.cpuUsage();
  const pid = enginePidOf(engineDataDir);
  return { self: (u.user + u.system) / 1e6, engine: pid === null ? null : procCpuSeconds(pid), postgres: cpuOfCommand('postgres'), redis: cpuOfCommand('redis-server') };
}
