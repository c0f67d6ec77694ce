/**
 * Prints the dashboard's login URL (creating the access tokens on first use), for `npm run demo`
 * and for anyone who lost the one printed at first start.
 * Usage: tsx scripts/login-url.ts [--viewer]
 */
import { loadConfig } from '../server/config';
import { loadAccessTokens } from '../server/security/tokens';

const loaded = loadConfig(process.env);
if (!loaded.ok) {
  for (const problem of loaded.error) console.error(`configuration: ${problem}`);
  process.exit(2);
}
const config = loaded.value;
const tokens = loadAccessTokens(config.stateDir, {
  operator: config.token,
  viewer: config.viewerToken,
});
const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
const token = process.argv.includes('--viewer') ? tokens.viewer : tokens.operator;
console.log(`http://${host.includes(':') ? `[${host}]` : host}:${config.port}/?token=${token}`);
