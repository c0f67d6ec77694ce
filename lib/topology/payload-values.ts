/*
 * Small readers of engine payload values, shared by the element builders.
 */
import type { Protocol } from './types';

/** `10.0.1.5/24` → `10.0.1.5`; empty → null. */
export function plainAddress(cidrOrIp: string | undefined | null): string | null {
  if (!cidrOrIp) return null;
  const slash = cidrOrIp.indexOf('/');
  return slash === -1 ? cidrOrIp : cidrOrIp.slice(0, slash);
}

export function nonEmpty(value: string | undefined | null): string | null {
  return value ? value : null;
}

export function protocolOf(value: string | undefined): Protocol {
  return value === 'udp' || value === 'sctp' ? value : 'tcp';
}

export function byKey<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const left = key(a);
    const right = key(b);
    return left < right ? -1 : left > right ? 1 : 0;
  };
}

/** The distinct, non-empty volume names, sorted. */
export function namedVolumes(names: readonly (string | null | undefined)[]): string[] {
  return [...new Set(names.filter((name): name is string => !!name))].sort();
}
