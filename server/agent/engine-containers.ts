import http from 'node:http';

import type { Logger } from '../logger';

/** A running container of the agent's own engine, as its inspect says. */
export interface EngineContainer {
  id: string;
  /** The container's main process, a pid of the host (dockerd runs in the host's PID namespace). */
  pid: number;
  /** `HostConfig.NetworkMode`: host, none and `container:<id>` ones have no namespace of their own. */
  networkMode: string;
}

const RETRY_MS = 2_000;
const CALL_MS = 10_000;

/** `GET path` on the engine's unix socket, as JSON. */
function getJson(socketPath: string, path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = http.get({ socketPath, path, headers: { host: 'docker' } }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        if (answer.statusCode !== 200) return reject(new Error(`${path}: ${answer.statusCode}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
      answer.on('error', reject);
    });
    request.setTimeout(CALL_MS, () => request.destroy(new Error(`${path}: timed out`)));
    request.on('error', reject);
  });
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

/**
 * The running containers of the agent's own engine with their host pids, kept current while
 * `start`ed: the engine's container events are followed first, then the containers listed and
 * inspected (ENGINE.md: subscribe, then list); each start is inspected, each die forgets it.
 * Engine API calls happen only when containers change, never per sample.
 */
export function createEngineContainers(socketPath: string, logger: Logger) {
  const containers = new Map<string, EngineContainer>();
  let hostname = '';
  let events: http.ClientRequest | null = null;
  let retry: NodeJS.Timeout | undefined;
  let active = false;

  async function inspect(id: string) {
    const body = record(await getJson(socketPath, `/containers/${id}/json`).catch(() => null));
    const state = record(body.State);
    const pid = state.Pid;
    const mode = record(body.HostConfig).NetworkMode;
    if (state.Running === true && typeof pid === 'number' && pid > 0 && body.Id === id) {
      containers.set(id, { id, pid, networkMode: typeof mode === 'string' ? mode : 'default' });
    } else containers.delete(id);
  }

  async function list() {
    const info = record(await getJson(socketPath, '/info'));
    if (typeof info.Name === 'string') hostname = info.Name;
    const listed = await getJson(socketPath, '/containers/json');
    const ids = new Set(
      (Array.isArray(listed) ? listed : [])
        .map((item) => record(item).Id)
        .filter((id): id is string => typeof id === 'string'),
    );
    for (const id of containers.keys()) if (!ids.has(id)) containers.delete(id);
    const unknown = [...ids].filter((id) => !containers.has(id));
    for (let i = 0; i < unknown.length; i += 8)
      await Promise.all(unknown.slice(i, i + 8).map(inspect));
  }

  function onEvent(line: string) {
    let event: Record<string, unknown>;
    try {
      event = record(JSON.parse(line));
    } catch {
      return;
    }
    const id = record(event.Actor).ID;
    if (typeof id !== 'string') return;
    if (event.Action === 'start' || event.Action === 'unpause') void inspect(id);
    else if (event.Action === 'die' || event.Action === 'destroy') containers.delete(id);
  }

  function again(reason: unknown) {
    events?.destroy();
    events = null;
    if (!active) return;
    logger.warn('engine containers: following again', { error: reason });
    clearTimeout(retry);
    retry = setTimeout(() => void follow(), RETRY_MS);
  }

  async function follow() {
    const filters = JSON.stringify({
      type: ['container'],
      event: ['start', 'unpause', 'die', 'destroy'],
    });
    const opened = new Promise<void>((resolve, reject) => {
      events = http.get(
        {
          socketPath,
          path: `/events?filters=${encodeURIComponent(filters)}`,
          headers: { host: 'docker' },
        },
        (answer) => {
          if (answer.statusCode !== 200) return reject(new Error(`/events: ${answer.statusCode}`));
          resolve();
          let rest = '';
          answer.setEncoding('utf8');
          answer.on('data', (chunk: string) => {
            const lines = (rest + chunk).split('\n');
            rest = lines.pop() ?? '';
            for (const line of lines) if (line.trim()) onEvent(line);
          });
          answer.on('end', () => again('the event stream ended'));
          answer.on('error', again);
        },
      );
      events.on('error', reject);
    });
    try {
      await opened;
      await list();
    } catch (error) {
      again(error);
    }
  }

  return {
    /** Follows the engine until `stop`; resolves once the first listing is done (or failed). */
    start: async () => {
      if (active) return;
      active = true;
      await follow();
    },
    stop() {
      active = false;
      clearTimeout(retry);
      events?.destroy();
      events = null;
      containers.clear();
    },
    current: (): EngineContainer[] => [...containers.values()],
    /** The engine's host name (`/info`), '' until read. */
    hostname: () => hostname,
  };
}
