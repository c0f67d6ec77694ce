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

stack_dashboard_url() { echo "http://$(node_ip 1):$1"; }

# Does the stack's dashboard answer /api/health with every swarm node's engine reachable?
stack_dashboard_ready() {
  local url=$1 token=$2 body
  body=$(curl -s --max-time 3 -H "authorization: Bearer $token" "$url/api/health" 2>/dev/null) || return 1
  [[ $body == *'"ok":true'* && $(grep -o '"name":' <<<"$body" | wc -l) -ge ${#SWARM_NODES[@]} ]]
}

cmd_deploy_portolan() {
  [[ $EUID -eq 0 ]] || die "deploy-portolan must run as root (the engines' sockets are root's)"
  local repo stack=${PORTOLAN_STACK:-portolan} port=${PORTOLAN_PORT:-3300}
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
    PORTOLAN_REPLICAS=${PORTOLAN_REPLICAS:-1} \
    dk 1 stack deploy --resolve-image never -c "$repo/deploy/portolan-stack.yml" "$stack" >/dev/null \
    || die "docker stack deploy failed"
  local url token; url=$(stack_dashboard_url "$port"); token=$(<"$certs/token")
  log "stack $stack deployed: waiting for its dashboard to read every node ($url)"
  wait_for "the dashboard of stack $stack" 180 stack_dashboard_ready "$url" "$token" \
    || die "the dashboard did not become healthy: docker -H unix://$(node_sock 1) service logs ${stack}_dashboard"
  echo "Portolan (stack $stack): $url/?token=$token"
}
