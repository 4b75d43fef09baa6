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
# /tmp/wushe-bench-city); REPS (default 1), how many times each solver runs (the median
# time is shown). Exits 1 when the objectives differ. Not run in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${BENCH_DIR:-/tmp/wushe-bench-city}
. bench/lib.sh
go build -o "$WORK/bin/" ./examples/citymatch
out=$WORK/citymatch.txt
"$WORK/bin/citymatch" -dimacs "$WORK/net" "$@" >"$out"
head -1 "$out"
echo
table_header
status=0
for m in volunteers resources; do
  section="volunteers to shifts"
  [ "$m" = resources ] && section="requests to resources"
  read -r wall cpu < <(whole "$out" "$section")
  table_row "$m" "$WORK/net/$m.dimacs" "$wall" "$cpu" || status=1
done
echo
echo "citymatch's figures: $out; networks: $WORK/net"
exit $status
