'use client';

import { Fragment, useMemo } from 'react';

import { httpRouting, type HttpRoute } from '@/lib/discovery/http-routing';
import { explainIngress, type Hop, type HopKind } from '@/lib/discovery/ingress-paths';
import type { Topology } from '@/lib/topology/types';

import { TableHead } from '../ui/table';
import { Badge, Empty, Panel, type Tone } from './ui';

const HOP_TONE: Record<HopKind, Tone> = {
  client: 'muted',
  node: 'muted',
  'ingress-sandbox': 'network',
  vip: 'service',
  task: 'task',
  container: 'container',
};

const HOP_TITLE: Record<HopKind, string> = {
  client: 'Client',
  node: 'Node:port',
  'ingress-sandbox': 'Ingress overlay',
  vip: 'VIP on ingress',
  task: 'Tasks',
  container: 'Container',
};

function HopColumn({ hops }: { hops: Hop[] }) {
  const kind = hops[0]?.kind ?? 'client';
  return (
    <li className="flex min-w-36 flex-col gap-1.5">
      <span className="text-[11px] font-semibold tracking-wide text-muted uppercase">
        {HOP_TITLE[kind]}
      </span>
      {hops.map((hop, index) => (
        <div
          key={`${hop.label}-${index}`}
          title={hop.detail}
          className="rounded-md border-l-4 bg-bg px-2 py-1 text-xs ring-1 ring-border"
          style={{
            borderLeftColor: `var(--${HOP_TONE[kind] === 'muted' ? 'muted' : `kind-${HOP_TONE[kind]}`})`,
          }}
        >
          <div className="font-medium break-all">{hop.label}</div>
          {hop.addresses.map((address) => (
            <div key={address} className="font-mono text-muted">
              {address}
            </div>
          ))}
          {hop.kind === 'task' && <div className="text-muted">{hop.detail}</div>}
        </div>
      ))}
    </li>
  );
}

function routeText(route: HttpRoute): string {
  const hosts = route.hosts.length > 0 ? route.hosts.join(', ') : 'any host';
  const paths = route.paths.length > 0 ? route.paths.join(', ') : '/';
  return `${hosts} ${paths}`;
}

/** Each published port as a whole path, and the HTTP routes labels declare on one shared port. */
export function IngressView({ topology }: { topology: Topology }) {
  const paths = useMemo(() => explainIngress(topology), [topology]);
  const routed = useMemo(() => httpRouting(topology), [topology]);
  const byEntry = new Map<string, { workload: string; route: HttpRoute }[]>();
  for (const workload of routed) {
    for (const route of workload.routes) {
      const entries =
        route.entrypoints.length > 0
          ? route.entrypoints
          : [route.provider === 'traefik' ? 'default entry points' : route.provider];
      for (const entry of entries) {
        const list = byEntry.get(entry) ?? [];
        list.push({ workload: workload.name, route });
        byEntry.set(entry, list);
      }
    }
  }

  return (
    <div className="space-y-4">
      <Panel
        title="Ingress: every published port, end to end"
        description="Swarm mode publishes a port on every node: any node takes the connection onto the ingress overlay, to the service’s VIP there, and on to a task wherever it runs. Host-mode ports and bridge mappings open only on one node."
      >
        {paths.length === 0 ? (
          <Empty>No published ports.</Empty>
        ) : (
          <ul className="space-y-5">
            {paths.map((path) => (
              <li key={path.id} data-testid="ingress-path" data-mode={path.mode}>
                <div className="mb-2 flex flex-wrap items-center gap-2">
                  <Badge tone="ingress">{path.mode}</Badge>
                  <span className="font-mono text-sm font-medium">
                    :{path.published} → {path.target.name}:{path.targetPort}/{path.protocol}
                  </span>
                  <span className="text-xs text-muted">{path.summary}</span>
                </div>
                <ol
                  className="flex flex-wrap items-start gap-2"
                  aria-label={`Path of port ${path.published}`}
                >
                  {path.hops.map((column, index) => (
                    <Fragment key={index}>
                      {index > 0 && (
                        <li aria-hidden className="self-center px-1 text-muted">
                          →
                        </li>
                      )}
                      <HopColumn hops={column} />
                    </Fragment>
                  ))}
                </ol>
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <Panel
        title="HTTP routing mesh"
        description="One shared port, many services: a reverse proxy routes each request by Host header and path. Today that is Traefik reading router labels on services (once UCP’s HTTP routing mesh, com.docker.ucp.mesh.http labels; then Interlock)."
      >
        {routed.length === 0 ? (
          <div className="space-y-2 text-sm" data-testid="http-routing-none">
            <p>No service or container carries HTTP routing labels.</p>
            <p className="text-muted">
              With Traefik as the proxy publishing port 80, a service labelled{' '}
              <code className="font-mono text-xs">
                traefik.http.routers.shop.rule=Host(`shop.example`) &amp;&amp; PathPrefix(`/api`)
              </code>{' '}
              would show here, with its host and path, beside every other service behind the same
              port.
            </p>
          </div>
        ) : (
          <div className="space-y-4">
            {[...byEntry].map(([entry, routes]) => (
              <div key={entry}>
                <h3 className="mb-1 text-xs font-semibold text-muted">Entry: {entry}</h3>
                <table className="w-full text-sm">
                  <TableHead
                    look="factsTight"
                    columns={['Host and path', 'Routed to', 'Port', 'Rule']}
                  />
                  <tbody>
                    {routes.map(({ workload, route }, index) => (
                      <tr key={`${workload}-${index}`} className="border-t border-border align-top">
                        <td className="py-1.5 pr-3 font-mono break-all">{routeText(route)}</td>
                        <td className="py-1.5 pr-3">
                          <span className="font-mono">{workload}</span>{' '}
                          <Badge>{route.provider}</Badge>{' '}
                          {route.tls && <Badge tone="ok">TLS</Badge>}
                        </td>
                        <td className="py-1.5 pr-3 font-mono">{route.port ?? '—'}</td>
                        <td className="py-1.5 font-mono text-xs break-all text-muted">
                          {route.rule}
                          {route.complex &&
                            ' (uses || or !: hosts and paths are the ones mentioned)'}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ))}
          </div>
        )}
      </Panel>
    </div>
  );
}
