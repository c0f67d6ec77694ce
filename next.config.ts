import type { NextConfig } from 'next';

import { securityHeaders } from './lib/http/security-headers';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // NOTE: the custom server (server/index.ts) owns the HTTP port; Next only renders pages.
  // `output: 'standalone'` is deliberately off: it does not trace custom-server files.
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders(process.env.NODE_ENV !== 'production') }];
  },
};

export default nextConfig;
