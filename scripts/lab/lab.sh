#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Portolan lab: a private three-node Docker swarm on this machine, plus node-4, a
# standalone engine (no swarm) with a compose project, as most Docker users run.
#
#   npm run lab -- up | seed | env | status [--json] | restart NODE | down | help
#
# Each node is a real dockerd in its own network namespace (portolan-node-N),
# wired to the root namespace through two Linux bridges (node-4 the same way):
#   ptl-lab0 10.213.0.1/24  underlay, node-N = 10.213.0.1N on eth0 (swarm, VXLAN)
#   ptl-ext0 10.214.0.1/24  "outside world", eth1 in each node (macvlan parent)
# Everything else (data-roots, exec-roots, sockets, logs, pid files) lives in ONE
# folder, ${PORTOLAN_LAB_DIR:-/var/lib/portolan-lab}. It is a fixed path on purpose:
# a fresh clone of the repo (CI) must still find and clean a lab left by an older run.
# See docs/lab.md for the full picture.
set -euo pipefail

# ---------------------------------------------------------------- constants
LAB="${PORTOLAN_LAB_DIR:-/var/lib/portolan-lab}"
LAB="${LAB%/}"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Debian's binaries, by absolute path: /usr/local/bin/docker (a newer CLI) shadows
# /usr/bin/docker on this machine, and we want one known engine/CLI pair.
DOCKER=/usr/bin/docker
DOCKERD=/usr/sbin/dockerd
CONTAINERD=/usr/bin/containerd
SHIM=/usr/bin/containerd-shim-runc-v2
BUSYBOX=/bin/busybox
# Debian's compose v1 (Python): the real client most single-host users deploy with.
COMPOSE=/usr/bin/docker-compose
APT_PACKAGES=(docker.io docker-compose busybox-static iproute2 iptables)

NODES=(1 2 3 4)
# node-1 manager, node-2..3 workers; node-4 is a standalone engine, never in the swarm.
SWARM_NODES=(1 2 3)
STANDALONE_NODES=(4)
# Every slot a node may use, the temporary extra workers of `add-node` (5..9) included: what
# teardown looks for.
NODE_SLOTS=(1 2 3 4 5 6 7 8 9)
BR_LAB=ptl-lab0
BR_EXT=ptl-ext0
LAB_GW=10.213.0.1
EXT_GW=10.214.0.1
FW_CHAIN=PORTOLAN-LAB
IMAGE=busybox:latest
NETNS_DIR=/run/netns

node_name() { echo "node-$1"; }
node_ns()   { echo "portolan-node-$1"; }
node_dir()  { echo "$LAB/node-$1"; }
node_sock() { echo "$LAB/node-$1/docker.sock"; }
node_pidf() { echo "$LAB/node-$1/dockerd.pid"; }
node_log()  { echo "$LAB/node-$1/dockerd.log"; }
node_ip()   { echo "10.213.0.1$1"; }
# A distinct docker0 subnet per node, so a default-bridge IP tells which node it is on.
node_bip()  { echo "172.17.$1.1/24"; }
# cgroup parent per node: lets teardown find every container process of a node,
# even one whose containerd-shim was killed (it is then reparented away from the lab).
node_cgroup() { echo "/portolan-node-$1"; }

# ---------------------------------------------------------------- output
T0=${EPOCHREALTIME/./}
elapsed() { local us=$(( ${EPOCHREALTIME/./} - T0 )); printf '%d.%ds' $((us / 1000000)) $((us / 100000 % 10)); }
log()  { printf '[lab %6s] %s\n' "$(elapsed)" "$*"; }
warn() { printf '[lab %6s] WARNING: %s\n' "$(elapsed)" "$*" >&2; }
die()  { printf '[lab %6s] ERROR: %s\n' "$(elapsed)" "$*" >&2; exit 1; }

# ---------------------------------------------------------------- engine access
# Docker CLI against one node. -H beats DOCKER_HOST; timeout so a hung engine
# cannot hang the tool.
dk() {
  local n=$1; shift
  timeout 60 "$DOCKER" -H "unix://$(node_sock "$n")" "$@"
}

# Does node N's socket answer GET /_ping?
ping_node() {
  local sock; sock=$(node_sock "$1")
  [[ -S $sock ]] || return 1
  if command -v curl >/dev/null; then
    [[ "$(curl -s --max-time 2 --unix-socket "$sock" http://lab/_ping 2>/dev/null)" == OK ]]
  else
    timeout 3 "$DOCKER" -H "unix://$sock" version --format '{{.Server.Version}}' >/dev/null 2>&1
  fi
}

# The live dockerd of node N, from its pid file; checked against /proc so a
# recycled pid is never taken for ours.
dockerd_pid() {
  local pidf pid; pidf=$(node_pidf "$1")
  [[ -r $pidf ]] || return 1
  pid=$(<"$pidf")
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
  [[ "$(proc_cmdline "$pid")" == *"$(node_sock "$1")"* ]] || return 1
  echo "$pid"
}

# Wait (polling, with a deadline) until CMD... succeeds.
wait_for() {
  local what=$1 secs=$2; shift 2
  local deadline=$(( ${EPOCHREALTIME/./} + secs * 1000000 ))
  until "$@"; do
    (( ${EPOCHREALTIME/./} < deadline )) || { warn "timed out after ${secs}s waiting for $what"; return 1; }
    sleep 0.2
  done
}

# ---------------------------------------------------------------- locking
# Commands that change the lab hold a lock so two runs (two test files, a user and
# CI) never interleave. The lock is on the parent folder of $LAB: it always exists,
# and locking it leaves no file behind after `down`.
take_lock() {
  local parent; parent=$(dirname "$LAB")
  mkdir -p "$parent"
  exec 9<"$parent"
  flock -w 600 9 || die "another lab command is still running (lock on $parent)"
}

