'use client';

import { useMemo, useState } from 'react';

import { egressOf, type EgressVia } from '@/lib/discovery/egress';
import { resolverOf, type ResolverKind } from '@/lib/discovery/resolver';
import type { Topology } from '@/lib/topology/types';

import { Button } from '../ui/button';
import { TableHead } from '../ui/table';
import { Badge, Facts, Panel, apiError, nodeName, sortedContainers, type Tone } from './ui';

const RESOLVER: Record<ResolverKind, { label: string; tone: Tone }> = {
  embedded: { label: '127.0.0.11 (embedded DNS)', tone: 'ok' },
  'host-copy': { label: 'host’s servers (copy)', tone: 'warn' },
  host: { label: 'node’s resolv.conf', tone: 'muted' },
  none: { label: 'none reachable', tone: 'muted' },
  'not-running': { label: 'not running', tone: 'bad' },
};

const WAY_OUT: Record<EgressVia, { label: string; tone: Tone }> = {
  'bridge-nat': { label: 'NAT via bridge', tone: 'ok' },
  'bridge-routed': { label: 'routed via bridge', tone: 'ok' },
  'gwbridge-nat': { label: 'NAT via docker_gwbridge', tone: 'ok' },
  lan: { label: 'on the LAN (macvlan)', tone: 'accent' },
  host: { label: 'the node’s own', tone: 'muted' },
  blocked: { label: 'no way out', tone: 'bad' },
  'not-running': { label: 'not running', tone: 'bad' },
};

interface LiveConf {
  text: string | null;
  nameservers?: string[];
  options?: string[];
  search?: string[];
  agrees?: boolean | null;
  error?: string;
}

