#!/usr/bin/env bash
# Per-stage latency of the vision pipeline (decode, detect, align, embed; median/p95 ms) with 1 and 2
# intra-op threads and both detectors, plus the decode of a ~1 MP JPEG. Prints markdown tables.
# A measurement, not a test: run it on a quiet machine and compare rows from the same run only.
#
# Usage: scripts/bench-pipeline.sh [bench options]   e.g. --iterations 10 --threads 1,2,4
#   FACEGATE_BENCH_PHOTOS  photo folder (default ../shared/faces/people, relative to the repository root)
#   MVN_FLAGS              extra flags for the build when target/facegate.jar is missing (e.g. -o when offline)
# Configuration (models_dir, min_detection_score, ...) is read as the server reads it, from config/facegate.json
# and FACEGATE_* variables; the detector and thread count are overridden per row.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/ensure-jar.sh
. scripts/lib/ensure-jar.sh
exec "$java" -jar "$jar" bench --photos "${FACEGATE_BENCH_PHOTOS:-../shared/faces/people}" "$@"
