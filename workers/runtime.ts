/** Registers handlers with the engine: the only place that knows about the SDK's job objects. */
import diagnostics from 'node:diagnostics_channel';
import type { ZeebeClient } from '../core/camunda';
import { BpmnError, Deps, JobContext, JobDefinition, Variables } from './types';

export interface RunningWorkers {
  types: string[];
  /** Stops polling and waits for the jobs in hand to finish (or the timeout to pass). */
  stop(timeoutMs?: number): Promise<void>;
}

/** Exponential back-off for technical failures: 2 s, 4 s, 8 s … (base 1 s) capped at 5 min. */
export function retryBackoffMs(retriesLeft: number, maxRetries = 5, baseMs = 1000): number {
  const attempt = Math.max(1, maxRetries - retriesLeft);
  return Math.min(300_000, baseMs * 2 ** attempt);
}

/**
 * Every finished job is published here (free while nobody listens): its type, outcome, and times
 * from the engine's activation (the job's deadline less the worker's timeout) to the handler's
 * start and to the engine's acknowledgement. bench/throughput listens.
 */
export interface JobTiming {
  type: string;
  outcome: 'completed' | 'bpmn-error' | 'failed';
  queuedMs: number;
  totalMs: number;
}
export const jobTimings = diagnostics.channel('permitflow:job');

/** Jobs being handled in this process now, all workers together (for /metrics). */
let inFlightHere = 0;
export const jobsInFlight = (): number => inFlightHere;

function toContext(job: {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  /** sent by the engine although the SDK's job type does not declare it */
  processDefinitionKey?: string;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: unknown;
  retries: number;
}): JobContext {
  return {
    key: String(job.key),
    type: job.type,
    processInstanceKey: String(job.processInstanceKey),
    bpmnProcessId: job.bpmnProcessId,
    processDefinitionKey: String(job.processDefinitionKey),
    elementId: job.elementId,
    elementInstanceKey: String(job.elementInstanceKey),
    headers: (job.customHeaders ?? {}) as Record<string, string>,
    retries: job.retries,
  };
}

/**
 * Cancels a closing worker's job activation that the gateway still holds (a long poll). The SDK's
 * close ends the channel gracefully, which lets the call run on until its long-poll timeout
 * (50 s) and, while the worker has jobs in hand, never cancels it; meanwhile the gateway hands
 * the next job of that type to a worker that drops it, and the job waits out its timeout (60 s)
 * before anyone else gets it. Cancelling the call makes the gateway forget the request at once.
 */
function cancelActivation(worker: object): void {
  (worker as { jobStream?: { cancel?: () => void } }).jobStream?.cancel?.();
}

export function startWorkers(
  zeebe: ZeebeClient,
  definitions: readonly JobDefinition[],
  deps: Deps,
  opts: { pollIntervalMs: number; maxJobsToActivate: number; timeoutMs?: number; backoffBaseMs?: number },
): RunningWorkers {
  let inFlight = 0;
  const workers = definitions.flatMap((def) =>
    def.types.map((taskType) =>
      zeebe.createWorker<Variables, Record<string, string>, Variables>({
        taskType,
        pollInterval: opts.pollIntervalMs,
        maxJobsToActivate: opts.maxJobsToActivate,
        timeout: opts.timeoutMs ?? 60_000,
        fetchVariable: def.fetch ? [...def.fetch] : undefined,
        loglevel: 'ERROR',
        taskHandler: async (job) => {
          inFlight++;
          inFlightHere++;
          const started = Date.now();
          const activatedAt = Number((job as { deadline?: string }).deadline) - (opts.timeoutMs ?? 60_000);
          let outcome: JobTiming['outcome'] = 'failed';
          const ctx = toContext(job);
          const log = deps.log.child({ jobType: taskType, jobKey: ctx.key, processInstanceKey: ctx.processInstanceKey });
          try {
            const out = await def.run(job.variables, ctx, { ...deps, log });
            const ack = await job.complete(out);
            outcome = 'completed';
            return ack;
          } catch (err) {
            if (err instanceof BpmnError) {
              log.info('business error', { errorCode: err.code, message: err.message });
              // the variables as the engine stores them (JSON)
              const variables = JSON.parse(JSON.stringify(err.variables));
              const ack = await job.error({ errorCode: err.code, errorMessage: err.message, variables });
              outcome = 'bpmn-error';
              return ack;
            }
            const retries = Math.max(0, ctx.retries - 1);
            log.error('job failed', { error: err as Error, retriesLeft: retries });
            return await job.fail({
              errorMessage: (err as Error).message ?? String(err),
              retries,
              retryBackOff: retries > 0 ? retryBackoffMs(retries, 5, opts.backoffBaseMs) : 0,
            });
          } finally {
            inFlight--;
            inFlightHere--;
            log.debug('job done', { outcome, ms: Date.now() - started });
            if (jobTimings.hasSubscribers) {
              const end = Date.now();
              const from = Number.isFinite(activatedAt) ? Math.min(activatedAt, started) : started;
              jobTimings.publish({ type: taskType, outcome, queuedMs: started - from, totalMs: end - from } satisfies JobTiming);
            }
          }
        },
      }),
    ),
  );
  return {
    types: definitions.flatMap((d) => d.types),
    async stop(timeoutMs = 10_000) {
      // Stop taking new jobs; let the ones in hand finish. A job still unfinished at the end
      // times out in the engine and is handed to another worker: nothing is lost.
      const deadline = Date.now() + timeoutMs;
      await Promise.all(
        workers.map(async (w) => {
          const closed = w.close(timeoutMs).catch(() => undefined);
          cancelActivation(w);
          await closed;
          cancelActivation(w);
        }),
      );
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    },
  };
}
