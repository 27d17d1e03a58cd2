#!/usr/bin/env bash
# Scale at several gallery sizes. For each size, a fresh data dir:
#   1. `synth --people N`: N synthetic people (random unit 192-D embeddings); at or above
#      index_graph_from (0 = never, the default) it also builds the HNSW graph and writes data/index.snapshot
#      (the one-time build, timed), so the server's boot loads it instead of building it;
#   2. `bench-index --store`: the server's own boot path in-process (SQLite read, snapshot load),
#      RSS, then 1:N search p50/p99 at each ef and recall@1 against the exact scan, on probes made
#      from stored people plus noise (cosine about 0.6, like a second photo);
#   3. the server started on it: JVM start to /readyz, obama enrolled, `loadgen` with one client in
#      id mode (end-to-end latency, search included), RSS after.
# A measurement, not a test: numbers depend on whatever else the machine is doing.
#
# Usage: scripts/bench/scale.sh [sizes...]   (default: 10000 100000; 1M: see docs/performance.md, Identification at scale)
#   JAVA_FLAGS  JVM flags for every java run (default: --add-modules jdk.incubator.vector, the Vector
#               API dot product; add -Xmx4g or more for 1M people)
#   EFS         search ef values for step 2 (default: the configured index_ef)
#   MVN_FLAGS   extra flags for the build when target/facegate.jar is missing (e.g. -o when offline)
# Server settings come from config/facegate.json and FACEGATE_* variables, as for `serve`.
set -euo pipefail

cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/ensure-jar.sh
. scripts/lib/ensure-jar.sh
# shellcheck source=scripts/lib/bench-server.sh
. scripts/lib/bench-server.sh
people=../shared/faces/people
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
read -r -a flags <<<"${JAVA_FLAGS:---add-modules jdk.incubator.vector}"
run() { "$java" "${flags[@]}" -jar "$jar" "$@"; }
export FACEGATE_HOST=127.0.0.1 FACEGATE_RATE_LIMIT_PER_SECOND=0
summary=("| people | synth (+ graph build, snapshot) s | snapshot MB | ready s | RSS MB after | id p50 / p99 ms (1 client, 854x480) |"
  "|---|---|---|---|---|---|")
for n in "${sizes[@]}"; do
  data=$(mktemp -d)
  export FACEGATE_DATA_DIR="$data"
  echo "## $n people ($(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg))"
  t0=$(date +%s.%N)
  run synth --people "$n" 2>/dev/null | grep -v '^synth: [0-9]*/\| INFO \| WARN '
  t1=$(date +%s.%N)
  snapshot=$(( $(stat -c %s "$data/index.snapshot" 2>/dev/null || echo 0) >> 20 ))
  run bench-index --store --queries 500 ${EFS:+--ef "$EFS"} 2>/dev/null | grep -v ' INFO \| WARN '
  t2=$(date +%s.%N)
  serve_on_free_port "scale at $n" "$data" "$java" "${flags[@]}" # not via run(): $server must be the JVM, for its RSS
  t3=$(date +%s.%N)
  token=$(run token --role admin --subject scale 2>/dev/null | tail -1)
  curl -sf -o /dev/null -H "Authorization: Bearer $token" -F username=obama -F "images=@$people/obama/obama.jpg" "$url/register"
  row=$(run loadgen --url "$url" --token "$token" --image "$people/obama/obama-480p.jpg" \
    --clients 1 --seconds 5 --overload 0 2>/dev/null | grep '^| 1 |')
  rss=$(($(awk '/VmRSS/ {print $2}' "/proc/$server/status") / 1024))
  kill $server; wait $server 2>/dev/null || true
  grep -E "snapshot|ready in" "$data/server.log" | sed 's/^/    server: /' | cut -c1-200
  rm -rf "$data"
  summary+=("$(echo "$row" | awk -F'|' -v n="$n" -v s="$(echo "$t1 - $t0" | bc)" -v r="$(echo "$t3 - $t2" | bc)" \
    -v m="$rss" -v z="$snapshot" \
    '{gsub(/ /, "", $4); gsub(/ /, "", $6); printf "| %d | %.1f | %d | %.1f | %d | %s / %s |\n", n, s, z, r, m, $4, $6}')")
  echo
done
printf '%s\n' "${summary[@]}"
echo
echo "$(uptime)"
