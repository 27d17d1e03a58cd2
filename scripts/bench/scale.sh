#!/usr/bin/env bash
# Boot time to /readyz, RSS and 1:N latency at several gallery sizes. For each size: a fresh data dir
# filled by `synth --people N` (random unit embeddings), the server started on it, obama enrolled,
# then `loadgen` with one client in id mode (end-to-end latency, includes the scan). In-process
# search latency and HNSW recall per size come from `bench-index` (scripts/bench/index.sh).
# A measurement, not a test: numbers depend on whatever else the machine is doing.
#
# Usage: scripts/bench/scale.sh [sizes...]   (default: 10000 100000)
#   MVN_FLAGS  extra flags for the build when target/facegate.jar is missing (e.g. -o when offline)
# Server settings come from config/facegate.json and FACEGATE_* variables, as for `serve`.
set -euo pipefail

cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/ensure-jar.sh
. scripts/lib/ensure-jar.sh
# shellcheck source=scripts/lib/bench-server.sh
. scripts/lib/bench-server.sh
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
export FACEGATE_RATE_LIMIT_PER_SECOND=0
echo "| people | synth s | ready s | RSS MB after | id p50 / p99 ms (1 client, 854x480) |"
echo "|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  data=$(mktemp -d)
  t0=$(date +%s.%N)
  FACEGATE_DATA_DIR="$data" "$java" -jar "$jar" synth --people "$n" >/dev/null 2>&1
  t1=$(date +%s.%N)
  serve_on_free_port "scale at $n" "$data" "$java"
  t2=$(date +%s.%N)
  row=$(id_latency_row scale)
  rss=$(($(awk '/VmRSS/ {print $2}' "/proc/$server/status") / 1024))
  kill $server; wait $server 2>/dev/null || true
  rm -rf "$data"
  echo "$row" | awk -F'|' -v n="$n" -v s="$(echo "$t1 - $t0" | bc)" -v r="$(echo "$t2 - $t1" | bc)" -v m="$rss" \
    '{gsub(/ /, "", $4); gsub(/ /, "", $6); printf "| %d | %.1f | %.1f | %d | %s / %s |\n", n, s, r, m, $4, $6}'
done
echo
echo "$(uptime)"
