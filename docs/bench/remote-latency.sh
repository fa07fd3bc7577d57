#!/usr/bin/env bash
# Remote clients side by side in one run: the node (switchboard.jar, embedded RocksDB journal in
# fsync mode) measured with `bench` over gRPC (1 producer + 1 consumer connection, window 100),
# then RabbitMQ's PerfTest (durable classic queue, persistent, confirms 100 in flight, multi-ack
# every 100, prefetch 200) on 127.0.0.1:5672. 1 KiB, durable, at the maximum and at fixed rates.
# Prints bench's report and the node's CPU per message (utime+stime of the node process over
# the measured part of the run / messages; also without the JIT compiler threads) for each
# Switchboard run, PerfTest's summary for each RabbitMQ run. bench warms up for WARMUP seconds
# first (both JVMs spend their first seconds compiling); counts and CPU start after it.
# Usage: docs/bench/remote-latency.sh [RATES="0 2000 8000"] [SECONDS=20] [WARMUP=40]   (0 = maximum)
# (40 s: the node's JIT keeps compiling for 30-40 s; a shorter warm-up measures the compiler too)
set -euo pipefail
cd "$(dirname "$0")/../.."
rates=${1:-"0 2000 8000"}
secs=${2:-20}
warmup=${3:-40}
work=$(mktemp -d)
trap 'kill "$node" 2>/dev/null || true; rm -rf "$work"' EXIT

jar=runtime/target/switchboard.jar
[ -f "$jar" ] || mvn -B -q -DskipTests package
tick=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# CPU of the C1/C2 compiler threads: a fresh JVM's JIT, not the protocol's work
jit_ticks() { cat /proc/"$1"/task/*/stat 2>/dev/null | awk '/\(C[12] CompilerThre/ {t += $(NF-38) + $(NF-37)} END {print t + 0}'; }

# compiler threads that idle would exit and take their CPU time out of jit_ticks: keep them
java -Xms1g -Xmx1g -XX:-UseDynamicNumberOfCompilerThreads -jar "$jar" node --http-port 18080 --grpc-port 17070 --management-port 18558 \
  --data-dir "$work/data" > "$work/node.log" 2>&1 &
node=$!
for _ in $(seq 1 120); do
  curl -fs http://127.0.0.1:18080/health/ready >/dev/null 2>&1 && break
  sleep 1
done

perftest_cp=$(docs/bench/perftest-classpath.sh "$work")

for rate in $rates; do
  echo "# switchboard node over gRPC, 1+1, window 100, rate $rate (0 = max)"
  java -jar "$jar" bench --grpc 127.0.0.1:17070 --size 1024 --rate "$rate" --partitions 1 \
    --producers 1 --consumers 1 --window 100 --warmup "${warmup}s" --duration "${secs}s" \
    > "$work/bench.txt" 2>&1 &
  bench=$!
  until grep -q 'warm-up over' "$work/bench.txt" 2>/dev/null || ! kill -0 "$bench" 2>/dev/null; do sleep 0.2; done
  before=$(cpu_ticks "$node"); jit_before=$(jit_ticks "$node")
  wait "$bench" || true
  after=$(cpu_ticks "$node"); jit_after=$(jit_ticks "$node")
  grep -v -E '^\s*$|INFO|DEBUG' "$work/bench.txt" | tail -n 12
  msgs=$(grep -oE 'consumed[^0-9]*[0-9]+' "$work/bench.txt" | grep -oE '[0-9]+$' | tail -n 1 || true)
  if [ -n "${msgs:-}" ] && [ "$msgs" -gt 0 ]; then
    echo "node CPU: $(( (after - before) * 1000000 / tick / msgs )) us per message consumed ($msgs)," \
      "$(( (after - before - jit_after + jit_before) * 1000000 / tick / msgs )) us without the JIT compiler threads"
  else
    echo "node CPU: $(( (after - before) * 1000 / tick )) ms over the run"
  fi
  echo "# rabbitmq classic durable queue, PerfTest 1+1, rate $rate (0 = max)"
  rate_opt=()
  [ "$rate" != 0 ] && rate_opt=(--rate "$rate")
  java -cp "$perftest_cp" com.rabbitmq.perf.PerfTest \
    --uri amqp://guest:guest@127.0.0.1:5672 --producers 1 --consumers 1 --size 1024 \
    --time "$secs" --queue "sb-remote-$rate" --auto-delete true --flag persistent --confirm 100 \
    --multi-ack-every 100 --qos 200 --queue-args x-queue-type=classic "${rate_opt[@]}" 2>&1 \
    | grep -E 'rate avg|latency (min|median)' | tail -n 4
done
