#!/usr/bin/env bash
# kill -9 while enrolling, over and over: after every restart each acknowledged (201) person must be
# listed and must verify, and no person may exist without embeddings (a half-written registration).
# Not part of `mvn test` (it needs the packaged jar and takes minutes); run it from CI or by hand.
#
# Usage: scripts/crash-test.sh [cycles]   (default 10; CRASH_TEST_SEED fixes the kill points)
# Needs java, curl and jq; builds target/facegate.jar when it is missing.
set -euo pipefail

cd "$(dirname "$0")/.."
cycles="${1:-10}"
RANDOM="${CRASH_TEST_SEED:-$$}"
faces="${FACEGATE_FACES:-../shared/faces/people}"
enroll_photos=("$faces/obama/obama.jpg" "$faces/obama/obama2.jpg")
probe_photo="$faces/obama/obama3.jpg"
jar=target/facegate.jar
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
pid=""

fail() { echo "crash-test: FAIL: $*" >&2; exit 1; }
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

for f in "${enroll_photos[@]}" "$probe_photo"; do [ -f "$f" ] || fail "missing photo $f (set FACEGATE_FACES)"; done
[ -f "$jar" ] || mvn -q -B -DskipTests package

export FACEGATE_DATA_DIR="$work/data" FACEGATE_PORT="$port" FACEGATE_HOST=127.0.0.1
export FACEGATE_JWT_SECRET="crash-test-secret-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
export FACEGATE_RATE_LIMIT_PER_SECOND=0 FACEGATE_LOCKOUT_FAILURES=0

start() {
  java -jar "$jar" serve >>"$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    curl -fs "$base/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || fail "server exited at start; see log:$(tail -20 "$work/server.log")"
    sleep 0.2
  done
  fail "server not ready within 120 s"
}

token=$(java -jar "$jar" token --role admin --subject crash-test | tail -1)
auth=(-H "Authorization: Bearer $token")

# Every listed user as "username embeddings" lines, following the pages.
listed() {
  local cursor="" page
  while :; do
    page=$(curl -fsS "${auth[@]}" "$base/users?limit=1000${cursor:+&cursor=$cursor}")
    jq -r '.users[] | "\(.username) \(.embeddings)"' <<<"$page"
    cursor=$(jq -r '.next // empty' <<<"$page")
    [ -n "$cursor" ] || break
  done
}

# Registers one person after another until the server dies; appends each acknowledged name.
enroll_loop() {
  local cycle=$1 i=0 code
  while :; do
    name="c${cycle}_$i"
    code=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" -F "username=$name" \
      -F "images=@${enroll_photos[0]}" -F "images=@${enroll_photos[1]}" "$base/register") || return 0
    [ "$code" = 201 ] && echo "$name" >>"$work/acked"
    i=$((i + 1))
  done
}

touch "$work/acked"
start
for cycle in $(seq 1 "$cycles"); do
  enroll_loop "$cycle" &
  loop=$!
  # 0.5 to 3.5 s: long enough for several registrations, random so kills land at every stage.
  sleep "$(( RANDOM % 3 )).$(( RANDOM % 10 ))"; sleep 0.5
  kill -9 "$pid"; wait "$pid" 2>/dev/null || true
  wait "$loop" 2>/dev/null || true
  start
  listed >"$work/listed"
  acked=$(wc -l <"$work/acked")
  lost=$(grep -cvxFf <(cut -d' ' -f1 "$work/listed") "$work/acked" || true)
  half=$(awk '$2 == 0' "$work/listed" | wc -l)
  echo "cycle $cycle: acknowledged $acked, listed $(wc -l <"$work/listed"), lost $lost, without embeddings $half"
  [ "$lost" = 0 ] || fail "acknowledged people missing: $(grep -vxFf <(cut -d' ' -f1 "$work/listed") "$work/acked" | head)"
  [ "$half" = 0 ] || fail "half-written people: $(awk '$2 == 0' "$work/listed" | head)"
done

# Every acknowledged person verifies with a photo they were not enrolled with.
failed=0
while read -r name; do
  match=$(curl -fsS "${auth[@]}" -F mode=auth -F "username=$name" -F "image=@$probe_photo" "$base/verify" | jq -r .match)
  [ "$match" = true ] || { echo "does not verify: $name" >&2; failed=$((failed + 1)); }
done <"$work/acked"
consistency=$(curl -fsS "${auth[@]}" "$base/admin/consistency" 2>/dev/null | jq -c . || echo "unavailable")
echo "crash-test: cycles=$cycles acknowledged=$(wc -l <"$work/acked") listed=$(wc -l <"$work/listed") lost=0 \
half_written=0 verify_failures=$failed consistency=$consistency"
[ "$failed" = 0 ] || fail "$failed acknowledged people do not verify"
echo "crash-test: PASS"
