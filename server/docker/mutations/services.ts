import type Docker from 'dockerode';

import type { ServiceInspect, ServiceSpec } from '@/lib/docker/specs/service-spec';
import { Refusal } from '@/lib/refusal';

import { dial, ref } from '../dial';
import { engineRefusal } from '../engine-errors';

const VERSION_RETRIES = 5;

/** Swarm service changes, sent to a manager. */
export function serviceCalls(docker: Docker) {
  return {
    inspect(idOrName: string): Promise<ServiceInspect> {
      return dial<ServiceInspect>(docker, {
        method: 'GET',
        path: `/services/${ref(idOrName)}`,
        ok: [200],
      });
    },
    create(spec: ServiceSpec): Promise<{ ID: string; Warnings?: string[] | null }> {
      return dial(docker, { method: 'POST', path: '/services/create', body: spec, ok: [200, 201] });
    },
    /** Writes `spec` over the version read; with `rollback`, the engine puts the previous spec back. */
    update(
      service: ServiceInspect,
      spec: ServiceSpec,
      rollback = false,
    ): Promise<{ Warnings?: string[] | null }> {
      return dial(docker, {
        method: 'POST',
        path: `/services/${service.ID}/update`,
        query: { version: service.Version.Index, ...(rollback ? { rollback: 'previous' } : {}) },
        body: spec,
        ok: [200],
      });
    },
    async remove(id: string): Promise<void> {
      await dial(docker, { method: 'DELETE', path: `/services/${ref(id)}`, ok: [200, 204] });
    },
  };
}

/** Another change kept landing between Portolan's read and its write: a conflict. */
export class OutOfSequenceError extends Refusal {
  constructor(what: string) {
    super(
      'conflict',
      `${what} kept changing while Portolan updated it (${VERSION_RETRIES} tries); try again.`,
    );
  }
}

/**
 * Runs `attempt` (which must re-read the object's version) until it stops failing with "update
 * out of sequence" (a concurrent change); after VERSION_RETRIES tries, a conflict.
 */
export async function withVersionRetry<T>(what: string, attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!/update out of sequence/i.test(engineRefusal(error).message)) throw error;
      if (tries >= VERSION_RETRIES) throw new OutOfSequenceError(what);
    }
  }
}

export { VERSION_RETRIES };
