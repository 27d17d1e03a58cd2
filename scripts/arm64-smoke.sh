#!/usr/bin/env bash
# arm64 smoke test: runs the real shaded jar on an arm64 (aarch64) OpenJDK under QEMU user-mode
# emulation on an x86-64 host, starts the server, enrolls one shared photo, verifies another, and
# prints both answers. It proves the jar's linux-arm64 natives (ONNX Runtime, OpenCV/OpenBLAS via
# javacpp, sqlite-jdbc) load and work. Slow (emulation): NOT part of `mvn test`; run it by hand or CI.
#
# Usage: scripts/arm64-smoke.sh        (from anywhere; runs from the project root)
# Env:   FACEGATE_FACES          photo folder (default ../shared/faces/people)
#        ARM64_SMOKE_READY_WAIT  seconds to wait for /readyz under emulation (default 900)
#        ARM64_SMOKE_CACHE       sysroot cache (default ~/.cache/facegate/arm64)
#        MVN_FLAGS               extra Maven flags if the jar must be built (e.g. -o)
#
# What it does to the host (Debian/Ubuntu, root or sudo-less root):
#   * apt-get install qemu-user-static (only if qemu-aarch64-static is missing);
#   * `dpkg --add-architecture arm64` + `apt-get update`: this PERMANENTLY adds arm64 to the host's apt
#     configuration (harmless on fresh CI machines; undo with `dpkg --remove-architecture arm64` once no
#     :arm64 package is installed - this script installs none);
#   * `apt-get download` of openjdk-17-jre-headless:arm64 and the arm64 libraries it depends on (first
#     alternative of every Depends/Pre-Depends, followed recursively; Architecture: all packages such as
#     java-common, ca-certificates-java or fontconfig-config carry no arm64 code and are skipped), each
#     unpacked with `dpkg -x` into a private sysroot. Nothing is installed system-wide for arm64.
# The sysroot is cached in $ARM64_SMOKE_CACHE/<jre version>, so reruns skip the downloads.
#
# The JRE major version and the JVM flags are read from Dockerfile.arm64 (runtime stage FROM
# eclipse-temurin:<major>-jre and the ENTRYPOINT's -XX flags), so this script checks what the image runs.
# Exit codes: 0 ok, 1 failure.
set -euo pipefail

cd "$(dirname "$0")/.."
t_script=$(date +%s.%N)
faces="${FACEGATE_FACES:-../shared/faces/people}"
enroll_photo="$faces/obama/obama.jpg"
probe_photo="$faces/obama/obama3.jpg"
ready_wait="${ARM64_SMOKE_READY_WAIT:-900}"
cache="${ARM64_SMOKE_CACHE:-$HOME/.cache/facegate/arm64}"
jre_pkg=openjdk-17-jre-headless
pid="" work=""

log() { printf '[arm64-smoke %6.1fs] %s\n' "$(echo "$(date +%s.%N) - $t_script" | bc)" "$*"; }
fail() { echo "arm64-smoke: FAIL: $*" >&2; exit 1; }
now() { date +%s.%N; }
secs() { printf '%.1f' "$(echo "$2 - $1" | bc)"; }
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; sleep 1; kill -9 "$pid" 2>/dev/null || true; fi
  [ -n "$work" ] && rm -rf "$work"
}
trap cleanup EXIT

for f in "$enroll_photo" "$probe_photo"; do [ -f "$f" ] || fail "missing photo $f (set FACEGATE_FACES)"; done
[ "$(uname -m)" = x86_64 ] || log "note: host is $(uname -m), not x86_64; running under qemu anyway"

# --- what the arm64 image runs (Dockerfile.arm64) ----------------------------------------------------
docker_major=$(sed -n 's/^FROM .*eclipse-temurin:\([0-9][0-9]*\)-jre.*/\1/p' Dockerfile.arm64 | tail -1)
[ -n "$docker_major" ] || fail "cannot read the runtime JRE major from Dockerfile.arm64"
# shellcheck source=scripts/lib/image-runtime.sh
. scripts/lib/image-runtime.sh
jvm_flags=("${image_jvm_flags[@]}")
[ "${#jvm_flags[@]}" -gt 0 ] || fail "cannot read the JVM flags from Dockerfile.arm64's ENTRYPOINT"
[ "$docker_major" = "${jre_pkg//[!0-9]/}" ] || fail "Dockerfile.arm64 runs JRE $docker_major, this script $jre_pkg"
log "Dockerfile.arm64: JRE $docker_major, flags ${jvm_flags[*]}, env ${image_env[*]}"

