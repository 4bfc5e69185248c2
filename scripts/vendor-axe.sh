#!/usr/bin/env bash
# Vendors axe-core's built axe.min.js (with its licence and version) for the browser tests
# (tests/browser), from the npm registry. Node and npm are needed only to run this script, not to
# build, run or test the app. Usage: scripts/vendor-axe.sh [version]   (default: the pinned one)
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="${1:-4.14.1}"
DEST=tests/browser/vendor/axe-core
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "axe-core@$VERSION" >/dev/null && tar xzf axe-core-*.tgz)
mkdir -p "$DEST"
cp "$tmp/package/axe.min.js" "$tmp/package/LICENSE" "$tmp/package/LICENSE-3RD-PARTY.txt" "$DEST/"
echo "axe-core $VERSION (npm), MPL-2.0: https://www.npmjs.com/package/axe-core" > "$DEST/VERSION"
sha256sum "$DEST/axe.min.js" >> "$DEST/VERSION"
echo "vendored axe-core $VERSION into $DEST"
