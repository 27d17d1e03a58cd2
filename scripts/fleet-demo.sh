#!/usr/bin/env bash
# A fleet on one machine: PostgreSQL, one central and two followers (doors), from the built jar.
# Enrolls obama at the central, shows a door recognizing him, deletes him at the central, shows the
# door forgetting him and the central's erasure report, then stops everything it started.
# Tokens are ES256: minted with the central's private key (token --private-key); every server,
# the doors included, verifies them with the public key alone.
#
# Usage: scripts/fleet-demo.sh         (from anywhere; runs from the project root)
# Needs: PostgreSQL server binaries (Debian: apt-get install postgresql), openssl, curl, jq, java 17.
# Env:   MVN_FLAGS  extra Maven flags if the jar must be built
set -euo pipefail

cd "$(dirname "$0")/.."
jar=target/facegate.jar
photos=src/test/resources/faces/people/obama
work=$(mktemp -d /tmp/facegate-fleet.XXXXXX)
pids=()
# shellcheck source=scripts/lib/throwaway-postgres.sh
. scripts/lib/throwaway-postgres.sh

say() { printf '\n== %s\n' "$*"; }

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pg_stop
  rm -rf "$work"
}
trap cleanup EXIT

wait_ready() { # port, name, pid
  for _ in $(seq 1 600); do
    if curl -fs "http://127.0.0.1:$1/readyz" >/dev/null; then echo "$2 ready on port $1"; return 0; fi
    kill -0 "$3" 2>/dev/null || break
    sleep 0.5
  done
  echo "$2 did not become ready; its log:" >&2; tail -50 "$work/$2.log" >&2; exit 1
}

[ -f "$jar" ] || mvn -q -B -DskipTests ${MVN_FLAGS:-} package

say "PostgreSQL"
pg_start
echo "PostgreSQL on port $pg_port"

say "Keys: the private one stays where tokens are minted, the public one goes to every server"
openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out "$work/issuer.key"
openssl ec -in "$work/issuer.key" -pubout -out "$work/issuer.pub" 2>/dev/null
export FACEGATE_HOST=127.0.0.1 FACEGATE_JWT_ALGORITHM=ES256 FACEGATE_JWT_PUBLIC_KEY_FILE="$work/issuer.pub"
token() { java -jar "$jar" token --private-key "$work/issuer.key" --ttl 1h "$@"; }
admin=$(token --role admin --subject demo-desk)
camera=$(token --role verify --subject door-camera)

say "Central"
central_port=$(free_port)
FACEGATE_ROLE=central FACEGATE_POSTGRES_URL="postgresql://postgres@127.0.0.1:$pg_port/facegate" \
  FACEGATE_PORT=$central_port FACEGATE_DATA_DIR="$work/central" \
  java -Xmx768m -jar "$jar" serve >"$work/central.log" 2>&1 &
pids+=($!)
wait_ready "$central_port" central "${pids[-1]}"

say "Two doors, each with its own replica token"
door_ports=()
for door in door-1 door-2; do
  port=$(free_port)
  feed_token=$(token --role replica --subject "$door")
  FACEGATE_ROLE=follower FACEGATE_FOLLOW_URL="http://127.0.0.1:$central_port" FACEGATE_FOLLOW_TOKEN="$feed_token" \
    FACEGATE_PORT=$port FACEGATE_DATA_DIR="$work/$door" \
    java -Xmx768m -jar "$jar" serve >"$work/$door.log" 2>&1 &
  pids+=($!)
  door_ports+=("$port")
  wait_ready "$port" "$door" "${pids[-1]}"
done

say "Enroll obama at the central"
enrolled=$(curl -fsS -H "Authorization: Bearer $admin" -F username=obama -F "images=@$photos/obama.jpg" \
  "http://127.0.0.1:$central_port/register")
echo "$enrolled" | jq -c .
seq=$(echo "$enrolled" | jq .gallery_seq)

say "door-1 identifies him (min_seq=$seq: the door answers once its replica holds the enrollment)"
curl -sS -H "Authorization: Bearer $camera" -F mode=id -F "image=@$photos/obama1.jpg" \
  "http://127.0.0.1:${door_ports[0]}/verify?min_seq=$seq" | jq -c '{match, username, score, threshold}'

say "door-1 refuses writes"
curl -sS -H "Authorization: Bearer $admin" -X DELETE "http://127.0.0.1:${door_ports[0]}/users/obama" | jq -c .

say "Delete obama at the central"
seq=$(curl -fsS -D - -o /dev/null -H "Authorization: Bearer $admin" -X DELETE \
  "http://127.0.0.1:$central_port/users/obama" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-gallery-seq"{print $2}')
echo "deleted at gallery seq $seq"

say "door-2 no longer knows him"
curl -sS -H "Authorization: Bearer $camera" -F mode=id -F "image=@$photos/obama1.jpg" \
  "http://127.0.0.1:${door_ports[1]}/verify?min_seq=$seq" | jq -c '{match, username, candidates}'

say "The central's view: each door's cursor, and which doors have applied the erasure"
sleep 1 # each door reports its cursor with its next poll
curl -fsS -H "Authorization: Bearer $admin" "http://127.0.0.1:$central_port/admin/replicas" | jq -c .
curl -fsS -H "Authorization: Bearer $admin" "http://127.0.0.1:$central_port/admin/erasures/obama" | jq -c .

say "Replication metrics of door-1"
curl -fsS "http://127.0.0.1:${door_ports[0]}/metrics" | grep -E '^facegate_replica_(seq|lag_seconds)'

say "Stopping everything"
