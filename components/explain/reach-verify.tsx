'use client';

import { useEffect, useRef, useState } from 'react';

import type { ProbeOutcome, ReachCheck } from '@/lib/discovery/reach-check';

import { Button } from '../ui/button';
import { Badge, apiError, type Tone } from './ui';
import { useVerifyOffReason } from './verify-off';

const OUTCOME: Record<ProbeOutcome, { label: string; tone: Tone }> = {
  open: { label: 'connected', tone: 'ok' },
  refused: { label: 'refused', tone: 'bad' },
  timeout: { label: 'timed out', tone: 'warn' },
  'no-tool': { label: 'no nc or wget', tone: 'muted' },
  error: { label: 'failed', tone: 'bad' },
};

type Live =
  | { state: 'idle' }
  | { state: 'running'; key: string }
  | { state: 'done'; key: string; check: ReachCheck }
  | { state: 'failed'; key: string; error: string };

/**
 * "Verify live" for reach: asks the server to try each predicted way from inside A (busybox `nc`,
 * or `wget`) and shows each outcome against the prediction. `query` is null while A, B or the
 * port are not chosen.
 */
export function ReachVerify({
  query,
  canVerify,
}: {
  query: { from: string; to: string; port: number } | null;
  canVerify: boolean;
}) {
  const [live, setLive] = useState<Live>({ state: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const offReason = useVerifyOffReason();
  useEffect(() => () => abort.current?.abort(), []);
  const key = query ? `${query.from}\n${query.to}\n${query.port}` : '';
  const current = live.state !== 'idle' && live.key === key ? live : null;

  async function verify() {
    if (!query) return;
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setLive({ state: 'running', key });
    try {
      const params = new URLSearchParams({
        from: query.from,
        to: query.to,
        port: String(query.port),
        verify: '1',
      });
      const response = await fetch(`/api/reach?${params}`, { signal: controller.signal });
      if (!response.ok) throw new Error(await apiError(response));
      const body = (await response.json()) as { verified: ReachCheck };
      setLive({ state: 'done', key, check: body.verified });
    } catch (error) {
      if (controller.signal.aborted) return;
      setLive({
        state: 'failed',
        key,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  return (
    <div className="space-y-2" data-testid="reach-verify">
      <div className="flex flex-wrap items-center gap-3">
        <Button
          type="button"
          primary
          disabled={!canVerify || !query || current?.state === 'running'}
          onClick={() => void verify()}
        >
          {current?.state === 'running' ? 'Trying…' : 'Verify live'}
        </Button>
        <span className="text-xs text-muted">
          {canVerify
            ? query
              ? 'Tries a TCP connection to each way from inside A (nc, or wget).'
              : 'Choose a port to try a connection.'
            : offReason}
        </span>
      </div>
      {current?.state === 'failed' && (
        <p role="alert" className="text-sm text-bad">
          {current.error}
        </p>
      )}
      {current?.state === 'done' && (
        <div className="space-y-1.5" data-testid="reach-verified">
          <p className="text-sm" role="status">
            <Badge
              tone={current.check.agrees === null ? 'muted' : current.check.agrees ? 'ok' : 'bad'}
            >
              {current.check.agrees === null
                ? 'not checked'
                : current.check.agrees
                  ? 'as predicted'
                  : 'not as predicted'}
            </Badge>{' '}
            {current.check.explanation}
          </p>
          <ul className="space-y-1 text-sm">
            {current.check.probes.map((probe) => (
              <li
                key={`${probe.address}:${probe.port}`}
                className="flex flex-wrap items-center gap-2"
              >
                <Badge tone={OUTCOME[probe.outcome].tone}>{OUTCOME[probe.outcome].label}</Badge>
                <code className="font-mono text-xs">
                  {probe.address}:{probe.port}
                </code>
                <span className="text-xs text-muted">
                  via {probe.via}
                  {probe.tool ? ` · ${probe.tool}` : ''}
                  {probe.output ? ` · ${probe.output}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
