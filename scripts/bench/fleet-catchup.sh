#!/usr/bin/env bash
# A door catching up a large change log, and a new door loading the snapshot, on this machine:
#   1. PostgreSQL, a central and door-a (which syncs the empty gallery, then is stopped);
#   2. PEOPLE synthetic people (one random 192-D embedding each) seeded into the central's database
#      with `bench-fleet seed` (CentralGallery's bulk import batches: the change log written by the
#      schema's triggers, as for any write): one change each;
#   3. door-a restarted on its replica (cursor at seq 0): time from its start to /readyz and until it
#      serves at the central's head seq, pulling the log in feed batches;
#   4. door-b, new (empty data dir): time until it serves at the head seq, through the snapshot;
#      the snapshot's size and download time;
#   5. sizes: PostgreSQL tables, the doors' SQLite files, RSS of the central and doors.
# A measurement, not a test: numbers depend on whatever else the machine is doing.
#
# Usage: scripts/bench/fleet-catchup.sh [PEOPLE]   (default 100000)
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
people=${1:-100000}
since() { printf '%.1f' "$(echo "$(fleet_now) - $1" | bc)"; }
cpu_since() { printf '%.1f' "$(echo "$(fleet_cpu_s "$1") - $2" | bc)"; }
mb() { printf '%.1f' "$(echo "$1 / 1048576" | bc -l)"; }
files_mb() { mb "$(find "$@" -type f -printf '%s\n' | awk '{n += $1} END {print n + 0}')"; }

echo "# fleet catch-up: $people changes, on $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
echo "start $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
fleet_postgres
fleet_keys
fleet_central central
fleet_wait_ready "$central_port" central "$central_pid"
fleet_door door-a
fleet_wait_ready "$door_port" door-a "$door_pid"
kill "$door_pid"
wait "$door_pid" 2>/dev/null || true
echo "door-a synced the empty gallery and was stopped"
echo

t0=$(fleet_now)
"$java" -jar "$jar" bench-fleet seed --postgres-url "$pg_url" --people "$people" 2>/dev/null | grep '^seed:'
head=$(fleet_psql "SELECT max(seq) FROM gallery_changes")
seeded=$(fleet_now)
fleet_await_seq "$central_port" "$head" "$central_pid" central
echo "the central's own replica (following PostgreSQL while the seed ran) at seq $head:" \
  "$(since "$t0") s after the seed began, $(since "$seeded") s after it ended"
echo

t0=$(fleet_now)
fleet_door door-a
fleet_wait_ready "$door_port" door-a "$door_pid"
ready=$(since "$t0")
door_cpu=$(fleet_cpu_s "$door_pid")
central_cpu=$(fleet_cpu_s "$central_pid")
t1=$(fleet_now)
fleet_await_seq "$door_port" "$head" "$door_pid" door-a
echo "door-a, restarted at seq 0, catching up $head changes from the log: ready (serving its old replica)" \
  "after $ready s, at the central's seq $head after $(since "$t0") s from its start ($(since "$t1") s after ready);" \
  "CPU s from ready to caught up: door $(cpu_since "$door_pid" "$door_cpu"), central $(cpu_since "$central_pid" "$central_cpu")"
door_a_pid=$door_pid
door_a_port=$door_port

t0=$(fleet_now)
central_cpu=$(fleet_cpu_s "$central_pid")
fleet_door door-b
fleet_wait_ready "$door_port" door-b "$door_pid"
fleet_await_seq "$door_port" "$head" "$door_pid" door-b
echo "door-b, new, through the snapshot: serving at seq $head after $(since "$t0") s from its start;" \
  "CPU s from its start: door $(fleet_cpu_s "$door_pid") (JVM start and models included), central $(cpu_since "$central_pid" "$central_cpu")"

feed=$(fleet_token replica bench-snapshot)
for encoding in identity gzip; do
  curl -fsS -o /dev/null -H "Authorization: Bearer $feed" -H "Accept-Encoding: $encoding" \
    -w "snapshot ($encoding): %{size_download} bytes in %{time_total} s\n" "http://127.0.0.1:$central_port/replication/snapshot"
done
echo

echo "## sizes at $people people"
echo
echo "| what | MB |"
echo "|---|---|"
for table in people embeddings gallery_changes; do
  echo "| PostgreSQL $table (with indexes and TOAST) | $(mb "$(fleet_psql "SELECT pg_total_relation_size('$table')")") |"
done
echo "| PostgreSQL database facegate | $(mb "$(fleet_psql "SELECT pg_database_size('facegate')")") |"
echo "| door-a SQLite files (caught up from the log) | $(files_mb "$fleet_work/door-a" -name '*.db*') |"
echo "| door-b SQLite files (from the snapshot) | $(files_mb "$fleet_work/door-b" -name '*.db*') |"
echo "| central RSS | $(fleet_rss_mb "$central_pid") |"
echo "| door-a RSS | $(fleet_rss_mb "$door_a_pid") |"
echo "| door-b RSS | $(fleet_rss_mb "$door_pid") |"
echo
echo "door-a's metrics: $(curl -fs "http://127.0.0.1:$door_a_port/metrics" | grep -E '^facegate_replica_(seq|lag)' | tr '\n' ' ')"
echo "end $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
