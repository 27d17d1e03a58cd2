#!/usr/bin/env bash
# Footprint of the server: the jar's size, then for an empty gallery and for N synthetic people
# (`synth`, as scripts/bench/scale.sh): time from JVM start to /readyz, resident memory (VmRSS) once
# ready, and again after 5 s of 1:N verifies by one client (obama enrolled, 854x480 frame), with the
# latency of those verifies. A measurement, not a test: numbers depend on whatever else the machine is doing.
#
# Usage: scripts/bench/footprint.sh [--image] [N]     (N default 10000)
#   --image              run the server as Dockerfile.arm64 does: its ENTRYPOINT's JVM flags and its MALLOC_* ENV
#                        (scripts/lib/image-runtime.sh); without it, plain `java -jar`
#   FOOTPRINT_JAVA_OPTS  more JVM flags for the server (after the image's), e.g. -XX:TieredStopAtLevel=1
#   FOOTPRINT_NMT=1      also run with -XX:NativeMemoryTracking=summary and print where the JVM's memory goes
#                        (jcmd VM.native_memory summary and GC.heap_info, after the verifies)
#   MVN_FLAGS            extra flags for the build when target/facegate.jar is missing (e.g. -o when offline)
# Server settings come from config/facegate.json and FACEGATE_* variables, as for `serve`.
set -euo pipefail

cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/image-option.sh
. scripts/lib/image-option.sh "$@"
shift "$image_shift"
# shellcheck source=scripts/lib/ensure-jar.sh
. scripts/lib/ensure-jar.sh
# shellcheck source=scripts/lib/bench-server.sh
. scripts/lib/bench-server.sh
n=${1:-10000}
read -r -a more <<<"${FOOTPRINT_JAVA_OPTS-}"
opts+=("${more[@]}")
[ "${FOOTPRINT_NMT-}" = 1 ] && opts+=(-XX:NativeMemoryTracking=summary)
export FACEGATE_RATE_LIMIT_PER_SECOND=0

server=""
trap '[ -z "$server" ] || kill "$server" 2>/dev/null || true' EXIT
# CPU seconds (user + system) the process has used: unlike wall time, hardly moved by other work on the machine.
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$1/stat"; }
rss_mb() { echo $(($(awk '/VmRSS/ {print $2}' "/proc/$1/status") / 1024)); }

echo "jar: $jar $(($(stat -c %s "$jar") / 1024 / 1024)) MB; server JVM flags: ${opts[*]:-(none)}; env: ${server_env[*]:-(none)}"
echo
echo "| people | ready s (JVM start to /readyz) | CPU s to ready | RSS MB at ready | RSS MB after 5 s of id verifies | id p50 / p99 ms |"
echo "|---|---|---|---|---|---|"
for size in 0 "$n"; do
  data=$(mktemp -d)
  [ "$size" -gt 0 ] && FACEGATE_DATA_DIR="$data" "$java" -jar "$jar" synth --people "$size" >/dev/null 2>&1
  t0=$(date +%s.%N)
  serve_on_free_port footprint "$data" env "${server_env[@]}" "$java" "${opts[@]}"
  ready=$(echo "$(date +%s.%N) - $t0" | bc)
  at_ready=$(rss_mb $server)
  cpu=$(cpu_s $server)
  row=$(id_latency_row footprint)
  after=$(rss_mb $server)
  if [ "${FOOTPRINT_NMT-}" = 1 ]; then
    jcmd $server VM.native_memory summary scale=MB >"$data/nmt.txt"
    jcmd $server GC.heap_info >"$data/heap.txt"
  fi
  kill $server; wait $server 2>/dev/null || true
  echo "$row" | awk -F'|' -v n="$size" -v r="$ready" -v c="$cpu" -v a="$at_ready" -v m="$after" \
    '{gsub(/ /, "", $4); gsub(/ /, "", $6); printf "| %d | %.2f | %s | %d | %d | %s / %s |\n", n, r, c, a, m, $4, $6}'
  if [ "${FOOTPRINT_NMT-}" = 1 ]; then
    echo '```'
    grep -E '^(Total|-  *[A-Za-z ]+ \(reserved)' "$data/nmt.txt" | sed 's/, reserved=[0-9]*MB//' || true
    grep -E 'total|capacity' "$data/heap.txt" | head -3 || true
    echo '```'
  fi
  rm -rf "$data"
done
echo
echo "$(uptime)"
