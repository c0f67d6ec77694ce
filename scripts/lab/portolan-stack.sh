# shellcheck shell=bash
# `lab deploy-portolan`: deploys deploy/portolan-stack.yml on the lab swarm (the image from
# `lab image`) and prints the dashboard's login URL. Sourced by lab.sh after image.sh.
#
# The lab's differences from a usual swarm are only variables of the same stack file: every node's
# engine socket is its own file under $LAB (a service template picks it per node), the routing mesh
# does not forward here (no IPVS), so the dashboard's port is published in host mode on node-1, and
# an encrypted overlay passes no traffic between the lab's nodes (no ESP), so the stack's plain one
# carries the agents' TLS.
#   PORTOLAN_STACK (default portolan), PORTOLAN_PORT (default 3300), PORTOLAN_REPLICAS (default 1)
#
# Several replicas: the lab has one manager, and two tasks cannot publish one host-mode port on
# one node, so with PORTOLAN_REPLICAS > 1 the port defaults to 0: in host mode the engine then
# gives each replica its own free port on node-1, and one login URL is printed per replica.

stack_dashboard_url() { echo "http://$(node_ip 1):$1"; }

# Does the stack's dashboard answer /api/health with every swarm node's engine reachable?
stack_dashboard_ready() {
  local url=$1 token=$2 body
  body=$(curl -s --max-time 3 -H "authorization: Bearer $token" "$url/api/health" 2>/dev/null) || return 1
  [[ $body == *'"ok":true'* && $(grep -o '"name":' <<<"$body" | wc -l) -ge ${#SWARM_NODES[@]} ]]
}

# The host ports node-1 gave the stack's dashboard replicas, one a line.
stack_dashboard_ports() {
  local id
  for id in $(dk 1 ps -q --filter "label=com.docker.swarm.service.name=$1_dashboard"); do
    dk 1 inspect -f '{{range $p, $b := .NetworkSettings.Ports}}{{range $b}}{{.HostPort}} {{end}}{{end}}' "$id"
  done | tr ' ' '\n' | sed '/^$/d' | sort -u
}

# Are all the replicas up and answering, each with every swarm node's engine?
stack_replicas_ready() {
  local stack=$1 replicas=$2 token=$3 ports port
  ports=$(stack_dashboard_ports "$stack")
  [[ $(wc -w <<<"$ports") -ge $replicas ]] || return 1
  for port in $ports; do stack_dashboard_ready "$(stack_dashboard_url "$port")" "$token" || return 1; done
}

cmd_deploy_portolan() {
  [[ $EUID -eq 0 ]] || die "deploy-portolan must run as root (the engines' sockets are root's)"
  local repo stack=${PORTOLAN_STACK:-portolan} replicas=${PORTOLAN_REPLICAS:-1} port
  port=${PORTOLAN_PORT:-$( ((replicas > 1)) && echo 0 || echo 3300)}
  repo=$(cd "$SCRIPT_DIR/../.." && pwd)
  cmd_image
  local certs="$LAB/portolan-stack/$stack/certs"
  if [[ ! -f $certs/token ]]; then
    rm -rf "$certs"; mkdir -p "$(dirname "$certs")"
    bash "$repo/scripts/certs.sh" "$certs" >/dev/null || die "making the stack's certificates failed"
  fi
  local socket="$LAB/{{.Node.Hostname}}/docker.sock"
  PORTOLAN_IMAGE=$PORTOLAN_IMAGE PORTOLAN_CERTS=$certs \
    PORTOLAN_DOCKER_GID=$(stat -c %g "$(node_sock 1)") \
    PORTOLAN_DOCKER_SOCKET=$socket PORTOLAN_AGENT_SOCKET=$socket \
    PORTOLAN_PUBLISH_MODE=host PORTOLAN_PORT=$port PORTOLAN_NETWORK=portolan_plain PORTOLAN_ALLOWED_HOSTS=$(node_ip 1) \
    PORTOLAN_REPLICAS=$replicas \
    dk 1 stack deploy --resolve-image never -c "$repo/deploy/portolan-stack.yml" "$stack" >/dev/null \
    || die "docker stack deploy failed"
  local token; token=$(<"$certs/token")
  log "stack $stack deployed: waiting for its $replicas dashboard(s) to read every node"
  wait_for "the dashboard(s) of stack $stack" 180 stack_replicas_ready "$stack" "$replicas" "$token" \
    || die "the dashboard did not become healthy: docker -H unix://$(node_sock 1) service logs ${stack}_dashboard"
  for port in $(stack_dashboard_ports "$stack"); do
    echo "Portolan (stack $stack): $(stack_dashboard_url "$port")/?token=$token"
  done
}
