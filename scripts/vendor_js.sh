#!/usr/bin/env bash
# Vendor the few front-end libraries Tamnông serves (no build step, nothing loaded from a CDN).
# Needs node's npm; run it only to update a library, then commit the files and vendor.lock.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
out=tamnong/core/static/vendor
( cd "$tmp" && npm pack --silent leaflet@1.9.4 >/dev/null && tar xzf leaflet-1.9.4.tgz )
mkdir -p "$out/leaflet-1.9.4/images"
cp "$tmp"/package/dist/leaflet.js "$tmp"/package/dist/leaflet.js.map "$tmp"/package/dist/leaflet.css "$out/leaflet-1.9.4/"
cp "$tmp"/package/dist/images/*.png "$out/leaflet-1.9.4/images/"
cp "$tmp"/package/LICENSE "$out/leaflet-1.9.4/LICENSE"
( cd "$out" && { echo "# name version licence: leaflet 1.9.4 BSD-2-Clause (npm registry); sha256 of each file"; find . -type f ! -name vendor.lock | sort | xargs sha256sum; } > vendor.lock )
echo "htmx: served from django-htmx (pinned in pyproject.toml)."
