#!/usr/bin/env bash
# Other people's broken images through a real server: starts the jar on a fresh data dir and a free
# port (config/facegate.json defaults, rate limits off so only the images decide the answers), then
# `hostile-run` sends every file of the corpus (scripts/hostile-corpus.sh) and damaged copies of
# each to /register and /verify with N concurrent clients. Prints the status histogram, 5xx and
# timeouts (saved under target/hostile-findings), the server's peak resident memory and its rise per
# concurrent request, and how many native decoder messages were logged with a request id.
#
# Usage: scripts/hostile-run.sh [--image] [CLIENTS] [MUTATIONS]   (defaults: 4 clients, 8 damaged copies per file)
#   --image     run the server as Dockerfile.arm64 does (its JVM flags and MALLOC_* settings,
#               scripts/lib/image-runtime.sh); without it, plain `java -jar`
#   FACEGATE_*  server settings, as for `serve`
# Exit codes: 0 no 5xx and no timeout; 1 some (see target/hostile-findings).
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/image-option.sh
. scripts/lib/image-option.sh "$@"
shift "$image_shift"
clients=${1:-4}
mutations=${2:-8}
corpus=target/hostile-corpus
[ -d "$corpus" ] || scripts/hostile-corpus.sh "$corpus"
# shellcheck source=scripts/lib/ensure-jar.sh
. scripts/lib/ensure-jar.sh
# shellcheck source=scripts/lib/bench-server.sh
. scripts/lib/bench-server.sh
export FACEGATE_RATE_LIMIT_PER_SECOND=0 FACEGATE_RATE_LIMIT_CONCURRENT=0 FACEGATE_LOG_FORMAT=json

data=$(mktemp -d)
server=""
trap '[ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$data"' EXIT
serve_on_free_port hostile-run "$data" env "${server_env[@]}" "$java" "${opts[@]}"
echo "server JVM flags: ${opts[*]:-(none)}; env: ${server_env[*]:-(none)}"
token=$("$java" -jar "$jar" token --role admin --subject hostile-run | tail -1)
rm -rf target/hostile-findings
status=0
"$java" -jar "$jar" hostile-run --url "$url" --token "$token" --corpus "$corpus" --clients "$clients" \
  --mutations "$mutations" --server-pid "$server" || status=$?
native=$(grep -c '"loggerName":"native"' "$data/server.log" || true)
tagged=$(grep '"loggerName":"native"' "$data/server.log" | grep -c '"request_id":"hostile-' || true)
echo "native decoder messages logged: $native, of which with the request id of a run request: $tagged"
echo "server log lines outside logback (not JSON): $(grep -vc '^{' "$data/server.log" || true)"
echo "$(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(uptime)"
exit $status
