#!/usr/bin/env bash
# Vendors Det Fælles Designsystem (npm package dkfds) into static/dkfds: the built virk.dk theme
# (the look company users know from Virk), the IBM Plex Sans fonts its CSS loads, its icons and
# their licences. The app embeds the folder in its binary (src/ui/assets.rs); Node and npm are
# needed only to run this script, not to build, run or test the app.
# Usage: scripts/vendor-dfds.sh [version]   (default: the pinned one)
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="${1:-11.2.0}"
DEST=static/dkfds
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "dkfds@$VERSION" >/dev/null && tar xzf dkfds-*.tgz)
tarball="$(ls "$tmp"/dkfds-*.tgz)"
src="$tmp/package/dist"

rm -rf "$DEST"
mkdir -p "$DEST/css" "$DEST/img/svg-icons" "$DEST/fonts/IBMPlexSans/complete/woff2" \
  "$DEST/fonts/IBMPlexSans/complete/woff"

# The theme. Its regular weight also names an .eot (Internet Explorer) and a .ttf file before and
# after the woff/woff2 ones; a current browser would fetch the .eot first (it has no format hint)
# and fail, so both are taken out of the src lists instead of vendoring 2 MB nobody uses.
sed -E -e 's#url\(\.\./fonts/[^)]*\.eot\),##g' \
  -e 's#,url\(\.\./fonts/[^)]*\.ttf\) format\("[^"]*"\)##g' \
  "$src/css/dkfds-virkdk.min.css" > "$DEST/css/dkfds-virkdk.min.css"
if grep -Eq '\.(eot|ttf|otf)\)' "$DEST/css/dkfds-virkdk.min.css"; then
  echo "the stylesheet still names an eot/ttf/otf font: check the sed above" >&2
  exit 1
fi

# Exactly the files the stylesheet names (fonts, icons, logos), so none is missing or extra.
grep -o 'url(\.\./[^)]*)' "$DEST/css/dkfds-virkdk.min.css" | sed -E 's#^url\(\.\./(.*)\)$#\1#' \
  | sort -u | while read -r file; do
    mkdir -p "$DEST/$(dirname "$file")"
    cp "$src/$file" "$DEST/$file"
  done
# All icons, for pages that show one as an image, and the sprite.
cp "$src"/img/svg-icons/*.svg "$DEST/img/svg-icons/"
cp "$src/img/all-svg-icons.svg" "$DEST/img/"

# Licences: the package's (MIT, with the notes on the fonts' OFL-1.1 and the icons' Apache-2.0)
# and the fonts' own.
cp "$tmp/package/LICENSE.md" "$DEST/LICENSE.md"
cp "$src/fonts/IBMPlexSans/complete/woff2/license.txt" "$DEST/fonts/IBMPlexSans/license.txt"

{
  echo "dkfds $VERSION (npm: https://www.npmjs.com/package/dkfds), Det Fælles Designsystem"
  echo "licence: MIT (LICENSE.md); IBM Plex Sans: OFL-1.1 (fonts/IBMPlexSans/license.txt); icons: Apache-2.0 (LICENSE.md)"
  echo "tarball sha256: $(sha256sum "$tarball" | cut -d' ' -f1)"
  echo "vendored: $(date -u +%Y-%m-%d) by scripts/vendor-dfds.sh"
  echo "changed: css/dkfds-virkdk.min.css without its .eot and .ttf font URLs"
} > "$DEST/VERSION"
echo "vendored dkfds $VERSION into $DEST ($(find "$DEST" -type f | wc -l) files, $(du -sh "$DEST" | cut -f1))"
