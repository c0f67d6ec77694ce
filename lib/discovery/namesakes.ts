/*
 * Names that exist where a container cannot see them. Discovery is scoped to networks: when
 * `client` resolves `web`, the container `web` it shares appnet with answers, and the service
 * `web` on meta-globe stays out of reach. A learner needs to hear that the other one exists and
 * why it does not answer, so a resolution lists its namesakes and says so in one sentence.
 */
import type { Topology } from '@/lib/topology/types';

import { dnsRecordsByName, type DnsNameKind } from './dns-names';
import { dnsKey, networkLabel } from './model';

/** The same name registered on a network the container does not join. */
export interface Namesake {
  network: { id: string; name: string };
  /** What registered it there (service, container, alias…) and who: e.g. `service web`. */
  kind: DnsNameKind;
  of: string[];
  answers: string[];
}

/**
 * Every network with embedded DNS that `name` (as libnetwork would match it, ignoring case) is
 * registered on, other than `visible` (the networks the container is attached to). Sorted by
 * network name, so the answer is stable.
 */
export function hiddenNamesakes(
  topology: Topology,
  visible: ReadonlySet<string>,
  name: string,
): Namesake[] {
  const key = dnsKey(name);
  const found: Namesake[] = [];
  for (const network of Object.values(topology.networks)) {
    if (visible.has(network.id)) continue;
    const record = dnsRecordsByName(topology, network).get(key);
    if (!record) continue;
    found.push({
      network: { id: network.id, name: networkLabel(topology, network) },
      kind: record.kind,
      of: [...new Set(record.sources.map((source) => source.of))].sort(),
      answers: record.answers,
    });
  }
  return found.sort((a, b) => a.network.name.localeCompare(b.network.name));
}

const KIND_WORD: Record<DnsNameKind, string> = {
  service: 'service',
  tasks: 'the tasks of service',
  container: 'container',
  alias: 'an alias of',
  'short-id': 'the short id of',
};

/** "service web on meta-globe (10.0.1.11)" */
function describe(namesake: Namesake): string {
  const who = `${KIND_WORD[namesake.kind]} ${namesake.of.join(', ')}`;
  const where = namesake.answers.length > 0 ? ` (${namesake.answers.join(', ')})` : '';
  return `${who} on ${namesake.network.name}${where}`;
}

/**
 * One sentence for a name answered here that also exists where `from` cannot see it; null when
 * there is no such namesake.
 */
export function namesakeNote(
  from: string,
  name: string,
  answeredOn: string | null,
  namesakes: readonly Namesake[],
): string | null {
  if (namesakes.length === 0) return null;
  const list = namesakes.map(describe).join('; ');
  const networks = [...new Set(namesakes.map((namesake) => namesake.network.name))];
  const joins =
    networks.length > 1 ? `joins none of ${networks.join(', ')}` : `does not join ${networks[0]}`;
  const answered = answeredOn ? ` the ${name} on ${answeredOn}` : ` the ${name} it can see`;
  return `${name} also exists where ${from} cannot see it: ${list}. ${from} ${joins}, so its lookup gets${answered} only; to reach the other, attach ${from} to that network.`;
}
