import type { ViewNode } from '../model';
import { mix, type Palette } from '../palette';
import type { DrawLink } from './types';

export interface Colors {
  fill: string;
  stroke: string;
}

function statusColor(palette: Palette, status: ViewNode['status'], base: string): string {
  switch (status) {
    case 'ok':
      return base;
    case 'warn':
      return palette.warn;
    case 'bad':
      return palette.bad;
    case 'off':
      return mix(palette.muted, palette.panel, 0.35);
  }
}

function edgeOf(palette: Palette, color: string): string {
  return palette.dark ? mix(color, '#ffffff', 0.25) : mix(color, '#000000', 0.22);
}

const colorCache = new WeakMap<Palette, Map<string, Colors>>();

/** Fill and edge of a node (memoized per palette: colours are mixed once, not every frame). */
export function nodeColors(palette: Palette, node: ViewNode): Colors {
  let cache = colorCache.get(palette);
  if (!cache) {
    cache = new Map();
    colorCache.set(palette, cache);
  }
  const key = `${node.kind}|${node.style ?? ''}|${node.status}|${node.kind === 'project' ? node.tags[0] : ''}`;
  let colors = cache.get(key);
  if (!colors) {
    colors = computeColors(palette, node);
    cache.set(key, colors);
  }
  return colors;
}

function computeColors(palette: Palette, node: ViewNode): Colors {
  switch (node.kind) {
    case 'network': {
      const color = palette.drivers[node.style ?? 'other'];
      return { fill: mix(palette.panel, color, palette.dark ? 0.2 : 0.11), stroke: color };
    }
    case 'container': {
      const fill = statusColor(palette, node.status, palette.container);
      return { fill, stroke: edgeOf(palette, fill) };
    }
    case 'task': {
      const fill = statusColor(palette, node.status, palette.task);
      return { fill, stroke: edgeOf(palette, fill) };
    }
    case 'service': {
      return {
        fill: palette.service,
        stroke: statusColor(palette, node.status, edgeOf(palette, palette.service)),
      };
    }
    case 'port':
      return { fill: palette.ingress, stroke: edgeOf(palette, palette.ingress) };
    case 'uplink': {
      const color = palette.drivers[node.style ?? 'macvlan'];
      return { fill: color, stroke: edgeOf(palette, color) };
    }
    case 'project': {
      const color = node.tags.includes('stack')
        ? palette.service
        : node.tags.includes('tasks')
          ? palette.task
          : node.tags.includes('ports')
            ? palette.ingress
            : palette.container;
      return { fill: color, stroke: edgeOf(palette, color) };
    }
  }
}

export function linkColor(palette: Palette, link: DrawLink): string {
  switch (link.link.kind) {
    case 'endpoint':
    case 'uplink': {
      const network = link.target.node.kind === 'network' ? link.target.node : link.source.node;
      return palette.drivers[network.style ?? 'other'];
    }
    case 'vip':
    case 'member':
      return palette.service;
    case 'publish':
      return palette.ingress;
  }
}
