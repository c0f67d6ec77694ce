/** The label Portolan puts on everything it creates. */
export const MANAGED_LABEL = 'com.portolan.managed';

/** The user's labels plus Portolan's own marker; built on the server, never taken from input. */
export function withManagedLabel(labels: Record<string, string> = {}): Record<string, string> {
  return { ...labels, [MANAGED_LABEL]: 'true' };
}

/** The name of a `KEY=value` environment entry (values may be secrets: they stay on the server). */
export function envKey(entry: string): string {
  const eq = entry.indexOf('=');
  return eq < 0 ? entry : entry.slice(0, eq);
}
