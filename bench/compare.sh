#!/usr/bin/env bash
# compare.sh: runs wushe's matching engine and its peers on the same generated instances and
# prints a Markdown table of solve times, ratios and the PERFORMANCE.md targets.
#
#   bench/compare.sh [smoke|full|clustered] [seed]
#
# smoke (the default) runs tiny instances of every shape in seconds; full uses the target
# sizes (about 1 GB of instance files, tens of minutes). Environment:
#   BENCH_DIR   working directory (default /tmp/wushe-bench-SET): binaries, instances, results
#   REPS        runs per solver and instance; the median solve time is reported (default 3)
#   PEERS_ONLY  set to 1 to run only the peers
#   MCF_FLAGS   extra flags for our mcf, e.g. "-algo simplex"
#   CLOCK       wall (default) or cpu: which solve time to compare. cpu reads "c solve_cpu_ms",
#               which mcf and lemon_mcf print (the Python peers do not); use it on a shared
#               machine, where wall times inflate with the load
#
# Every solver prints "s COST" and "c solve_ms N" (the solve alone, not reading the file).
# The objectives of all solvers on an instance must be identical; any difference is
# reported and the script exits 1 after printing the table. Not run in CI: it is slow.
set -euo pipefail
cd "$(dirname "$0")/.."

SET=${1:-smoke}
SEED=${2:-1}
WORK=${BENCH_DIR:-/tmp/wushe-bench-$SET}
REPS=${REPS:-3}
PEERS_ONLY=${PEERS_ONLY:-0}
MCF_FLAGS=${MCF_FLAGS:-}
CLOCK=${CLOCK:-wall}
case $CLOCK in
wall) TIMEKEY=solve_ms ;;
cpu) TIMEKEY=solve_cpu_ms ;;
*) echo "CLOCK must be wall or cpu" >&2; exit 2 ;;
esac
PY=/usr/bin/python3 # Debian's python3 with python3-scipy and python3-networkx
PEERS=bench/peers

log() { printf '%s\n' "$*" >&2; }

# 1. Peers: install the Debian packages that are missing.
need=()
[ -f /usr/include/lemon/network_simplex.h ] || need+=(liblemon-dev)
command -v g++ >/dev/null || need+=(g++)
if [ "$SET" != clustered ]; then # the clustered set runs LEMON only
  [ -x "$PY" ] && "$PY" -c 'import scipy' 2>/dev/null || need+=(python3-scipy)
  [ -x "$PY" ] && "$PY" -c 'import networkx' 2>/dev/null || need+=(python3-networkx)
fi
if ((${#need[@]})); then
  log "installing ${need[*]}"
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi

# 2. Build the LEMON driver and our commands.
mkdir -p "$WORK/bin"
g++ -O2 -std=c++17 -o "$WORK/bin/lemon_mcf" "$PEERS/lemon_mcf.cpp"
go build -o "$WORK/bin/" ./bench/cmd/...
missing=0
if [ "$PEERS_ONLY" != 1 ]; then
  for cmd in mcf lap; do
    [ -x "$WORK/bin/$cmd" ] || { log "warning: bench/cmd/$cmd is not built; its rows show only the peers"; missing=1; }
  done
fi

# 3. Instances (kept between runs of the same set and seed).
INST=$WORK/inst
if [ "$(cat "$INST/.stamp" 2>/dev/null)" != "$SET $SEED" ]; then
  log "generating the $SET set (seed $SEED) in $INST"
  rm -rf "$INST"
  "$WORK/bin/geninst" -out "$INST" -set "$SET" -seed "$SEED" >&2
  echo "$SET $SEED" >"$INST/.stamp"
fi

# solve NAME CMD...: runs a solver REPS times; prints "COST MEDIAN_MS", "skip" when the
# solver says it does not apply (exit 3), or "fail" after logging its output.
solve() {
  local name=$1 out rc cost ms times=()
  shift
  for ((r = 0; r < REPS; r++)); do
    rc=0
    out=$("$@" 2>&1) || rc=$?
    if [ "$rc" = 3 ]; then echo skip; return; fi
    cost=$(awk '$1 == "s" { print $2 }' <<<"$out")
    ms=$(awk -v key="$TIMEKEY" '$1 == "c" && $2 == key { print $3 }' <<<"$out")
    if [ "$rc" != 0 ] || [ -z "$cost" ] || [ -z "$ms" ]; then
      log "$name failed (exit $rc): $out"
      echo fail
      return
    fi
    times+=("$ms")
  done
  printf '%s %s\n' "$cost" "$(printf '%s\n' "${times[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"
}

peer_cmd() { # peer_cmd PEER FILE
  case $1 in
  lemon) echo "$WORK/bin/lemon_mcf $2" ;;
  scipy_lap) echo "$PY $PEERS/scipy_lap.py $2" ;;
  scipy_sparse) echo "$PY $PEERS/scipy_sparse.py $2" ;;
  networkx) echo "$PY $PEERS/nx_mcf.py $2" ;;
  *) log "unknown peer $1"; exit 1 ;;
  esac
}

