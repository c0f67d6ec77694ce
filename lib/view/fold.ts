import type { ViewGraph, ViewLink, ViewNode } from './model';

/** Semantic zoom: far out, the map shows fewer, bigger things. */
export type ZoomLevel = 'overview' | 'detail';

/** Below this scale the map folds (tasks into services, projects into one element). */
export const OVERVIEW_BELOW = 0.5;

export function zoomLevel(scale: number): ZoomLevel {
  return scale < OVERVIEW_BELOW ? 'overview' : 'detail';
}

export interface FoldedGraph {
  /** What is drawn: unfolded nodes, plus one `project` node per folded compose project/stack. */
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

/**
 * Folds a graph for the overview: tasks into their service, and every compose project or stack
 * with two or more elements into one element. Networks stay (the renderer draws them as hulls).
 * Positions are not decided here: a folded element is drawn at the centroid of its members.
 */
export function foldGraph(graph: ViewGraph): FoldedGraph {
  const repOf = new Map<string, string>();
  const present = new Set(graph.nodes.map((node) => node.id));

  // Tasks → service.
  for (const node of graph.nodes) {
    if (node.kind === 'task' && node.service && present.has(node.service)) {
      repOf.set(node.id, node.service);
    }
  }
  // Projects and stacks: containers, services (and so their tasks).
  const byProject = new Map<string, ViewNode[]>();
  for (const node of graph.nodes) {
    if (!node.project || (node.kind !== 'container' && node.kind !== 'service')) continue;
    const list = byProject.get(node.project) ?? [];
    list.push(node);
    byProject.set(node.project, list);
  }
  const projectNodes: ViewNode[] = [];
  const members = new Map<string, string[]>();
  for (const [project, list] of byProject) {
    if (list.length < 2) continue;
    const id = `project:${project}`;
    const hosts = new Set(list.map((node) => node.host));
    const stack = project.startsWith('stack:');
    for (const node of list) repOf.set(node.id, id);
    const statuses = list.map((node) => node.status);
    projectNodes.push({
      id,
      kind: 'project',
      ref: id,
      name: projectName(project),
      lines: [
        `${stack ? 'stack' : 'compose project'} · ${list.length} ${stack ? 'services' : 'containers'}`,
      ],
      host: hosts.size === 1 ? (list[0]?.host ?? null) : null,
      cluster: list[0]?.cluster ?? null,
      status: statuses.includes('bad') ? 'bad' : statuses.includes('warn') ? 'warn' : 'ok',
      stale: list.every((node) => node.stale),
      context: list.every((node) => node.context),
      style: null,
      tags: [stack ? 'stack' : 'compose'],
      service: null,
      project,
      refs: list.flatMap((node) => node.refs),
      r: 12 + Math.min(12, Math.sqrt(list.length) * 3),
    });
  }
  // Tasks of a folded service follow it into the project.
  for (const [id, rep] of repOf) {
    const next = repOf.get(rep);
    if (next) repOf.set(id, next);
  }
  for (const [id, rep] of repOf) {
    const list = members.get(rep) ?? [];
    list.push(id);
    members.set(rep, list);
  }

  const nodes = graph.nodes.filter((node) => !repOf.has(node.id)).concat(projectNodes);
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
