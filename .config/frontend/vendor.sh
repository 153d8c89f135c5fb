#!/usr/bin/env bash
# Copies the pinned front-end libraries from npm into wwwroot/lib. Run after changing package.json;
# the copied files are committed, so neither ./tsunagari run nor test needs npm.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
npm install --no-audit --no-fund --ignore-scripts
rm -rf "$root/wwwroot/lib/leaflet"
mkdir -p "$root/wwwroot/lib/leaflet/images"
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/LICENSE "$root/wwwroot/lib/leaflet/"
cp node_modules/leaflet/dist/images/*.png "$root/wwwroot/lib/leaflet/images/"
echo "leaflet $(node -p "require('./node_modules/leaflet/package.json').version") → wwwroot/lib/leaflet"
