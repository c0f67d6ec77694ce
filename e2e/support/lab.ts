import Docker from 'dockerode';

/** The lab engines the e2e server streams from (npm test exports PORTOLAN_ENGINES). */
export function labDocker(name: 'node-1' | 'node-2' | 'node-3' | 'node-4' = 'node-1'): Docker {
  const entry = (process.env.PORTOLAN_ENGINES ?? '')
    .split(',')
    .map((item) => item.split('='))
    .find(([engine]) => engine === name);
  const url = entry?.[1];
  if (!url?.startsWith('unix://')) {
    throw new Error('PORTOLAN_ENGINES is not set to the lab: run the e2e tests through npm test');
  }
  return new Docker({ socketPath: url.slice('unix://'.length) });
}

/** Names no other test or run uses. */
export function uniqueName(prefix: string): string {
  return `e2e-${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

export const E2E_LABELS = { 'portolan.test': 'true' };
