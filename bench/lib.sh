# lib.sh: what bench/city.sh and bench/linkage.sh share. Source it from the repository's
# root after setting WORK (the scratch folder); it builds LEMON's driver and mcf into
# $WORK/bin and defines the functions that read a matcher's figures, solve its network
# with both solvers and print a row of the table. REPS (default 1) is how many times each
# solver runs on a network; the row shows the median times. Not run in CI.

REPS=${REPS:-1}

mkdir -p "$WORK/bin" "$WORK/net"
if [ ! -f /usr/include/lemon/network_simplex.h ]; then
  echo "installing liblemon-dev" >&2
  apt-get update -qq && apt-get install -y -qq liblemon-dev g++ >/dev/null
fi
g++ -O2 -std=c++17 -o "$WORK/bin/lemon_mcf" bench/peers/lemon_mcf.cpp
go build -o "$WORK/bin/" ./bench/cmd/mcf

# whole OUT SECTION: "WALL_MS CPU_MS" from the "solve time:" line of the section of OUT
# whose heading line starts with SECTION (the shape citymatch and linkcity print).
whole() {
  awk -v sec="$2" '
    function ms(s) { if (s ~ /ms$/) return s + 0; if (s ~ /µs$/) return s / 1000; if (s ~ /ns$/) return s / 1e6; if (s ~ /m[0-9.]+s$/) { split(s, a, "m"); return a[1] * 60000 + a[2] * 1000 } return s * 1000 }
    index($0, sec) == 1 { on = 1; next }
    on && /solve time:/ { print ms($3), ms($5); exit }' "$1"
}

# network_cost OUT SECTION: the "network cost:" of that section, or "-" when it has none.
network_cost() {
  awk -v sec="$2" '
    index($0, sec) == 1 { on = 1; next }
    on && /network cost:/ { print $3; found = 1; exit }
    on && /solve time:/ { exit }
    END { if (!found) print "-" }' "$1"
}

# median: the median of the numbers on its input, one a line.
median() {
  sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# medians: "MEDIAN_1 MEDIAN_2" of the two columns of its input.
medians() {
  local rows
  rows=$(cat)
  echo "$(cut -d' ' -f1 <<<"$rows" | median) $(cut -d' ' -f2 <<<"$rows" | median)"
}

# solve CMD... FILE: "COST WALL_MS CPU_MS" from the solver's "s", "c solve_ms" and
# "c solve_cpu_ms" lines: the times are the median of REPS runs; COST is "varies" if the
# runs disagree.
solve() {
  local runs
  runs=$(for _ in $(seq "$REPS"); do
    "$@" | awk '$1 == "s" { c = $2 } $1 == "c" && $2 == "solve_ms" { m = $3 } $1 == "c" && $2 == "solve_cpu_ms" { u = $3 } END { print c, m, u }'
  done)
  local costs
  costs=$(cut -d' ' -f1 <<<"$runs" | sort -u)
  [ "$(wc -l <<<"$costs")" = 1 ] || costs=varies
  echo "$costs $(cut -d' ' -f2,3 <<<"$runs" | medians)"
}

# table_header: the table's two heading lines.
table_header() {
  echo "| matcher | network (nodes, arcs) | whole run wall ms | whole run CPU ms | LEMON solve wall ms | LEMON solve CPU ms | wall / LEMON | CPU / LEMON | mcf solve CPU ms | objectives |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
}

# table_row NAME FILE WALL_MS CPU_MS [COST]: solves FILE with LEMON and mcf and prints the
# row: the matcher's whole run (WALL_MS, CPU_MS) against LEMON's solve, wall to wall and
# CPU to CPU. The objectives column says "identical" when both solvers, and the matcher's
# own COST on the network when given, agree; otherwise the row says how they differ and
# the function returns 1.
table_row() {
  local name=$1 f=$2 wall=$3 cpu=$4 own=${5:--} lc lw lu oc ow ou size same=identical
  read -r lc lw lu < <(solve "$WORK/bin/lemon_mcf" "$f")
  read -r oc ow ou < <(solve "$WORK/bin/mcf" "$f")
  size=$(awk '$1 == "p" { print $3 ", " $4; exit }' "$f")
  if [ "$lc" != "$oc" ] || { [ "$own" != - ] && [ "$own" != "$lc" ]; }; then
    same="**differ (LEMON $lc, mcf $oc, matcher $own)**"
  fi
  awk -v m="$name" -v size="$size" -v w="$wall" -v c="$cpu" -v lw="$lw" -v lu="$lu" -v ou="$ou" -v same="$same" \
    'BEGIN { printf "| %s | %s | %.0f | %.0f | %.1f | %.1f | %.2fx | %.2fx | %.1f | %s |\n", m, size, w, c, lw, lu, w / lw, c / lu, ou, same }'
  [ "$same" = identical ]
}
