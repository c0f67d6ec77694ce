#!/usr/bin/env bash
# npm run demo: everything from a clean clone to a dashboard on the lab's sample topology.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_node_modules
say "starting the lab (a private three-node swarm and a standalone engine on this machine)"
bash scripts/lab/lab.sh up
say "seeding the sample topology"
bash scripts/lab/lab.sh seed
eval "$(bash scripts/lab/lab.sh env)"
export DOCKER_HOST PORTOLAN_ENGINES
ensure_next_build
say "starting Portolan on the lab's four engines"
export NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
login_url=$(node --import tsx scripts/login-url.ts)
cat <<MSG

  Portolan is starting on the lab. Open this URL in a browser (it signs you in):

    $login_url

  Read-only access for someone else: npm run -s login-url -- --viewer
  Stop with Ctrl-C; 'npm run lab -- down' removes the lab.

MSG
exec node --import tsx server/index.ts
