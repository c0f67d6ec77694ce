# Shared helpers for the project's shell entry points (sourced, not run).
# shellcheck shell=bash

say() { printf '\033[1m▸ %s\033[0m\n' "$*"; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Debian packages the dashboard's tests need besides the lab's own (the lab installs those).
ensure_debian_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    fail "missing Debian packages: ${missing[*]} (run: sudo apt-get install -y ${missing[*]})"
  fi
  say "installing ${missing[*]} from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# npm packages: install exactly what the lock file says when node_modules is missing or older
# than it. NOTE: the lock holds every platform's optional native packages (next's swc, tailwind's
# oxide), so `npm ci` accepts it anywhere and never rewrites it; keep it so (regenerate it without
# an existing node_modules, e.g. `rm -rf node_modules && npm install --package-lock-only`).
ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

# A production build of the pages, rebuilt only when sources changed since the last one.
ensure_next_build() {
  local stamp="${PORTOLAN_NEXT_DIST:-.next}/BUILD_ID"
  if [ -f "$stamp" ] && [ -z "$(find app components lib public next.config.ts postcss.config.mjs package-lock.json -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  say "building the dashboard (next build)"
  NEXT_TELEMETRY_DISABLED=1 npx next build >/tmp/portolan-next-build.log 2>&1 || {
    cat /tmp/portolan-next-build.log >&2
    fail "next build failed"
  }
}
