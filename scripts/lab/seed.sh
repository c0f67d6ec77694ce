# shellcheck shell=bash
# Sample topology for the Portolan lab, from Nigel Poulton's Docker networking
# course (network types: bridge, overlay, encrypted overlay, MACVLAN, host, none;
# network services: service discovery, routing mesh). Sourced by lab.sh (`seed`),
# which provides dk, log, die, wait_for and the constants.
#
# Idempotent: each object is created only if missing, so a second run changes
# nothing (same ids). Every object carries the label portolan.seed=true.
# Everything goes through the node-1 engine (the manager): local objects
# (bridges, macvlan, containers) therefore live on node-1; swarm services spread
# over all three nodes. node-4, the standalone engine, gets a compose project
# deployed with Debian's docker-compose v1 (scripts/lab/compose/pantry.yml).

SEED_LABEL=portolan.seed=true

# Long-running commands that exit at once on SIGTERM: busybox as PID 1 ignores
# SIGTERM unless a trap is set, and `wait` (unlike a foreground sleep) lets the
# trap run immediately. httpd daemonizes; it dies with the container's PID 1.
# shellcheck disable=SC2016 # expanded by the container's sh, not here
SEED_SERVE='trap "exit 0" TERM; echo "$(hostname)" > /www/index.html; httpd -p 80 -h /www; while :; do sleep 3600 & wait $!; done'
SEED_IDLE='trap "exit 0" TERM; while :; do sleep 3600 & wait $!; done'
# Traffic for Portolan's Traffic layer (#16): `client` calls `frontend` (web's alias) every
# second; each meta-globe service serves and calls the next one by its `tasks.` name (VIP and
# ingress traffic cannot flow here: no IPVS); the root namespace calls `edge` on the macvlan
# segment from outside (seed_outside_caller).
# shellcheck disable=SC2016 # expanded by the container's sh, not here
# (busybox 1.35's `wget -T` crashes: `timeout 5` bounds a call instead.)
SEED_CALL_FRONTEND='trap "exit 0" TERM; while :; do timeout 5 wget -q -O /dev/null http://frontend/; sleep 1 & wait $!; done'
seed_serve_calling() {
  # shellcheck disable=SC2016 # expanded by the container's sh, not here
  printf 'trap "exit 0" TERM; echo "$(hostname)" > /www/index.html; httpd -p 80 -h /www; while :; do timeout 5 wget -q -O /dev/null http://tasks.%s/; sleep 1 & wait $!; done' "$1"
}
declare -A SEED_CALLS=([orange]=blue [blue]=plumb [plumb]=orange)
SEED_OUTSIDE_PID="$LAB/outside-caller.pid"

# The services, in creation order, with their desired replicas.
SEED_SERVICES=(orange blue plumb web vault)
declare -A SEED_REPLICAS=([orange]=1 [blue]=1 [plumb]=1 [web]=4 [vault]=2)
SEED_CONTAINERS=(web client legacy edge hostnet isolated)

seed_network() {
  local name=$1; shift
  if dk 1 network inspect --format '{{.Id}}' "$name" >/dev/null 2>&1; then
    log "seed: network $name exists"
    return 0
  fi
  dk 1 network create --label "$SEED_LABEL" "$@" "$name" >/dev/null
  log "seed: network $name created ($*)"
}

# seed_container NAME [docker run options...] -- CMD
seed_container() {
  local name=$1; shift
  local opts=() cmd
  while [[ $1 != -- ]]; do opts+=("$1"); shift; done
  shift; cmd=$1
  local state
  if state=$(dk 1 container inspect --format '{{.State.Status}}' "$name" 2>/dev/null); then
    if [[ $state == running ]]; then
      log "seed: container $name exists"
    else
      dk 1 start "$name" >/dev/null
      log "seed: container $name existed ($state): started"
    fi
    return 0
  fi
  # --restart unless-stopped: the topology survives `restart node-1`.
  dk 1 run -d --name "$name" --label "$SEED_LABEL" \
    --restart unless-stopped --stop-timeout 1 "${opts[@]}" "$IMAGE" sh -c "$cmd" >/dev/null
  log "seed: container $name started (${opts[*]})"
}

