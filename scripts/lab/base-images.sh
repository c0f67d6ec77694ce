# shellcheck shell=bash
# The official base images the Dockerfile names, made here since no registry is reachable: Sourced
# by image.sh (uses its dk, log, die, IMAGE_WORK).
#  - debian:bookworm-slim: Debian bookworm from Debian's mirror (debootstrap --variant=minbase),
#    slimmed as that image is (debuerreotype's slimify: no docs but copyrights, no man pages, info,
#    locales or lintian data; no apt lists or downloaded packages);
#  - node:20-bookworm-slim: that, plus Node laid out in /usr/local as the official tarball is
#    (bin/node, lib/node_modules/npm and corepack, include/node) from THIS machine's Node 20, Yarn 1
#    in /opt (from the npm registry), and the `node` user (uid 1000, group 1000).
# So sizes measured on the lab are those of the official layout, not of a smaller stand-in.
# A base made by an older lab (without LAB_BASE_LABEL) is made again.

LAB_BASE_LABEL=portolan.lab.base=debootstrap-2

# NOTE: a fixed path, not echoed: a function called in $(…) would capture log lines with it, and
# its `die` would end only the subshell. Kept outside the lab's folder, so `lab down` does not make
# the next `lab image` fetch Debian again.
DEBIAN_ROOTFS="${PORTOLAN_LAB_CACHE:-/var/cache/portolan-lab}/debian-bookworm-rootfs"

ensure_debian_rootfs() {
  local root=$DEBIAN_ROOTFS
  if [[ ! -f $root/.debootstrapped ]]; then
    command -v debootstrap >/dev/null \
      || DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null \
      || die "apt-get install debootstrap failed"
    rm -rf "$root" && mkdir -p "$(dirname "$root")"
    log "image: debootstrap Debian bookworm (minbase) from deb.debian.org, once (a few minutes)"
    debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$IMAGE_WORK/debootstrap.log" 2>&1 \
      || die "debootstrap failed (log: $IMAGE_WORK/debootstrap.log)"
    find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
    rm -rf "$root"/usr/share/{man,info,groff,linda,lintian,locale}/* "$root"/var/lib/apt/lists/* \
      "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/debconf/*-old \
      "$root"/var/log/*.log
    touch "$root/.debootstrapped"
  fi
}

has_lab_base() {
  [[ $(dk 1 image inspect -f '{{index .Config.Labels "portolan.lab.base"}}' "$1" 2>/dev/null) == "${LAB_BASE_LABEL#*=}" ]]
}

import_rootfs() {
  local root=$1 tag=$2; shift 2
  [[ -x $root/bin/sh ]] || die "the root file system for $tag is incomplete ($root)"
  # NOTE: pipefail: a tar that fails must not leave an empty image under the base's tag.
  ( set -o pipefail
    tar -C "$root" --numeric-owner --exclude=./.debootstrapped -cf - . \
      | dk 1 import -c "LABEL $LAB_BASE_LABEL" -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        "$@" - "$tag" >/dev/null
  ) || { dk 1 image rm -f "$tag" >/dev/null 2>&1; die "importing $tag failed"; }
  log "image: base $tag made ($(image_mb 1 "$tag") MB)"
}

make_debian_base() {
  local tag=$1
  has_lab_base "$tag" && return 0
  ensure_debian_rootfs
  import_rootfs "$DEBIAN_ROOTFS" "$tag" -c 'CMD ["bash"]'
}

make_node_base() {
  local tag=$1 root="$IMAGE_WORK/node-rootfs" node npm
  has_lab_base "$tag" && return 0
  node=$(readlink -f "$(command -v node)") || die "no node on this machine"
  npm=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")   # .../node_modules/npm
  [[ -f $npm/package.json ]] || die "npm's folder not found (from $(command -v npm))"
  ensure_debian_rootfs
  rm -rf "$root" && cp -a "$DEBIAN_ROOTFS" "$root"
  mkdir -p "$root"/usr/local/{bin,lib/node_modules,include}
  cp "$node" "$root/usr/local/bin/node"
  cp -a "$npm" "$root/usr/local/lib/node_modules/npm"
  [[ -d $(dirname "$npm")/corepack ]] && cp -a "$(dirname "$npm")/corepack" "$root/usr/local/lib/node_modules/"
  [[ -d /usr/include/node ]] && cp -a /usr/include/node "$root/usr/local/include/node"
  # NOTE: as the official image does (nodejs/node#46451): OpenSSL's headers for other
  # architectures are ~34 MB nobody on x86-64 compiles against.
  find "$root/usr/local/include/node/openssl/archs" -mindepth 1 -maxdepth 1 ! -name linux-x86_64 \
    -exec rm -rf {} + 2>/dev/null || true
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  ln -s node "$root/usr/local/bin/nodejs"
  rm -f "$IMAGE_WORK"/yarn-1*.tgz
  (cd "$IMAGE_WORK" && npm pack -q yarn@1 >/dev/null 2>&1) || die "npm pack yarn@1 failed"
  mkdir -p "$root/opt/yarn" && tar -C "$root/opt/yarn" --strip-components=1 -xzf "$IMAGE_WORK"/yarn-1*.tgz
  ln -s /opt/yarn/bin/yarn "$root/usr/local/bin/yarn"
  chroot "$root" sh -c 'groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node' \
    || die "adding the node user failed"
  import_rootfs "$root" "$tag" -c "ENV NODE_VERSION=$("$node" --version | tr -d v)" -c 'CMD ["node"]'
  rm -rf "$root"
}

# Every base image the Dockerfile's stages start FROM (not the stages themselves).
dockerfile_bases() {
  local stages tag
  stages=$(awk 'toupper($1)=="FROM" && toupper($3)=="AS" {print $4}' "$1/Dockerfile")
  for tag in $(awk 'toupper($1)=="FROM" {print $2}' "$1/Dockerfile" | sort -u); do
    grep -qxF "$tag" <<<"$stages" || echo "$tag"
  done
}

make_base_images() {
  local repo=$1 tag
  for tag in $(dockerfile_bases "$repo"); do
    case $tag in
      debian:bookworm-slim) make_debian_base "$tag" ;;
      node:20-bookworm-slim) make_node_base "$tag" ;;
      *) die "the lab cannot make the base image $tag (Dockerfile): only debian:bookworm-slim and node:20-bookworm-slim" ;;
    esac
  done
}
