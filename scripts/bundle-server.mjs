// Bundles the custom server (and its npm dependencies) into dist/portolan.mjs for the container
// image, where Next's standalone output brings only what the page renderer needs. `next` stays
// external: the standalone node_modules has it. Run by the Dockerfile after `next build`.
import { build } from 'esbuild';

await build({
  entryPoints: ['server/image-main.ts'],
  outfile: 'dist/portolan.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // NOTE: optional native add-ons (ssh2's crypto, ws's accelerators) are loaded in try/catch
  // by their packages; left external they fall back to plain JS, as under `npm start`.
  external: ['next', 'next/*', 'cpu-features', 'bufferutil', 'utf-8-validate', '*.node'],
  // NOTE: bundled CommonJS packages use require(), __dirname and __filename, which ESM has not.
  banner: {
    js: [
      "import { createRequire as __portolanRequire } from 'node:module';",
      "import { fileURLToPath as __portolanPath } from 'node:url';",
      'const require = __portolanRequire(import.meta.url);',
      'const __filename = __portolanPath(import.meta.url);',
      "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
    ].join(' '),
  },
});
