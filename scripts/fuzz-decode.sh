#!/usr/bin/env bash
# Decoder fuzzing for longer than the default suite's few seconds: runs DecodeFuzzTest (seeded
# mutations of valid JPEG, PNG, BMP and WebP files through the format walkers and OpenCV) and saves
# every finding into src/test/resources/hostile, where HostileRegressionTest replays it from then on.
# Each input is written to target/fuzz-current.bin before it is decoded, so when a native crash kills
# the JVM that input is kept as a finding too.
#
# Usage: scripts/fuzz-decode.sh [SECONDS] [SEED]     (defaults: 600 seconds, seed from the clock)
# Exit codes: 0 no finding, 1 findings saved (commit them with their fix), 2 the JVM died.
set -euo pipefail

cd "$(dirname "$0")/.."
seconds=${1:-600}
seed=${2:-$(date +%s)}
current=target/fuzz-current.bin
log=target/fuzz-decode.log
mkdir -p target
echo "fuzzing the decoder for ${seconds}s with seed ${seed}; log in ${log}"
status=0
mvn -B test -Dtest=DecodeFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.seconds="$seconds" \
  -Dfuzz.seed="$seed" -Dfuzz.findings=src/test/resources/hostile -Dfuzz.current="$current" >"$log" 2>&1 || status=$?
grep -h "fuzz: seed" "$log" || true
if [ "$status" -eq 0 ]; then
  exit 0
fi
if grep -q "The forked VM terminated" "$log"; then
  crash="src/test/resources/hostile/crash-$(sha256sum "$current" | cut -c1-16).bin"
  cp "$current" "$crash"
  echo "the JVM died decoding an input, kept as ${crash}" >&2
  exit 2
fi
grep -h "^\[ERROR\] .*fuzz-findings\|hostile/" "$log" | head -20 >&2 || true
echo "findings saved in src/test/resources/hostile (see ${log})" >&2
exit 1
