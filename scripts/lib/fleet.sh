# Sourced by scripts/bench/fleet*.sh after ensure-jar.sh: a throw-away fleet on this machine, from the
# built jar: PostgreSQL (initdb/pg_ctl, no Docker), an ES256 key pair, a central and doors. Run from the
# project root. Everything started is recorded and stopped by fleet_stop (set it as the EXIT trap).
# FLEET_JAVA_OPTS: JVM flags for every central and door (default -Xmx1g).

fleet_work=$(mktemp -d /tmp/facegate-fleet-bench.XXXXXX)
fleet_pids=()
read -r -a fleet_jvm <<<"${FLEET_JAVA_OPTS:--Xmx1g}"

# The PostgreSQL lives in $work/pg (throwaway-postgres.sh).
work=$fleet_work
# shellcheck source=scripts/lib/throwaway-postgres.sh
. scripts/lib/throwaway-postgres.sh

fleet_stop() {
  for pid in "${fleet_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${fleet_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pg_stop
  rm -rf "$fleet_work"
}

# Sets pg_port and pg_url (database facegate, user postgres, trust on loopback).
fleet_postgres() {
  pg_start
  pg_url="postgresql://postgres@127.0.0.1:$pg_port/facegate"
}

# fleet_psql SQL: runs SQL in the fleet's database, prints unaligned tuples.
fleet_psql() { as_postgres "$pg_bin/psql" -h "$fleet_work/pg" -p "$pg_port" -U postgres -d facegate -Atc "$1"; }

# The private key mints tokens; every server holds only the public key (as docs/fleet.md sets up).
fleet_keys() {
  openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out "$fleet_work/issuer.key"
  openssl ec -in "$fleet_work/issuer.key" -pubout -out "$fleet_work/issuer.pub" 2>/dev/null
  export FACEGATE_HOST=127.0.0.1 FACEGATE_RATE_LIMIT_PER_SECOND=0 \
    FACEGATE_JWT_ALGORITHM=ES256 FACEGATE_JWT_PUBLIC_KEY_FILE="$fleet_work/issuer.pub"
}

# fleet_token ROLE SUBJECT: prints a 2-hour token.
fleet_token() { "$java" -jar "$jar" token --private-key "$fleet_work/issuer.key" --ttl 2h --role "$1" --subject "$2" | tail -1; }

# fleet_wait_ready PORT NAME PID: returns once /readyz answers 200; exits if the process dies first.
fleet_wait_ready() {
  until curl -fs "http://127.0.0.1:$1/readyz" >/dev/null; do
    kill -0 "$3" 2>/dev/null || { echo "$2 exited; its log:" >&2; tail -30 "$fleet_work/$2.log" >&2; exit 1; }
    sleep 0.05
  done
}

# fleet_central NAME: starts a central on the fleet's database; sets central_port, central_pid.
fleet_central() {
  central_port=$(free_port)
  FACEGATE_ROLE=central FACEGATE_POSTGRES_URL="$pg_url" FACEGATE_PORT=$central_port \
    FACEGATE_DATA_DIR="$fleet_work/$1" "$java" "${fleet_jvm[@]}" -jar "$jar" serve >>"$fleet_work/$1.log" 2>&1 &
  central_pid=$!
  fleet_pids+=("$central_pid")
}

# fleet_door NAME: starts a door following the central, data dir $fleet_work/NAME (kept across
# restarts); sets door_port, door_pid. Does not wait for it to be ready.
fleet_door() {
  local feed_token
  feed_token=$(fleet_token replica "$1")
  door_port=$(free_port)
  FACEGATE_ROLE=follower FACEGATE_FOLLOW_URL="http://127.0.0.1:$central_port" \
    FACEGATE_FOLLOW_TOKEN="$feed_token" FACEGATE_PORT=$door_port \
    FACEGATE_DATA_DIR="$fleet_work/$1" "$java" "${fleet_jvm[@]}" -jar "$jar" serve >>"$fleet_work/$1.log" 2>&1 &
  door_pid=$!
  fleet_pids+=("$door_pid")
}

# fleet_seq PORT: the gallery seq the replica on PORT has applied (facegate_replica_seq).
fleet_seq() { curl -fs "http://127.0.0.1:$1/metrics" | awk '/^facegate_replica_seq/ {printf "%d\n", $2}'; }

# fleet_await_seq PORT SEQ PID NAME: returns once the replica on PORT has applied SEQ.
fleet_await_seq() {
  until [ "$(fleet_seq "$1" || echo 0)" -ge "$2" ] 2>/dev/null; do
    kill -0 "$3" 2>/dev/null || { echo "$4 exited; its log:" >&2; tail -30 "$fleet_work/$4.log" >&2; exit 1; }
    sleep 0.1
  done
}

# fleet_cpu_s PID: CPU seconds (user + system) the process has used.
fleet_cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f\n", ($14 + $15) / hz}' "/proc/$1/stat"; }

# fleet_rss_mb PID: resident memory in MB.
fleet_rss_mb() { echo $(($(awk '/VmRSS/ {print $2}' "/proc/$1/status") / 1024)); }

fleet_now() { date +%s.%N; }
