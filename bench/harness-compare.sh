#!/usr/bin/env bash
# Latency-bound harness: a baseline build against this one, interleaved in one session (the machine is shared,
# so only figures taken side by side compare), with the load average beside each run.
# Usage: bench/harness-compare.sh BASELINE_HARNESSBENCH_DLL [rounds=3] [items=1000,6000] [--base-port N]
#   BASELINE…: e.g. a Release build of an older commit: git archive <commit> | tar -x -C /tmp/base && dotnet build /tmp/base/bench/Arbiter.HarnessBench -c Release
set -euo pipefail
base=$1; rounds=${2:-3}; sizes=${3:-1000,6000}; shift $(( $# < 3 ? $# : 3 ))
here=$(cd "$(dirname "$0")/.." && pwd)
new=$here/bench/Arbiter.HarnessBench/bin/Release/net10.0/Arbiter.HarnessBench.dll
[ -f "$new" ] || dotnet build "$here/bench/Arbiter.HarnessBench" -c Release >/dev/null
declare -A got
for items in ${sizes//,/ }; do
  for r in $(seq "$rounds"); do
    for side in base new; do
      dll=$base; [ $side = new ] && dll=$new
      load=$(cut -d' ' -f1 /proc/loadavg)
      line=$(dotnet "$dll" latency "$items" "$@" | grep '^latency-bound')
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
