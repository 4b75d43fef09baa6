#!/usr/bin/env bash
# linkage.sh: runs bench/cmd/linkcity with -dimacs, so that the linkage package's
# matchers (the case assigner on a whole round, the same round placing its last cases one
# at a time, and the dispatcher on a street or district) write the networks they solved,
# then solves those files with LEMON 1.3.1's NetworkSimplex and with wushe's own mcf. It
# prints each matcher's whole run (wall-clock and CPU time as linkcity measured them)
# against LEMON's solve of the same network, and checks that LEMON, mcf and the matcher's
# own answer (linkcity's "network cost") have the same objective.
#
#   bench/linkage.sh [linkcity flags]    e.g. bench/linkage.sh -street street -cases 20000 -workers 3000
#
# Environment: BENCH_DIR (default /tmp/wushe-bench-linkage); REPS (default 1), how many
# times linkcity and each solver run: the table shows the median times (the first run of
# linkcity writes the networks). Exits 1 when the objectives differ. Not run in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${BENCH_DIR:-/tmp/wushe-bench-linkage}
. bench/lib.sh
go build -o "$WORK/bin/" ./bench/cmd/linkcity
out=$WORK/linkcity.txt
"$WORK/bin/linkcity" -dimacs "$WORK/net" "$@" >"$out"
for r in $(seq 2 "$REPS"); do
  "$WORK/bin/linkcity" "$@" >"$WORK/linkcity.$r.txt"
done
head -1 "$out"
echo
table_header
status=0
for m in case-assignment case-round dispatch; do
  grep -q "^$m: " "$out" || continue
  read -r wall cpu < <(for o in "$out" $(seq -f "$WORK/linkcity.%g.txt" 2 "$REPS"); do whole "$o" "$m: "; done | medians)
  table_row "$m" "$WORK/net/$m.dimacs" "$wall" "$cpu" "$(network_cost "$out" "$m: ")" || status=1
done
echo
echo "linkcity's figures: $out; networks: $WORK/net"
exit $status