# 4. Run every solver on every instance; results.tsv has one line per instance:
# name ours_cost ours_ms peer peer_cost peer_ms ratio max_ratio max_ms group geomean target filled others mismatch
RESULTS=$WORK/results.tsv
: >"$RESULTS"
mismatch_any=0
while IFS=$'\t' read -r name kind file peers max_ratio max_ms group geomean target; do
  path=$INST/$file
  log "== $name"
  ours="- -"
  if [ "$PEERS_ONLY" != 1 ] && [ -x "$WORK/bin/$kind" ]; then
    if [ "$kind" = lap ]; then
      # shellcheck disable=SC2086
      ours=$(solve "lap" "$WORK/bin/lap" "$path")
    else
      # shellcheck disable=SC2086
      ours=$(solve "mcf" "$WORK/bin/mcf" $MCF_FLAGS "$path")
    fi
    [ "$ours" = fail ] && { ours="fail -"; mismatch_any=1; }
  fi
  read -r our_cost our_ms <<<"$ours"
  costs=()
  [ "$our_cost" != - ] && [ "$our_cost" != fail ] && costs+=("$our_cost")
  first="" first_cost=- first_ms=- others=""
  IFS=, read -ra plist <<<"$peers"
  for p in "${plist[@]}"; do
    # shellcheck disable=SC2046
    res=$(solve "$p" $(peer_cmd "$p" "$path"))
    case $res in
    skip) others+="$p: n/a; " ;;
    fail) others+="$p: failed; "; mismatch_any=1 ;;
    *)
      read -r c m <<<"$res"
      costs+=("$c")
      if [ -z "$first" ]; then first=$p first_cost=$c first_ms=$m; else others+="$p: $m ms; "; fi
      ;;
    esac
  done
  mismatch=ok
  [ "${#costs[@]}" -lt 2 ] && mismatch="single"
  others=${others%; }
  if [ "$(printf '%s\n' "${costs[@]}" | sort -u | wc -l)" -gt 1 ]; then
    mismatch="MISMATCH(${costs[*]})"
    mismatch_any=1
    log "OBJECTIVE MISMATCH on $name: ours ${our_cost}, peers: ${costs[*]}"
  fi
  filled=-
  if [ "$kind" = mcf ] && [ "$first_cost" != - ]; then
    # Generated costs are non-negative, so unfilled units = objective / big (gen.Encoding).
    read -r big total < <(awk '/^c wushe big/ { print $4, $6; exit }' "$path")
    filled="$((total - first_cost / big))/$total"
  fi
  ratio=-
  if [ "$our_ms" != - ] && [ "$first_ms" != - ]; then
    ratio=$(awk -v a="$our_ms" -v b="$first_ms" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$our_cost" "$our_ms" "${first:--}" \
    "$first_cost" "$first_ms" "$ratio" "$max_ratio" "$max_ms" "$group" "$geomean" "$target" "$filled" "${others:--}" "$mismatch" >>"$RESULTS"
done <"$INST/manifest.tsv"

# 5. The table.
echo
echo "Set: $SET, seed $SEED, median of $REPS runs, solve time only ($CLOCK clock); $(nproc) CPUs, $(uname -m)."
echo
echo "| instance | filled | ours ms | peer | peer ms | ratio | target | met? | objectives | other peers |"
echo "|---|---|---|---|---|---|---|---|---|---|"
awk -F'\t' '
function met(ratio, ms, maxr, maxms,   ok) {
  if (ms == "-" || ms == "fail") return "-"
  ok = 1
  if (maxr != "-" && (ratio == "-" || ratio + 0 > maxr + 0)) ok = 0
  if (maxms != "-" && ms + 0 > maxms + 0) ok = 0
  return ok ? "yes" : "**no**"
}
{
  printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $13, $3, $4, $6, ($7 == "-" ? "-" : $7 "x"), $12, met($7, $3, $8, $9), ($15 == "ok" ? "identical" : ($15 == "single" ? "one solver" : "**" $15 "**")), $14
  if ($10 != "-" && $7 != "-") { n[$10]++; s[$10] += log($7); bound[$10] = $11 }
}
END {
  for (g in n) {
    gm = exp(s[g] / n[g])
    printf "| %s geometric mean (%d) | | | | | %.3fx | <= %sx | %s | | |\n", g, n[g], gm, bound[g], (gm <= bound[g] + 0 ? "yes" : "**no**")
  }
}' "$RESULTS"
echo
echo "Raw results: $RESULTS"
if [ "$missing" != 0 ]; then
  log "compare.sh: incomplete, some of our commands are not built"
  exit 1
fi
if [ "$mismatch_any" != 0 ]; then
  log "compare.sh: some objectives differ or some solver failed (see the table)"
  exit 1
fi
