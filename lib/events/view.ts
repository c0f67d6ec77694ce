import type { DockerEvent } from '@/lib/docker/events';

/** Ready-made filters for what people look for most. */
export const EVENT_PRESETS = {
  all: 'All events',
  network: 'Network changes',
  scaling: 'Service scaling',
  failures: 'Failures',
} as const;

export type EventPreset = keyof typeof EVENT_PRESETS;

export interface EventFilter {
  preset: EventPreset;
  /** Empty: every type. */
  types: readonly string[];
  /** Substring of the action, e.g. `connect`. */
  action: string;
  /** Engine name, or '' for all. */
  engine: string;
  /** Matched against the actor's name, id and every attribute (labels included). */
  text: string;
}

export const EMPTY_FILTER: EventFilter = {
  preset: 'all',
  types: [],
  action: '',
  engine: '',
  text: '',
};

export const EVENT_TYPES = [
  'container',
  'network',
  'service',
  'node',
  'volume',
  'image',
  'plugin',
  'config',
  'secret',
  'daemon',
] as const;

/** A failure: a non-zero exit, the OOM killer, or a health check turning unhealthy. */
export function isFailure(event: DockerEvent): boolean {
  if (event.type !== 'container') return false;
  if (event.action === 'oom') return true;
  if (event.action === 'die') return (event.attributes.exitCode ?? '0') !== '0';
  return event.action === 'health_status' && event.actionDetail === 'unhealthy';
}

function matchesPreset(event: DockerEvent, preset: EventPreset): boolean {
  switch (preset) {
    case 'all':
      return true;
    case 'network':
      return event.type === 'network';
    case 'scaling':
      return event.type === 'service' && event.attributes['replicas.new'] !== undefined;
    case 'failures':
      return isFailure(event);
  }
}

export function matchesEvent(event: DockerEvent, filter: EventFilter): boolean {
  if (!matchesPreset(event, filter.preset)) return false;
  if (filter.types.length > 0 && !filter.types.includes(event.type)) return false;
  if (filter.engine && event.engine !== filter.engine) return false;
  if (filter.action && !event.action.toLowerCase().includes(filter.action.toLowerCase()))
    return false;
  if (filter.text) {
    const needle = filter.text.toLowerCase();
    const haystack = [event.name ?? '', event.id, ...Object.entries(event.attributes).flat()];
    if (!haystack.some((value) => value.toLowerCase().includes(needle))) return false;
  }
  return true;
}

/** The attributes that say what happened, as short label/value pairs, for one line of the list. */
export function keyAttributes(event: DockerEvent): [string, string][] {
  const a = event.attributes;
  const out: [string, string][] = [];
  if (event.type === 'network' && (event.action === 'connect' || event.action === 'disconnect')) {
    if (a.container) out.push(['container', a.container.slice(0, 12)]);
    if (a.type) out.push(['driver', a.type]);
  } else if (event.type === 'network' && a.type) {
    out.push(['driver', a.type]);
  }
  if (a['replicas.new'] !== undefined)
    out.push(['replicas', `${a['replicas.old'] ?? '?'} → ${a['replicas.new']}`]);
  if (a['image.new'] !== undefined)
    out.push(['image', `${a['image.old'] ?? '?'} → ${a['image.new']}`]);
  if (a['updatestate.new'] !== undefined) out.push(['update', a['updatestate.new']]);
  if (event.action === 'die' && a.exitCode !== undefined) out.push(['exit', a.exitCode]);
  if (event.action === 'health_status' && event.actionDetail)
    out.push(['health', event.actionDetail]);
  if (event.type === 'container' && a.image) out.push(['image', a.image]);
  const service = a['com.docker.swarm.service.name'];
  if (service) out.push(['service', service]);
  for (const key of ['state.new', 'availability.new', 'role.new'] as const) {
    if (a[key] !== undefined)
      out.push([key.split('.')[0] ?? key, `${a[key.replace('.new', '.old')] ?? '?'} → ${a[key]}`]);
  }
  return out;
}

const CSV_COLUMNS = ['time', 'engine', 'type', 'action', 'name', 'id', 'attributes'] as const;

function csvCell(value: string): string {
  // NOTE: a leading =, +, - or @ would be run as a formula by spreadsheet programs.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function eventsToCsv(events: readonly DockerEvent[]): string {
  const rows = events.map((event) =>
    [
      new Date(event.timeNano / 1e6).toISOString(),
      event.engine,
      event.type,
      event.action,
      event.name ?? '',
      event.id,
      JSON.stringify(event.attributes),
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\n')}\n`;
}

export function eventsToJsonLines(events: readonly DockerEvent[]): string {
  return events.map((event) => JSON.stringify(event)).join('\n') + (events.length ? '\n' : '');
}
