'use client';

import { useMemo } from 'react';

import { unreadNodes } from '@/lib/engines/health';

import { useLive } from '../realtime/live-store';

/**
 * Swarm nodes Portolan reads no engine of (no agent answering there): their swarm tasks show from
 * the manager, their own containers cannot. Its own component, so only it follows the topology.
 */
export function UnreadNodes() {
  const topology = useLive('topology');
  const nodes = useMemo(() => unreadNodes(topology), [topology]);
  if (nodes.length === 0) return null;
  return (
    <ul className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label="Nodes not read">
      {nodes.map((node) => (
        <li
          key={node.hostname}
          data-testid="unread-node"
          data-node={node.hostname}
          className="rounded-lg border border-warn/60 bg-panel p-4 text-sm shadow-sm"
        >
          <div className="flex items-center justify-between gap-2">
            <h3 className="font-mono font-semibold">{node.hostname}</h3>
            <span className="rounded-full bg-warn/15 px-2 py-0.5 text-xs font-medium text-warn">
              own containers not visible
            </span>
          </div>
          <p className="mt-2" role="status">
            {node.reason}
          </p>
        </li>
      ))}
    </ul>
  );
}
