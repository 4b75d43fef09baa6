#!/bin/sh
# report-png.sh renders one HTML report of the operator's command to a PNG with Debian's
# headless Chromium, for a person to look at the charts. Not run in CI.
#
#   apt-get install -y chromium         # once (Debian's package; the script calls `chromium`)
#   scripts/report-png.sh [OUT.png]     # default report.png in the current directory
#
# It writes the quickstart tour into a new SQLite file in a temporary directory, prints its
# community's report for 2023 as HTML (the outputs table and the inline SVG charts: needs
# raised, needs met and people served by month, referrals by status at each month's
# close), and screenshots the whole page, 800 pixels wide and as tall as the report. It
# runs as root too (--no-sandbox) and needs no display, no D-Bus and no network: Chromium
# starts with a fresh profile in the temporary directory and its background services off;
# its log is printed only when it fails. The PNG is for looking at, never committed.
set -eu
out=${1:-report.png}
case $out in /*) ;; *) out=$PWD/$out ;; esac
command -v chromium >/dev/null || { echo "report-png.sh: chromium is not installed (apt-get install -y chromium)" >&2; exit 1; }
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$root/adapters/sqlstore"
go run ./examples/quickstart -db "$dir/wushe.db" >/dev/null
community=$(go run ./cmd/wushe communities --db "$dir/wushe.db" | cut -f1 | head -n1)
go run ./cmd/wushe report --db "$dir/wushe.db" --community "$community" \
	--from 2023-01-01 --to 2024-01-01 --format html >"$dir/report.html"
# Headless Chromium shoots the window, not the page: make the window as tall as the report
# (a table row is about 23 pixels, a chart its SVG height and the figure's margins), with room to spare.
rows=$(grep -o '<tr' "$dir/report.html" | wc -l)
charts=$(grep -o '<svg[^>]* height="[0-9]*"' "$dir/report.html" | sed 's/.* height="\([0-9]*\)"/\1/' |
	awk '{ h += $1 + 40 } END { print h + 0 }')
height=$((200 + 24 * rows + charts))
if ! chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$dir/profile" --hide-scrollbars --window-size="800,$height" \
	--screenshot="$dir/report.png" "file://$dir/report.html" >"$dir/chromium.log" 2>&1 ||
	[ ! -s "$dir/report.png" ]; then
	cat "$dir/chromium.log" >&2
	echo "report-png.sh: chromium wrote no screenshot" >&2
	exit 1
fi
cp "$dir/report.png" "$out"
echo "wrote $out (800x$height)"