function LiveResolvConf({ containerId, canVerify }: { containerId: string; canVerify: boolean }) {
  const [state, setState] = useState<{
    for: string;
    loading: boolean;
    conf: LiveConf | null;
    error: string | null;
  } | null>(null);
  const current = state?.for === containerId ? state : null;
  async function read() {
    setState({ for: containerId, loading: true, conf: null, error: null });
    try {
      const response = await fetch(
        `/api/containers/${encodeURIComponent(containerId)}/resolver?live=1`,
      );
      if (!response.ok) throw new Error(await apiError(response));
      const body = (await response.json()) as { live: LiveConf };
      setState({ for: containerId, loading: false, conf: body.live, error: null });
    } catch (error) {
      setState({
        for: containerId,
        loading: false,
        conf: null,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return (
    <div className="space-y-2">
      <Button onClick={() => void read()} disabled={!canVerify || current?.loading}>
        {current?.loading ? 'Reading…' : 'Read resolv.conf live'}
      </Button>
      <div aria-live="polite">
        {current?.error && (
          <p className="text-sm text-bad" role="alert">
            {current.error}
          </p>
        )}
        {current?.conf && (
          <div className="space-y-1.5">
            {current.conf.agrees === true && (
              <Badge tone="ok">✓ as Docker should have written it</Badge>
            )}
            {current.conf.agrees === false && (
              <Badge tone="bad">✗ not what the rules predict</Badge>
            )}
            <pre
              className="max-h-40 overflow-auto rounded bg-bg p-2 font-mono text-xs whitespace-pre-wrap ring-1 ring-border"
              data-testid="resolv-conf"
            >
              {current.conf.text ?? current.conf.error ?? ''}
            </pre>
          </div>
        )}
      </div>
    </div>
  );
}

/** Each container's resolver as Docker set it up, where unknown names go, and its way out. */
export function ResolverView({ topology, canVerify }: { topology: Topology; canVerify: boolean }) {
  const containers = useMemo(
    () =>
      sortedContainers(topology).filter(
        (container) => container.state === 'running' || container.state === 'paused',
      ),
    [topology],
  );
  const [selectedId, setSelectedId] = useState('');
  const selected = topology.containers[selectedId] ?? containers[0] ?? null;
  const setup = selected ? resolverOf(topology, selected.id) : null;
  const egress = selected ? egressOf(topology, selected.id) : null;

  return (
    <div className="grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <Panel
        title="Resolvers and ways out"
        description="Every container gets a resolver: Docker’s embedded DNS at 127.0.0.11 on user-defined networks, a copy of the host’s servers on the default bridge. Internal networks have no way out."
      >
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Resolver and egress of every running container</caption>
            <TableHead look="facts" columns={['Container', 'Node', 'Resolver', 'Way out']} />
            <tbody>
              {containers.map((container) => {
                const resolver = resolverOf(topology, container.id);
                const out = egressOf(topology, container.id);
                const active = container.id === selected?.id;
                return (
                  <tr
                    key={container.id}
                    className={`border-t border-border ${active ? 'bg-bg' : ''}`}
                  >
                    <td className="py-1.5 pr-3">
                      <button
                        type="button"
                        aria-pressed={active}
                        className="text-left font-mono break-all text-accent hover:underline"
                        onClick={() => setSelectedId(container.id)}
                      >
                        {container.name}
                      </button>
                    </td>
                    <td className="py-1.5 pr-3 text-muted">{nodeName(topology, container.node)}</td>
                    <td className="py-1.5 pr-3">
                      {resolver && (
                        <Badge tone={RESOLVER[resolver.kind].tone}>
                          {RESOLVER[resolver.kind].label}
                        </Badge>
                      )}
                    </td>
                    <td className="py-1.5">
                      {out && <Badge tone={WAY_OUT[out.via].tone}>{WAY_OUT[out.via].label}</Badge>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Panel>
      {selected && setup && egress && (
        <Panel
          title={selected.name}
          labelledBy="resolver-detail"
          description="Resolver and egress, as Docker set them up."
        >
          <div className="space-y-4">
            <Facts
              rows={[
                [
                  'Resolver',
                  <Badge key="r" tone={RESOLVER[setup.kind].tone}>
                    {RESOLVER[setup.kind].label}
                  </Badge>,
                ],
                [
                  'resolv.conf',
                  setup.nameserver ? (
                    <code key="c" className="font-mono text-xs">
                      nameserver {setup.nameserver}
                      {setup.options.length ? ` · options ${setup.options.join(' ')}` : ''}
                    </code>
                  ) : (
                    <span key="c" className="text-muted">
                      the host’s servers
                    </span>
                  ),
                ],
                ['Answers', setup.answers],
                ['Unknown names go to', setup.forwardsTo],
                ...(setup.sharedWith
                  ? [['Shares the namespace of', setup.sharedWith.name] as [string, string]]
                  : []),
              ]}
            />
            <LiveResolvConf containerId={selected.id} canVerify={canVerify} />
            <div className="border-t border-border pt-3">
              <h3 className="mb-2 text-xs font-semibold text-muted uppercase">Egress</h3>
              <Facts
                rows={[
                  [
                    'Way out',
                    <Badge key="w" tone={WAY_OUT[egress.via].tone}>
                      {WAY_OUT[egress.via].label}
                    </Badge>,
                  ],
                  ...(egress.network ? [['Through', egress.network.name] as [string, string]] : []),
                  ...(egress.gateway ? [['Gateway', egress.gateway] as [string, string]] : []),
                  ...(egress.node
                    ? [['Seen outside as', `${egress.node.name} (NAT)`] as [string, string]]
                    : []),
                ]}
              />
              <p className="mt-2 text-sm">{egress.explanation}</p>
              {egress.networks.length > 0 && (
                <ul className="mt-2 space-y-1 text-sm">
                  {egress.networks.map((exit) => (
                    <li key={exit.network.id}>
                      <span className="font-mono">{exit.network.name}</span>{' '}
                      <span className="text-muted">— {exit.explanation}</span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        </Panel>
      )}
    </div>
  );
}
