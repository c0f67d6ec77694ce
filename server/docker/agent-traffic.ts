import type { Readable } from 'node:stream';

import type { EngineSpec } from '@/lib/config/engine-address';
import { AGENT_TRAFFIC_PATH } from '@/lib/traffic/agent-wire';

import type { ServerConfig } from '../config';
import { createDockerClient, withTimeout } from './client';
import { readLines } from './line-stream';

export interface AgentTrafficHandlers {
  /** One line of the stream (one reading, not yet checked). */
  onLine(line: string): void;
  /** The stream ended or failed; it will not call again. */
  onClose(error: Error | null): void;
}

/** Why a stream could not be opened: `status` is the agent's HTTP status when it answered one. */
export class AgentTrafficError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

const OPEN_MS = 10_000;

/**
 * Opens `GET /portolan/traffic?interval=<ms>` on an agent, with the same TLS client (CA, client
 * certificate, agent name check) the dashboard reads that agent's engine with. An engine that is
 * not a Portolan agent answers 404.
 */
export async function openAgentTrafficStream(
  spec: EngineSpec,
  tls: ServerConfig['tls'],
  intervalMs: number,
  handlers: AgentTrafficHandlers,
): Promise<{ close(): void }> {
  const docker = createDockerClient(spec, tls);
  const opened = new Promise<Readable>((resolve, reject) => {
    docker.modem.dial(
      {
        path: `${AGENT_TRAFFIC_PATH}?`,
        method: 'GET',
        isStream: true,
        statusCodes: { 200: true },
        options: { _query: { interval: intervalMs } },
      },
      (error: unknown, stream: unknown) => {
        if (!error) return resolve(stream as Readable);
        const status = (error as { statusCode?: unknown }).statusCode;
        const message = error instanceof Error ? error.message : String(error);
        reject(new AgentTrafficError(message, typeof status === 'number' ? status : null));
      },
    );
  });
  const stream = await withTimeout(opened, OPEN_MS, `GET ${AGENT_TRAFFIC_PATH}`);
  return readLines(stream, handlers);
}
