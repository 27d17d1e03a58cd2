# Sourced by the fleet scripts: a throw-away PostgreSQL in "$work/pg" (the caller's temp dir).
# pg_start initdb's it, starts it on a free loopback port with database facegate and sets $pg_port;
# pg_stop (for the caller's EXIT trap) stops it if it runs. Needs the server binaries
# (Debian: apt-get install postgresql) and python3 for the free port.

pg_bin=""

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# initdb and pg_ctl refuse to run as root: as root they run as the postgres user.
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_start() {
  pg_bin=$(pg_config --bindir 2>/dev/null || true)
  [ -x "$pg_bin/initdb" ] || pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  pg_port=$(free_port)
  mkdir -p "$work/pg"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$work/pg" && chmod 755 "$work"; fi
  as_postgres "$pg_bin/initdb" -D "$work/pg/data" -U postgres -A trust -E UTF8 --no-instructions >/dev/null
  as_postgres "$pg_bin/pg_ctl" -w -D "$work/pg/data" -l "$work/pg/server.log" \
    -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1" start >/dev/null
  as_postgres "$pg_bin/createdb" -h "$work/pg" -p "$pg_port" -U postgres facegate
}

pg_stop() {
  if [ -n "$pg_bin" ] && [ -f "$work/pg/data/postmaster.pid" ]; then
    as_postgres "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast stop >/dev/null || true
  fi
}
