/**
 * DNS-rebinding and cross-site defences, pure so they are tested without a server.
 * The dashboard answers only to the host names it is reached by on purpose.
 */
export function allowedHostNames(bindHost: string, extra: readonly string[] = []): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '::1', ...extra.map((h) => h.toLowerCase())]);
  if (bindHost !== '0.0.0.0' && bindHost !== '::') names.add(bindHost.toLowerCase());
  return names;
}

/** The host name of a Host header (`name:port`, `[v6]:port`), lower-cased; null when malformed. */
export function hostNameOf(hostHeader: string | undefined): string | null {
  if (!hostHeader) return null;
  const value = hostHeader.trim().toLowerCase();
  const v6 = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(value);
  if (v6) return v6[1] ?? null;
  const plain = /^([a-z0-9.-]+)(?::\d{1,5})?$/.exec(value);
  return plain ? (plain[1] ?? null) : null;
}

export function isAllowedHost(hostHeader: string | undefined, allowed: Set<string>): boolean {
  const name = hostNameOf(hostHeader);
  return name !== null && allowed.has(name);
}

/**
 * A browser request is same-origin when its Origin names the very host it was sent to.
 * `null` and missing Origins are not same-origin: callers decide what those may do.
 */
export function isSameOrigin(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (!origin || origin === 'null' || !hostHeader) return false;
  try {
    const url = new URL(origin);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.host === hostHeader.toLowerCase()
    );
  } catch {
    return false;
  }
}
