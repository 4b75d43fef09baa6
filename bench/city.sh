#!/usr/bin/env bash
# city.sh: runs examples/citymatch on a seeded city with -dimacs, so that each matcher
# writes the network it solved, then solves those files with LEMON 1.3.1's NetworkSimplex
# and with wushe's own mcf. It prints each matcher's whole run (candidates, cap rounds,
# explanations: wall-clock and CPU time as citymatch measured them) against LEMON's solve
# of the same network, and checks that LEMON and mcf find the same optimum.
#
#   bench/city.sh [citymatch flags]      e.g. bench/city.sh -volunteers 20000 -shifts 5000
#
# The volunteer network is the first solve of the cap rounds (before any weekly cap bites);
# the matcher's whole run includes every round. Environment: BENCH_DIR (default
# /tmp/wushe-bench-city). Not run in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${BENCH_DIR:-/tmp/wushe-bench-city}
PEERS=bench/peers
mkdir -p "$WORK/bin" "$WORK/net"
if [ ! -f /usr/include/lemon/network_simplex.h ]; then
  echo "installing liblemon-dev" >&2
  apt-get update -qq && apt-get install -y -qq liblemon-dev g++ >/dev/null
fi
g++ -O2 -std=c++17 -o "$WORK/bin/lemon_mcf" "$PEERS/lemon_mcf.cpp"
go build -o "$WORK/bin/" ./bench/cmd/mcf ./examples/citymatch
"$WORK/bin/citymatch" -dimacs "$WORK/net" "$@" >"$WORK/citymatch.txt"
head -1 "$WORK/citymatch.txt"

# whole NAME: the "solve time" line of the matcher's section: "WALL_MS CPU_MS".
whole() {
  awk -v sec="$1" '
    function ms(s) { if (s ~ /ms$/) return s + 0; if (s ~ /µs$/) return s / 1000; if (s ~ /m[0-9.]+s$/) { split(s, a, "m"); return a[1] * 60000 + a[2] * 1000 } return s * 1000 }
    index($0, sec) == 1 { on = 1; next }
    on && /solve time:/ { print ms($3), ms($5); exit }' "$WORK/citymatch.txt"
}
solve() { # solve CMD FILE: "COST MS"
  "$@" | awk '$1 == "s" { c = $2 } $1 == "c" && $2 == "solve_ms" { m = $3 } END { print c, m }'
}
echo
echo "| matcher | network (nodes, arcs) | whole run wall ms | whole run CPU ms | LEMON solve ms | wall / LEMON | CPU / LEMON | mcf solve ms | objectives |"
echo "|---|---|---|---|---|---|---|---|---|"
for m in volunteers resources; do
  f=$WORK/net/$m.dimacs
  section="volunteers to shifts"
  [ "$m" = resources ] && section="requests to resources"
  read -r wall cpu < <(whole "$section")
  read -r lc lms < <(solve "$WORK/bin/lemon_mcf" "$f")
  read -r oc oms < <(solve "$WORK/bin/mcf" "$f")
  size=$(awk '$1 == "p" { print $3 ", " $4; exit }' "$f")
  same=identical
  [ "$lc" = "$oc" ] || same="**differ ($lc vs $oc)**"
  awk -v m="$m" -v size="$size" -v w="$wall" -v c="$cpu" -v l="$lms" -v o="$oms" -v same="$same" \
    'BEGIN { printf "| %s | %s | %.0f | %.0f | %.1f | %.2fx | %.2fx | %.1f | %s |\n", m, size, w, c, l, w / l, c / l, o, same }'
done
echo
echo "citymatch's figures: $WORK/citymatch.txt; networks: $WORK/net"
