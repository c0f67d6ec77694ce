import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // NOTE: a separate build folder lets a test run build and serve without disturbing another
  // build or server in the same checkout.
  distDir: process.env.PORTOLAN_NEXT_DIST ?? '.next',
  poweredByHeader: false,
  // NOTE: the custom server (server/index.ts) owns the HTTP port; Next only renders pages.
  // `output: 'standalone'` only for the container image (the Dockerfile sets PORTOLAN_STANDALONE):
  // it traces what Next's renderer needs; the custom server is bundled apart (scripts/bundle-server.mjs).
  ...(process.env.PORTOLAN_STANDALONE === '1'
    ? {
        output: 'standalone' as const,
        // NOTE: the image's build context leaves tests out (.dockerignore); the whole project is
        // type-checked by `npm run typecheck` (CI), not again inside the image build.
        typescript: { ignoreBuildErrors: true },
        // NOTE: sharp serves next/image optimisation, which Portolan does not use.
        outputFileTracingExcludes: { '*': ['node_modules/sharp/**', 'node_modules/@img/**'] },
      }
    : {}),
  // NOTE: the security headers (with a CSP nonce per answer) are set by the custom server's front
  // door on every answer, pages included (server/http/front-door.ts).
};

export default nextConfig;
