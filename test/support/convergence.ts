import { diffTopology } from '@/lib/topology/diff';
import { jsonEqual } from '@/lib/topology/json-equal';
import type { Topology } from '@/lib/topology/types';

import { waitFor } from './lab-engines';
import { withoutVersion, type LiveHarness, type RecordingClient } from './live-harness';

/** What differs between two graphs, one line per element, for a failure message. */
export function describeDifference(streamed: Topology | null, fresh: Topology): string {
  const ops = diffTopology(streamed ? { ...streamed, version: fresh.version } : null, fresh);
  return ops
    .slice(0, 12)
    .map((op) => {
      if (op.op === 'reset') return 'reset';
      if (op.op === 'remove') return `only streamed: ${op.collection}/${op.id}`;
      const had = streamed?.[op.collection as keyof Topology] as
        Record<string, unknown> | undefined;
      const before = had?.[op.id];
      if (!before) return `only fresh: ${op.collection}/${op.id}`;
      const was = before as Record<string, unknown>;
      const now = op.value as unknown as Record<string, unknown>;
      const changed = Object.keys(now).filter((key) => !jsonEqual(was[key], now[key]));
      const fields = changed.map(
        (key) => `${key} streamed ${JSON.stringify(was[key])} fresh ${JSON.stringify(now[key])}`,
      );
      return `${op.collection}/${op.id}: ${fields.join('; ')}`;
    })
    .join('\n');
}

/**
 * Waits until the client's streamed graph equals one built from a fresh full inventory. On a
 * timeout the error lists what still differs, so a failure says which element the event path lost.
 */
export async function convergedWithFreshInventory(
  harness: LiveHarness,
  client: RecordingClient,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  let fresh: Topology | null = null;
  try {
    await waitFor(
      `${what}: streamed graph equal to a fresh inventory`,
      async () => {
        fresh = await harness.freshTopology();
        return jsonEqual(withoutVersion(client.topology), withoutVersion(fresh));
      },
      timeoutMs,
      100,
    );
  } catch (error) {
    const difference = fresh ? describeDifference(client.topology, fresh) : 'no fresh read';
    throw new Error(`${(error as Error).message}\n${difference}`);
  }
}
