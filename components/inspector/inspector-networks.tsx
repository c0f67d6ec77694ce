'use client';

import type { TopologyContainer } from '@/lib/topology/types';

import { ContainerNetworksForm } from '../forms/connect-network-form';

/** A container's networks in the inspector: connect to another, disconnect from one. */
export function ConnectedContainerNetworks({ container }: { container: TopologyContainer }) {
  return (
    <div className="space-y-1">
      <h4 className="text-xs font-medium">Networks</h4>
      <ContainerNetworksForm container={container} />
    </div>
  );
}
