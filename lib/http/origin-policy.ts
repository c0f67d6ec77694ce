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
 * A browser request is same-origin when its Origin names the very scheme and host it was sent to.
 * Portolan serves plain HTTP, so `https://` is another origin — except for host names reached
 * through a TLS-terminating proxy (`httpsHosts`, from PORTOLAN_ALLOWED_HOSTS), where it is the one.
 * `null` and missing Origins are not same-origin: callers decide what those may do.
 */
export function isSameOrigin(
  origin: string | undefined,
  hostHeader: string | undefined,
  httpsHosts: ReadonlySet<string> = new Set(),
): boolean {
  if (!origin || origin === 'null' || !hostHeader) return false;
  try {
    const url = new URL(origin);
    const name = hostNameOf(hostHeader);
    const secure = url.protocol === 'https:' && name !== null && httpsHosts.has(name);
    return (url.protocol === 'http:' || secure) && url.host === hostHeader.toLowerCase();
  } catch {
    return false;
  }
}

/** The headers that say where a browser request comes from. */
export interface RequestSiteHeaders {
  host?: string | undefined;
  origin?: string | undefined;
  'sec-fetch-site'?: string | undefined;
}

/**
 * Where a request comes from, as far as its headers tell:
 * - `same-origin`: a page of the dashboard itself (Origin, or `Sec-Fetch-Site: same-origin` where
 *   browsers send no Origin, as on a same-origin GET);
 * - `user`: the person typed or pasted the address (`Sec-Fetch-Site: none`);
 * - `other-site`: any other page, including another port of the same host (same-site for
 *   cookies, not the same origin), a sandboxed frame (`Origin: null`) or a foreign Origin;
 * - `unknown`: no browser headers at all (a script: only a bearer token may vouch for it).
 */
export type RequestSite = 'same-origin' | 'user' | 'other-site' | 'unknown';

export function requestSite(
  headers: RequestSiteHeaders,
  httpsHosts: ReadonlySet<string> = new Set(),
): RequestSite {
  const { origin } = headers;
  if (origin !== undefined) {
    return isSameOrigin(origin, headers.host, httpsHosts) ? 'same-origin' : 'other-site';
  }
  switch (headers['sec-fetch-site']) {
    case undefined:
      return 'unknown';
    case 'same-origin':
      return 'same-origin';
    case 'none':
      return 'user';
    default:
      return 'other-site';
  }
}

/**
 * The path a login redirect may go to: the same path on this dashboard, never another host.
 * NOTE: `//host/…` and `/\host/…` are scheme-relative URLs to a browser; leading slashes and
 * backslashes collapse to one slash.
 */
export function sanitizeRedirectPath(pathname: string, search = ''): string {
  const clean = pathname.replace(/[\u0000-\u001f\u007f]/g, '');
  return `/${clean.replace(/^[/\\]+/, '')}${search}`;
}
