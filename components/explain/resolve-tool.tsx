'use client';

import { useEffect, useMemo, useRef, useState } from 'react';

import type { Verification } from '@/lib/discovery/lookup';
import { LOOKUP_NAME } from '@/lib/discovery/lookup';
import { isLive } from '@/lib/discovery/model';
import {
  knownNames,
  resolveName,
  type Resolution,
  type ResolveRule,
} from '@/lib/discovery/resolve';
import type { Topology } from '@/lib/topology/types';

import { Button } from '../ui/button';
import { Input, Select } from '../ui/input';
import {
  Addresses,
  Badge,
  Field,
  Panel,
  apiError,
  containerLabel,
  sortedContainers,
  type Tone,
} from './ui';
import { useVerifyOffReason } from './verify-off';

const RULE_TEXT: Record<ResolveRule, { label: string; tone: Tone }> = {
  'shared-network': { label: 'shared network', tone: 'ok' },
  'network-qualified': { label: 'name.network', tone: 'ok' },
  'link-alias': { label: '--link alias', tone: 'ok' },
  'other-network': { label: 'lives on another network', tone: 'warn' },
  forwarded: { label: 'unknown to Docker: forwarded', tone: 'muted' },
  'default-bridge': { label: 'default bridge: no DNS', tone: 'warn' },
  'host-network': { label: 'host network', tone: 'muted' },
  'no-network': { label: 'network none', tone: 'muted' },
  'ingress-only': { label: 'ingress only', tone: 'warn' },
  'not-running': { label: 'not running', tone: 'bad' },
};

const STATUS_TEXT: Record<Verification['status'], string> = {
  answered: 'answered',
  nxdomain: 'NXDOMAIN',
  timeout: 'no answer (timed out)',
  unreachable: 'resolver unreachable',
  'no-answer': 'no answer',
  'no-tool': 'no lookup tool in the image',
  error: 'lookup failed',
};

type Live =
  | { state: 'idle' }
  | { state: 'running'; key: string }
  | { state: 'done'; key: string; result: Resolution & { verified: Verification } }
  | { state: 'failed'; key: string; error: string };

export function Prediction({ resolution }: { resolution: Resolution }) {
  const rule = RULE_TEXT[resolution.rule];
  return (
    <div className="space-y-2" data-testid="resolve-prediction">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-xs font-medium text-muted uppercase">Predicted</span>
        <Addresses
          values={resolution.answers}
          empty={resolution.forwarded ? 'no answer from Docker' : 'no answer'}
        />
        <Badge tone={rule.tone} testId="resolve-rule">
          {rule.label}
        </Badge>
        {resolution.network && <Badge tone="network">on {resolution.network.name}</Badge>}
      </div>
      <p className="text-sm">{resolution.explanation}</p>
      {resolution.reason && <p className="text-sm text-muted">{resolution.reason}</p>}
      {resolution.note && (
        <p className="text-sm" data-testid="resolve-namesakes">
          {resolution.note}
        </p>
      )}
      {resolution.hostsFile.length > 0 && (
        <p className="text-sm">
          /etc/hosts (legacy link): <Addresses values={resolution.hostsFile} />
        </p>
      )}
    </div>
  );
}

