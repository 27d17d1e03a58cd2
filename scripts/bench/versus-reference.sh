#!/usr/bin/env bash
# facegate against a seed-style reference server in one sitting: the reference (FastAPI + OpenCV
# DNN, scripts/bench/reference/server.py, 2 uvicorn workers: BlazeFace short range, 4-point
# alignment, MobileFaceNet) and then facegate on each preset, each loaded by the same closed-loop
# generator (`loadgen`) posting the same 854x480 frame to /verify at 1 and 4 clients, with the same
# 4 people enrolled. Prints each run's table, then verifies/s, p50 and the ratios to the reference.
# A measurement, not a test: figures move with whatever else the machine runs.
#
# Usage: scripts/bench/versus-reference.sh [--seconds N] [--presets door_terminal,wide_camera]
#   needs the Debian packages python3-fastapi python3-uvicorn python3-opencv python3-numpy python3-multipart
#   FACEGATE_BENCH_IMAGE  probe photo (default ../shared/faces/people/obama/obama-480p.jpg)
set -euo pipefail

cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/ensure-jar.sh
. scripts/lib/ensure-jar.sh
# shellcheck source=scripts/lib/bench-server.sh
. scripts/lib/bench-server.sh
seconds=15
presets=door_terminal,wide_camera
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --presets) presets=$2; shift 2 ;;
    *) echo "usage: $0 [--seconds N] [--presets a,b]" >&2; exit 2 ;;
  esac
done
python=/usr/bin/python3 # Debian's, where the apt packages live
people=../shared/faces/people
image="${FACEGATE_BENCH_IMAGE:-$people/obama/obama-480p.jpg}"
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
enrolled=(obama biden kit_harington rose_leslie)
mkdir "$work/gallery"
for who in "${enrolled[@]}"; do
  mkdir "$work/gallery/$who"
  cp "$(find "$people/$who" -name '*.jpg' | sort | head -1)" "$work/gallery/$who/"
done
token=unused # the reference checks no token; each facegate run mints one for its own data dir

# load LABEL: loadgen against $url at 1 and 4 clients; keeps its table in $work/LABEL.md
load() {
  "$java" -jar "$jar" loadgen --url "$url" --token "$token" --image "$image" \
    --clients 1,4 --seconds "$seconds" --overload 0 | tee "$work/$1.md"
}

stop_server() {
  kill "$server" 2>/dev/null
  wait "$server" 2>/dev/null || true
  server=
}

echo "# facegate vs reference, $(date -u +%FT%TZ), $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
echo "flags: $(grep -m1 -o 'avx512[a-z_]*\|avx2' /proc/cpuinfo | sort -u | tr '\n' ' ')"

port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
PYTHONDONTWRITEBYTECODE=1 REF_MODELS=models REF_GALLERY="$work/gallery" "$python" -m uvicorn server:app \
  --app-dir scripts/bench/reference --host 127.0.0.1 --port "$port" --workers 2 --log-level warning \
  >"$work/reference.log" 2>&1 &
server=$!
until curl -sf "$url/readyz" >/dev/null; do
  kill -0 $server 2>/dev/null || { echo "reference exited: $(tail -5 "$work/reference.log")" >&2; exit 1; }
  sleep 0.2
done
echo; echo "## reference: FastAPI + OpenCV $("$python" -c 'import cv2; print(cv2.__version__)') DNN, 2 uvicorn workers, 1 thread each"
load reference
stop_server

IFS=, read -r -a runs <<<"$presets"
for preset in "${runs[@]}"; do
  mkdir "$work/$preset"
  FACEGATE_PIPELINE_PRESET=$preset FACEGATE_RATE_LIMIT_PER_SECOND=0 serve_on_free_port versus "$work/$preset" "$java"
  token=$("$java" -jar "$jar" token --role admin --subject versus --ttl 2h | tail -1)
  for who in "${enrolled[@]}"; do
    curl -sf -o /dev/null -H "Authorization: Bearer $token" -F "username=$who" \
      -F "images=@$(ls "$work/gallery/$who"/*)" "$url/register" || echo "could not enroll $who" >&2
  done
  echo; echo "## facegate, pipeline_preset=$preset: $(grep -o 'pipeline [^;]*' "$work/$preset/server.log" | head -1)"
  load "$preset"
  stop_server
done

# row FILE CLIENTS: "verifies/s p50" from a loadgen table
row() { awk -F'|' -v c="$2" '$2 + 0 == c && $3 ~ /[0-9]/ { gsub(/ /, ""); print $3, $4 }' "$1"; }
echo
echo "| server | 1 client: verifies/s | p50 ms | 4 clients: verifies/s | p50 ms | rate at 4 / reference | 1-client p50 / reference |"
echo "|---|---|---|---|---|---|---|"
read -r ref1 refp50 < <(row "$work/reference.md" 1)
read -r ref4 ref4p50 < <(row "$work/reference.md" 4)
echo "| reference | $ref1 | $refp50 | $ref4 | $ref4p50 | 1.00 | 1.00 |"
for preset in "${runs[@]}"; do
  read -r r1 p1 < <(row "$work/$preset.md" 1)
  read -r r4 p4 < <(row "$work/$preset.md" 4)
  awk -v n="facegate $preset" -v r1="$r1" -v p1="$p1" -v r4="$r4" -v p4="$p4" -v rr="$ref4" -v rp="$refp50" \
    'BEGIN { printf "| %s | %s | %s | %s | %s | %.2f | %.2f |\n", n, r1, p1, r4, p4, r4 / rr, p1 / rp }'
done
echo; echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