# --- host tools ----------------------------------------------------------------------------------------
need_apt=()
command -v qemu-aarch64-static >/dev/null || need_apt+=(qemu-user-static)
command -v curl >/dev/null || need_apt+=(curl)
command -v jq >/dev/null || need_apt+=(jq)
command -v bc >/dev/null || need_apt+=(bc)
command -v java >/dev/null || need_apt+=(openjdk-17-jre-headless)
if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "installing ${need_apt[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
qemu=$(command -v qemu-aarch64-static)

# --- jar --------------------------------------------------------------------------------------------------
# shellcheck source=lib/ensure-jar.sh
. scripts/lib/ensure-jar.sh
bash scripts/check-natives.sh "$jar" | grep -E '^(linux|check-natives)' || fail "check-natives failed"

# --- arm64 sysroot ----------------------------------------------------------------------------------------
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  log "dpkg --add-architecture arm64 (permanent change to the host's apt configuration)"
  dpkg --add-architecture arm64
  apt-get update -qq
fi
jre_version=$(apt-cache show --no-all-versions "$jre_pkg:arm64" 2>/dev/null | sed -n 's/^Version: //p' | head -1)
if [ -z "$jre_version" ]; then apt-get update -qq; jre_version=$(apt-cache show --no-all-versions "$jre_pkg:arm64" | sed -n 's/^Version: //p' | head -1); fi
[ -n "$jre_version" ] || fail "no $jre_pkg:arm64 in the apt sources"
sysroot="$cache/${jre_version//[^A-Za-z0-9.+~-]/_}"

# arm64 package of one dependency name (a real package or the first arm64 provider of a virtual one),
# or nothing if it only exists as Architecture: all.
resolve() {
  local name=${1%%:*} arch
  arch=$(apt-cache show --no-all-versions "$name:arm64" 2>/dev/null | sed -n 's/^Architecture: //p' | head -1)
  if [ "$arch" = arm64 ]; then echo "$name"; return; fi
  [ -n "$arch" ] && return   # Architecture: all
  apt-cache showpkg "$name:arm64" 2>/dev/null | sed -n '/^Reverse Provides:/,$p' | sed -n '2,$p' |
    awk '{print $1}' | { grep ':arm64$' || true; } | head -1 | sed 's/:arm64$//'
}

