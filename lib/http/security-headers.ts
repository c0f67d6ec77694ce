/**
 * Headers sent with every answer. The dashboard holds root on the Docker host, so it is never framed,
 * never sniffed, and loads code only from itself.
 * NOTE: in production, scripts run only from the dashboard's own files or with the answer's nonce
 * (Next reads it from the request's CSP header and stamps its inline bootstrap scripts), so an
 * injected inline script does not run. Development keeps 'unsafe-inline' and 'unsafe-eval' for
 * React's debugging tools and hot reload.
 */
export function securityHeaders(
  development: boolean,
  nonce?: string,
): { key: string; value: string }[] {
  const scriptSrc = development
    ? ["'self'", "'unsafe-inline'", "'unsafe-eval'"]
    : ["'self'", nonce ? `'nonce-${nonce}'` : "'unsafe-inline'"];
  const csp = [
    "default-src 'self'",
    `script-src ${scriptSrc.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return [
    { key: 'Content-Security-Policy', value: csp },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'Referrer-Policy', value: 'no-referrer' },
    { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  ];
}
