/**
 * The one line of counts in the map's corner. Under a search it counts the matches: neighbours
 * kept only as faded context are said apart (`node:node-2` is 3 tasks, not its services' 7).
 */
import type { ViewGraph, ViewKind } from './model';

const COUNTED: readonly [ViewKind, string][] = [
  ['network', 'network'],
  ['container', 'container'],
  ['service', 'service'],
  ['task', 'task'],
];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function countsText(graph: ViewGraph): string {
  const matches = graph.nodes.filter((node) => !node.context);
  const count = (kind: ViewKind) => matches.filter((node) => node.kind === kind).length;
  const hosts = graph.groups.filter((group) => group.kind === 'host').length;
  const parts = [
    plural(hosts, 'node'),
    ...COUNTED.map(([kind, word]) => plural(count(kind), word)),
  ];
  const context = graph.nodes.length - matches.length;
  if (context > 0) parts.push(`+${context} as context`);
  return parts.join(' · ');
}
