#!/usr/bin/env bash
# 1:N search in-process on generated galleries: the exact scan vs the binary-code shortlist
# (--shortlist lengths, default index_shortlist) at several sizes of synthetic face-like 192-D
# vectors, with the shortlist's recall@1 against the exact answer.
# Usage: scripts/bench/index.sh [bench-index options]
#   e.g. scripts/bench/index.sh --sizes 10000,100000 --shortlist 500,1000
#   JAVA_FLAGS  JVM flags (default: --add-modules jdk.incubator.vector -Xmx3g)
# The server's own gallery in a data dir (what scale.sh measures): bench-index --store.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib/ensure-jar.sh
. scripts/lib/ensure-jar.sh
read -r -a flags <<<"${JAVA_FLAGS:---add-modules jdk.incubator.vector -Xmx3g}"
exec "$java" "${flags[@]}" -jar "$jar" bench-index "$@" 2>/dev/null
