/*
 * The HTTP routing mesh of the course (UCP's "HRM"), in today's form: a reverse proxy that owns
 * one published port and routes each request to a service by Host header and path, configured by
 * labels on the services. Read here: Traefik v2/v3 (`traefik.http.routers.<r>.rule`), Traefik v1
 * (`traefik.frontend.rule`), UCP's HTTP routing mesh (`com.docker.ucp.mesh.http…`, 2.0 and 2.1
 * forms) and its successor Interlock (`com.docker.lb.*`). Labels are untrusted text: they are only
 * parsed, never evaluated.
 */
import type { Topology } from '@/lib/topology/types';

export type RoutingProvider = 'traefik' | 'traefik-v1' | 'ucp-hrm' | 'interlock';

export interface HttpRoute {
  provider: RoutingProvider;
  /** Traefik's router name; the label key for UCP; null for Interlock. */
  router: string | null;
  /** Host names the route matches (Host, HostRegexp patterns, or UCP/Interlock hosts). */
  hosts: string[];
  /** Path or path-prefix rules (`/api`); empty for "any path". */
  paths: string[];
  /** The rule as written (Traefik), or the label value. */
  rule: string;
  /** Traefik entry points the router listens on (named ports of the proxy). */
  entrypoints: string[];
  /** The port in the service the proxy forwards to, when labels say. */
  port: number | null;
  tls: boolean;
  /** True when the rule has `||` or `!`: hosts and paths are then only the ones it mentions. */
  complex: boolean;
}

export interface RoutedWorkload {
  kind: 'service' | 'container';
  id: string;
  name: string;
  routes: HttpRoute[];
}

const MATCHER = /\b(Host|HostRegexp|HostSNI|Path|PathPrefix|PathRegexp)\s*\(([^)]*)\)/g;

