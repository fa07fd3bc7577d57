#!/usr/bin/env bash
# One run of the remote path for A/B comparisons of two builds: a node from JAR (RocksDB, fsync)
# on free ports, `bench --grpc` from the same jar (1 producer + 1 consumer, window 100, 1 KiB,
# 1 partition), then the node's CPU per message consumed, the bench client's, the node's
# voluntary context switches per 100 messages (thread wake-ups: hand-offs, not preemption) and
# the load average at the start and end of the measured part. Interleave builds: A B A B.
# Usage: docs/bench/remote-ab.sh JAR RATE [SECONDS=15] [WARMUP=8] ["extra node JVM options"]
set -u
jar=$1; rate=$2; secs=${3:-15}; warm=${4:-8}; opts=${5:-}
work=$(mktemp -d)
port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
hp=$(port); gp=$(port)
# shellcheck disable=SC2086
java -Xms1g -Xmx1g -XX:-UseDynamicNumberOfCompilerThreads $opts -jar "$jar" node --http-port "$hp" \
  --grpc-port "$gp" --management-port 0 --data-dir "$work/data" > "$work/node.log" 2>&1 &
node=$!
trap 'kill "$node" 2>/dev/null; wait "$node" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$hp/health/ready" >/dev/null 2>&1 && break; sleep 1; done
tick=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
wakeups() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ {t += $2} END {print t + 0}'; }
java -jar "$jar" bench --grpc "127.0.0.1:$gp" --size 1024 --rate "$rate" --partitions 1 --producers 1 \
  --consumers 1 --window 100 --warmup "${warm}s" --duration "${secs}s" > "$work/bench.txt" 2>&1 &
bench=$!
until grep -q 'warm-up over' "$work/bench.txt" 2>/dev/null || ! kill -0 "$bench" 2>/dev/null; do sleep 0.2; done
load0=$(cut -d' ' -f1 /proc/loadavg)
node0=$(cpu "$node"); bench0=$(cpu "$bench"); wake0=$(wakeups "$node")
# the bench client's CPU is read a second before its end (it exits with the run)
sleep $((secs - 1)); bench1=$(cpu "$bench"); wake1=$(wakeups "$node")
wait "$bench"
node1=$(cpu "$node"); load1=$(cut -d' ' -f1 /proc/loadavg)
echo "== $(basename "$jar") rate=$rate load $load0-$load1"
grep -v -E '^\s*$|INFO|DEBUG|^\[' "$work/bench.txt" | tail -n 6
msgs=$(grep -oE 'consumed[^0-9]*[0-9]+' "$work/bench.txt" | grep -oE '[0-9]+$' | tail -n 1 || true)
if [ -n "$msgs" ] && [ "$msgs" -gt 0 ]; then
  echo "node CPU $(( (node1 - node0) * 1000000 / tick / msgs )) us/msg ($msgs), bench CPU ~$(( (bench1 - bench0) * 1000000 / tick / msgs )) us/msg," \
    "node voluntary context switches $(( (wake1 - wake0) * 100 / msgs )) per 100 msgs"
fi
curl -s "http://127.0.0.1:$hp/metrics" | grep -E '^switchboard_grpc_(publish_requests|published)_total'
