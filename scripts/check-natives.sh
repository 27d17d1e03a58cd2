#!/usr/bin/env bash
# Lists the native libraries inside the shaded jar grouped by platform, and exits 1 if any platform other
# than linux-x86_64 or linux-arm64 (glibc) is present. Usage: scripts/check-natives.sh [path/to/facegate.jar]
# Needs only bash and unzip. Exit codes: 0 ok, 1 foreign natives found, 2 usage error / no jar.
set -euo pipefail

jar=${1:-target/facegate.jar}
[[ -f $jar ]] || { echo "check-natives: no such jar: $jar (build it first)" >&2; exit 2; }
command -v unzip >/dev/null || { echo "check-natives: unzip is required" >&2; exit 2; }

# Which platform a jar entry belongs to. Native-looking entries are shared libraries (.so, .so.N),
# Windows/macOS libraries, and debug-symbol files; every library layout we ship encodes the platform in
# its path (ai/onnxruntime/native/linux-x64, org/sqlite/native/Linux/aarch64, org/bytedeco/*/linux-arm64).
platform_of() {
  local p=${1,,}   # lower case
  case $p in
    *.dll|*.pdb|*/win-*|*/windows/*|*/windows-*) echo "windows"; return ;;
    *.dylib|*.jnilib|*.dsym/*|*/osx-*|*/mac/*|*/macosx-*|*/darwin*) echo "macos"; return ;;
    *musl*) echo "linux-musl"; return ;;
    *android*) echo "android"; return ;;
    *freebsd*) echo "freebsd"; return ;;
    *ios-*) echo "ios"; return ;;
  esac
  case $p in
    *linux-x86_64/*|*linux-x64/*|*linux-amd64/*|*linux/x86_64/*|*linux_x86_64*) echo "linux-x86_64" ;;
    *linux-arm64/*|*linux-aarch64/*|*linux/aarch64/*|*linux_aarch64*) echo "linux-arm64" ;;
    *linux*/*) echo "linux-other(${p%/*})" ;;
    *) echo "unknown(${p%/*})" ;;
  esac
}

declare -A files=() bytes=()
# unzip -l prints: length, date, time, name (names may contain spaces).
while read -r size _ _ name; do
  [[ $name == */ ]] && continue
  base=${name##*/}
  lower=${name,,}
  if [[ $base =~ \.so(\.[0-9]+)*$ || $lower =~ \.(dll|dylib|jnilib|pdb)$ || $lower == *.dsym/* ]]; then
    plat=$(platform_of "$name")
    files[$plat]+="    $size  $name"$'\n'
    bytes[$plat]=$(( ${bytes[$plat]:-0} + size ))
  fi
done < <(unzip -l "$jar" | awk 'NR > 3 && $1 ~ /^[0-9]+$/ && NF >= 4 { n = $4; for (i = 5; i <= NF; i++) n = n " " $i; print $1, $2, $3, n }')

status=0
echo "native libraries in $jar:"
for plat in $(printf '%s\n' "${!files[@]}" | sort); do
  ok="ok"
  if [[ $plat != linux-x86_64 && $plat != linux-arm64 ]]; then ok="NOT ALLOWED"; status=1; fi
  printf '%s: %d files, %d bytes [%s]\n' "$plat" "$(printf '%s' "${files[$plat]}" | grep -c .)" "${bytes[$plat]}" "$ok"
  printf '%s' "${files[$plat]}"
done
for want in linux-x86_64 linux-arm64; do
  [[ -n ${files[$want]:-} ]] || echo "warning: no $want natives at all; the jar will not run there" >&2
done
if (( status != 0 )); then
  echo "check-natives: FAIL: natives for platforms other than linux-x86_64/linux-arm64 are present" >&2
else
  echo "check-natives: OK: only linux-x86_64 and linux-arm64 natives"
fi
exit $status
