# Sourced by scripts/bench/scale.sh and footprint.sh after ensure-jar.sh: a server on a free loopback port
# and one client's 1:N latency against it. Run from the project root.

# serve_on_free_port WHO DATA_DIR COMMAND...: runs `COMMAND -jar $jar serve` in the background on DATA_DIR
# and a free port (COMMAND is "$java", maybe behind `env NAME=VALUE` and followed by JVM flags), sets
# $server (its pid) and $url, and returns once /readyz answers; exits if the server dies first.
serve_on_free_port() {
  local who=$1 dir=$2
  shift 2
  FACEGATE_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  export FACEGATE_DATA_DIR="$dir" FACEGATE_PORT FACEGATE_HOST=127.0.0.1
  "$@" -jar "$jar" serve >"$dir/server.log" 2>&1 &
  server=$!
  url="http://127.0.0.1:$FACEGATE_PORT"
  until curl -sf "$url/readyz" >/dev/null; do
    kill -0 $server 2>/dev/null || { echo "$who: server exited: $(tail -3 "$dir/server.log")" >&2; exit 1; }
    sleep 0.05
  done
}

# id_latency_row SUBJECT: enrolls obama on $url, then one client posts the 854x480 frame in id mode for 5 s;
# prints loadgen's markdown row for 1 client (| 1 | verifies/s | p50 | p95 | p99 | ...).
id_latency_row() {
  local people=../shared/faces/people token
  token=$("$java" -jar "$jar" token --role admin --subject "$1" | tail -1)
  curl -sf -o /dev/null -H "Authorization: Bearer $token" -F username=obama -F "images=@$people/obama/obama.jpg" "$url/register"
  "$java" -jar "$jar" loadgen --url "$url" --token "$token" --image "$people/obama/obama-480p.jpg" \
    --clients 1 --seconds 5 --overload 0 | grep '^| 1 |'
}
