#!/usr/bin/env bash
# Extra latency of liveness per verification: /verify (id mode) with one image against the same
# clip's frames sent as a capture (motion mode) and answering a one-action challenge, for 10 and 30
# frames. Each row: median and p90 wall time of R requests by one client (curl), and the server's CPU
# seconds per request. A measurement, not a test: numbers depend on whatever else the machine is doing.
#
# Usage: scripts/bench/liveness.sh [CLIP_DIR] [R]
#   CLIP_DIR  folder of frame_NNN.jpg (default ../shared/faces/liveness/live/tvl_real_turn, 30 frames 360x640)
#   R         requests per row (default 15)
#   MVN_FLAGS extra flags for the build when target/facegate.jar is missing (e.g. -o when offline)
# Server settings come from config/facegate.json and FACEGATE_* variables, as for `serve`.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/ensure-jar.sh
. scripts/lib/ensure-jar.sh
# shellcheck source=scripts/lib/bench-server.sh
. scripts/lib/bench-server.sh
clip=${1:-../shared/faces/liveness/live/tvl_real_turn}
reps=${2:-15}
export FACEGATE_RATE_LIMIT_PER_SECOND=0 FACEGATE_LIVENESS_CHALLENGE_ACTIONS=1
mapfile -t frames < <(find "$clip" -name 'frame_*.jpg' | sort)
data=$(mktemp -d)
server=""
trap '[ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$data"' EXIT
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.3f", ($14 + $15) / hz}' "/proc/$1/stat"; }

serve_on_free_port liveness "$data" "$java"
token=$("$java" -jar "$jar" token --role verify --subject bench | tail -1)

# row LABEL N CHALLENGE: R requests with N frames (N=1: one image), answering a challenge when CHALLENGE=1.
row() {
  local label=$1 n=$2 challenge=$3 times=() args=() before after
  if [ "$n" = 1 ]; then
    args=(-F "image=@${frames[0]}")
  else
    for f in "${frames[@]:0:$n}"; do args+=(-F "frames=@$f"); done
  fi
  before=$(cpu_s "$server")
  for _ in $(seq "$reps"); do
    extra=()
    if [ "$challenge" = 1 ]; then
      id=$(curl -sf -X POST -H "Authorization: Bearer $token" "$url/liveness/challenge" | python3 -c 'import json,sys; print(json.load(sys.stdin)["challenge_id"])')
      extra=(-F "challenge_id=$id")
    fi
    times+=("$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" -F mode=id "${extra[@]}" "${args[@]}" "$url/verify")")
  done
  after=$(cpu_s "$server")
  printf '%s\n' "${times[@]}" | sort -n | awk -v l="$label" -v r="$reps" -v c="$(echo "($after - $before) / $reps" | bc -l)" \
    '{t[NR] = $1 * 1000} END {printf "| %s | %.0f | %.0f | %.2f |\n", l, t[int((NR + 1) / 2)], t[int(NR * 0.9 + 0.5)], c}'
}

# Warm-up: the first requests pay the JIT and ONNX Runtime's first runs.
for _ in 1 2 3; do curl -s -o /dev/null -H "Authorization: Bearer $token" -F mode=id -F "image=@${frames[0]}" "$url/verify"; done
echo "clip: $clip (${#frames[@]} frames); $reps requests per row, one client; $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo
echo "| request | p50 ms | p90 ms | server CPU s per request |"
echo "|---|---|---|---|"
row "one image (passive)" 1 0
row "10 frames (motion)" 10 0
row "10 frames + challenge (active)" 10 1
row "30 frames (motion)" 30 0
row "30 frames + challenge (active)" 30 1
kill "$server"; wait "$server" 2>/dev/null || true
server=""
echo
uptime
