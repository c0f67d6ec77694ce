// The image's HEALTHCHECK. The dashboard: asks its own /api/health over loopback. The agent
// (`portolan agent`, told apart by PID 1's command line): its TLS port accepts connections.
// NOTE: a healthy dashboard answers with a health report: 200 (every engine reachable) or 503
// (some engine is not). An unreachable engine is shown on the page; restarting the dashboard
// would not bring it back, so it must not make the container unhealthy.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const TIMEOUT_MS = 4000;

function dashboardToken() {
  if (process.env.PORTOLAN_TOKEN) return process.env.PORTOLAN_TOKEN;
  const file =
    process.env.PORTOLAN_TOKEN_FILE ||
    path.join(process.env.PORTOLAN_STATE_DIR || '/data', 'token');
  return fs.readFileSync(file, 'utf8').trim();
}

async function dashboardHealthy() {
  const response = await fetch(`http://127.0.0.1:${process.env.PORT || 3000}/api/health`, {
    headers: { authorization: `Bearer ${dashboardToken()}` },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const report = await response.json();
  return (response.status === 200 || response.status === 503) && Array.isArray(report.engines);
}

function agentHealthy() {
  return new Promise((resolve) => {
    const socket = net.connect(Number(process.env.PORTOLAN_AGENT_PORT || 9323), '127.0.0.1');
    socket.setTimeout(TIMEOUT_MS, () => resolve(false));
    socket.once('connect', () => resolve(true));
    socket.once('error', () => resolve(false));
  });
}

try {
  const pid1 = fs.readFileSync('/proc/1/cmdline', 'utf8').split('\0');
  const healthy = pid1.includes('agent') ? await agentHealthy() : await dashboardHealthy();
  process.exit(healthy ? 0 : 1);
} catch (error) {
  console.error(`healthcheck: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
