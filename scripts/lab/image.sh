# shellcheck shell=bash
# `lab image`: builds the repository's Dockerfile on the lab and loads the image into every node.
# Sourced by lab.sh (uses its dk, log, die, node_sock, SWARM_NODES, LAB, DOCKER): the image goes
# to the swarm nodes (node-4, outside the swarm, runs no stack).
#
# No registry is reachable from the lab, so before building:
#  - the base images the Dockerfile names are made as the official ones are (base-images.sh):
#    Debian bookworm slim from Debian's mirror, and Node 20 (this machine's) laid out on it;
#  - npm's cache is filled with the lock file's packages (once per lock) and travels in the build
#    context (deploy/npm-cache/), and the build runs `npm ci --offline`.
# Docker's layer cache makes a rebuild with unchanged sources take seconds.

PORTOLAN_IMAGE=${PORTOLAN_IMAGE:-portolan:lab}
IMAGE_WORK="$LAB/portolan-image"

image_mb() { echo $(( $(dk "$1" image inspect -f '{{.Size}}' "$2") / 1000000 )); }

# npm's cache holding exactly the lock's packages, refilled when the lock changes.
fill_npm_cache() {
  local repo=$1 cache="$IMAGE_WORK/npm-cache" sum
  sum=$(sha256sum "$repo/package-lock.json" | cut -c1-16)
  [[ -f $cache/.lock-$sum ]] && return 0
  log "image: filling npm's cache with the lock file's packages (once per lock)"
  rm -rf "$cache" "$IMAGE_WORK/npm-fill"
  mkdir -p "$cache" "$IMAGE_WORK/npm-fill"
  cp "$repo/package.json" "$repo/package-lock.json" "$IMAGE_WORK/npm-fill/"
  (cd "$IMAGE_WORK/npm-fill" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error --cache "$cache" >/dev/null) \
    || die "npm ci (to fill the cache) failed"
  rm -rf "$IMAGE_WORK/npm-fill"
  touch "$cache/.lock-$sum"
}

# The build context: the repository's files (tracked and untracked, not ignored) + npm's cache.
make_context() {
  local repo=$1 ctx="$IMAGE_WORK/context"
  rm -rf "$ctx"; mkdir -p "$ctx"
  (cd "$repo" && git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' f; do [[ -e $f ]] && printf '%s\0' "$f"; done \
    | tar -cf - --null -T -) | tar -C "$ctx" -xf -
  mkdir -p "$ctx/deploy/npm-cache"
  cp -al "$IMAGE_WORK/npm-cache/." "$ctx/deploy/npm-cache/"
}

cmd_image() {
  [[ $EUID -eq 0 ]] || die "image must run as root (the engines' sockets are root's)"
  local repo; repo=$(cd "$SCRIPT_DIR/../.." && pwd)
  ping_node 1 || die "the lab is not up: npm run lab -- up"
  mkdir -p "$IMAGE_WORK"
  exec 8>"$IMAGE_WORK/.lock"
  flock -w 900 8 || die "another image build is still running"
  # shellcheck source=scripts/lab/base-images.sh
  source "$SCRIPT_DIR/base-images.sh"
  make_base_images "$repo"
  fill_npm_cache "$repo"
  make_context "$repo"
  log "image: docker build on node-1 (offline npm ci; cached layers are reused)"
  timeout 1200 "$DOCKER" -H "unix://$(node_sock 1)" build -q --build-arg NPM_CI_FLAGS=--offline \
    -t "$PORTOLAN_IMAGE" "$IMAGE_WORK/context" >"$IMAGE_WORK/build.log" 2>&1 \
    || { tail -n 40 "$IMAGE_WORK/build.log" >&2; die "docker build failed (log: $IMAGE_WORK/build.log)"; }
  rm -rf "$IMAGE_WORK/context"
  local id n loads=() p; id=$(dk 1 image inspect -f '{{.Id}}' "$PORTOLAN_IMAGE")
  for n in "${SWARM_NODES[@]:1}"; do
    [[ "$(dk "$n" image inspect -f '{{.Id}}' "$PORTOLAN_IMAGE" 2>/dev/null)" == "$id" ]] && continue
    { "$DOCKER" -H "unix://$(node_sock 1)" save "$PORTOLAN_IMAGE" | dk "$n" load -q >/dev/null; } & loads+=("$!")
  done
  for p in "${loads[@]}"; do wait "$p" || die "loading $PORTOLAN_IMAGE into a node failed"; done
  log "image: $PORTOLAN_IMAGE ($id) on node-1..3"
  echo "image $PORTOLAN_IMAGE size $(image_mb 1 "$PORTOLAN_IMAGE") MB"
}