seed_service() {
  local name=$1; shift
  if dk 1 service inspect --format '{{.ID}}' "$name" >/dev/null 2>&1; then
    log "seed: service $name exists"
    return 0
  fi
  # --no-resolve-image: never ask a registry for the image digest (none is reachable).
  # --stop-grace-period 1s: tasks stop promptly on scale-down/restart tests.
  local cmd=$SEED_SERVE
  [[ -n ${SEED_CALLS[$name]:-} ]] && cmd=$(seed_serve_calling "${SEED_CALLS[$name]}")
  dk 1 service create --detach --quiet --no-resolve-image --name "$name" \
    --label "$SEED_LABEL" --container-label "$SEED_LABEL" \
    --stop-grace-period 1s "$@" "$IMAGE" sh -c "$cmd" >/dev/null
  log "seed: service $name created ($*)"
}

# "name running/desired" for every seeded service is "N/N".
seed_services_converged() {
  local s line
  for s in "${SEED_SERVICES[@]}"; do
    line=$(dk 1 service ls --filter "name=$s" --format '{{.Name}} {{.Replicas}}' 2>/dev/null | awk -v s="$s" '$1==s {print $2}')
    [[ $line == "${SEED_REPLICAS[$s]}/${SEED_REPLICAS[$s]}" ]] || return 1
  done
}

seed_containers_running() {
  local c
  for c in "${SEED_CONTAINERS[@]}"; do
    [[ "$(dk 1 container inspect --format '{{.State.Status}}' "$c" 2>/dev/null)" == running ]] || return 1
  done
}

seed_summary() {
  echo
  echo "Seeded topology (node-1 engine: $(node_sock 1))"
  echo "NETWORKS"
  dk 1 network ls --filter "label=$SEED_LABEL" --format '  {{printf "%-11s" .Name}} {{printf "%-8s" .Driver}} {{.Scope}}'
  echo "CONTAINERS (node-1)"
  local c
  for c in "${SEED_CONTAINERS[@]}"; do
    # shellcheck disable=SC2016 # a Go template
    dk 1 container inspect --format \
      '  {{printf "%-11s" .Name}} {{printf "%-8s" .State.Status}} {{range $n, $e := .NetworkSettings.Networks}}{{$n}}{{with $e.IPAddress}}={{.}}{{end}}{{with $e.Aliases}} aliases={{join . ","}}{{end}} {{end}}{{range $p, $b := .NetworkSettings.Ports}}{{with $b}}{{$p}}->{{(index . 0).HostPort}} {{end}}{{end}}' "$c" \
      | sed 's#^  /#  #'
  done
  echo "SERVICES"
  dk 1 service ls --filter "label=$SEED_LABEL" --format '  {{printf "%-11s" .Name}} {{printf "%-6s" .Replicas}} {{.Ports}}'
  echo "TASKS PER NODE"
  local s
  for s in "${SEED_SERVICES[@]}"; do
    printf '  %-11s %s\n' "$s" "$(dk 1 service ps --filter desired-state=running --format '{{.Node}}' "$s" | sort | uniq -c | awk '{printf "%s:%s ", $2, $1}')"
  done
  echo "COMPOSE PROJECT $COMPOSE_PROJECT (node-$COMPOSE_NODE, standalone: $(node_sock "$COMPOSE_NODE"))"
  dk "$COMPOSE_NODE" ps --filter "label=com.docker.compose.project=$COMPOSE_PROJECT" --format '  {{printf "%-16s" .Names}} {{.Networks}} {{.Ports}}'
  echo
  echo "Try: $(printf '%q' "$DOCKER") -H unix://$(node_sock 1) exec client nslookup frontend"
  echo "     curl http://$(node_ip 1):8080/ (legacy, port mapping)  curl http://10.214.0.10/ (edge, macvlan)"
}

# ---------------------------------------------------------------- node-4 (compose)
COMPOSE_NODE=4
COMPOSE_PROJECT=pantry
COMPOSE_FILE_PATH="$SCRIPT_DIR/compose/pantry.yml"
COMPOSE_CONTAINERS=(pantry_front_1 pantry_api_1 pantry_probe_1)

# docker-compose against node-4 only, with nothing from the caller's environment.
compose() {
  timeout 120 env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DOCKER_HOST="unix://$(node_sock "$COMPOSE_NODE")" COMPOSE_INTERACTIVE_NO_CLI=1 \
    "$COMPOSE" --ansi never -p "$COMPOSE_PROJECT" -f "$COMPOSE_FILE_PATH" "$@"
}

compose_running() {
  local c
  for c in "${COMPOSE_CONTAINERS[@]}"; do
    [[ "$(dk "$COMPOSE_NODE" container inspect --format '{{.State.Status}}' "$c" 2>/dev/null)" == running ]] || return 1
  done
}