# ---------------------------------------------------------------- prerequisites
busybox_is_static() {
  [[ -x $BUSYBOX ]] || return 1
  local out; out=$(LC_ALL=C ldd "$BUSYBOX" 2>&1 || true)
  [[ $out == *"not a dynamic"* || $out == *"statically linked"* ]]
}

# A process's command line as one string ("" if gone). Used instead of
# `tr | grep -q`, which pipefail can fail on SIGPIPE.
proc_cmdline() { tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline" || true; }

# Lists "package(what is missing)" words for anything we need that is absent.
missing_prereqs() {
  local miss=()
  [[ -x $DOCKERD && -x $DOCKER && -x $CONTAINERD && -x $SHIM ]] || miss+=("docker.io($DOCKERD,$DOCKER,$CONTAINERD,$SHIM)")
  command -v runc >/dev/null || miss+=("runc(runc)")
  [[ -x $COMPOSE ]] || miss+=("docker-compose($COMPOSE)")
  busybox_is_static || miss+=("busybox-static(static $BUSYBOX)")
  command -v ip >/dev/null || miss+=("iproute2(ip)")
  command -v iptables >/dev/null || miss+=("iptables(iptables)")
  local b
  for b in nsenter unshare setsid flock timeout tar; do
    command -v "$b" >/dev/null || miss+=("util-linux/coreutils/tar($b)")
  done
  echo "${miss[*]:-}"
}

ensure_prereqs() {
  local miss; miss=$(missing_prereqs)
  if [[ $EUID -ne 0 ]]; then
    local msg="the lab must be run as root (it creates network namespaces, bridges and iptables rules; run: sudo npm run lab -- ${CMD:-up})"
    [[ -n $miss ]] && msg+=$'\n'"missing: $miss"$'\n'"install with: apt-get install -y ${APT_PACKAGES[*]}"
    die "$msg"
  fi
  [[ -z $miss ]] && return 0
  log "missing: $miss -> apt-get install ${APT_PACKAGES[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q "${APT_PACKAGES[@]}" >/dev/null \
    || { apt-get update -q >/dev/null && apt-get install -y -q "${APT_PACKAGES[@]}" >/dev/null; } \
    || die "apt-get install ${APT_PACKAGES[*]} failed"
  miss=$(missing_prereqs)
  [[ -z $miss ]] || die "still missing after apt-get install: $miss"
}

# ---------------------------------------------------------------- process hunting
# Every process that belongs to the lab, whatever state the lab is in:
#  - its network namespace is one of the nodes' (dockerd, containerd, shims,
#    host-network containers), current or recorded at creation (a netns whose
#    name was removed can still hold processes);
#  - its cgroup is under a node's cgroup parent (every container process);
#  - its command line mentions $LAB (dockerd, containerd, shims).
# Never this script or its parents.
lab_pids() {
  local -A inodes=() skip=()
  local n ino f root_ino
  root_ino=$(stat -L -c %i /proc/1/ns/net 2>/dev/null || echo none)
  for n in "${NODE_SLOTS[@]}"; do
    ino=$(stat -L -c %i "$NETNS_DIR/$(node_ns "$n")" 2>/dev/null || true)
    [[ -n $ino ]] && inodes[$ino]=1
    f="$(node_dir "$n")/netns.inode"
    [[ -r $f ]] && inodes[$(<"$f")]=1
  done
  unset "inodes[$root_ino]" 2>/dev/null || true
  # ourselves and our ancestors
  local p=$BASHPID
  while [[ $p =~ ^[0-9]+$ && $p -gt 1 ]]; do
    skip[$p]=1
    p=$(awk '/^PPid:/{print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
  done
  skip[$$]=1
  {
    if (( ${#inodes[@]} )); then
      # "lrwx... /proc/123/ns/net -> net:[4026532]" ; one ls for all processes
      # shellcheck disable=SC2012 # /proc names are plain numbers
      ls -l /proc/[0-9]*/ns/net 2>/dev/null | awk -v set=" ${!inodes[*]} " '
        { t=$NF; gsub(/[^0-9]/,"",t); split($(NF-2),a,"/"); if (index(set, " " t " ")) print a[3] }' || true
    fi
    # NOTE: processes come and go while we look (ls/grep then exit 1 or 2): with pipefail that
    # must not end the script, so each producer is allowed to fail.
    grep -lE ':/portolan-node-[0-9]+(/|$)' /proc/[0-9]*/cgroup 2>/dev/null | cut -d/ -f3 || true
    grep -lzF -- "$LAB/" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3 || true
  } | sort -un | while read -r p; do
    [[ -n ${skip[$p]:-} ]] && continue
    [[ -d /proc/$p ]] || continue   # e.g. the grep above, which mentions $LAB
    # zombies cannot be killed and hold nothing; their parent reaps them
    [[ "$(awk '/^State:/{print $2}' "/proc/$p/status" 2>/dev/null)" == Z ]] && continue
    echo "$p"
  done
}

# SIGKILL everything of the lab until nothing is left (dockerd would restart a
# dead containerd, containerd would not restart shims: kill them all in one pass,
# then look again).
kill_lab_processes() {
  local pids tries=0
  while pids=$(lab_pids) && [[ -n $pids ]]; do
    (( tries++ < 50 )) || { warn "processes survive SIGKILL: ${pids//$'\n'/ }"; return 1; }
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
    sleep 0.1
  done
}

# Ask dockerds to stop, TERM first (they stop their containers and containerd),
# TERM again half-way (a dockerd busy with swarm shutdown may drop the first one),
# KILL at the deadline.
stop_dockerds() {
  local grace=$1; shift
  local -A pids=()
  local n pid
  for n in "$@"; do
    pid=$(dockerd_pid "$n") || continue
    pids[$n]=$pid
    kill -TERM "$pid" 2>/dev/null || true
  done
  (( ${#pids[@]} )) || return 0
  log "stopping dockerd on $(for n in "${!pids[@]}"; do printf 'node-%s ' "$n"; done)(SIGTERM)"
  local start=${EPOCHREALTIME/./} resent=0 now alive
  while :; do
    alive=()
    for n in "${!pids[@]}"; do [[ -d /proc/${pids[$n]} ]] && ! grep -q '^State:.*Z' "/proc/${pids[$n]}/status" 2>/dev/null && alive+=("$n"); done
    (( ${#alive[@]} )) || break
    now=$(( (${EPOCHREALTIME/./} - start) / 1000000 ))
    if (( now >= grace )); then
      for n in "${alive[@]}"; do warn "node-$n dockerd ignored SIGTERM for ${grace}s: SIGKILL"; kill -KILL "${pids[$n]}" 2>/dev/null || true; done
      break
    elif (( !resent && now * 2 >= grace )); then
      for n in "${alive[@]}"; do kill -TERM "${pids[$n]}" 2>/dev/null || true; done
      resent=1
    fi
    sleep 0.1
  done
}

# Kill whatever of node N is left (containerd, shims, containers) once its dockerd is gone.
kill_node_processes() {
  local n=$1 pids ino
  ino=$(stat -L -c %i "$NETNS_DIR/$(node_ns "$n")" 2>/dev/null || echo none)
  pids=$(lab_pids | while read -r p; do
    if grep -qE ":/portolan-node-$n(/|\$)" "/proc/$p/cgroup" 2>/dev/null \
       || [[ "$(stat -L -c %i "/proc/$p/ns/net" 2>/dev/null)" == "$ino" ]] \
       || [[ "$(proc_cmdline "$p")" == *"$(node_dir "$n")/"* ]]; then echo "$p"; fi
  done)
  if [[ -n $pids ]]; then
    log "node-$n: killing leftover processes: ${pids//$'\n'/ }"
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
  fi
}

# ---------------------------------------------------------------- teardown
lab_mounts() {
  # mount points (field 5 of mountinfo) at or under $LAB, deepest first
  awk -v p="$LAB" '{ m=$5; gsub(/\\040/," ",m); if (m==p || index(m, p "/")==1) print m }' /proc/self/mountinfo | sort -ru
}

unmount_lab() {
  local _ m mounts
  for _ in 1 2 3 4 5; do
    mounts=$(lab_mounts)
    [[ -z $mounts ]] && return 0
    while read -r m; do
      umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
    done <<<"$mounts"
  done
  mounts=$(lab_mounts)
  [[ -z $mounts ]] || { warn "mounts left under $LAB: ${mounts//$'\n'/ }"; return 1; }
}

fw_teardown() {
  while iptables -w -D FORWARD -j "$FW_CHAIN" 2>/dev/null; do :; done
  iptables -w -F "$FW_CHAIN" 2>/dev/null || true
  iptables -w -X "$FW_CHAIN" 2>/dev/null || true
}

# Shim sockets live outside $LAB (/run/containerd/s/<hash>); a shim that dies from
# SIGKILL leaves its socket. Each task's bundle records the address: remove those.
remove_shim_sockets() {
  local f a
  for f in "$LAB"/node-*/exec/containerd/daemon/io.containerd.runtime.v2.task/*/*/address; do
    [[ -r $f ]] || continue
    a=$(<"$f"); a=${a#unix://}
    [[ $a == /run/containerd/s/* ]] && rm -f -- "$a"
  done
  rmdir /run/containerd/s /run/containerd 2>/dev/null || true
}

# libnetwork writes the load-balancer sandbox files of overlay networks to a fixed
# /var/lib/docker/network/files/lb_<network id>, whatever --data-root says, and
# does not always remove them (a killed engine, an overlay removed by a test).
# dockerd also creates /run/docker/plugins. Remove ours: ids known to a live node
# (LAB_NET_IDS) or found in a node's data; and, unless a dockerd outside the lab
# runs (it would own /var/lib/docker), every lb_ folder touched since the lab was
# created. Then the folders, if empty.
declare -A LAB_NET_IDS=()
remember_network_ids() {
  local n id
  for n in "${NODES[@]}"; do
    ping_node "$n" || continue
    for id in $(dk "$n" network ls -q --no-trunc 2>/dev/null || true); do LAB_NET_IDS[$id]=1; done
  done
}

foreign_dockerd_running() {
  local p
  for p in $(pgrep -x dockerd || true); do
    # our killed dockerds linger as zombies (empty command line) until reaped
    [[ "$(awk '/^State:/{print $2}' "/proc/$p/status" 2>/dev/null)" == Z ]] && continue
    [[ "$(proc_cmdline "$p")" == *"$LAB/"* ]] || return 0
  done
  return 1
}

remove_stray_files() {
  local d id files=/var/lib/docker/network/files
  local -A recent=()
  if [[ -d $files && -e $LAB/created ]] && ! foreign_dockerd_running; then
    while read -r d; do
      [[ -n $d ]] && recent[$d]=1
    done < <(find "$files" -maxdepth 1 -name 'lb_*' -newer "$LAB/created" 2>/dev/null || true)
  fi
  for d in "$files"/lb_*; do
    [[ -d $d ]] || continue
    id=${d##*/lb_}
    if [[ -n ${LAB_NET_IDS[$id]:-} || -n ${recent[$d]:-} ]] \
       || grep -rqsaF -- "$id" "$LAB"/node-*/data/network "$LAB"/node-*/data/swarm/worker 2>/dev/null; then
      rm -rf -- "$d"
    fi
  done
  rmdir "$files" /var/lib/docker/network /var/lib/docker \
    /run/docker/plugins /run/docker /run/mount 2>/dev/null || true
}

remove_cgroups() {
  local n d
  for n in "${NODE_SLOTS[@]}"; do
    for d in /sys/fs/cgroup/*"$(node_cgroup "$n")"; do
      if [[ -d $d ]]; then find "$d" -depth -type d -exec rmdir {} + 2>/dev/null || true; fi
    done
  done
}

# Remove everything the lab may have made, in an order that works from any state:
# a healthy lab, a crashed one (processes gone, mounts/netns/data left), or nothing.
teardown() {
  local grace=${1:-6}
  remember_network_ids
  # the seed's caller of edge from the root namespace (seed.sh, seed_outside_caller)
  local caller
  caller=$(cat "$LAB/outside-caller.pid" 2>/dev/null || true)
  [[ -n $caller ]] && grep -q 'outside-caller' "/proc/$caller/cmdline" 2>/dev/null && kill "$caller" 2>/dev/null || true
  stop_dockerds "$grace" "${NODES[@]}"
  kill_lab_processes || true
  [[ -d $LAB ]] && remove_shim_sockets
  unmount_lab || true
  local n ns
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep '^portolan-node-' || true); do
    ip netns delete "$ns" 2>/dev/null || { umount -l "$NETNS_DIR/$ns" 2>/dev/null; rm -f "$NETNS_DIR/$ns"; }
  done
  # /run/netns is a mount that `ip netns add` made; drop it when nothing else uses it
  if [[ -d $NETNS_DIR ]] && [[ -z "$(ls -A "$NETNS_DIR" 2>/dev/null)" ]]; then
    umount "$NETNS_DIR" 2>/dev/null || true
    rmdir "$NETNS_DIR" 2>/dev/null || true
  fi
  for n in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep '^ptl-' || true); do
    ip link delete "$n" 2>/dev/null || true
  done
  fw_teardown
  remove_cgroups
  remove_stray_files
  if [[ -e $LAB ]]; then
    rm -rf --one-file-system -- "$LAB" 2>/dev/null || { unmount_lab || true; rm -rf -- "$LAB"; }
  fi
}

# Is there anything at all left of a lab?
lab_exists() {
  [[ -e $LAB ]] && return 0
  [[ "$(ip netns list 2>/dev/null || true)" == *portolan-node-* ]] && return 0
  [[ "$(ip -o link show 2>/dev/null || true)" == *": ptl-"* ]] && return 0
  iptables -w -S "$FW_CHAIN" >/dev/null 2>&1 && return 0
  [[ -n "$(lab_pids)" ]]
}

# ---------------------------------------------------------------- bring-up
setup_network() {
  local br
  for br in "$BR_LAB" "$BR_EXT"; do
    ip link add "$br" type bridge
  done
  ip addr add "$LAB_GW/24" dev "$BR_LAB"
  ip addr add "$EXT_GW/24" dev "$BR_EXT"
  ip link set "$BR_LAB" up
  ip link set "$BR_EXT" up
  mkdir -p "$LAB"
  # a time stamp: teardown removes stray engine files newer than this
  touch "$LAB/created"

  local n
  for n in "${NODES[@]}"; do setup_node_network "$n"; done
  log "network: bridges $BR_LAB ($LAB_GW/24) + $BR_EXT ($EXT_GW/24), namespaces $(node_ns 1)..${#NODES[@]}"

  # br_netfilter sends bridged frames through the root FORWARD chain, whose policy
  # becomes DROP as soon as any dockerd runs in the root namespace. Accept
  # bridge-to-same-bridge; drop anything routed into or out of the lab bridges
  # (defence in depth: the macvlan network's gateway is the root side).
  fw_teardown
  iptables -w -N "$FW_CHAIN"
  iptables -w -A "$FW_CHAIN" -i "$BR_LAB" -o "$BR_LAB" -j ACCEPT
  iptables -w -A "$FW_CHAIN" -i "$BR_EXT" -o "$BR_EXT" -j ACCEPT
  iptables -w -A "$FW_CHAIN" -i "$BR_LAB" -j DROP
  iptables -w -A "$FW_CHAIN" -i "$BR_EXT" -j DROP
  iptables -w -A "$FW_CHAIN" -o "$BR_LAB" -j DROP
  iptables -w -A "$FW_CHAIN" -o "$BR_EXT" -j DROP
  iptables -w -I FORWARD 1 -j "$FW_CHAIN"
  log "iptables: FORWARD -> $FW_CHAIN (accept $BR_LAB<->$BR_LAB, $BR_EXT<->$BR_EXT)"
}

# Node N's namespace, wired to both bridges.
setup_node_network() {
  local n=$1 ns
  ns=$(node_ns "$n")
  mkdir -p "$(node_dir "$n")"
  ip netns add "$ns"
  stat -L -c %i "$NETNS_DIR/$ns" >"$(node_dir "$n")/netns.inode"
  # underlay: eth0 with the node's address, and deliberately NO default route:
  # lab traffic stays in the lab, and registry look-ups fail at once instead of
  # waiting for a DNS time-out.
  ip link add "ptl-n$n-lab" type veth peer name eth0 netns "$ns"
  ip link set "ptl-n$n-lab" master "$BR_LAB" up
  # "external" segment: eth1, no address, the macvlan parent (promiscuous, as
  # macvlan needs to receive frames for its own MACs).
  ip link add "ptl-n$n-ext" type veth peer name eth1 netns "$ns"
  ip link set "ptl-n$n-ext" master "$BR_EXT" up
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$(node_ip "$n")/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set eth1 promisc on up
  node_socket_hashes "$ns"
}

# Containers created from now on in namespace NS get TCP/UDP socket hash tables of their own
# (Linux >= 6.1/6.2) instead of sharing the host's: reading one container's /proc/<pid>/net/tcp
# then walks its 1024 buckets, not the host's ~262,144 (Portolan's traffic sampler reads every
# container's tables each second; docs/traffic.md). A kernel without the sysctls is left as is.
node_socket_hashes() {
  local ns=$1
  ip netns exec "$ns" sysctl -qw net.ipv4.tcp_child_ehash_entries=1024 2>/dev/null || true
  ip netns exec "$ns" sysctl -qw net.ipv4.udp_child_hash_entries=128 2>/dev/null || true
}

# Start node N's dockerd in its namespace, detached, with the same flags every time.
start_dockerd() {
  local n=$1 dir ns
  dir=$(node_dir "$n"); ns=$(node_ns "$n")
  mkdir -p "$dir/data" "$dir/exec"
  # Our own config file: nothing from /etc/docker leaks in, and the engine's
  # identity key goes to the node's folder instead of the shared default
  # /etc/docker/key.json (Debian's 20.10 only takes this setting from the file).
  printf '{"deprecated-key-path": "%s/key.json"}\n' "$dir" >"$dir/daemon.json"
  rm -f "$(node_sock "$n")" "$(node_pidf "$n")"
  printf '\n===== %s start %s =====\n' "$(node_name "$n")" "$(date -Is)" >>"$(node_log "$n")"
  # nsenter (not `ip netns exec`, which remounts /sys and hides the cgroup mounts),
  # unshare --uts for the node's own hostname (= its swarm node name).
  # env -i: no proxy or DOCKER_* variables from the caller. PREFER_OFFLINE_IMAGE:
  # swarm tasks use the imported image instead of trying a registry pull first.
  # --dns 127.0.0.1: containers' upstream DNS is the node's own loopback, where
  # nothing listens: unknown names fail at once and never leave the lab.
  # fd 9 (the lock) is closed so dockerd does not hold it forever.
  # shellcheck disable=SC2016 # $0/$@ are for the inner sh
  setsid nsenter --net="$NETNS_DIR/$ns" -- \
    unshare --uts -- \
    /bin/sh -c 'hostname "$0" && exec "$@"' "$(node_name "$n")" \
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
      DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1 \
    "$DOCKERD" \
      --host "unix://$(node_sock "$n")" \
      --data-root "$dir/data" \
      --exec-root "$dir/exec" \
      --pidfile "$(node_pidf "$n")" \
      --config-file "$dir/daemon.json" \
      --bip "$(node_bip "$n")" \
      --cgroup-parent "$(node_cgroup "$n")" \
      --storage-driver overlay2 \
      --userland-proxy=false \
      --dns 127.0.0.1 \
      --shutdown-timeout 5 \
    </dev/null >>"$(node_log "$n")" 2>&1 9<&- &
  # setsid, nsenter, unshare and sh all exec without forking: $! is dockerd itself
  STARTED_PID[$n]=$!
}
declare -A STARTED_PID=()

wait_dockerd() {
  local n=$1
  local deadline=$(( ${EPOCHREALTIME/./} + 40 * 1000000 ))
  until ping_node "$n"; do
    if [[ -n ${STARTED_PID[$n]:-} ]] && ! kill -0 "${STARTED_PID[$n]}" 2>/dev/null; then
      tail -n 20 "$(node_log "$n")" >&2 || true
      die "node-$n: dockerd exited during start (log: $(node_log "$n"))"
    fi
    if (( ${EPOCHREALTIME/./} > deadline )); then
      tail -n 20 "$(node_log "$n")" >&2 || true
      die "node-$n: dockerd did not answer _ping within 40s (log: $(node_log "$n"))"
    fi
    sleep 0.1
  done
  log "node-$n: dockerd up (pid $(dockerd_pid "$n" || echo '?'), $(node_sock "$n"))"
}

# "hostname status availability manager-status" lines, from the manager's view
swarm_nodes() {
  dk 1 node ls --format '{{.Hostname}} {{.Status}} {{.Availability}} {{if .ManagerStatus}}{{.ManagerStatus}}{{else}}worker{{end}}' 2>/dev/null
}

all_nodes_ready() {
  local lines; lines=$(swarm_nodes) || return 1
  local n
  [[ $(wc -l <<<"$lines") -eq ${#SWARM_NODES[@]} ]] || return 1
  for n in "${SWARM_NODES[@]}"; do grep -q "^node-$n Ready " <<<"$lines" || return 1; done
}

node_swarm_active() {
  [[ "$(dk "$1" info --format '{{.Swarm.LocalNodeState}}|{{.Swarm.Error}}' 2>/dev/null)" == "active|" ]]
}

form_swarm() {
  dk 1 swarm init --advertise-addr "$(node_ip 1)" >/dev/null
  local token; token=$(dk 1 swarm join-token -q worker)
  log "swarm: initialised on node-1 (manager, $(node_ip 1):2377)"
  local n joins=()
  for n in "${SWARM_NODES[@]:1}"; do
    dk "$n" swarm join --token "$token" --advertise-addr "$(node_ip "$n")" "$(node_ip 1):2377" >/dev/null &
    joins+=("$!")
  done
  local p; for p in "${joins[@]}"; do wait "$p" || die "a worker failed to join the swarm"; done
  wait_for "3 nodes Ready" 60 all_nodes_ready || die "swarm nodes not Ready: $(swarm_nodes | tr '\n' ';')"
  log "swarm: node-2, node-3 joined as workers; 3 nodes Ready"
}

# A ~2 MB image: busybox-static plus applet symlinks, made once per lab.
build_rootfs_tar() {
  local img="$LAB/image" root="$LAB/image/rootfs"
  [[ -s $img/busybox.tar ]] && return 0
  rm -rf "$img"; mkdir -p "$root"/{bin,etc,tmp,proc,sys,dev,root,www,data,var/log}
  chmod 1777 "$root/tmp"
  cp "$BUSYBOX" "$root/bin/busybox"
  local a
  for a in $("$BUSYBOX" --list); do
    [[ $a == busybox ]] || ln -sf busybox "$root/bin/$a"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  echo 'portolan lab busybox' >"$root/www/index.html"
  tar -C "$root" --numeric-owner --owner=0 --group=0 -cf "$img/busybox.tar" .
  rm -rf "$root"
}

image_present() { dk "$1" image inspect --format '{{.Id}}' "$IMAGE" >/dev/null 2>&1; }

import_image() {
  local n=$1
  image_present "$n" && return 0
  dk "$n" import -m 'portolan lab: busybox-static' \
    -c 'CMD ["/bin/sh"]' -c 'LABEL portolan.lab=true' \
    "$LAB/image/busybox.tar" "$IMAGE" >/dev/null
}

import_images() {
  build_rootfs_tar
  local n imports=()
  for n in "${NODES[@]}"; do import_image "$n" & imports+=("$!"); done
  local p; for p in "${imports[@]}"; do wait "$p" || die "image import failed"; done
  log "image: $IMAGE imported into node-1..${#NODES[@]} ($(du -h "$LAB/image/busybox.tar" | cut -f1) tar)"
}

# ---------------------------------------------------------------- status
# Fills the S_* arrays; returns 0 only if everything is healthy.
declare -A S_NS S_PID S_REACH S_STATE S_CONTROL S_NODEID S_ERR S_READY S_IMAGE
S_NODES_TOTAL=0 S_NODES_READY=0 S_MANAGERS=0
collect_status() {
  local n ok=0 info lines
  for n in "${NODES[@]}"; do
    S_NS[$n]=false; S_PID[$n]=""; S_REACH[$n]=false; S_STATE[$n]=""; S_CONTROL[$n]=false
    S_NODEID[$n]=""; S_ERR[$n]=""; S_READY[$n]=false; S_IMAGE[$n]=false
    [[ -e $NETNS_DIR/$(node_ns "$n") ]] && S_NS[$n]=true
    S_PID[$n]=$(dockerd_pid "$n" 2>/dev/null || true)
    if ping_node "$n"; then
      S_REACH[$n]=true
      info=$(dk "$n" info --format '{{.Swarm.LocalNodeState}}|{{.Swarm.ControlAvailable}}|{{.Swarm.NodeID}}|{{.Swarm.Error}}' 2>/dev/null || true)
      IFS='|' read -r "S_STATE[$n]" "S_CONTROL[$n]" "S_NODEID[$n]" "S_ERR[$n]" <<<"$info"
      image_present "$n" && S_IMAGE[$n]=true
    fi
  done
  S_NODES_TOTAL=0 S_NODES_READY=0 S_MANAGERS=0
  if [[ ${S_CONTROL[1]} == true ]] && lines=$(swarm_nodes) && [[ -n $lines ]]; then
    S_NODES_TOTAL=$(wc -l <<<"$lines")
    S_NODES_READY=$(grep -c ' Ready ' <<<"$lines" || true)
    S_MANAGERS=$(grep -cv ' worker$' <<<"$lines" || true)
    for n in "${SWARM_NODES[@]}"; do grep -q "^node-$n Ready " <<<"$lines" && S_READY[$n]=true; done
  fi
  for n in "${SWARM_NODES[@]}"; do
    [[ ${S_NS[$n]} == true && -n ${S_PID[$n]} && ${S_REACH[$n]} == true && ${S_STATE[$n]} == active \
       && -z ${S_ERR[$n]} && ${S_READY[$n]} == true && ${S_IMAGE[$n]} == true ]] || ok=1
  done
  [[ ${S_CONTROL[1]} == true && $S_NODES_TOTAL -eq ${#SWARM_NODES[@]} && $S_NODES_READY -eq ${#SWARM_NODES[@]} && $S_MANAGERS -eq 1 ]] || ok=1
  SWARM_HEALTHY=$(( ok == 0 ))
  for n in "${STANDALONE_NODES[@]}"; do
    standalone_healthy "$n" || ok=1
  done
  return $ok
}
SWARM_HEALTHY=0

# A standalone node is healthy when its engine answers, outside any swarm, with the image.
standalone_healthy() {
  local n=$1
  [[ ${S_NS[$n]} == true && -n ${S_PID[$n]} && ${S_REACH[$n]} == true && ${S_STATE[$n]} == inactive \
     && -z ${S_ERR[$n]} && ${S_IMAGE[$n]} == true ]]
}

is_standalone() { [[ " ${STANDALONE_NODES[*]} " == *" $1 "* ]]; }

json_str() {
  local s=$1
  s=${s//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\n'/\\n}; s=${s//$'\t'/\\t}; s=${s//$'\r'/}
  printf '"%s"' "$s"
}

role_of() {
  local n=$1
  if is_standalone "$n"; then [[ ${S_REACH[$n]} == true ]] && echo standalone || echo ""
  elif [[ ${S_STATE[$n]} != active ]]; then echo ""
  elif [[ ${S_CONTROL[$n]} == true ]]; then echo manager
  else echo worker; fi
}

print_status_json() {
  local healthy=$1 n first=1
  printf '{"healthy":%s,"dir":%s,"swarm":{"nodes":%d,"ready":%d,"managers":%d},"nodes":[' \
    "$healthy" "$(json_str "$LAB")" "$S_NODES_TOTAL" "$S_NODES_READY" "$S_MANAGERS"
  for n in "${NODES[@]}"; do
    (( first )) || printf ','
    first=0
    printf '{"name":%s,"socket":%s,"host":%s,"ip":%s,"namespace":%s,"pid":%s,"reachable":%s,"image":%s,' \
      "$(json_str "$(node_name "$n")")" "$(json_str "$(node_sock "$n")")" "$(json_str "unix://$(node_sock "$n")")" \
      "$(json_str "$(node_ip "$n")")" "${S_NS[$n]}" "${S_PID[$n]:-null}" "${S_REACH[$n]}" "${S_IMAGE[$n]}"
    printf '"swarm":{"state":%s,"role":%s,"nodeId":%s,"ready":%s,"error":%s}}' \
      "$(json_str "${S_STATE[$n]:-unknown}")" "$(json_str "$(role_of "$n")")" "$(json_str "${S_NODEID[$n]}")" \
      "${S_READY[$n]}" "$(json_str "${S_ERR[$n]}")"
  done
  printf ']}\n'
}

print_status_text() {
  local healthy=$1 n
  printf 'Portolan lab at %s: %s\n' "$LAB" "$([[ $healthy == true ]] && echo HEALTHY || echo 'NOT healthy')"
  printf '  %-7s %-12s %-9s %-8s %-10s %-9s %-8s %-6s %s\n' NODE IP NETNS PID SOCKET SWARM ROLE READY IMAGE
  for n in "${NODES[@]}"; do
    printf '  %-7s %-12s %-9s %-8s %-10s %-9s %-8s %-6s %s\n' "$(node_name "$n")" "$(node_ip "$n")" \
      "$([[ ${S_NS[$n]} == true ]] && echo ok || echo missing)" "${S_PID[$n]:--}" \
      "$([[ ${S_REACH[$n]} == true ]] && echo answers || echo down)" "${S_STATE[$n]:--}" \
      "$(role_of "$n")" "$(is_standalone "$n" && echo - || echo "${S_READY[$n]}")" "$([[ ${S_IMAGE[$n]} == true ]] && echo "$IMAGE" || echo missing)"
    [[ -n ${S_ERR[$n]} ]] && printf '          swarm error: %s\n' "${S_ERR[$n]}"
  done
  printf '  swarm: %d node(s), %d Ready, %d manager(s)\n' "$S_NODES_TOTAL" "$S_NODES_READY" "$S_MANAGERS"
  if [[ $healthy != true ]]; then
    if [[ $EUID -ne 0 ]]; then
      printf '  note: not root - the sockets are root'"'"'s, so a running lab looks down from here (sudo npm run lab -- status)\n'
    else
      printf '  fix: npm run lab -- up   (recreates the lab; then: npm run lab -- seed)\n'
    fi
  fi
}

# ---------------------------------------------------------------- commands
cmd_up() {
  ensure_prereqs
  take_lock
  if collect_status; then
    log "lab is already up and healthy (3 nodes Ready + standalone node-4, $LAB) - nothing to do"
    return 0
  fi
  # NOTE: a healthy swarm with a missing or broken standalone node (a lab made before node-4
  # existed, or node-4 crashed) is mended in place: the swarm nodes are in use, keep them.
  if (( SWARM_HEALTHY )); then
    local n
    for n in "${STANDALONE_NODES[@]}"; do
      standalone_healthy "$n" || rebuild_standalone "$n"
    done
    collect_status || { print_status_text false >&2; die "lab came up unhealthy"; }
    log "lab is up: swarm untouched, standalone node(s) ${STANDALONE_NODES[*]/#/node-} ready"
    return 0
  fi
  # Not fully healthy: rebuild from scratch. Deliberate: after a reboot or a crash the
  # data-roots hold an old swarm whose manager may come back with stale nodes and
  # tasks; starting clean always ends in a healthy 3-node swarm. Seeded state is lost
  # (run `seed` again).
  if lab_exists; then
    log "found leftovers of an earlier lab: cleaning up"
    teardown 6
  fi
  log "creating lab in $LAB"
  setup_network
  local n
  for n in "${NODES[@]}"; do start_dockerd "$n"; done
  for n in "${NODES[@]}"; do wait_dockerd "$n"; done
  form_swarm
  import_images
  collect_status || { print_status_text false >&2; die "lab came up unhealthy"; }
  log "lab is up: 3-node swarm (node-1 manager) + standalone node-4. Next: npm run lab -- seed ; eval \"\$(npm run -s lab -- env)\""
}

# Node N alone, from whatever is left of it: its processes, mounts, namespace, links and
# folder go, then it is made again (namespace, dockerd, image). Other nodes are not touched.
rebuild_standalone() {
  local n=$1
  log "node-$n: (re)creating the standalone engine; the swarm nodes are left as they are"
  destroy_node "$n"
  setup_node_network "$n"
  start_dockerd "$n"
  wait_dockerd "$n"
  build_rootfs_tar
  import_image "$n" || die "image import into node-$n failed"
}

# Everything of node N goes: dockerd, its processes, mounts, namespace, links and folder.
# Other nodes are not touched.
destroy_node() {
  local n=$1 dir ns m d
  dir=$(node_dir "$n"); ns=$(node_ns "$n")
  stop_dockerds 6 "$n"
  kill_node_processes "$n"
  while read -r m; do
    [[ -n $m ]] && { umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; }
  done < <(awk -v p="$dir" '{ m=$5; gsub(/\\040/," ",m); if (m==p || index(m, p "/")==1) print m }' /proc/self/mountinfo | sort -ru)
  ip netns delete "$ns" 2>/dev/null || true
  ip link delete "ptl-n$n-lab" 2>/dev/null || true
  ip link delete "ptl-n$n-ext" 2>/dev/null || true
  for d in /sys/fs/cgroup/*"$(node_cgroup "$n")"; do
    if [[ -d $d ]]; then find "$d" -depth -type d -exec rmdir {} + 2>/dev/null || true; fi
  done
  rm -rf --one-file-system -- "$dir"
}

cmd_down() {
  [[ $EUID -eq 0 ]] || die "the lab must be torn down as root"
  take_lock
  if ! lab_exists; then
    log "no lab here - nothing to do"
    return 0
  fi
  teardown 6
  log "lab removed (processes, mounts, namespaces, links, iptables rules, $LAB)"
}

cmd_status() {
  local json=0
  [[ ${1:-} == --json ]] && json=1
  local healthy=false
  collect_status && healthy=true
  if (( json )); then print_status_json "$healthy"; else print_status_text "$healthy"; fi
  [[ $healthy == true ]]
}

cmd_env() {
  local n engines=()
  for n in "${NODES[@]}"; do engines+=("$(node_name "$n")=unix://$(node_sock "$n")"); done
  echo "export DOCKER_HOST=unix://$(node_sock 1)"
  echo "export PORTOLAN_ENGINES=$(IFS=,; echo "${engines[*]}")"
  ping_node 1 || echo "# warning: the lab is not up (npm run lab -- up)" >&2
}

cmd_restart() {
  local arg=${1:-} n
  [[ $arg =~ ^(node-)?([1-4])$ ]] || die "usage: lab.sh restart node-1|node-2|node-3|node-4"
  n=${BASH_REMATCH[2]}
  [[ $EUID -eq 0 ]] || die "restart must run as root"
  take_lock
  [[ -e $NETNS_DIR/$(node_ns "$n") && -d $(node_dir "$n")/data ]] || die "node-$n does not exist: run 'up' first"
  local old; old=$(dockerd_pid "$n" || echo none)
  # Clean stop: SIGTERM (twice if needed), then SIGKILL; then make sure none of the
  # node's processes (containerd, shims, containers) outlive it. Data is kept.
  stop_dockerds 20 "$n"
  kill_node_processes "$n"
  log "node-$n: dockerd (pid $old) stopped; starting again"
  start_dockerd "$n"
  wait_dockerd "$n"
  if is_standalone "$n"; then
    log "node-$n: standalone engine answering again"
    return 0
  fi
  wait_for "node-$n to rejoin the swarm" 60 node_swarm_active "$n" || die "node-$n did not rejoin the swarm"
  wait_for "3 nodes Ready" 60 all_nodes_ready || die "swarm nodes not Ready: $(swarm_nodes | tr '\n' ';')"
  log "node-$n: back in the swarm, 3 nodes Ready"
}

cmd_seed() {
  [[ $EUID -eq 0 ]] || die "seed must run as root (the engines' sockets are root's)"
  take_lock
  collect_status || { print_status_text false >&2; die "the lab is not healthy: run 'npm run lab -- up' first"; }
  # shellcheck source=seed.sh
  source "$SCRIPT_DIR/seed.sh"
  seed_main
}

usage() {
  cat <<EOF
Portolan lab - a private three-node Docker swarm on this machine, plus node-4, a
standalone engine outside the swarm (root only).

usage: npm run lab -- <command>      (or: bash scripts/lab/lab.sh <command>)

  up              create the lab, or do nothing if it is already healthy
                  (an unhealthy lab is torn down and created from scratch)
  seed            build the sample topology (idempotent): networks appnet, backend,
                  external (macvlan), meta-globe + secure (overlays); containers web,
                  client, legacy, edge, hostnet, isolated; services orange, blue,
                  plumb, web (4 replicas, :5000), vault (dnsrr, 2 replicas);
                  on node-4, the compose project pantry (docker-compose v1)
  env             print DOCKER_HOST and PORTOLAN_ENGINES exports:
                  eval "\$(npm run -s lab -- env)"
  status [--json] health of every node; exit 0 only when all healthy
  restart NODE    restart one node's dockerd (node-1..node-4), wait until Ready
  image           build the Dockerfile on node-1 (offline: its base images made as the
                  official ones are, from Debian's mirror and this machine's Node 20,
                  npm's cache in the context), load it into every node,
                  print its size (tag: \$PORTOLAN_IMAGE, default portolan:lab)
  deploy-portolan deploy deploy/portolan-stack.yml (dashboard on node-1, an agent on
                  every node) as stack \$PORTOLAN_STACK (default portolan), print its
                  login URL (port \$PORTOLAN_PORT, default 3300, host mode on node-1)
  add-node node-N     (N = 5..9) start a temporary extra swarm worker (10.213.0.1N) with
                  the images the swarm's services use; the swarm counts it, so status
                  says "not healthy" until: remove-node node-N (leave, node rm, gone)
  down            remove everything the lab made (processes, mounts, namespaces,
                  links, iptables rules, $LAB)
  help            this text

State folder: \$PORTOLAN_LAB_DIR (default /var/lib/portolan-lab) = $LAB
Nodes: node-1 10.213.0.11 (manager), node-2 10.213.0.12, node-3 10.213.0.13 (workers),
       node-4 10.213.0.14 (standalone, not in the swarm)
Sockets: $LAB/node-N/docker.sock      Docs: docs/lab.md
EOF
}

main() {
  CMD=${1:-help}
  shift || true
  # variables from the caller must not redirect our docker CLI elsewhere
  unset DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH
  case $CMD in
    up)      cmd_up "$@" ;;
    down)    cmd_down "$@" ;;
    status)  cmd_status "$@" ;;
    env)     cmd_env "$@" ;;
    restart) cmd_restart "$@" ;;
    seed)    cmd_seed "$@" ;;
    image)   source "$SCRIPT_DIR/image.sh"; cmd_image "$@" ;;
    add-node)    source "$SCRIPT_DIR/extra-node.sh"; cmd_add_node "$@" ;;
    remove-node) source "$SCRIPT_DIR/extra-node.sh"; cmd_remove_node "$@" ;;
    deploy-portolan)
      source "$SCRIPT_DIR/image.sh"; source "$SCRIPT_DIR/portolan-stack.sh"; cmd_deploy_portolan "$@" ;;
    help|-h|--help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
