#!/usr/bin/env bash
# Bulk import into a running central: PEOPLE synthetic people (one random unit embedding each, made
# by `synth` and written as JSON lines by `export`) streamed to a central with `import --server`.
# Prints people per second end to end: reading the file, HTTP, PostgreSQL (people, embeddings and
# the change log, one transaction per 1,000 people) and the central's own replica applying them
# before it answers. A throw-away PostgreSQL is started and removed; no door runs.
# A measurement, not a test: numbers depend on whatever else the machine is doing.
#
# Usage: scripts/bench/fleet-import.sh [PEOPLE]     (default 100000)
# Needs: PostgreSQL server binaries (Debian: apt-get install postgresql), curl, python3, java 17.
set -euo pipefail

cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/ensure-jar.sh
. scripts/lib/ensure-jar.sh
people=${1:-100000}
work=$(mktemp -d /tmp/facegate-import.XXXXXX)
central=""
# shellcheck source=scripts/lib/throwaway-postgres.sh
. scripts/lib/throwaway-postgres.sh

cleanup() {
  if [ -n "$central" ]; then kill "$central" 2>/dev/null || true; wait "$central" 2>/dev/null || true; fi
  pg_stop
  rm -rf "$work"
}
trap cleanup EXIT

echo "fleet import: $people synthetic people"
FACEGATE_DATA_DIR="$work/source" "$java" -jar "$jar" synth --people "$people" 2>/dev/null
FACEGATE_DATA_DIR="$work/source" "$java" -jar "$jar" export --out "$work/people.jsonl"
echo "file: $(du -h "$work/people.jsonl" | cut -f1)"

pg_start

port=$(free_port)
secret=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
FACEGATE_ROLE=central FACEGATE_POSTGRES_URL="postgresql://postgres@127.0.0.1:$pg_port/facegate" \
  FACEGATE_HOST=127.0.0.1 FACEGATE_PORT=$port FACEGATE_DATA_DIR="$work/central" FACEGATE_JWT_SECRET="$secret" \
  "$java" -jar "$jar" serve >"$work/central.log" 2>&1 &
central=$!
for _ in $(seq 1 600); do
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break
  kill -0 "$central" 2>/dev/null || { echo "the central exited: $(tail -20 "$work/central.log")" >&2; exit 1; }
  sleep 0.5
done
token=$(FACEGATE_JWT_SECRET="$secret" "$java" -jar "$jar" token --role admin --subject bench --ttl 1h | tail -1)

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(uptime)"
start=$(date +%s.%N)
"$java" -jar "$jar" import --server "http://127.0.0.1:$port" --token "$token" --in "$work/people.jsonl"
end=$(date +%s.%N)
python3 -c "s = $end - $start; print(f'fleet import: {$people} people in {s:.1f} s = {$people / s:,.0f} people/s (client JVM start included)')"
