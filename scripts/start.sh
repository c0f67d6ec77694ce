#!/usr/bin/env bash
# npm start: the production server (builds the pages first when they are missing or stale).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_node_modules
ensure_next_build
export NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
exec node --import tsx server/index.ts "$@"
