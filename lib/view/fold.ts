import type { Status, ViewGraph, ViewLink, ViewNode } from './model';

/**
 * Semantic zoom: the further out, the fewer and bigger the things drawn.
 * - `detail`: everything;
 * - `overview`: a service's tasks on a node fold into one element, a compose project on a node
 *   into one, a stack into one; host-local networks become hulls;
 * - `far`: as overview, tasks fold all the way into their service, and a host's published ports
 *   into one element (the routing mesh opens every published port on every node: 16,700 ports on
 *   the scale bench's 100 nodes, sub-pixel at that zoom).
 */
export type ZoomLevel = 'detail' | 'overview' | 'far';

/** Below this scale the map folds. */
export const OVERVIEW_BELOW = 0.5;
/** Below this scale tasks fold into their service. */
export const FAR_BELOW = 0.16;

export function zoomLevel(scale: number): ZoomLevel {
  if (scale < FAR_BELOW) return 'far';
  return scale < OVERVIEW_BELOW ? 'overview' : 'detail';
}

export interface FoldedGraph {
  /** What is drawn: unfolded nodes, plus one `project` node per fold. */
  nodes: ViewNode[];
  /** Links between drawn nodes; several folded links between two drawn nodes become one. */
  links: ViewLink[];
  /** Graph id → the drawn node that stands for it (itself when not folded). */
  repOf: ReadonlyMap<string, string>;
  /** Drawn node → the graph ids it stands for, when it stands for more than itself. */
  members: ReadonlyMap<string, readonly string[]>;
}

export function projectName(project: string): string {
  return project.slice(project.indexOf(':') + 1);
}

function worst(statuses: readonly Status[]): Status {
  if (statuses.includes('bad')) return 'bad';
  if (statuses.includes('warn')) return 'warn';
  return statuses.every((status) => status === 'off') ? 'off' : 'ok';
}

interface Fold {
  id: string;
  members: ViewNode[];
  name: string;
  line: string;
  tag: 'tasks' | 'compose' | 'stack' | 'ports';
}

const FOLD_NOUN: Record<Fold['tag'], string> = {
  tasks: 'tasks',
  compose: 'containers',
  stack: 'services',
  ports: 'ports',
};

/**
 * Folds a graph for the overview:
 * - the tasks of a service on one node become one element ("web ×3" on node-2), linked to the
 *   service: the service keeps its place in the swarm band, its spread over nodes stays visible;
 * - a compose project's containers on one node become one element;
 * - a stack's services become one element.
 * A fold needs two or more members. Networks stay (the renderer draws them as hulls). Positions
 * are not decided here: a fold is drawn at the centroid of its members.
 */
export function foldGraph(
  graph: ViewGraph,
  level: Exclude<ZoomLevel, 'detail'> = 'overview',
): FoldedGraph {
  const present = new Map(graph.nodes.map((node) => [node.id, node]));
  const groups = new Map<string, Fold>();
  const add = (key: string, node: ViewNode, make: () => Omit<Fold, 'members'>) => {
    const fold = groups.get(key);
    if (fold) fold.members.push(node);
    else groups.set(key, { ...make(), members: [node] });
  };
  for (const node of graph.nodes) {
    if (node.kind === 'task' && node.service && present.has(node.service) && level === 'far') {
      // Far out: into the service itself (marked by a fold of one below).
      add(`fold:service:${node.service}`, node, () => ({
        id: node.service ?? '',
        name: '',
        line: '',
        tag: 'tasks',
      }));
    } else if (node.kind === 'task' && node.service && present.has(node.service)) {
      const service = present.get(node.service);
      add(`fold:tasks:${node.service}:${node.host ?? ''}`, node, () => ({
        id: `fold:tasks:${node.service}:${node.host ?? ''}`,
        name: service?.name ?? 'tasks',
        line: 'tasks',
        tag: 'tasks',
      }));
    } else if (node.kind === 'port' && node.host && level === 'far') {
      const key = `fold:ports:${node.host}`;
      add(key, node, () => ({ id: key, name: 'ports', line: 'published ports', tag: 'ports' }));
    } else if (node.kind === 'container' && node.project?.startsWith('compose:')) {
      const key = `project:${node.project}:${node.host ?? ''}`;
      add(key, node, () => ({
        id: key,
        name: projectName(node.project ?? ''),
        line: 'compose project',
        tag: 'compose',
      }));
    } else if (node.kind === 'service' && node.project?.startsWith('stack:')) {
      const key = `project:${node.project}`;
      add(key, node, () => ({
        id: key,
        name: projectName(node.project ?? ''),
        line: 'stack',
        tag: 'stack',
      }));
    }
  }

  const repOf = new Map<string, string>();
  const foldNodes: ViewNode[] = [];
  for (const [key, fold] of groups) {
    if (key.startsWith('fold:service:')) {
      // Tasks folded into an existing node (their service): no new node.
      for (const member of fold.members) repOf.set(member.id, fold.id);
      continue;
    }
    if (fold.members.length < 2) continue;
    for (const member of fold.members) repOf.set(member.id, fold.id);
    const first = fold.members[0] as ViewNode;
    const count = fold.members.length;
    foldNodes.push({
      id: fold.id,
      kind: 'project',
      ref: fold.id,
      name: fold.tag === 'tasks' || fold.tag === 'ports' ? `${fold.name} ×${count}` : fold.name,
      lines: [`${fold.line} · ${count} ${FOLD_NOUN[fold.tag]}`],
      host: first.host,
      cluster: first.cluster,
      status: worst(fold.members.map((member) => member.status)),
      stale: fold.members.every((member) => member.stale),
      context: fold.members.every((member) => member.context),
      style: null,
      tags: [fold.tag],
      service: fold.tag === 'tasks' ? first.service : null,
      project: first.project,
      refs: fold.members.flatMap((member) => member.refs),
      r: 10 + Math.min(12, Math.sqrt(count) * 2.5),
    });
  }
  // A fold's members may themselves be folded (a stack's service): follow to the top.
  for (const [id, rep] of repOf) {
    const next = repOf.get(rep);
    if (next) repOf.set(id, next);
  }
  const members = new Map<string, string[]>();
  for (const [id, rep] of repOf) {
    const list = members.get(rep) ?? [];
    list.push(id);
    members.set(rep, list);
  }

  const nodes = graph.nodes.filter((node) => !repOf.has(node.id)).concat(foldNodes);
  const rep = (id: string) => repOf.get(id) ?? id;
  const links = new Map<string, ViewLink>();
  for (const link of graph.links) {
    const source = rep(link.source);
    const target = rep(link.target);
    if (source === target) continue;
    const id = `${source}->${target}`;
    const existing = links.get(id);
    if (existing) {
      existing.label = '';
      for (const path of link.paths) if (!existing.paths.includes(path)) existing.paths.push(path);
      continue;
    }
    links.set(id, { ...link, id, source, target, paths: [...link.paths] });
  }
  return { nodes, links: [...links.values()], repOf, members };
}
