import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // NOTE: a separate build folder lets a test run build and serve without disturbing another
  // build or server in the same checkout.
  distDir: process.env.PORTOLAN_NEXT_DIST ?? '.next',
  poweredByHeader: false,
  // NOTE: the custom server (server/index.ts) owns the HTTP port; Next only renders pages.
  // `output: 'standalone'` is deliberately off: it does not trace custom-server files.
  // NOTE: the security headers (with a CSP nonce per answer) are set by the custom server's front
  // door on every answer, pages included (server/http/front-door.ts).
};

export default nextConfig;
