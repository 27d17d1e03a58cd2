#!/usr/bin/env bash
# Bulk enrollment rate: starts the server on a temp data dir, makes N person folders (one photo each, the
# clone's own photos under src/test/resources/faces/people taken in turn) and times `enroll --folder` at
# each concurrency. Prints one markdown row per run.
# A measurement, not a test: numbers depend on whatever else the machine is doing.
#
# Usage: scripts/bench/enroll.sh [PEOPLE] [CONCURRENCY...]   e.g. scripts/bench/enroll.sh 500 1 2 4
#   MVN_FLAGS  extra flags for the build when target/facegate.jar is missing (e.g. -o when offline)
# Server settings come from config/facegate.json and FACEGATE_* variables, as for `serve`; the rate limit
# is switched off unless FACEGATE_RATE_LIMIT_PER_SECOND is set (its default of 20 requests/s caps a single
# token at 20 people/s). The same faces come back under many names, so the runs pass --allow-duplicates
# with an admin token: the duplicate-face search is skipped.
set -euo pipefail

cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/ensure-jar.sh
. scripts/lib/ensure-jar.sh
# shellcheck source=scripts/lib/bench-server.sh
. scripts/lib/bench-server.sh
people=${1:-300}
shift || true
concurrencies=("${@:-2}")
work=$(mktemp -d)
trap 'kill ${server:-} 2>/dev/null; wait ${server:-} 2>/dev/null; rm -rf "$work"' EXIT
mapfile -t photos < <(find src/test/resources/faces/people -type f | sort)

export FACEGATE_RATE_LIMIT_PER_SECOND=${FACEGATE_RATE_LIMIT_PER_SECOND:-0}
mkdir "$work/data"
serve_on_free_port enroll "$work/data" "$java"
token=$("$java" -jar "$jar" token --role admin --subject bench-enroll --ttl 2h | tail -1)
echo "$people people, 1 photo each; $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
  "rate_limit_per_second=$FACEGATE_RATE_LIMIT_PER_SECOND"
echo
echo "| concurrency | people/s | enrolled | server CPU ms per person | load average after |"
echo "|---|---|---|---|---|"
# server_cpu_ms: user + system CPU time of the server process so far (clock ticks of /proc/PID/stat).
server_cpu_ms() {
  awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) * 1000 / hz}' "/proc/$server/stat"
}
# make_people NAME COUNT: a folder of COUNT people, one photo (a symbolic link) each.
make_people() {
  for i in $(seq 0 $(($2 - 1))); do
    mkdir -p "$work/$1/$1-$i"
    photo=${photos[$((i % ${#photos[@]}))]}
    ln -s "$PWD/$photo" "$work/$1/$1-$i/$(basename "$photo")"
  done
}
enroll() {
  "$java" -jar "$jar" enroll --server "$url" --token "$token" --folder "$work/$1" --concurrency "$2" \
    --allow-duplicates 2>/dev/null || true
}
make_people warmup 40
enroll warmup 2 >/dev/null # JIT and ONNX Runtime allocations
for c in "${concurrencies[@]}"; do
  make_people "c$c" "$people"
  before=$(server_cpu_ms)
  summary=$(enroll "c$c" "$c")
  cpu=$(awk -v a="$before" -v b="$(server_cpu_ms)" -v n="$people" 'BEGIN {printf "%.1f", (b - a) / n}')
  rate=$(grep -o '([0-9.]* people/s)' <<<"$summary" | tr -d '(' | cut -d' ' -f1)
  enrolled=$(grep -o 'enrolled [0-9]* of [0-9]*' <<<"$summary" | cut -d' ' -f2,3,4)
  echo "| $c | $rate | $enrolled | $cpu | $(cut -d' ' -f1-3 /proc/loadavg) |"
done
