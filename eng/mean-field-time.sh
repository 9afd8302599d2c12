#!/usr/bin/env bash
# The mean-field studies' time, as BENCHMARKS.md quotes it: `bash eng/mean-field-time.sh BASELINE_DLL THIS_DLL [rounds]`.
# Runs the main job's mean-field study and the user-models set's user-mean-field study (2 threads, --no-plots) with the
# two builds of samples/FlowDsl.Study alternately, ROUNDS times (default 3), and prints per run GNU time's wall, user
# and system seconds, the study's own elapsed time and the load average; then whether each pair of CSVs is identical.
# A baseline build: git archive <commit> | tar -x -C /tmp/base && dotnet build /tmp/base/samples/FlowDsl.Study -c Release
set -euo pipefail
base=$1 this=$2 rounds=${3:-3}
out=$(mktemp -d)
for i in $(seq "$rounds"); do
  for label in baseline this; do
    dll=$base; [ "$label" = this ] && dll=$this
    for study in mean-field user-mean-field; do
      set_arg=(); [ "$study" = user-mean-field ] && set_arg=(--set user-models)
      folder="$out/$label-$study-$i"
      load=$(cut -d' ' -f1 /proc/loadavg)
      t=$( { /usr/bin/time -f "%e %U %S" dotnet "$dll" "${set_arg[@]}" -s "$study" --no-plots -q -o "$folder" > /dev/null; } 2>&1 | tail -1)
      elapsed=$(grep -m1 '"elapsed"' "$folder/$study.json" | sed 's/.*"elapsed": "\(.*\)".*/\1/')
      echo "round $i $label $study: wall/user/sys $t s, study $elapsed, load $load"
    done
  done
done
for i in $(seq "$rounds"); do
  for study in mean-field user-mean-field; do
    cmp -s "$out/baseline-$study-$i/$study.csv" "$out/this-$study-$i/$study.csv" \
      && echo "round $i $study: CSV identical" || echo "round $i $study: CSV differs"
  done
done