/** Pick a container and a name: the predicted answer and its rule, and a real lookup inside it. */
export function ResolveTool({
  topology,
  initialName,
  canVerify,
}: {
  topology: Topology;
  /** The name to start with (the names view's "Resolve…" sets it). */
  initialName: string;
  canVerify: boolean;
}) {
  const containers = useMemo(() => sortedContainers(topology), [topology]);
  const names = useMemo(() => knownNames(topology), [topology]);
  const [fromId, setFromId] = useState('');
  const [name, setName] = useState(initialName);
  const [live, setLive] = useState<Live>({ state: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const offReason = useVerifyOffReason();

  useEffect(() => () => abort.current?.abort(), []);

  const defaultFrom =
    containers.find((container) => container.name === 'client' && isLive(container)) ??
    containers.find(isLive);
  const from = topology.containers[fromId] ?? defaultFrom ?? null;
  const trimmed = name.trim();
  const validName = LOOKUP_NAME.test(trimmed);
  const prediction = from && validName ? resolveName(topology, from.id, trimmed) : null;
  const key = `${from?.id ?? ''}\n${trimmed}`;
  const current = live.state !== 'idle' && live.key === key ? live : null;

  async function verifyLive() {
    if (!from || !validName) return;
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setLive({ state: 'running', key });
    try {
      const query = new URLSearchParams({ from: from.id, name: trimmed, verify: '1' });
      const response = await fetch(`/api/resolve?${query}`, { signal: controller.signal });
      if (!response.ok) throw new Error(await apiError(response));
      const result = (await response.json()) as Resolution & { verified: Verification };
      setLive({ state: 'done', key, result });
    } catch (error) {
      if (controller.signal.aborted) return;
      setLive({
        state: 'failed',
        key,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  const verified = current?.state === 'done' ? current.result.verified : null;
  return (
    <Panel
      title="Resolve"
      description="What a lookup of a name inside a container gets, by Docker’s rules, and what it really gets: “Verify live” runs nslookup (or getent) inside the container."
    >
      <form
        className="mb-4 flex flex-wrap items-end gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          void verifyLive();
        }}
      >
        <Field label="From container" htmlFor="resolve-from" className="w-80">
          <Select
            id="resolve-from"
            look="tool"
            value={from?.id ?? ''}
            onChange={(event) => setFromId(event.target.value)}
          >
            {containers.map((container) => (
              <option key={container.id} value={container.id}>
                {containerLabel(topology, container)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Name" htmlFor="resolve-name" className="w-72">
          <Input
            id="resolve-name"
            look="tool"
            value={name}
            list="resolve-known-names"
            autoComplete="off"
            spellCheck={false}
            aria-invalid={!validName && !!trimmed}
            onChange={(event) => setName(event.target.value)}
          />
          <datalist id="resolve-known-names">
            {names.map((known) => (
              <option key={known} value={known} />
            ))}
          </datalist>
        </Field>
        <div>
          <Button
            type="submit"
            primary
            disabled={
              !canVerify || !from || !validName || current?.state === 'running' || !isLive(from)
            }
          >
            {current?.state === 'running' ? 'Looking up…' : 'Verify live'}
          </Button>
        </div>
      </form>
      {!validName && trimmed && (
        <p className="-mt-2 mb-3 text-xs text-bad" role="alert">
          A host name: letters, digits, dots, dashes and underscores.
        </p>
      )}
      {!canVerify && <p className="mb-3 text-xs text-muted">{offReason}</p>}
      {prediction ? (
        <Prediction resolution={prediction} />
      ) : (
        <p className="text-sm text-muted">Pick a container and type a name.</p>
      )}
      <div aria-live="polite" className="mt-4">
        {current?.state === 'running' && (
          <p className="text-sm text-muted" data-testid="resolve-running">
            Looking {trimmed} up inside {from?.name}… names Docker does not know wait for the
            upstream DNS (about 5 s in the lab).
          </p>
        )}
        {current?.state === 'failed' && (
          <p className="text-sm text-bad" role="alert">
            The live check failed: {current.error}
          </p>
        )}
        {verified && (
          <div
            className="space-y-2 rounded-md border border-border bg-bg p-3"
            data-testid="resolve-verified"
          >
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-xs font-medium text-muted uppercase">Live</span>
              <Addresses values={verified.answers} empty={STATUS_TEXT[verified.status]} />
              {verified.agrees === true && (
                <Badge tone="ok" testId="resolve-verdict">
                  ✓ Agrees{verified.upstream ? ' (answered upstream)' : ''}
                </Badge>
              )}
              {verified.agrees === false && (
                <Badge tone="bad" testId="resolve-verdict">
                  ✗ Disagrees
                </Badge>
              )}
              {verified.agrees === null && (
                <Badge tone="warn" testId="resolve-verdict">
                  Cannot check
                </Badge>
              )}
            </div>
            <p className="text-xs text-muted">
              {verified.tool
                ? `${verified.tool} inside ${from?.name}: ${STATUS_TEXT[verified.status]}, ${(verified.elapsedMs / 1000).toFixed(1)} s.`
                : `${from?.name}: ${STATUS_TEXT[verified.status]}.`}
            </p>
            <details>
              <summary className="cursor-pointer text-xs text-muted">What the tool printed</summary>
              <pre className="mt-1 max-h-48 overflow-auto rounded bg-panel p-2 font-mono text-xs whitespace-pre-wrap ring-1 ring-border">
                {verified.output || '(nothing)'}
              </pre>
            </details>
          </div>
        )}
      </div>
    </Panel>
  );
}
