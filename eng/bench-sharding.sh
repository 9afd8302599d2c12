#!/usr/bin/env bash
# The sharding benchmark of BENCHMARKS.md (issue 18): one study unsharded, then as n shards (two at a time, one thread
# each, as on a 2-core node) merged; per process the wall, user and system seconds (GNU time) and the load average.
#   eng/bench-sharding.sh [work folder] [paths] [shard counts…]     default: /tmp/flowdsl-shard-bench 200000 4 16
# Needs a Release build of samples/FlowDsl.Study. Takes long (the OU study at 200,000 paths is minutes of CPU per run).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/flowdsl-shard-bench}; paths=${2:-200000}; counts=("${@:3}")
[[ ${#counts[@]} -eq 0 ]] && counts=(4 16)
study=(dotnet "$repo/samples/FlowDsl.Study/bin/Release/net10.0/FlowDsl.Study.dll")
args=(--studies ou --paths "$paths" --no-plots --quiet)
mkdir -p "$work" && cd "$work"
log=$work/timings.tsv
printf 'run\tprocess\twall_s\tuser_s\tsys_s\tload1\n' >"$log"
timed() { # timed <run> <process> command…
  local run=$1 process=$2; shift 2
  /usr/bin/time -o "$work/.t.$$" -f '%e\t%U\t%S' "$@" >/dev/null || true  # exit 3 (a failed verdict) is a result too
  printf '%s\t%s\t%s\t%s\n' "$run" "$process" "$(cat "$work/.t.$$")" "$(cut -d' ' -f1 /proc/loadavg)" >>"$log"
  rm -f "$work/.t.$$"
}
export -f timed; export work log
timed single run "${study[@]}" "${args[@]}" --threads 2 --output single
for n in "${counts[@]}"; do
  rm -rf "parts-$n"
  start=$(date +%s.%N)
  seq 0 $((n - 1)) | xargs -P 2 -I{} bash -c 'timed "$0" "shard {}" "${@}" --shard {}/"$0" --threads 1 --output "parts-$0"' "$n" "${study[@]}" "${args[@]}"
  printf '%s\tshards wall (2 at a time)\t%.1f\t\t\t%s\n' "$n" "$(echo "$(date +%s.%N) - $start" | bc)" "$(cut -d' ' -f1 /proc/loadavg)" >>"$log"
  timed "$n" merge "${study[@]}" merge "parts-$n"/part-*.json --threads 1 --no-plots --quiet --output "merged-$n"
  du -sk "parts-$n" | awk -v n="$n" '{ printf "%s\tpart files (kB)\t%s\n", n, $1 }' >>"$log"
  if diff <(tail -n +2 single/ou.csv) <(tail -n +2 "merged-$n/ou.csv") >/dev/null; then echo "$n: merged CSV identical to the single run" >>"$log"
  else echo "$n: merged CSV DIFFERS from the single run" >>"$log"; fi
done
cat "$log"
