#!/usr/bin/env bash
# HTTP load benchmark of /verify (id mode) with the project's own Java load generator (`loadgen`):
# starts the server on a temp data dir with a few people enrolled, measures 1, 2, 4 and 8
# concurrent clients, then an open-loop overload run at 3x the best throughput. Prints markdown.
# A measurement, not a test: numbers depend on whatever else the machine is doing.
#
# Usage: scripts/bench/load.sh [loadgen options]   e.g. --seconds 20 --clients 1,4
#   FACEGATE_BENCH_IMAGE  probe photo (default ../shared/faces/people/obama/obama-480p.jpg)
#   MVN_FLAGS             extra flags for the build when target/facegate.jar is missing (e.g. -o when offline)
# Server settings come from config/facegate.json and FACEGATE_* variables, as for `serve`
# (the rate limit is switched off: one client IP would otherwise be throttled).
set -euo pipefail

cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/ensure-jar.sh
. scripts/lib/ensure-jar.sh
people=../shared/faces/people
image="${FACEGATE_BENCH_IMAGE:-$people/obama/obama-480p.jpg}"
data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export FACEGATE_DATA_DIR="$data" FACEGATE_PORT="$port" FACEGATE_HOST=127.0.0.1 FACEGATE_RATE_LIMIT_PER_SECOND=0
"$java" -jar "$jar" serve >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
url="http://127.0.0.1:$port"
for _ in $(seq 1 600); do
  curl -sf "$url/readyz" >/dev/null && break
  kill -0 $server 2>/dev/null || { echo "load: server exited: $(tail -5 "$data/server.log")" >&2; exit 1; }
  sleep 0.2
done
token=$("$java" -jar "$jar" token --role admin --subject loadgen --ttl 2h | tail -1)
for who in obama biden kit_harington rose_leslie; do
  photo=$(find "$people/$who" -name '*.jpg' | sort | head -1)
  curl -sf -o /dev/null -H "Authorization: Bearer $token" -F "username=$who" -F "images=@$photo" "$url/register" \
    || echo "load: could not enroll $who" >&2
done
echo "server: $("$java" -version 2>&1 | head -1); workers=${FACEGATE_WORKERS:-config} max_queue=${FACEGATE_MAX_QUEUE:-config}; $(uptime)"
"$java" -jar "$jar" loadgen --url "$url" --token "$token" --image "$image" "$@"
