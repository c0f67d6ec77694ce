import type Docker from 'dockerode';

import { isNetworkInspect, type NetworkInspect } from '@/lib/docker/engine-api';
import type { NetworkCreateSpec } from '@/lib/docker/specs/network-create';
import { Refusal } from '@/lib/refusal';

import { dial, dialOrNull, ref } from '../dial';

const CALL_MS = 10_000;

/** Network changes on one engine, and the reads they need fresh (not from the topology). */
export function networkCalls(docker: Docker) {
  return {
    async list(): Promise<
      { Id: string; Name: string; Driver: string; Options?: Record<string, string> | null }[]
    > {
      return dial(docker, { method: 'GET', path: '/networks', ok: [200], timeoutMs: CALL_MS });
    },
    /** The network, or null when this engine has none by that id or name. */
    async inspect(idOrName: string): Promise<NetworkInspect | null> {
      const raw = await dialOrNull<unknown>(docker, {
        method: 'GET',
        path: `/networks/${ref(idOrName)}`,
        query: { verbose: true },
        ok: [200],
        timeoutMs: CALL_MS,
      });
      if (raw === null) return null;
      if (!isNetworkInspect(raw))
        throw new Refusal('failed', `unexpected payload from GET /networks/${idOrName}`);
      return raw;
    },
    async create(spec: NetworkCreateSpec): Promise<{ id: string }> {
      const created = await dial<{ Id: string }>(docker, {
        method: 'POST',
        path: '/networks/create',
        body: spec,
        ok: [201],
        timeoutMs: CALL_MS,
      });
      return { id: created.Id };
    },
    async remove(id: string): Promise<void> {
      await dial(docker, {
        method: 'DELETE',
        path: `/networks/${ref(id)}`,
        ok: [204],
        timeoutMs: CALL_MS,
      });
    },
    async connect(
      network: string,
      container: string,
      endpoint: { aliases?: string[]; ipv4?: string; ipv6?: string } = {},
    ): Promise<void> {
      const ipam = {
        ...(endpoint.ipv4 !== undefined ? { IPv4Address: endpoint.ipv4 } : {}),
        ...(endpoint.ipv6 !== undefined ? { IPv6Address: endpoint.ipv6 } : {}),
      };
      await dial(docker, {
        method: 'POST',
        path: `/networks/${ref(network)}/connect`,
        body: {
          Container: container,
          EndpointConfig: {
            ...(endpoint.aliases && endpoint.aliases.length > 0
              ? { Aliases: endpoint.aliases }
              : {}),
            ...(Object.keys(ipam).length > 0 ? { IPAMConfig: ipam } : {}),
          },
        },
        ok: [200],
        timeoutMs: CALL_MS,
      });
    },
    async disconnect(network: string, container: string, force: boolean): Promise<void> {
      await dial(docker, {
        method: 'POST',
        path: `/networks/${ref(network)}/disconnect`,
        body: { Container: container, Force: force },
        ok: [200],
        timeoutMs: CALL_MS,
      });
    },
  };
}
