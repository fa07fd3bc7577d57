#!/usr/bin/env bash
# Three nodes on PostgreSQL beside one, same clients: three `bench` processes over gRPC at the
# maximum, each on a topic of its own (2 producer + 1 consumer connections, window 100, 1 KiB,
# durable), all against the single node, then one against each node of a three-node cluster
# (--profile cluster,postgres). Prints each bench's summary, the sums, and the nodes' CPU per
# message. Each configuration gets a fresh database. Needs PostgreSQL on 127.0.0.1:5432 (trust).
# Each bench warms up first (WARMUP seconds, not counted): the cluster has three JVMs to warm.
# Usage: docs/bench/cluster-throughput.sh [SECONDS=20] [WARMUP=20]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-20}
warmup=${2:-20}
work=$(mktemp -d)
nodes=()
trap 'kill "${nodes[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

jar=runtime/target/switchboard.jar
[ -f "$jar" ] || mvn -B -q -DskipTests package
tick=$(getconf CLK_TCK)
cpu_ticks() { local sum=0; for pid in "$@"; do sum=$((sum + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done; echo "$sum"; }

ready() {
  for port in "$@"; do
    for _ in $(seq 1 180); do
      curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
      sleep 1
    done
    curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null
  done
}

# run NAME GRPC_PORT... : one bench per port (cycling), three in all, at the same time
run() {
  local name=$1; shift
  local ports=("$@") pids=() i
  for i in 0 1 2; do
    java -Xmx256m -jar "$jar" bench --grpc "127.0.0.1:${ports[$((i % ${#ports[@]}))]}" --topic "$name-$i" \
      --size 1024 --partitions 3 --producers 2 --consumers 1 --window 100 --warmup "${warmup}s" --duration "${secs}s" \
      > "$work/$name-$i.txt" 2>&1 &
    pids+=($!)
  done
  sleep "$warmup" # CPU is counted over the measured part only
  local before; before=$(cpu_ticks "${nodes[@]}")
  wait "${pids[@]}" || true
  local after; after=$(cpu_ticks "${nodes[@]}")
  local total=0 rate
  for i in 0 1 2; do
    grep -E '^ +(confirmed|consumed|errors|publish ->)' "$work/$name-$i.txt" | sed "s/^/  [$i] /"
    rate=$(grep -oE 'consumed +[0-9]+ messages, [0-9.]+' "$work/$name-$i.txt" | awk '{print $2}' || echo 0)
    total=$((total + ${rate:-0}))
  done
  echo "$name: consumed $total messages in ${secs}s = $((total / secs)) msgs/s over three benches"
  [ "$total" -gt 0 ] && echo "$name: nodes' CPU $(( (after - before) * 1000000 / tick / total )) us per message"
}

fresh_db() {
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $1" >/dev/null
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $1" >/dev/null
}

echo "# one node, --profile postgres"
fresh_db sb_bench_one
SWITCHBOARD_PG_URL=jdbc:postgresql://127.0.0.1:5432/sb_bench_one java -Xms1g -Xmx1g -jar "$jar" node \
  --profile postgres --http-port 18080 --grpc-port 17070 --management-port 18558 > "$work/one.log" 2>&1 &
nodes=($!)
ready 18558
run one 17070
kill "${nodes[@]}"; wait "${nodes[@]}" 2>/dev/null || true

echo "# three nodes, --profile cluster,postgres"
fresh_db sb_bench_three
seeds=127.0.0.1:25530,127.0.0.1:25531,127.0.0.1:25532
nodes=()
for n in 0 1 2; do
  SWITCHBOARD_PG_URL=jdbc:postgresql://127.0.0.1:5432/sb_bench_three java -Xms1g -Xmx1g -jar "$jar" node \
    --profile cluster,postgres --port $((25530 + n)) --http-port $((18080 + n)) --grpc-port $((17070 + n)) \
    --management-port $((18558 + n)) --seed-nodes "$seeds" > "$work/three-$n.log" 2>&1 &
  nodes+=($!)
done
ready 18558 18559 18560
run three 17070 17071 17072
