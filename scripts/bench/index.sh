#!/usr/bin/env bash
# 1:N search in-process: exact scan vs HNSW (configured M/efConstruction/ef) at several gallery sizes
# of synthetic face-like 192-D vectors, with HNSW build time and recall@1 against the exact answer.
# Usage: scripts/bench/index.sh [bench-index options]   e.g. --sizes 10000,100000 --hnsw-up-to 50000
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/ensure-jar.sh
. scripts/lib/ensure-jar.sh
exec "$java" -jar "$jar" bench-index "$@"
