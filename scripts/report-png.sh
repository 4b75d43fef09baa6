#!/bin/sh
# report-png.sh renders one HTML report of the operator's command to a PNG with Debian's
# headless Chromium, for a person to look at the charts. Not run in CI.
#
#   apt-get install chromium            # once
#   scripts/report-png.sh [OUT.png]     # default report.png
#
# It writes the quickstart tour into a new SQLite file, prints its community's report for
# 2023 as HTML (tables and inline SVG charts) and screenshots it.
set -eu
out=${1:-report.png}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$root/adapters/sqlstore"
go run ./examples/quickstart -db "$dir/wushe.db" >/dev/null
community=$(go run ./cmd/wushe communities --db "$dir/wushe.db" | cut -f1 | head -n1)
go run ./cmd/wushe report --db "$dir/wushe.db" --community "$community" \
	--from 2023-01-01 --to 2024-01-01 --format html >"$dir/report.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=800,1600 \
	--screenshot="$dir/report.png" "file://$dir/report.html"
cp "$dir/report.png" "$root/$out"
echo "wrote $out"
