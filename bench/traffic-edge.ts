import type { EngineSpec } from '@/lib/config/engine-address';

export interface EdgeLatency {
  note: string;
  runs: number[];
  p50: number;
  max: number;
}

export async function measureEdgeLatency(specs: EngineSpec[]): Promise<EdgeLatency | null> {
  void specs;
  return null;
}
