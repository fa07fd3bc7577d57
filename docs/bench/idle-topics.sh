#!/usr/bin/env bash
# Creates TOPICS topics (defaults: 4 partitions, durable, each with its .dlq) on a fresh node
# from the fat jar, lets it sit idle, then reports the node's CPU use over IDLE seconds, its
# RSS, and how long /health/alive and one publish take. Build the jar first:
#   mvn -q -pl runtime -am package -DskipTests
# Usage: docs/bench/idle-topics.sh [TOPICS=10000] [IDLE=60]   (HTTP_PORT, MGMT_PORT move the ports, JAR names another jar)
set -euo pipefail
cd "$(dirname "$0")/../.."
topics=${1:-10000}
idle=${2:-60}
http=${HTTP_PORT:-18080}
mgmt=${MGMT_PORT:-18558}
base="http://127.0.0.1:$http"
dir=$(mktemp -d)

java -jar "${JAR:-runtime/target/switchboard.jar}" node --data-dir "$dir/data" --http-port "$http" \
  --management-port "$mgmt" > "$dir/node.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$dir"; true' EXIT
until curl -sf "$base/health/ready" > /dev/null; do sleep 1; done

started=$(date +%s)
seq 0 $((topics - 1)) | xargs -P 8 -I{} curl -s -o /dev/null -w '%{http_code}\n' \
  -H 'Content-Type: application/json' -X POST "$base/v1/topics" -d '{"name":"idle-{}"}' \
  | sort | uniq -c | sed 's/^/created: HTTP /'
echo "created in $(( $(date +%s) - started )) s; listed: $(curl -s "$base/v1/topics" | jq '.topics | length') topics (with the .dlq ones)"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
sleep "$idle"   # settle: whatever creation started has time to calm down
before=$(cpu_ticks)
sleep "$idle"
after=$(cpu_ticks)
awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v s="$idle" \
  'BEGIN { printf "idle CPU: %.1f%% of one core over %d s\n", 100 * t / hz / s, s }'
echo "RSS: $(awk '/VmRSS/ {printf "%.0f MiB", $2 / 1024}' "/proc/$pid/status")"
echo "GET /health/alive: $(curl -s -o /dev/null -w '%{http_code} in %{time_total} s' "$base/health/alive")"
echo "publish to idle-7: $(curl -s -o /dev/null -w '%{http_code} in %{time_total} s' \
  -H 'Content-Type: application/json' -X POST "$base/v1/topics/idle-7/messages" -d '{"payload":1}')"
echo "metrics rows of topics: $(curl -s "$base/metrics" | grep -c '^switchboard_topic_published')"
