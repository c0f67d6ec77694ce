# shellcheck shell=bash
# `lab image`: builds the repository's Dockerfile on the lab and loads the image into every node.
# Sourced by lab.sh (uses its dk, log, die, node_sock, SWARM_NODES, LAB, DOCKER): the image goes
# to the swarm nodes (node-4, outside the swarm, runs no stack).
#
# No registry is reachable from the lab, so before building:
#  - the base image the Dockerfile names (node:20-bookworm-slim) is made from THIS machine's Node
#    runtime: its node binary, npm, the shared libraries they and the npm packages' native add-ons
#    load, busybox for a shell, a `node` user (uid 1000) as in the official image;
#  - npm's cache is filled with the lock file's packages (once per lock) and travels in the build
#    context (deploy/npm-cache/), and the build runs `npm ci --offline`.
# Docker's layer cache makes a rebuild with unchanged sources take seconds.

PORTOLAN_IMAGE=${PORTOLAN_IMAGE:-portolan:lab}
IMAGE_WORK="$LAB/portolan-image"

# The first FROM of the Dockerfile: the tag our local base image must carry.
dockerfile_base_tag() { awk 'toupper($1)=="FROM" {print $2; exit}' "$1/Dockerfile"; }

# Every shared library node and the native add-ons in node_modules load (absolute paths).
runtime_libraries() {
  local repo=$1 node=$2
  { ldd "$node"; find "$repo/node_modules" -name '*.node' -path '*linux-x64-gnu*' -exec ldd {} \; 2>/dev/null; } \
    | awk '$2=="=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}' | sort -u
}

make_base_image() {
  local repo=$1 tag=$2
  dk 1 image inspect "$tag" >/dev/null 2>&1 && return 0
  local node npm root="$IMAGE_WORK/base-rootfs" lib a
  node=$(readlink -f "$(command -v node)") || die "no node on this machine"
  npm=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")   # .../node_modules/npm
  [[ -f $npm/package.json ]] || die "npm's folder not found (from $(command -v npm))"
  rm -rf "$root"
  mkdir -p "$root"/{bin,etc,tmp,root,home/node,usr/local/bin,usr/local/lib/node_modules}
  chmod 1777 "$root/tmp"
  cp "$node" "$root/usr/local/bin/node"
  cp -a "$npm" "$root/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  while read -r lib; do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done < <(runtime_libraries "$repo" "$node")
  cp "$BUSYBOX" "$root/bin/busybox"
  for a in $("$BUSYBOX" --list); do [[ $a == busybox ]] || ln -sf busybox "$root/bin/$a"; done
  mkdir -p "$root/usr/bin" && ln -s /bin/busybox "$root/usr/bin/env"   # npm's #!/usr/bin/env node
  printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnode:x:1000:\nnogroup:x:65534:\n' >"$root/etc/group"
  printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
  chown 1000:1000 "$root/home/node"
  tar -C "$root" --numeric-owner -cf - . | dk 1 import -m "portolan lab: $tag from this machine's node $("$node" --version)" \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'ENV NODE_VERSION='"$("$node" --version | tr -d v)" -c 'CMD ["node"]' - "$tag" >/dev/null
  rm -rf "$root"
  log "image: base $tag made from this machine's node $("$node" --version) ($(image_mb 1 "$tag") MB)"
}

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
  local tag; tag=$(dockerfile_base_tag "$repo")
  [[ -n $tag ]] || die "no FROM in $repo/Dockerfile"
  make_base_image "$repo" "$tag"
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
