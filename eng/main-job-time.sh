#!/usr/bin/env bash
# The main job's time, as BENCHMARKS.md quotes it: `bash eng/main-job-time.sh [output-folder]`.
# Builds samples/FlowDsl.Study (Release), runs the default study run (every built-in study, threads = cores) and prints
# the load average before and after, wall and CPU time of the whole process, and each study's own seconds.
#   FLOWDSL_BASELINE=<commit>  also builds that commit (git archive into the output folder) and runs it and this tree
#                              alternately, REPEATS times each (default 2), so both see the same load; ratios are CPU time.
#   FLOWDSL_CHECK_BITS=1       then reruns this tree with --threads 1 and DOTNET_EnableAVX512=0 (Vector256 lanes) and
#                              checks that every study's JSON is the same apart from elapsed time and thread count,
#                              and every study's CSV byte for byte (cmp; the CSV holds neither).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${1:-}" ]; then mkdir -p "$1" && out=$(cd "$1" && pwd); else out=$(mktemp -d); fi
repeats=${REPEATS:-2}

build() { dotnet build "$1/samples/FlowDsl.Study" -c Release -nologo -v q > /dev/null; echo "$1/samples/FlowDsl.Study/bin/Release/net10.0/FlowDsl.Study.dll"; }

# run LABEL DLL FOLDER [options…]: one timed run; prints "LABEL: wall … CPU …" and the per-study seconds.
run() {
  local label=$1 dll=$2 folder=$3; shift 3
  local start end
  start=$(date +%s.%N)
  local cpu
  cpu=$( { TIMEFORMAT="%U %S"; time dotnet "$dll" --output "$folder" "$@" > "$folder.log"; } 2>&1 )
  end=$(date +%s.%N)
  awk -v l="$label" -v s="$start" -v e="$end" -v c="$cpu" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
    'BEGIN { split(c, t, " "); printf "%s: wall %.1f s, CPU %.1f s (user %.1f + sys %.1f), load %s\n", l, e - s, t[1] + t[2], t[1], t[2], load }'
  for json in "$folder"/*.json; do
    [ "$(basename "$json")" = study.json ] && continue
    printf '    %-16s %s\n' "$(basename "$json" .json)" "$(grep -m1 '"elapsed"' "$json" | sed 's/.*"elapsed": "\(.*\)".*/\1/')"
  done
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
dll=$(build "$root")
if [ -n "${FLOWDSL_BASELINE:-}" ]; then
  mkdir -p "$out/baseline-src"
  git -C "$root" archive "$FLOWDSL_BASELINE" | tar -x -C "$out/baseline-src"
  base=$(build "$out/baseline-src")
  for i in $(seq "$repeats"); do
    run "baseline $FLOWDSL_BASELINE #$i" "$base" "$out/baseline-$i"
    run "this tree #$i" "$dll" "$out/run-$i"
  done
else
  run "this tree" "$dll" "$out/run-1"
fi
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
tail -n 1 "$out/run-1.log" | cut -c1-100

if [ "${FLOWDSL_CHECK_BITS:-0}" = 1 ]; then
  DOTNET_EnableAVX512=0 dotnet "$dll" --threads 1 --no-plots --output "$out/check" > "$out/check.log"
  for json in "$out"/run-1/*.json; do
    name=$(basename "$json")
    [ "$name" = study.json ] && continue
    if diff <(grep -v '"elapsed\|"threads"' "$json") <(grep -v '"elapsed\|"threads"' "$out/check/$name") > /dev/null; then
      echo "  $name: identical with 1 thread and AVX-512 off"
    else
      echo "  $name: DIFFERS with 1 thread and AVX-512 off"; exit 1
    fi
  done
  for csv in "$out"/run-1/*.csv; do
    name=$(basename "$csv")
    if cmp -s "$csv" "$out/check/$name"; then
      echo "  $name: identical with 1 thread and AVX-512 off (cmp)"
    else
      echo "  $name: DIFFERS with 1 thread and AVX-512 off (cmp)"; exit 1
    fi
  done
  if [ -n "${FLOWDSL_BASELINE:-}" ]; then
    for json in "$out"/baseline-1/*.json; do
      name=$(basename "$json")
      [ "$name" = study.json ] && continue
      diff <(grep -v '"elapsed' "$json") <(grep -v '"elapsed' "$out/run-1/$name") > /dev/null \
        && echo "  $name: identical to the baseline" || echo "  $name: differs from the baseline"
    done
    for csv in "$out"/baseline-1/*.csv; do
      name=$(basename "$csv")
      cmp -s "$csv" "$out/run-1/$name" && echo "  $name: identical to the baseline (cmp)" || echo "  $name: differs from the baseline (cmp)"
    done
  fi
fi
