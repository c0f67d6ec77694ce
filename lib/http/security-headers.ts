/**
 * Headers sent with every page. The dashboard holds root on the Docker host, so it is never framed,
 * never sniffed, and loads code only from itself.
 * NOTE: Next's App Router inlines bootstrap scripts, so script-src needs 'unsafe-inline';
 * development additionally needs 'unsafe-eval' for React's debugging tools.
 */
export function securityHeaders(development: boolean): { key: string; value: string }[] {
  const scriptSrc = ["'self'", "'unsafe-inline'", ...(development ? ["'unsafe-eval'"] : [])];
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