seed_compose() {
  # The project's external network must exist before `up`.
  if ! dk "$COMPOSE_NODE" network inspect --format '{{.Id}}' shared >/dev/null 2>&1; then
    dk "$COMPOSE_NODE" network create --label "$SEED_LABEL" --driver bridge shared >/dev/null
    log "seed: network shared created on node-$COMPOSE_NODE (external to the compose project)"
  fi
  # `up -d` is idempotent: an unchanged project is left as it is (same ids).
  compose up -d --no-build 2>&1 | sed 's/^/[compose] /' >&2 || die "docker-compose up failed on node-$COMPOSE_NODE"
  wait_for "compose project $COMPOSE_PROJECT running" 60 compose_running \
    || { compose ps >&2; die "compose project $COMPOSE_PROJECT is not running"; }
  log "seed: compose project $COMPOSE_PROJECT running on node-$COMPOSE_NODE (${COMPOSE_CONTAINERS[*]})"
}

# A caller outside the macvlan segment's containers: the root namespace (the segment's router,
# $EXT_GW) fetches edge's page every second, as a machine on the LAN would. Detached, its pid in
# the lab folder; `down` ends it. Idempotent. fd 9 (the lab lock) is closed, as for dockerd: a
# caller holding it made every later lab command wait for the lock.
seed_outside_caller() {
  local pid
  pid=$(cat "$SEED_OUTSIDE_PID" 2>/dev/null || true)
  if [[ -n $pid ]] && grep -q 'outside-caller' "/proc/$pid/cmdline" 2>/dev/null; then
    log "seed: outside caller of edge runs (pid $pid)"
    return 0
  fi
  # shellcheck disable=SC2016 # $0/$1 are for the inner sh
  setsid "$BUSYBOX" sh -c 'trap "exit 0" TERM; while :; do '"$BUSYBOX timeout 5 $BUSYBOX"' wget -q -O /dev/null "http://$1/"; sleep 1; done' \
    outside-caller 10.214.0.10 </dev/null >/dev/null 2>&1 9<&- &
  echo $! >"$SEED_OUTSIDE_PID"
  log "seed: outside caller of edge started (pid $!, from $EXT_GW)"
}

seed_main() {
  log "seed: building the sample topology on node-1 (label $SEED_LABEL)"

  # Bridge networks are single-host: a user-defined one with name/alias discovery,
  # an internal one (no route out), and the default bridge (needs port mappings).
  seed_network appnet --driver bridge
  seed_network backend --driver bridge --internal
  # MACVLAN: containers appear directly on the "external" segment (ptl-ext0), whose
  # root side 10.214.0.1 plays the outside router.
  seed_network external --driver macvlan -o parent=eth1 \
    --subnet 10.214.0.0/24 --gateway "$EXT_GW"
  # Overlays are multi-host (swarm scope); `secure` encrypts its VXLAN traffic (IPsec).
  seed_network meta-globe --driver overlay --attachable
  seed_network secure --driver overlay -o encrypted

  # (a host-network container cannot have its own hostname: it shares node-1's)
  seed_container web --hostname web --network appnet --network-alias frontend -- "$SEED_SERVE"
  seed_container client --hostname client --network appnet -- "$SEED_CALL_FRONTEND"
  seed_container legacy --hostname legacy -p 8080:80 -- "$SEED_SERVE"
  seed_container edge --hostname edge --network external --ip 10.214.0.10 -- "$SEED_SERVE"
  seed_container hostnet --network host -- "$SEED_SERVE"
  seed_container isolated --hostname isolated --network none -- "$SEED_IDLE"

  seed_service orange --network meta-globe --replicas 1
  seed_service blue --network meta-globe --replicas 1
  seed_service plumb --network meta-globe --replicas 1
  seed_service web --network meta-globe --replicas 4 \
    --publish published=5000,target=80,mode=ingress \
    --label App=meta-globe --label Env=prod --label Ver=1.12 \
    --mount "type=volume,source=sk1,target=/data,volume-label=$SEED_LABEL"
  seed_service vault --network secure --endpoint-mode dnsrr --replicas 2

  wait_for "seeded containers running" 60 seed_containers_running || die "seeded containers are not all running"
  wait_for "all service replicas running" 180 seed_services_converged \
    || { dk 1 service ls >&2; die "services did not converge"; }
  log "seed: all containers running, all service replicas running"
  seed_outside_caller
  seed_compose
  seed_summary
}
