#!/usr/bin/env bash
# The remote maximum, 1 producer + 1 consumer connection, beside RabbitMQ, alternated ROUNDS
# times so the spread between runs shows. Each round runs, on a fresh node from the jar
# (embedded RocksDB journal, fsync):
#   - Switchboard, window 100, 1 partition (like for like with PerfTest's 100 confirms in flight
#     on one queue);
#   - Switchboard, window 1000, 4 partitions (the client's window and the topic's partitions
#     are settings a user picks: what one connection each way can carry);
#   - RabbitMQ PerfTest, durable classic queue, persistent, confirms 100 in flight, multi-ack
#     every 100, prefetch 200 (the issue's reference);
#   - RabbitMQ PerfTest as above with 1000 confirms in flight and prefetch 2000 (its answer to
#     the larger window, so neither side is held back by a window the other does not have).
# 1 KiB messages. Prints one line per run: the rate consumed in the measured part, and for
# Switchboard the node's and the bench client's CPU per message over it.
# Usage: docs/bench/remote-max.sh [ROUNDS=2] [SECONDS=20] [WARMUP=40]
# (40 s: a fresh node's JIT keeps compiling for 30-40 s on 2 cores.)
set -uo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-2}
secs=${2:-20}
warmup=${3:-40}
jar=runtime/target/switchboard.jar
[ -f "$jar" ] || mvn -B -q -DskipTests package
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tick=$(getconf CLK_TCK)
port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }

perftest_cp=$(docs/bench/perftest-classpath.sh "$work")

switchboard() { # window partitions
  local hp gp node bench n0 n1 b0 b1 line
  hp=$(port); gp=$(port)
  rm -rf "$work/data"
  java -Xms1g -Xmx1g -jar "$jar" node --http-port "$hp" --grpc-port "$gp" --management-port 0 \
    --data-dir "$work/data" > "$work/node.log" 2>&1 &
  node=$!
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$hp/health/ready" >/dev/null 2>&1 && break; sleep 1; done
  java -jar "$jar" bench --grpc "127.0.0.1:$gp" --size 1024 --rate 0 --producers 1 --consumers 1 \
    --window "$1" --partitions "$2" --warmup "${warmup}s" --duration "${secs}s" > "$work/bench.txt" 2>&1 &
  bench=$!
  until grep -q 'warm-up over' "$work/bench.txt" 2>/dev/null || ! kill -0 "$bench" 2>/dev/null; do sleep 0.2; done
  n0=$(cpu "$node"); b0=$(cpu "$bench")
  # the client's CPU is read a second before its end (it exits with the run)
  sleep $((secs - 1)); b1=$(cpu "$bench")
  wait "$bench"
  n1=$(cpu "$node")
  kill "$node"; wait "$node" 2>/dev/null
  line=$(grep -E '^\s+consumed' "$work/bench.txt" | tail -n 1)
  msgs=$(echo "$line" | grep -oE '[0-9.]+ msg/s' | cut -d' ' -f1 | cut -d. -f1)
  msgs=$((msgs * secs))
  if [ "$msgs" -gt 0 ]; then
    echo "switchboard window $1 partitions $2: $line; node $(( (n1 - n0) * 1000000 / tick / msgs )) us/msg," \
      "client ~$(( (b1 - b0) * 1000000 / tick / msgs )) us/msg"
  else
    echo "switchboard window $1 partitions $2: no messages"; tail -n 20 "$work/bench.txt"
  fi
}

rabbitmq() { # confirms prefetch
  java -cp "$perftest_cp" com.rabbitmq.perf.PerfTest \
    --uri amqp://guest:guest@127.0.0.1:5672 --producers 1 --consumers 1 --size 1024 \
    --time "$secs" --queue "sb-remote-max-$1" --auto-delete true --flag persistent --confirm "$1" \
    --multi-ack-every 100 --qos "$2" --queue-args x-queue-type=classic 2>&1 \
    | grep -E 'sending rate avg|receiving rate avg' | tail -n 2 | tr '\n' ' ' \
    | sed "s/^/rabbitmq confirms $1 prefetch $2: /"
  echo
}

for round in $(seq 1 "$rounds"); do
  echo "# round $round, load $(cut -d' ' -f1-3 /proc/loadavg)"
  switchboard 100 1
  rabbitmq 100 200
  switchboard 1000 4
  rabbitmq 1000 2000
done
