/**
 * The engine clients, configured for the local engine or for the cluster named by the Camunda env
 * vars: @camunda8/sdk's gRPC client (job workers, deployments, process starts, messages) and the
 * REST client (core/engine-client.ts, Camunda's orchestration cluster API client).
 */
import { Camunda8 } from '@camunda8/sdk';
import * as protoLoader from '@grpc/proto-loader';
import type { EngineConfig } from './config';
import { createEngineClient, type EngineClient } from './engine-client';
import { localEngineSdkAuth } from './local-engine-auth';

export type ZeebeClient = ReturnType<Camunda8['getZeebeGrpcApiClient']>;
export type RestClient = EngineClient;

export interface Engine {
  zeebe: ZeebeClient;
  rest: RestClient;
  close(): Promise<void>;
}

/** SDK settings: the local engine's own credentials; a remote cluster takes the standard env vars as given. */
export function sdkConfiguration(engine: EngineConfig): Record<string, string> {
  // The SDK's own logs are chatty at info; ours are the structured ones. Overridable by env.
  const logging = {
    ZEEBE_CLIENT_LOG_LEVEL: process.env.ZEEBE_CLIENT_LOG_LEVEL ?? 'ERROR',
    CAMUNDA_LOG_LEVEL: process.env.CAMUNDA_LOG_LEVEL ?? 'error',
  };
  if (!engine.local) return { ...logging, ...engine.sdkEnv };
  return {
    ...logging,
    ZEEBE_GRPC_ADDRESS: `grpc://${engine.grpcAddress}`,
    ZEEBE_REST_ADDRESS: engine.restAddress,
    ...localEngineSdkAuth(engine.dataDir),
  };
}

/**
 * The SDK gives every job worker a gRPC connection of its own and, with it, parses the gateway's
 * proto file again (50–100 ms each: with 43 job types, seconds at every start). The file and the
 * options are the same each time and the parsed definition is only read: parse each once per process.
 */
function parseEachProtoOnce(): void {
  const loader = protoLoader as { loadSync: typeof protoLoader.loadSync; parsedOnce?: true };
  if (loader.parsedOnce) return;
  const parse = loader.loadSync;
  const parsed = new Map<string, protoLoader.PackageDefinition>();
  loader.loadSync = (file, options) => {
    const key = JSON.stringify([file, options ?? null]);
    let definition = parsed.get(key);
    if (!definition) parsed.set(key, (definition = parse(file, options)));
    return definition;
  };
  loader.parsedOnce = true;
}

export function createEngineClients(engine: EngineConfig): Engine {
  parseEachProtoOnce();
  const c8 = new Camunda8(sdkConfiguration(engine) as never);
  const zeebe = c8.getZeebeGrpcApiClient();
  const rest = createEngineClient(engine);
  return {
    zeebe,
    rest,
    async close() {
      await zeebe.close(2000).catch(() => undefined);
    },
  };
}