function unquote(value: string): string {
  return value.trim().replace(/^[`"']|[`"']$/g, '');
}

/** Hosts and paths a Traefik v2/v3 rule mentions. */
export function parseTraefikRule(rule: string): {
  hosts: string[];
  paths: string[];
  complex: boolean;
} {
  const hosts: string[] = [];
  const paths: string[] = [];
  for (const match of rule.matchAll(MATCHER)) {
    const values = match[2]!.split(',').map(unquote).filter(Boolean);
    if (match[1]!.startsWith('Host')) hosts.push(...values);
    else paths.push(...values);
  }
  return { hosts, paths, complex: /\|\||!/.test(rule) };
}

const portOf = (value: string | undefined): number | null => {
  const port = Number(value);
  return Number.isInteger(port) && port > 0 && port < 65_536 ? port : null;
};

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

function traefikRoutes(labels: Record<string, string>): HttpRoute[] {
  const routes: HttpRoute[] = [];
  const routers = new Map<string, Record<string, string>>();
  for (const [key, value] of Object.entries(labels)) {
    const match = /^traefik\.http\.routers\.([^.]+)\.(.+)$/.exec(key);
    if (!match) continue;
    const fields = routers.get(match[1]!) ?? {};
    fields[match[2]!.toLowerCase()] = value;
    routers.set(match[1]!, fields);
  }
  const servicePorts = new Map<string, number | null>();
  for (const [key, value] of Object.entries(labels)) {
    const match = /^traefik\.http\.services\.([^.]+)\.loadbalancer\.server\.port$/i.exec(key);
    if (match) servicePorts.set(match[1]!, portOf(value));
  }
  const onlyPort = servicePorts.size === 1 ? [...servicePorts.values()][0]! : null;
  for (const [router, fields] of [...routers].sort(([a], [b]) => a.localeCompare(b))) {
    const rule = fields.rule;
    if (!rule) continue;
    const parsed = parseTraefikRule(rule);
    const target = fields.service;
    routes.push({
      provider: 'traefik',
      router,
      hosts: parsed.hosts,
      paths: parsed.paths,
      rule,
      entrypoints: list(fields.entrypoints),
      port: (target ? servicePorts.get(target) : undefined) ?? onlyPort,
      tls: fields.tls === 'true' || 'tls.certresolver' in fields,
      complex: parsed.complex,
    });
  }
  const v1 = labels['traefik.frontend.rule'];
  if (v1) {
    const hosts: string[] = [];
    const paths: string[] = [];
    for (const part of v1.split(';')) {
      const [matcher = '', values = ''] = part.split(/:(.*)/s);
      if (/^Host(Regexp)?$/i.test(matcher.trim())) hosts.push(...list(values));
      if (/^Path(Prefix)?(Strip)?$/i.test(matcher.trim())) paths.push(...list(values));
    }
    routes.push({
      provider: 'traefik-v1',
      router: null,
      hosts,
      paths,
      rule: v1,
      entrypoints: list(labels['traefik.frontend.entryPoints']),
      port: portOf(labels['traefik.port']),
      tls: false,
      complex: false,
    });
  }
  return routes;
}

function parseUrl(value: string): { host: string; path: string; tls: boolean } | null {
  const match = /^(https?|sni):\/\/([^/:\s]+)(?::\d+)?(\/\S*)?$/i.exec(value.trim());
  if (!match) return null;
  return { host: match[2]!, path: match[3] ?? '', tls: match[1]!.toLowerCase() !== 'http' };
}

function ucpRoutes(labels: Record<string, string>): HttpRoute[] {
  const routes: HttpRoute[] = [];
  for (const [key, value] of Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))) {
    if (key !== 'com.docker.ucp.mesh.http' && !key.startsWith('com.docker.ucp.mesh.http.'))
      continue;
    if (/external_route\s*=/.test(value)) {
      // UCP 2.1+: external_route=http://host[/path],internal_port=80,sticky_sessions=…
      const fields = Object.fromEntries(
        value.split(',').map((part) => {
          const [name = '', rest = ''] = part.split(/=(.*)/s);
          return [name.trim(), rest.trim()];
        }),
      );
      const url = parseUrl(fields.external_route ?? '');
      if (!url) continue;
      routes.push({
        provider: 'ucp-hrm',
        router: key,
        hosts: [url.host],
        paths: url.path ? [url.path] : [],
        rule: value,
        entrypoints: [],
        port: portOf(fields.internal_port),
        tls: url.tls,
        complex: false,
      });
      continue;
    }
    // UCP 2.0: [internal_port=]http://host, comma separated
    for (const item of list(value)) {
      const [first = '', second] = item.split(/=(.*)/s);
      const url = parseUrl(second ?? first);
      if (!url) continue;
      routes.push({
        provider: 'ucp-hrm',
        router: key,
        hosts: [url.host],
        paths: url.path ? [url.path] : [],
        rule: item,
        entrypoints: [],
        port: second === undefined ? null : portOf(first),
        tls: url.tls,
        complex: false,
      });
    }
  }
  const hosts = labels['com.docker.lb.hosts'];
  if (hosts) {
    const root = labels['com.docker.lb.context_root'];
    routes.push({
      provider: 'interlock',
      router: null,
      hosts: list(hosts),
      paths: root ? [root] : [],
      rule: hosts,
      entrypoints: [],
      port: portOf(labels['com.docker.lb.port']),
      tls: !!labels['com.docker.lb.ssl_cert'],
      complex: false,
    });
  }
  return routes;
}

/** Every HTTP route a set of labels declares. `traefik.enable=false` turns Traefik's off. */
export function httpRoutesOf(labels: Record<string, string>): HttpRoute[] {
  const traefik = labels['traefik.enable'] === 'false' ? [] : traefikRoutes(labels);
  return [...traefik, ...ucpRoutes(labels)];
}

/** Services and containers that carry HTTP routing labels, by name. */
export function httpRouting(topology: Topology): RoutedWorkload[] {
  const routed: RoutedWorkload[] = [];
  for (const service of Object.values(topology.services)) {
    const routes = httpRoutesOf(service.labels);
    if (routes.length > 0)
      routed.push({ kind: 'service', id: service.id, name: service.name, routes });
  }
  for (const container of Object.values(topology.containers)) {
    // Swarm tasks inherit container labels from the service spec's container labels, not from
    // the service labels Traefik reads in swarm mode: list plain containers only.
    if (container.service) continue;
    const routes = httpRoutesOf(container.labels);
    if (routes.length > 0)
      routed.push({ kind: 'container', id: container.id, name: container.name, routes });
  }
  return routed.sort((a, b) => a.name.localeCompare(b.name));
}
