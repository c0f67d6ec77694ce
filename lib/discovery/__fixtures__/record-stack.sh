#!/usr/bin/env bash
# Records the stack fixtures of the discovery tests from the real lab. Unlike
# lib/topology/__fixtures__/record.sh this one CHANGES the lab for about three minutes: it deploys
# a stack `fxstk`, a service with `--network name=…,alias=…`, a container sharing another's
# network namespace, then scales two services down inside a long stop grace period. Everything it
# makes is named fxstk* and labelled portolan.test=true, and removed at the end (also on failure).
#
#   bash lib/discovery/__fixtures__/record-stack.sh
#
# Writes, next to this script:
#   stack-steady.json    every task running
#   stack-stopping.json  fxstk-slow scaled 3 → 1 and fxstk-kv 1 → 0, inside their grace period
# Each holds `engines` (per engine the InventoryLists of record.sh, cut down to the fxstk objects,
# the ingress network and the swarm nodes) and `lookups`: for every running fxstk container,
# what `nslookup NAME 127.0.0.11` answered inside it for every name of `names` (sorted addresses;
# [] for no answer). Needs docker, curl and jq.
set -euo pipefail

LAB="${PORTOLAN_LAB_DIR:-/var/lib/portolan-lab}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RECORD="$HERE/../../topology/__fixtures__/record.sh"
P=fxstk
dk() { docker -H "unix://$LAB/node-$1/docker.sock" "${@:2}"; }
WORK=$(mktemp -d)

