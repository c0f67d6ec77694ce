'use client';

import type { Workload } from '@/lib/discovery/model';
import type { Topology } from '@/lib/topology/types';
import { observedReach, windowText, type TrafficWorkload } from '@/lib/traffic/observed';

import { useTraffic } from '../realtime/use-traffic';
import { Badge, type Tone } from './ui';

const TONE = { yes: 'ok', no: 'muted', unknown: 'muted' } as const satisfies Record<string, Tone>;

const asTraffic = (workload: Workload): TrafficWorkload =>
  workload.kind === 'container'
    ? { kind: 'container', id: workload.container.id }
    : { kind: 'service', id: workload.service.id };

/**
 * Beside the prediction, what happened: whether Portolan's traffic sampler saw A talk to B (on the
 * port) within its age. Showing it watches traffic, so the server samples while the tool is open;
 * before that nothing was watched, and the window says so.
 */
export function ReachObserved({
  topology,
  from,
  to,
  port,
}: {
  topology: Topology;
  from: Workload;
  to: Workload;
  port: number | null;
}) {
  const sample = useTraffic(true);
  const result = observedReach(sample, topology, asTraffic(from), asTraffic(to), port);
  const label =
    result.observed === 'unknown'
      ? 'observed: unknown'
      : `observed in the last ${windowText(result.windowMs)}: ${result.observed}`;
  return (
    <span className="inline-flex items-center gap-2 text-sm" data-testid="reach-observed">
      <Badge tone={TONE[result.observed]} title={result.text} testId="reach-observed-badge">
        {label}
      </Badge>
      <span className="text-xs text-muted">{result.text}</span>
    </span>
  );
}
