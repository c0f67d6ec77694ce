#!/usr/bin/env bash
# npm test: every test, from a clean clone. Installs what is missing (npm packages, Debian's
# chromium, the lab), then runs static checks, unit tests, integration tests against the real lab
# engines, and browser end-to-end tests in Chromium. Ends with one summary line per runner.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

results=.test-results
rm -rf "$results" && mkdir -p "$results"
status=0
step() { # name, command...  (each outcome also goes to steps.jsonl for the summary)
  local name=$1; shift
  say "$name"
  if "$@"; then
    printf '{"name":"%s","ok":true}\n' "$name" >>"$results/steps.jsonl"
  else
    printf 'FAILED: %s\n' "$name" >&2
    printf '{"name":"%s","ok":false}\n' "$name" >>"$results/steps.jsonl"
    status=1
  fi
}

set -e
ensure_node_modules
ensure_debian_packages chromium openssh-server
say "bringing the lab up"
bash scripts/lab/lab.sh up
set +e

step "typecheck" npm run -s typecheck
step "lint" npm run -s lint
step "unit tests" npx vitest run --project unit --reporter=default --reporter=json \
  --outputFile.json="$results/unit.json"
step "integration tests (real lab engines)" npx vitest run --project integration \
  --reporter=default --reporter=json --outputFile.json="$results/integration.json"

# End-to-end tests run against the seeded lab, through a production build. `lab up` first: a
# failed integration test may leave the lab broken (a node out of the swarm); it is made whole
# again (it says so) rather than failing every browser test after it.
step "seeding the lab" bash -c 'bash scripts/lab/lab.sh up && bash scripts/lab/lab.sh seed'
eval "$(bash scripts/lab/lab.sh env)"
export DOCKER_HOST PORTOLAN_ENGINES
step "production build" ensure_next_build
step "end-to-end tests (Chromium)" env PLAYWRIGHT_JSON_OUTPUT_NAME="$results/e2e.json" \
  npx playwright test --reporter=list,json

node scripts/test-summary.mjs "$results" || status=1
exit $status