cleanup() {
  set +e
  dk 1 service rm "$P-kv" "$P-slow" >/dev/null 2>&1
  dk 1 stack rm "$P" >/dev/null 2>&1
  dk 1 rm -f "$P-side" "$P-peer" "$P-host" >/dev/null 2>&1
  for _ in $(seq 1 60); do
    [[ -z "$(dk 1 network ls -q --filter name=${P}_)" ]] && break
    dk 1 network rm "${P}_edge" "${P}_core" >/dev/null 2>&1
    sleep 2
  done
  dk 1 network rm "$P-br" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

LOOP='trap "exit 0" TERM; while :; do sleep 1 & wait $$!; done'
DEAF='trap "" TERM; while :; do sleep 1; done'
cat >"$WORK/compose.yml" <<EOF
version: "3.8"
services:
  front:
    image: busybox:latest
    command: ["sh", "-c", '${LOOP}']
    networks: [edge, core]
    ports: ["18631:80"]
    deploy: { replicas: 2, labels: { portolan.test: "true" } }
  cache:
    image: busybox:latest
    command: ["sh", "-c", '${LOOP}']
    networks: { core: { aliases: [redis] } }
    deploy: { replicas: 2, endpoint_mode: dnsrr, labels: { portolan.test: "true" } }
  api:
    image: busybox:latest
    command: ["sh", "-c", '${LOOP}']
    networks: [edge]
    deploy: { replicas: 1, labels: { portolan.test: "true" } }
networks:
  edge: { driver: overlay, labels: { portolan.test: "true" } }
  core: { driver: overlay, labels: { portolan.test: "true" } }
EOF

echo "deploying the stack and the extra services"
dk 1 stack deploy --resolve-image never -c "$WORK/compose.yml" "$P" >/dev/null
sleep 3
dk 1 service create -d --name "$P-kv" --label portolan.test=true --replicas 1 \
  --network "name=${P}_core,alias=kv,alias=store" --stop-grace-period 90s \
  busybox:latest sh -c "$DEAF" >/dev/null 2>&1
dk 1 service create -d --name "$P-slow" --label portolan.test=true --replicas 3 \
  --network "name=${P}_core,alias=slowpoke" --stop-grace-period 90s \
  busybox:latest sh -c "$DEAF" >/dev/null 2>&1
dk 1 network create --label portolan.test=true "$P-br" >/dev/null
dk 1 run -d --name "$P-host" --label portolan.test=true --network "$P-br" --network-alias hostalias \
  busybox:latest sh -c "${LOOP//\$\$/\$}" >/dev/null
dk 1 run -d --name "$P-side" --label portolan.test=true --network "container:$P-host" \
  busybox:latest sh -c "${LOOP//\$\$/\$}" >/dev/null
dk 1 run -d --name "$P-peer" --label portolan.test=true --network "$P-br" \
  busybox:latest sh -c "${LOOP//\$\$/\$}" >/dev/null

echo "waiting for every task"
for _ in $(seq 1 60); do
  ok=true
  for s in ${P}_front:2 ${P}_cache:2 ${P}_api:1 $P-kv:1 $P-slow:3; do
    [[ "$(dk 1 service ps "${s%%:*}" --filter desired-state=running \
      --format '{{.CurrentState}}' | grep -c '^Running')" == "${s##*:}" ]] || ok=false
  done
  $ok && break
  sleep 2
done
$ok || { echo "the tasks did not all start" >&2; exit 1; }
sleep 4

# Every running fxstk container: "node container-name".
containers() {
  for n in 1 2 3; do
    dk "$n" ps --filter "name=$P" --format "$n {{.Names}}"
  done | sort
}

# The names asked, from everything the payloads hold.
names() {
  local short full
  printf '%s\n' front cache api redis kv store slowpoke no-such-name \
    "${P}_front" "${P}_cache" "${P}_api" "$P-kv" "$P-slow" "$P-host" "$P-side" "$P-peer" hostalias \
    redis.${P}_core front.${P}_edge tasks.front.${P}_edge kv.${P}_core
  for short in front cache api redis kv store slowpoke "${P}_front" "${P}_cache" "${P}_api" "$P-kv" "$P-slow"; do
    echo "tasks.$short"
  done
  for n in 1 2 3; do
    dk "$n" ps -a --filter "name=$P" --format '{{.Names}} {{.ID}}' | tr ' ' '\n'
  done
}

lookups() {
  local out=$1
  names | sort -u >"$WORK/names"
  : >"$out"
  while read -r node name; do
    (
      dk "$node" exec "$name" sh -c \
        'for n in "$@"; do (printf "@@%s\n" "$n"; nslookup "$n" 127.0.0.11 2>&1) >"/tmp/lk.$n" & done; wait; cat /tmp/lk.*; rm -f /tmp/lk.*' \
        sh $(cat "$WORK/names") </dev/null |
        awk '/^@@/ { name = substr($0, 3); inAnswer = 0; print name " -"; next }
             /^Name:/ { inAnswer = 1; next }
             inAnswer && /^Address/ { print name " " $NF }' |
        jq -R -s --arg engine "node-$node" --arg container "$name" '
          split("\n") | map(select(length > 0) | split(" ")) |
          reduce .[] as [$n, $a] ({}; .[$n] += (if $a == "-" then [] else [$a] end)) |
          map_values(sort) | {engine: $engine, container: $container, answers: .}'
    ) >"$WORK/lk.$node.$name" &
  done < <(containers)
  wait
  jq -s 'sort_by(.container)' "$WORK"/lk.* >"$out"
  rm -f "$WORK"/lk.*
}

snapshot() {
  local out=$1
  mkdir -p "$WORK/raw"
  bash "$RECORD" "$WORK/raw" >/dev/null
  lookups "$WORK/lookups.json"
  jq -n --arg p "$P" --slurpfile lookups "$WORK/lookups.json" \
    --slurpfile n1 "$WORK/raw/lab-node-1.json" --slurpfile n2 "$WORK/raw/lab-node-2.json" \
    --slurpfile n3 "$WORK/raw/lab-node-3.json" '
    def mine: (.Name // .Spec.Name) | ltrimstr("/") | startswith($p);
    def ours: .key == "ingress-sbox" or (.key | startswith("lb-")) or ((.value.Name // "") | startswith($p));
    def cut: .networks |= map(select(mine or .Ingress == true)
        | del(.Services) | if .Containers then .Containers |= with_entries(select(ours)) else . end)
      | .containers |= map(select(mine))
      | .info |= del(.Containers, .ContainersRunning)
      | if .swarm then
          .swarm.services |= map(select(mine))
          | (.swarm.services | map(.ID)) as $ids
          | .swarm.tasks |= map(select(.ServiceID as $s | $ids | index($s)))
        else . end;
    {engines: [$n1[0], $n2[0], $n3[0]] | map(cut),
     names: ($lookups[0][0].answers | keys),
     lookups: $lookups[0]}' >"$out"
  echo "recorded $out"
}

snapshot "$HERE/stack-steady.json"

echo "scaling down inside the grace period"
dk 1 service scale -d "$P-slow=1" "$P-kv=0" >/dev/null
sleep 6
snapshot "$HERE/stack-stopping.json"
# The recording is only good if the stopping tasks were still up until its end.
stopping=$(curl -sf --unix-socket "$LAB/node-1/docker.sock" 'http://x/v1.41/tasks' |
  jq '[.[] | select(.DesiredState == "remove" and .Status.State == "running")] | length')
[[ "$stopping" == 3 ]] || { echo "expected 3 stopping tasks at the end, saw $stopping" >&2; exit 1; }
echo "done; removing what was made (the stopping tasks take their grace period)"