if [ ! -x "$sysroot/usr/lib/jvm/java-17-openjdk-arm64/bin/java" ]; then
  log "building the arm64 sysroot for $jre_pkg $jre_version in $sysroot"
  declare -A seen=() memo=()
  queue=("$jre_pkg" coreutils)   # coreutils: for `uname -m` inside the emulated world
  pkgs=()
  while [ "${#queue[@]}" -gt 0 ]; do
    p=${queue[0]}; queue=("${queue[@]:1}")
    [ -n "${seen[$p]:-}" ] && continue
    seen[$p]=1
    pkgs+=("$p")
    # Depends and Pre-Depends: first alternative of each, without the version constraint.
    while read -r dep; do
      [ -z "$dep" ] && continue
      [ -n "${seen[$dep]:-}" ] && continue   # the common case (libc6, ...): no apt-cache call
      if [ -z "${memo[$dep]+x}" ]; then memo[$dep]=$(resolve "$dep" || true); fi
      r=${memo[$dep]}
      if [ -n "$r" ] && [ -z "${seen[$r]:-}" ]; then queue+=("$r"); fi
    done < <(apt-cache show --no-all-versions "$p:arm64" | sed -n 's/^\(Pre-\)\{0,1\}Depends: //p' |
               tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/[[:space:]]//g; s/:any$//')
  done
  debs="$cache/debs"
  mkdir -p "$debs"
  declare -A deb_of=()
  missing=()
  for p in "${pkgs[@]}"; do
    v=$(apt-cache show --no-all-versions "$p:arm64" | sed -n 's/^Version: //p' | head -1)
    deb_of[$p]="$debs/${p}_${v//:/%3a}_arm64.deb"
    [ -f "${deb_of[$p]}" ] || missing+=("$p:arm64")
  done
  log "${#pkgs[@]} arm64 packages (${#missing[@]} to download): ${pkgs[*]}"
  if [ "${#missing[@]}" -gt 0 ]; then
    # (apt warns that _apt cannot write to a root-owned cache folder and downloads as root: harmless.)
    (cd "$debs" && apt-get download -qq "${missing[@]}") || fail "apt-get download failed"
  fi
  tmp="$sysroot.tmp.$$"
  rm -rf "$tmp"; mkdir -p "$tmp"
  for p in "${pkgs[@]}"; do
    [ -f "${deb_of[$p]}" ] || fail "downloaded .deb of $p not found: ${deb_of[$p]}"
    dpkg -x "${deb_of[$p]}" "$tmp"
  done
  rm -rf "$sysroot"; mv "$tmp" "$sysroot"
else
  log "cached arm64 sysroot: $sysroot"
fi
ajava="$sysroot/usr/lib/jvm/java-17-openjdk-arm64/bin/java"
[ -x "$ajava" ] || fail "no java in the sysroot: $ajava"
emu() { "$qemu" -L "$sysroot" "$@"; }

# --- the emulated JVM ------------------------------------------------------------------------------------
log "emulated uname -m: $(emu "$sysroot/bin/uname" -m)"
t0=$(now)
version_out=$(emu "$ajava" "${jvm_flags[@]}" -XshowSettings:properties -version 2>&1) || {
  echo "$version_out" >&2; fail "emulated java -version failed"; }
t_version=$(secs "$t0" "$(now)")
echo "$version_out" | grep -E '^(openjdk|OpenJDK)' | sed 's/^/    /'
os_arch=$(echo "$version_out" | sed -n 's/^ *os\.arch = //p')
major=$(echo "$version_out" | sed -n 's/^ *java\.specification\.version = //p')
log "java -version under emulation: ${t_version} s; os.arch=$os_arch java.specification.version=$major"
[ "$os_arch" = aarch64 ] || fail "emulated JVM reports os.arch=$os_arch, expected aarch64"
[ "$major" = "$docker_major" ] || fail "emulated JRE is $major, Dockerfile.arm64 runs $docker_major"

# --- the server --------------------------------------------------------------------------------------------
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
export FACEGATE_DATA_DIR="$work/data" FACEGATE_PORT="$port" FACEGATE_HOST=127.0.0.1
export FACEGATE_JWT_SECRET="arm64-smoke-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
# Same worker layout as Dockerfile.arm64's ENV.
export FACEGATE_WORKERS=2 FACEGATE_INFERENCE_THREADS=1
[ "${#image_env[@]}" -eq 0 ] || export "${image_env[@]}"

log "starting: qemu-aarch64-static -L <sysroot> java ${jvm_flags[*]} -jar $jar serve (port $port)"
t0=$(now)
# qemu itself in the background, not the emu function: $! must be qemu's pid, or the kills below only end a
# subshell and leave the emulated server running.
"$qemu" -L "$sysroot" "$ajava" "${jvm_flags[@]}" -jar "$jar" serve >"$work/server.log" 2>&1 &
pid=$!
ready=""
for _ in $(seq 1 $((ready_wait * 2))); do
  if curl -fs "$base/readyz" >/dev/null 2>&1; then ready=1; break; fi
  kill -0 "$pid" 2>/dev/null || { tail -40 "$work/server.log" >&2; fail "server exited during start"; }
  sleep 0.5
done
[ -n "$ready" ] || { tail -40 "$work/server.log" >&2; fail "server not ready within $ready_wait s"; }
t_ready=$(secs "$t0" "$(now)")
log "ready (/readyz 200) after ${t_ready} s under emulation"
echo "    server log (first lines):"; head -15 "$work/server.log" | sed 's/^/    | /'

token=$("${java}" -jar "$jar" token --role admin --subject arm64-smoke | tail -1)
auth=(-H "Authorization: Bearer $token")

t0=$(now)
reg=$(curl -sS --max-time 600 -w '\n%{http_code}' "${auth[@]}" -F username=obama -F "images=@$enroll_photo" "$base/register") ||
  fail "register request failed"
t_register=$(secs "$t0" "$(now)")
reg_code=${reg##*$'\n'}; reg_body=${reg%$'\n'*}
log "POST /register obama <- $enroll_photo: HTTP $reg_code in ${t_register} s"
echo "    $reg_body"
[ "$reg_code" = 201 ] || fail "register answered $reg_code"

t0=$(now)
ver=$(curl -sS --max-time 600 -w '\n%{http_code}' "${auth[@]}" -F mode=auth -F username=obama -F "image=@$probe_photo" "$base/verify") ||
  fail "verify request failed"
t_verify=$(secs "$t0" "$(now)")
ver_code=${ver##*$'\n'}; ver_body=${ver%$'\n'*}
log "POST /verify mode=auth obama <- $probe_photo: HTTP $ver_code in ${t_verify} s"
echo "    $ver_body"
[ "$ver_code" = 200 ] || fail "verify answered $ver_code"
[ "$(jq -r .match <<<"$ver_body")" = true ] || fail "verify did not match"

kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""
echo "arm64-smoke: OK: uname -m (emulated)=$(emu "$sysroot/bin/uname" -m) os.arch=$os_arch jre=$major" \
  "java-version=${t_version}s ready=${t_ready}s register=${t_register}s verify=${t_verify}s" \
  "total=$(secs "$t_script" "$(now)")s"
