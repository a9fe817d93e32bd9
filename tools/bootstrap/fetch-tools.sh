#!/usr/bin/env bash
# Unpack the pinned Debian packages of tools/bootstrap/debian-packages.txt into .tools/ and link
# their binaries (promtool, amtool, prometheus, alertmanager) into .tools/bin. Nothing is installed
# on the system. Usage: fetch-tools.sh DEST
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="$1"
packages=$(grep -v '^#' "$here/debian-packages.txt" | grep -v '^$')

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ "$(id -u)" = 0 ]; then
  apt-get update -qq || echo "fetch-tools: apt-get update failed; trying the package lists already present" >&2
fi
(
  cd "$work"
  # shellcheck disable=SC2086  # one word per package pin
  if ! apt-get download -q $packages 2>apt.log; then
    cat apt.log >&2
    echo "fetch-tools: could not download the pinned packages ($packages)." >&2
    echo "fetch-tools: if Debian moved on, update tools/bootstrap/debian-packages.txt and watchkeeper.yaml together." >&2
    exit 1
  fi
)

# Unpack into a fresh folder, then swap it in, so an interrupted run never leaves half a toolset.
rm -rf "$dest.new"
mkdir -p "$dest.new/bin"
for deb in "$work"/*.deb; do
  dpkg-deb -x "$deb" "$dest.new/root"
done
for name in promtool amtool prometheus prometheus-alertmanager; do
  ln -s "../root/usr/bin/$name" "$dest.new/bin/$name"
done
ln -s "../root/usr/bin/prometheus-alertmanager" "$dest.new/bin/alertmanager"
"$dest.new/bin/promtool" --version >/dev/null
"$dest.new/bin/amtool" --version >/dev/null
rm -rf "$dest"
mv "$dest.new" "$dest"
echo "fetch-tools: $("$dest/bin/promtool" --version 2>&1 | head -n1)"
echo "fetch-tools: $("$dest/bin/amtool" --version 2>&1 | head -n1)"
