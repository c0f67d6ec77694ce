#!/usr/bin/env bash
# Records the lab engines' payloads as test fixtures (read-only: GET requests only).
#
#   bash lib/topology/__fixtures__/record.sh [OUT_DIR]
#
# Writes, for each lab node N with a socket at $LAB/node-N/docker.sock:
#   lab-node-N.json   the engine's inventory as lists (InventoryLists in lib/topology/inventory.ts):
#                     info, version, networks (verbose inspect), containers (inspect) and, on a
#                     manager, swarm nodes / services / tasks
#   events-node-N.jsonl  the engine's replayable past events (up to the daemon's last 256)
# Fields Portolan never reads (graph driver, mounts, resolv paths, TLS material, plugin lists…)
# are stripped to keep the files small; everything kept is the engine's real value.
# Needs curl and jq.
set -euo pipefail

LAB="${PORTOLAN_LAB_DIR:-/var/lib/portolan-lab}"
OUT="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}"
API=v1.41

get() { curl -sf --max-time 10 --unix-socket "$1" "http://localhost/$API$2"; }

strip_info='{ID, Name, ServerVersion, OperatingSystem, OSType, Architecture, KernelVersion, NCPU,
  MemTotal, Containers, ContainersRunning, Labels,
  Swarm: (.Swarm | {NodeID, NodeAddr, LocalNodeState, ControlAvailable, Error, RemoteManagers,
    Nodes, Managers} + (if .Cluster then {Cluster: (.Cluster | {ID, CreatedAt, UpdatedAt})} else {} end))}'
strip_version='{Version, ApiVersion, MinAPIVersion, Os, Arch, KernelVersion, GitCommit}'
strip_container='{Id, Name, Created, Image, RestartCount,
  State: (.State | del(.Health.Log)),
  Config: (.Config | {Hostname, Image, Labels, Env, ExposedPorts, Cmd}),
  HostConfig: (.HostConfig | {NetworkMode, PortBindings}),
  NetworkSettings: (.NetworkSettings | {SandboxID, Ports, Networks})}'
strip_node='del(.Description.TLSInfo, .Description.Engine.Plugins)'
strip_task='del(.Spec.ContainerSpec.Args, .Spec.Resources, .Spec.RestartPolicy, .Spec.Placement,
  .Spec.Networks, .Spec.LogDriver, .Spec.ContainerSpec.Mounts, .Spec.ContainerSpec.Isolation)
  | if .NetworksAttachments then .NetworksAttachments |= map({Network: {ID: .Network.ID,
      Spec: {Name: .Network.Spec.Name, Ingress: (.Network.Spec.Ingress // false)}},
      Addresses}) else . end'

record_node() {
  local n=$1 sock="$LAB/node-$1/docker.sock" tmp
  tmp=$(mktemp -d)
  get "$sock" /info | jq "$strip_info" >"$tmp/info.json"
  get "$sock" /version | jq "$strip_version" >"$tmp/version.json"
  get "$sock" /networks | jq -r '.[].Id' | while read -r id; do
    get "$sock" "/networks/$id?verbose=true"
  done | jq -s 'sort_by(.Name)' >"$tmp/networks.json"
  get "$sock" '/containers/json?all=true' | jq -r '.[].Id' | while read -r id; do
    get "$sock" "/containers/$id/json" | jq "$strip_container"
  done | jq -s 'sort_by(.Name)' >"$tmp/containers.json"

  if [[ "$(jq -r '.Swarm.ControlAvailable' "$tmp/info.json")" == true ]]; then
    get "$sock" /nodes | jq "map($strip_node) | sort_by(.Description.Hostname)" >"$tmp/nodes.json"
    get "$sock" /services | jq 'sort_by(.Spec.Name)' >"$tmp/services.json"
    get "$sock" /tasks | jq "map($strip_task) | sort_by(.ServiceID, .Slot, .NodeID)" >"$tmp/tasks.json"
    jq -n --arg engine "node-$n" --slurpfile info "$tmp/info.json" \
      --slurpfile version "$tmp/version.json" --slurpfile networks "$tmp/networks.json" \
      --slurpfile containers "$tmp/containers.json" --slurpfile nodes "$tmp/nodes.json" \
      --slurpfile services "$tmp/services.json" --slurpfile tasks "$tmp/tasks.json" \
      '{engine: $engine, info: $info[0], version: $version[0], networks: $networks[0],
        containers: $containers[0],
        swarm: {nodes: $nodes[0], services: $services[0], tasks: $tasks[0]}}' \
      >"$OUT/lab-node-$n.json"
  else
    jq -n --arg engine "node-$n" --slurpfile info "$tmp/info.json" \
      --slurpfile version "$tmp/version.json" --slurpfile networks "$tmp/networks.json" \
      --slurpfile containers "$tmp/containers.json" \
      '{engine: $engine, info: $info[0], version: $version[0], networks: $networks[0],
        containers: $containers[0]}' >"$OUT/lab-node-$n.json"
  fi

  # since=0 replays whatever the daemon still holds (its last 256 events); until=now ends the stream.
  get "$sock" "/events?since=0&until=$(date +%s)" >"$OUT/events-node-$n.jsonl" || true
  rm -rf "$tmp"
  echo "recorded node-$n → $OUT/lab-node-$n.json"
}

for dir in "$LAB"/node-*; do
  n=${dir##*/node-}
  [[ -S "$dir/docker.sock" ]] || continue
  record_node "$n"
done
