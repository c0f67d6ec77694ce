# shellcheck shell=bash
# `lab add-node node-N` / `lab remove-node node-N` (N = 5..9): a temporary extra swarm worker,
# made the way the lab makes its nodes (its own namespace on both bridges, its own dockerd and
# hostname), for tests of a node joining and leaving the swarm. Sourced by lab.sh.
#
# add-node: namespace, dockerd, the busybox image, every image the swarm's services use (so a
# global service, e.g. the Portolan agent, starts there at once), then `swarm join` as a worker.
# remove-node: `swarm leave` on the node, `node rm` on the manager, then everything of the node
# goes (processes, mounts, namespace, links, folder). `lab down` also removes a node left behind.
# While an extra node is in the swarm, `lab status` reports the swarm as not healthy (4 nodes).

extra_node_number() {
  [[ ${1:-} =~ ^(node-)?([5-9])$ ]] || die "usage: lab.sh $CMD node-5 .. node-9 (an extra swarm worker)"
  echo "${BASH_REMATCH[2]}"
}

# Is node N listed by the manager with this state (Ready, Down)?
node_listed_as() { swarm_nodes | grep -q "^node-$1 $2 "; }

# The images the swarm's services run that node-1 holds, loaded into node N when it lacks them.
load_service_images() {
  local n=$1 image id
  for image in $(dk 1 service ls --format '{{.Image}}' | sed 's/@sha256:.*//' | sort -u); do
    [[ $image == "$IMAGE" ]] && continue   # imported into every node already
    id=$(dk 1 image inspect -f '{{.Id}}' "$image" 2>/dev/null) || continue
    [[ "$(dk "$n" image inspect -f '{{.Id}}' "$image" 2>/dev/null)" == "$id" ]] && continue
    "$DOCKER" -H "unix://$(node_sock 1)" save "$image" | timeout 300 "$DOCKER" -H "unix://$(node_sock "$n")" load -q >/dev/null \
      || die "loading $image into node-$n failed"
    log "node-$n: image $image loaded"
  done
}

cmd_add_node() {
  local n; n=$(extra_node_number "${1:-}")
  [[ $EUID -eq 0 ]] || die "add-node must run as root"
  take_lock
  ping_node 1 || die "the lab is not up: npm run lab -- up"
  [[ -e $NETNS_DIR/$(node_ns "$n") ]] && die "node-$n exists already (lab remove-node node-$n first)"
  [[ -d $(node_dir "$n") ]] && destroy_node "$n"   # leftovers of an earlier run
  setup_node_network "$n"
  start_dockerd "$n"
  wait_dockerd "$n"
  build_rootfs_tar
  import_image "$n" || die "image import into node-$n failed"
  load_service_images "$n"
  local token; token=$(dk 1 swarm join-token -q worker)
  dk "$n" swarm join --token "$token" --advertise-addr "$(node_ip "$n")" "$(node_ip 1):2377" >/dev/null \
    || die "node-$n did not join the swarm"
  wait_for "node-$n Ready" 60 node_listed_as "$n" Ready || die "node-$n not Ready: $(swarm_nodes | tr '\n' ';')"
  log "node-$n: in the swarm as a worker ($(node_ip "$n")); remove with: lab remove-node node-$n"
}

cmd_remove_node() {
  local n; n=$(extra_node_number "${1:-}")
  [[ $EUID -eq 0 ]] || die "remove-node must run as root"
  take_lock
  local id=""
  if ping_node "$n"; then
    id=$(dk "$n" info --format '{{.Swarm.NodeID}}' 2>/dev/null || true)
    dk "$n" swarm leave --force >/dev/null 2>&1 || true
  fi
  # NOTE: the manager lists a node that left as Down until it is removed.
  [[ -n $id ]] || id=$(dk 1 node ls --filter "name=node-$n" -q 2>/dev/null | head -n1 || true)
  if [[ -n $id ]] && ping_node 1; then
    wait_for "node-$n Down" 30 node_listed_as "$n" Down || true
    dk 1 node rm --force "$id" >/dev/null 2>&1 || warn "node rm $id failed"
  fi
  destroy_node "$n"
  log "node-$n: left the swarm and removed"
}
