/*
 * The list view grouped as the map is: grouping by stack, one section per swarm stack or compose
 * project (its header selects the stack's inspector page), then what belongs to none.
 */
import { projectName } from './fold';
import type { GroupBy, ViewGraph } from './model';
import type { ListRow } from './rows';

export interface RowSection {
  /** What the header selects (`stack:<name>`, `compose:<name>`), or null for no header. */
  id: string | null;
  title: string | null;
  rows: ListRow[];
}

/** The title of a stack's or compose project's section. */
export function projectTitle(project: string): string {
  const kind = project.startsWith('stack:') ? 'stack' : 'compose project';
  return `${kind} ${projectName(project)}`;
}

/** Rows in sections: one untitled section, or (grouping by stack) one per stack or project. */
export function groupRows(
  rows: readonly ListRow[],
  graph: ViewGraph,
  groupBy: GroupBy,
): RowSection[] {
  if (groupBy !== 'stack') return [{ id: null, title: null, rows: [...rows] }];
  const projectOf = new Map(graph.nodes.map((node) => [node.id, node.project]));
  const sections = new Map<string, ListRow[]>();
  const rest: ListRow[] = [];
  for (const row of rows) {
    const project = projectOf.get(row.id);
    if (!project) {
      rest.push(row);
      continue;
    }
    const list = sections.get(project) ?? [];
    list.push(row);
    sections.set(project, list);
  }
  const grouped: RowSection[] = [...sections]
    .sort(([a], [b]) => projectName(a).localeCompare(projectName(b)) || a.localeCompare(b))
    .map(([id, list]) => ({ id, title: projectTitle(id), rows: list }));
  if (rest.length > 0) {
    grouped.push({ id: null, title: 'Not in a stack or compose project', rows: rest });
  }
  return grouped;
}
