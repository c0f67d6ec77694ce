import type Docker from 'dockerode';

import { dial, ref, ENGINE_CALL_MS } from '../dial';

/** What the container routes read of a container. */
export interface ContainerSummary {
  Id: string;
  Name: string;
  State: { Status: string };
  Config: { Labels?: Record<string, string> | null };
}

/** Standalone container changes on one engine. */
export function containerCalls(docker: Docker) {
  return {
    inspect(id: string): Promise<ContainerSummary> {
      return dial<ContainerSummary>(docker, {
        method: 'GET',
        path: `/containers/${ref(id)}/json`,
        ok: [200],
      });
    },
    create(
      name: string | undefined,
      config: unknown,
    ): Promise<{ Id: string; Warnings?: string[] | null }> {
      return dial(docker, {
        method: 'POST',
        path: '/containers/create',
        ...(name ? { query: { name } } : {}),
        body: config,
        ok: [201],
      });
    },
    async act(
      id: string,
      verb: 'start' | 'stop' | 'restart',
      timeoutSeconds?: number,
    ): Promise<void> {
      await dial(docker, {
        method: 'POST',
        path: `/containers/${ref(id)}/${verb}`,
        ...(timeoutSeconds !== undefined ? { query: { t: timeoutSeconds } } : {}),
        // NOTE: 304 = already in that state; the answer is the state either way.
        ok: [204, 304],
        timeoutMs: ENGINE_CALL_MS + (timeoutSeconds ?? 10) * 1000,
      });
    },
    /** With `missingOk`, a container already gone is not an error (cleaning up after a failure). */
    async remove(id: string, force: boolean, missingOk = false): Promise<void> {
      await dial(docker, {
        method: 'DELETE',
        path: `/containers/${ref(id)}`,
        query: { force },
        ok: missingOk ? [204, 404] : [204],
      });
    },
  };
}
