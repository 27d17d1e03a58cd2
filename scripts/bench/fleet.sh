#!/usr/bin/env bash
# The fleet on this machine: a throw-away PostgreSQL, one central and three doors (separate JVMs of the
# built jar), then
#   1. propagation: `bench-fleet propagation`: enrollments at the central (POST /register, one photo),
#      timed from the central's answer until each door answers GET /users/{u}?min_seq=S with the person;
#   2. enrollment writes/s at the central: `bench-fleet writes` (POST /register with a photo: there is
#      no route that takes precomputed embeddings), and the same database path without the photo
#      (`bench-fleet seed --single`: one transaction per person, precomputed embeddings);
#   3. idle cost of a door: CPU and RSS over IDLE_SECONDS with nothing changing, and the requests it
#      makes to the central meanwhile (its long poll), counted by the central's /metrics.
# A measurement, not a test: numbers depend on whatever else the machine is doing.
#
# Usage: scripts/bench/fleet.sh
#   SAMPLES          propagation samples (default 100)
#   WRITE_SECONDS    seconds per writes run (default 15)
#   IDLE_SECONDS     idle window (default 60)
#   FLEET_JAVA_OPTS  JVM flags of the central and doors (default -Xmx1g)
#   MVN_FLAGS        extra flags for the build when target/facegate.jar is missing
# Needs: PostgreSQL server binaries, openssl, curl, python3, java 17.
set -euo pipefail

cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/ensure-jar.sh
. scripts/lib/ensure-jar.sh
# shellcheck source=scripts/lib/fleet.sh
. scripts/lib/fleet.sh
trap fleet_stop EXIT
photo=src/test/resources/faces/people/obama/obama.jpg
idle=${IDLE_SECONDS:-60}

echo "# fleet benchmark: 1 central + 3 doors on $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
echo "start $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
fleet_postgres
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on port $pg_port"
fleet_keys
fleet_central central
fleet_wait_ready "$central_port" central "$central_pid"
central="http://127.0.0.1:$central_port"
door_urls=()
door_pids=()
for door in door-1 door-2 door-3; do
  fleet_door "$door"
  fleet_wait_ready "$door_port" "$door" "$door_pid"
  door_urls+=("http://127.0.0.1:$door_port")
  door_pids+=("$door_pid")
done
admin=$(fleet_token admin bench-desk)
bench() { "$java" -jar "$jar" bench-fleet "$@" 2>/dev/null | grep -v ' WARN \| INFO '; }
echo

bench propagation --central "$central" --door "$(IFS=,; echo "${door_urls[*]}")" --token "$admin" \
  --image "$photo" --samples "${SAMPLES:-100}"
echo

bench writes --central "$central" --token "$admin" --image "$photo" --clients 1,2,4 --seconds "${WRITE_SECONDS:-15}"
echo
echo "## the central's database path alone (precomputed embeddings, no photo)"
bench seed --postgres-url "$pg_url" --people 500 --single 1 --prefix single1-
bench seed --postgres-url "$pg_url" --people 1000 --single 4 --prefix single4-
head=$(fleet_psql "SELECT max(seq) FROM gallery_changes")
for i in "${!door_urls[@]}"; do fleet_await_seq "${door_urls[$i]##*:}" "$head" "${door_pids[$i]}" "door-$((i + 1))"; done
echo

# Completed feed requests at the central (long polls are counted when they end).
feed_requests() {
  curl -fs "$central/metrics" |
    awk '/^vertx_http_server_requests_total/ && /replication\/changes/ {n += $2} END {printf "%d\n", n}'
}
echo "## idle: every door in sync, nothing changing, ${idle} s"
sleep 5 # the writes above are applied; let the doors settle into their long polls
declare -A cpu0
for i in "${!door_pids[@]}"; do cpu0[$i]=$(fleet_cpu_s "${door_pids[$i]}"); done
central_cpu0=$(fleet_cpu_s "$central_pid")
polls0=$(feed_requests)
sleep "$idle"
polls1=$(feed_requests)
echo
echo "| process | CPU % of one core | CPU s in ${idle} s | RSS MB |"
echo "|---|---|---|---|"
for i in "${!door_pids[@]}"; do
  used=$(echo "$(fleet_cpu_s "${door_pids[$i]}") - ${cpu0[$i]}" | bc)
  echo "| door-$((i + 1)) | $(echo "scale=2; 100 * $used / $idle" | bc) | $used | $(fleet_rss_mb "${door_pids[$i]}") |"
done
used=$(echo "$(fleet_cpu_s "$central_pid") - $central_cpu0" | bc)
echo "| central | $(echo "scale=2; 100 * $used / $idle" | bc) | $used | $(fleet_rss_mb "$central_pid") |"
echo
echo "feed requests completed at the central in ${idle} s from ${#door_pids[@]} doors: $((polls1 - polls0))" \
  "($(echo "scale=4; ($polls1 - $polls0) / $idle / ${#door_pids[@]}" | bc) per door per second)"
echo
echo "end $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
