#!/usr/bin/env bash
# Frontier lag bench (issue 14 target: 1,000 bootstrap rounds over the shipped CSV in < 1 s).
# Exit 0 when the median of five runs is under the target. Extra arguments go to the bench.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench/Arbiter.FrontierBench -- "$@"
