import type { NextConfig } from 'next';

import { securityHeaders } from './lib/http/security-headers';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // NOTE: a separate build folder lets a test run build and serve without disturbing another
  // build or server in the same checkout.
  distDir: process.env.PORTOLAN_NEXT_DIST ?? '.next',
  poweredByHeader: false,
  // NOTE: the custom server (server/index.ts) owns the HTTP port; Next only renders pages.
  // `output: 'standalone'` is deliberately off: it does not trace custom-server files.
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders(process.env.NODE_ENV !== 'production') }];
  },
};

export default nextConfig;
