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
people=../shared/faces/people
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
export FACEGATE_HOST=127.0.0.1 FACEGATE_RATE_LIMIT_PER_SECOND=0
echo "| people | synth s | ready s | RSS MB after | id p50 / p99 ms (1 client, 854x480) |"
echo "|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  data=$(mktemp -d)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  export FACEGATE_DATA_DIR="$data" FACEGATE_PORT="$port"
  t0=$(date +%s.%N)
  "$java" -jar "$jar" synth --people "$n" >/dev/null 2>&1
  t1=$(date +%s.%N)
  "$java" -jar "$jar" serve >"$data/server.log" 2>&1 &
  server=$!
  url="http://127.0.0.1:$port"
  until curl -sf "$url/readyz" >/dev/null; do
    kill -0 $server 2>/dev/null || { echo "scale: server exited at $n: $(tail -3 "$data/server.log")" >&2; exit 1; }
    sleep 0.1
  done
  t2=$(date +%s.%N)
  token=$("$java" -jar "$jar" token --role admin --subject scale | tail -1)
  curl -sf -o /dev/null -H "Authorization: Bearer $token" -F username=obama -F "images=@$people/obama/obama.jpg" "$url/register"
  row=$("$java" -jar "$jar" loadgen --url "$url" --token "$token" --image "$people/obama/obama-480p.jpg" \
    --clients 1 --seconds 5 --overload 0 | grep '^| 1 |')
  rss=$(($(awk '/VmRSS/ {print $2}' "/proc/$server/status") / 1024))
  kill $server; wait $server 2>/dev/null || true
  rm -rf "$data"
  echo "$row" | awk -F'|' -v n="$n" -v s="$(echo "$t1 - $t0" | bc)" -v r="$(echo "$t2 - $t1" | bc)" -v m="$rss" \
    '{gsub(/ /, "", $4); gsub(/ /, "", $6); printf "| %d | %.1f | %.1f | %d | %s / %s |\n", n, s, r, m, $4, $6}'
done
echo
echo "$(uptime)"
