#!/usr/bin/env bash
# Durable publish-to-ack latency and CPU per message at fixed rates, side by side in one run:
# Switchboard in-process (ThroughputBenchmark latency mode) on the embedded RocksDB journal in
# fsync and os mode and on the H2 journal of 0.1, then RabbitMQ's PerfTest (durable classic
# queue, persistent messages, confirms 100 in flight, multi-ack every 100, prefetch 200) on
# 127.0.0.1:5672 at the same rates. 1 KiB messages throughout.
# Usage: docs/bench/durable-latency.sh [RATES="2000 8000"] [SECONDS=20] [WARMUP=40]
# (40 s: on 2 cores the JIT compiles for 30-40 s; with 10 s it still took 8-18% of the measured
# part's CPU and its pauses showed in the p99.)
# Prints per Switchboard run its RESULT line, CPU by thread group and the group commit's syncs/s
# and events per sync; PerfTest's summary per RabbitMQ run.
set -euo pipefail
cd "$(dirname "$0")/../.."
rates=${1:-"2000 8000"}
secs=${2:-20}
warmup=${3:-40}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mvn -B -q -pl actors test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
cp="actors/target/test-classes:actors/target/classes:$(cat actors/target/test-classpath.txt)"

rocks=(-Dpekko.persistence.journal.plugin=switchboard-rocksdb-journal
       -Dpekko.persistence.snapshot-store.plugin=switchboard-rocksdb-snapshot-store)
run_switchboard() { # label, rate, extra JVM options...
  local label=$1 rate=$2
  shift 2
  echo "# switchboard $label at $rate msgs/s"
  java -Xms1g -Xmx1g -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 "$@" -cp "$cp" \
    io.switchboard.bench.ThroughputBenchmark latency rate="$rate" duration="$secs" warmup="$warmup" \
    2>&1 | grep -E '^(RESULT|# latency (cpu|journal|wake))' | tail -n 4
}

perftest_cp=$(docs/bench/perftest-classpath.sh "$work")
run_rabbitmq() { # rate
  echo "# rabbitmq classic durable queue at $1 msgs/s"
  java -cp "$perftest_cp" com.rabbitmq.perf.PerfTest \
    --uri amqp://guest:guest@127.0.0.1:5672 --producers 1 --consumers 1 --size 1024 \
    --time "$secs" --queue "sb-bench-$1" --auto-delete true --flag persistent --confirm 100 \
    --multi-ack-every 100 --qos 200 --queue-args x-queue-type=classic --rate "$1" 2>&1 \
    | grep -E 'rate avg|latency (min|median)' | tail -n 4
}

for rate in $rates; do
  run_switchboard "rocksdb fsync" "$rate" "${rocks[@]}" -Dswitchboard.journal.durability=fsync
  run_switchboard "rocksdb os" "$rate" "${rocks[@]}" -Dswitchboard.journal.durability=os
  run_switchboard "h2 (0.1's journal)" "$rate" -Dpekko.persistence.journal.plugin=jdbc-journal \
    -Dpekko.persistence.snapshot-store.plugin=jdbc-snapshot-store
  run_rabbitmq "$rate"
done
