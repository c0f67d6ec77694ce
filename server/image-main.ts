/**
 * The container image's entry (bundled to dist/portolan.mjs by scripts/bundle-server.mjs):
 * no argument runs the dashboard, `agent` runs `portolan agent` (server/agent/main.ts).
 * NOTE: Next's standalone output has no next.config.ts compiler at run time: the configuration
 * the build resolved is handed to Next the way its own standalone server.js does, before the
 * server module (which calls next()) is loaded. NODE_ENV=production comes from the image.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const command = process.argv[2] ?? 'dashboard';

if (command === 'agent') {
  await import('./agent/main');
} else if (command === 'dashboard') {
  const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const serverFiles = path.join(appRoot, '.next', 'required-server-files.json');
  const { config } = JSON.parse(fs.readFileSync(serverFiles, 'utf8')) as { config: unknown };
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
  await import('./index');
} else {
  console.error(`portolan: unknown command "${command}" (use: dashboard | agent)`);
  process.exit(2);
}
