#!/usr/bin/env bash
# The OpenAI gateway at 50, 200 and 1,000 concurrent streams (issue #13): the official `openai`
# client (runtime/src/test/js/load.mjs: conversations of TURNS streamed turns of TOKENS tokens,
# each turn sent after the last one's reply) straight at an emulated vLLM (emulate-backend, its own
# JVM: 20 ms + 0.1 ms per uncached prompt token to the first token, then 10 ms a token, no
# concurrency limit of its own) and then through a node (its own JVM, one pool on that emulator,
# embedded RocksDB journal), at each number of streams in turn. For each it prints the client's
# numbers both ways and then: the time to first token and between tokens the gateway adds
# (through minus direct, at p50 and p99), tokens/s both ways, the node's CPU per relayed token
# (utime+stime of the node process over the run through it / completion tokens) and the node's
# peak resident memory during that run. The node is warmed up first (rounds of 20 conversations of
# one turn through it for WARMUP seconds) so that its JIT is not measured. A turn that fails ends
# its conversation and is counted (failedConversations, by status and code). Prints numbers,
# asserts nothing.
# Usage: docs/bench/gateway-streams.sh [STREAMS="50 200 1000"] [TURNS=3] [TOKENS=64] [WARMUP=60]
# Ports: SB_BENCH_PORT_BASE (default 18400): +0 emulator, +1 HTTP, +2 gRPC, +3 management.
# SB_BENCH_NODE_CONF: more HOCON for the node, e.g. 'switchboard.http.idle-timeout = 10m'.
set -euo pipefail
cd "$(dirname "$0")/../.."
streams=${1:-"50 200 1000"}
turns=${2:-3}
tokens=${3:-64}
warmup=${4:-60}
base=${SB_BENCH_PORT_BASE:-18400}
model=llama-3-8b
work=$(mktemp -d)
finish() {
  status=$?
  if [ "$status" != 0 ]; then
    echo "# failed ($status); the last lines of the node's and the emulator's logs:"
    tail -n 30 "$work/node.log" "$work/emulator.log" 2>/dev/null || true
  fi
  kill "$node" "$emulator" 2>/dev/null || true
  rm -rf "$work"
}
trap finish EXIT

jar=runtime/target/switchboard.jar
[ -f "$jar" ] || mvn -B -q -DskipTests package
js=runtime/src/test/js
[ -d "$js/node_modules/openai" ] || (cd "$js" && npm ci --no-audit --no-fund --loglevel=error)
tick=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
# connection attempts the kernel dropped because a listen queue was full (every socket of the
# machine: other programs count too)
listen_drops() { nstat -az TcpExtListenDrops 2>/dev/null | awk '/ListenDrops/ {print $2}'; }

java -Xmx1g -jar "$jar" emulate-backend --port "$base" --model "$model" \
  --max-concurrency 100000 --cached-conversations 100000 --enable-prompt-tokens-details \
  > "$work/emulator.log" 2>&1 &
emulator=$!

cat > "$work/bench.conf" <<CONF
switchboard.gateway.pools {
  "$model" { backends = [{ url = "http://127.0.0.1:$base/v1", max-concurrency = 4096 }] }
}
# 1,000 streams are 1,000 connections to the node
switchboard.http.max-connections = 4096
${SB_BENCH_NODE_CONF:-}
CONF
java -Xms2g -Xmx2g -jar "$jar" node --config "$work/bench.conf" --http-port $((base + 1)) \
  --grpc-port $((base + 2)) --management-port $((base + 3)) --data-dir "$work/data" \
  > "$work/node.log" 2>&1 &
node=$!
direct="http://127.0.0.1:$base/v1"
gateway="http://127.0.0.1:$((base + 1))/v1"
for _ in $(seq 1 180); do
  curl -fs -o /dev/null "http://127.0.0.1:$((base + 3))/health/ready" \
    && curl -fs -o /dev/null "$gateway/embeddings" -H 'Content-Type: application/json' \
      -d "{\"model\": \"$model\", \"input\": \"warm\"}" && break
  sleep 1
done

echo "# $(date -u +%FT%TZ) load average $(cut -d' ' -f1-3 /proc/loadavg); warm-up: ${warmup}s through the node"
until_s=$((SECONDS + warmup))
while [ "$SECONDS" -lt "$until_s" ]; do
  node "$js/load.mjs" "$gateway" "$model" 20 1 "$tokens" > /dev/null
done

for n in $streams; do
  node "$js/load.mjs" "$direct" "$model" "$n" "$turns" "$tokens" > "$work/direct.json"
  before=$(cpu_ticks "$node")
  drops_before=$(listen_drops)
  peak=$(rss_kib "$node")
  node "$js/load.mjs" "$gateway" "$model" "$n" "$turns" "$tokens" > "$work/gateway.json" &
  load=$!
  while kill -0 "$load" 2>/dev/null; do
    rss=$(rss_kib "$node"); [ "$rss" -gt "$peak" ] && peak=$rss
    sleep 0.5
  done
  wait "$load"
  after=$(cpu_ticks "$node")
  echo "## $n concurrent streams, $turns turns of $tokens tokens, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "listen queue drops on the machine during the run through the node: $(( $(listen_drops) - drops_before ))"
  echo "direct:  $(cat "$work/direct.json")"
  echo "gateway: $(cat "$work/gateway.json")"
  /usr/bin/python3 - "$work/direct.json" "$work/gateway.json" $((after - before)) "$tick" "$peak" <<'PY'
import json, sys
d, g = (json.load(open(p)) for p in sys.argv[1:3])
ticks, tick, peak = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
f = lambda x: float(x)
print("added time to first token  p50 %+.1f ms  p99 %+.1f ms  (direct %s / %s, through %s / %s)" % (
    f(g["firstTokenMs"]["clientP50"]) - f(d["firstTokenMs"]["clientP50"]),
    f(g["firstTokenMs"]["clientP99"]) - f(d["firstTokenMs"]["clientP99"]),
    d["firstTokenMs"]["clientP50"], d["firstTokenMs"]["clientP99"],
    g["firstTokenMs"]["clientP50"], g["firstTokenMs"]["clientP99"]))
print("added time between tokens  p50 %+.1f ms  p99 %+.1f ms  (direct %s / %s, through %s / %s)" % (
    f(g["betweenTokensMs"]["p50"]) - f(d["betweenTokensMs"]["p50"]),
    f(g["betweenTokensMs"]["p99"]) - f(d["betweenTokensMs"]["p99"]),
    d["betweenTokensMs"]["p50"], d["betweenTokensMs"]["p99"],
    g["betweenTokensMs"]["p50"], g["betweenTokensMs"]["p99"]))
cpu = ticks / tick
print("tokens/s  direct %d  through %d;  node CPU %.2f s = %.0f us per relayed token (%d tokens);"
      "  node peak RSS %d MiB" % (d["tokensPerSecond"], g["tokensPerSecond"], cpu,
      cpu * 1e6 / max(1, g["tokens"]), g["tokens"], peak // 1024))
PY
done
