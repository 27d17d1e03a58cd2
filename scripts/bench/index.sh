#!/usr/bin/env bash
# 1:N search in-process on generated galleries: exact scan vs HNSW (configured M/efConstruction, each
# --ef) at several sizes of synthetic face-like 192-D vectors, with HNSW build time, recall@1 against
# the exact answer, and with --snapshot-dir the snapshot's size and write/load times; then the
# binary-code shortlist (--shortlist lengths, default index_shortlist) with its recall@1.
# Usage: scripts/bench/index.sh [bench-index options]
#   e.g. scripts/bench/index.sh --sizes 10000,100000 --ef 200,400 --snapshot-dir /tmp/snap
#   JAVA_FLAGS  JVM flags (default: --add-modules jdk.incubator.vector -Xmx3g)
# The server's own gallery in a data dir (what scale.sh measures): bench-index --store.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/ensure-jar.sh
. scripts/lib/ensure-jar.sh
read -r -a flags <<<"${JAVA_FLAGS:---add-modules jdk.incubator.vector -Xmx3g}"
exec "$java" "${flags[@]}" -jar "$jar" bench-index "$@" 2>/dev/null
