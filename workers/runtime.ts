/** Registers handlers with the engine: the only place that knows about the SDK's job objects. */
import type { ZeebeClient } from '../core/camunda';
import { BpmnError, Deps, JobContext, WorkerDefinition } from './types';

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

function toContext(job: {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionKey: string;
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

export function startWorkers(
  zeebe: ZeebeClient,
  definitions: WorkerDefinition[],
  deps: Deps,
  opts: { pollIntervalMs: number; maxJobsToActivate: number; timeoutMs?: number; backoffBaseMs?: number },
): RunningWorkers {
  let inFlight = 0;
  const workers = definitions.flatMap((def) =>
    def.types.map((taskType) =>
      zeebe.createWorker({
        taskType,
        pollInterval: opts.pollIntervalMs,
        maxJobsToActivate: opts.maxJobsToActivate,
        timeout: opts.timeoutMs ?? 60_000,
        fetchVariable: def.fetchVariables as never,
        loglevel: 'ERROR',
        taskHandler: async (job) => {
          inFlight++;
          const ctx = toContext(job as never);
          const log = deps.log.child({ jobType: taskType, jobKey: ctx.key, processInstanceKey: ctx.processInstanceKey });
          try {
            const out = await def.handler(job.variables as never, ctx, { ...deps, log });
            return await job.complete(out as never);
          } catch (err) {
            if (err instanceof BpmnError) {
              log.info('business error', { errorCode: err.code, message: err.message });
              return await job.error({ errorCode: err.code, errorMessage: err.message, variables: err.variables as never });
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
      await Promise.all(workers.map((w) => w.close(timeoutMs).catch(() => undefined)));
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    },
  };
}
