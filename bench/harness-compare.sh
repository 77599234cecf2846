#!/usr/bin/env bash
# Latency-bound harness: a baseline build against this one, interleaved in one session (the machine is shared,
# so only figures taken side by side compare), with the load average beside each run.
# Usage: [NEW=BENCH] bench/harness-compare.sh BASELINE_BENCH [rounds=3] [items=1000,6000] [--base-port N] [--trace] [--child-server]
#   BASELINE…: e.g. a Release build of an older commit: git archive <commit> | tar -x -C /tmp/base && dotnet build /tmp/base/bench/Arbiter.HarnessBench -c Release
#   A bench is a HarnessBench dll (run with dotnet: JIT-only) or a published executable (ReadyToRun when published for a
#   runtime: dotnet publish bench/Arbiter.HarnessBench -c Release -r linux-x64 -o OUT, then OUT/Arbiter.HarnessBench);
#   NEW defaults to this tree's Release dll. BASE_ARGS / NEW_ARGS: more arguments for one side only (e.g. the same bench
#   twice, NEW_ARGS=--child-server: the server in this process against a warmed-up child). TRACE_LOG=FILE keeps every run's output.
set -euo pipefail
base=$1; rounds=${2:-3}; sizes=${3:-1000,6000}; shift $(( $# < 3 ? $# : 3 ))
here=$(cd "$(dirname "$0")/.." && pwd)
new=${NEW:-$here/bench/Arbiter.HarnessBench/bin/Release/net10.0/Arbiter.HarnessBench.dll}
[ -f "$new" ] || dotnet build "$here/bench/Arbiter.HarnessBench" -c Release >/dev/null
bench() { case $1 in *.dll) dotnet "$@" ;; *) "$@" ;; esac; }
declare -A got
for items in ${sizes//,/ }; do
  for r in $(seq "$rounds"); do
    for side in base new; do
      dll=$base; extra=${BASE_ARGS:-}; [ $side = new ] && { dll=$new; extra=${NEW_ARGS:-}; }
      load=$(cut -d' ' -f1 /proc/loadavg)
      out=$(bench "$dll" latency "$items" "$@" $extra)
      line=$(grep '^latency-bound' <<<"$out")
      [ -n "${TRACE_LOG:-}" ] && printf '%s %s %s %s\n%s\n' "$side" "$items" "$r" "$load" "$out" >>"$TRACE_LOG"
      pct=$(sed -E 's/.*= ([0-9.]+) % of the ideal.*/\1/' <<<"$line")
      busy=$(sed -E 's/.*kept ([0-9.]+) % of its.*/\1/' <<<"$line")
      got[$side,$items]+="$pct "
      printf '%-4s %5d items, round %d, load %5s: %6s %% of ideal, slots busy %s %%\n' "$side" "$items" "$r" "$load" "$pct" "$busy"
    done
  done
  med() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
  b=$(med <<<"${got[base,$items]}"); n=$(med <<<"${got[new,$items]}")
  awk -v i="$items" -v b="$b" -v n="$n" 'BEGIN { printf "%d items: median %.1f %% (baseline) -> %.1f %% (this build), ratio %.3f\n", i, b, n, n / b }'
done
