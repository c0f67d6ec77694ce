'use client';

import { useEffect, useState } from 'react';

import type { TrafficSample } from '@/lib/traffic/types';

import { getSocket } from './socket';

/**
 * The latest traffic sample while `enabled` (the Traffic layer is shown), else null. Watching is
 * what makes the server sample at all: it asks on enable (and again after a reconnect) and says
 * it stopped on disable, so nothing is read from the hosts while nobody looks.
 */
export function useTraffic(enabled: boolean): TrafficSample | null {
  const [sample, setSample] = useState<TrafficSample | null>(null);
  useEffect(() => {
    if (!enabled) return;
    const socket = getSocket();
    const watch = () => socket.emit('traffic:watch');
    socket.on('traffic:sample', setSample);
    socket.on('connect', watch);
    watch();
    return () => {
      socket.off('traffic:sample', setSample);
      socket.off('connect', watch);
      socket.emit('traffic:unwatch');
      setSample(null);
    };
  }, [enabled]);
  return enabled ? sample : null;
}
