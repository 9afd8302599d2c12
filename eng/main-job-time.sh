#!/usr/bin/env bash
# The main job's time, as BENCHMARKS.md quotes it: `bash eng/main-job-time.sh [output-folder]`.
# Builds samples/FlowDsl.Study (Release), runs the default study run once (every built-in study, default threads = cores),
# and prints the load average before and after, wall and CPU time of the whole process, and each study's own seconds.
# With FLOWDSL_CHECK_BITS=1 it then reruns with --threads 1 and DOTNET_EnableAVX512=0 (Vector256 lanes) and checks that
# every study's JSON is the same apart from its elapsed time and thread count: the numbers do not depend on either.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$(mktemp -d)}
dll="$root/samples/FlowDsl.Study/bin/Release/net10.0/FlowDsl.Study.dll"
dotnet build "$root/samples/FlowDsl.Study" -c Release -nologo -v q > /dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
TIMEFORMAT="main job: wall %R s, CPU %U s user + %S s sys"
time dotnet "$dll" --output "$out/run" > "$out/run.log"
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
for json in "$out"/run/*.json; do
  name=$(basename "$json" .json)
  [ "$name" = study ] && continue
  echo "  $name: $(grep -m1 '"elapsed"' "$json" | sed 's/.*"elapsed": "\(.*\)".*/\1/')"
done
tail -n 2 "$out/run.log"
if [ "${FLOWDSL_CHECK_BITS:-0}" = 1 ]; then
  DOTNET_EnableAVX512=0 dotnet "$dll" --threads 1 --no-plots --output "$out/check" > "$out/check.log"
  for json in "$out"/run/*.json; do
    name=$(basename "$json")
    [ "$name" = study.json ] && continue
    if diff <(grep -v '"elapsed\|"threads"' "$json") <(grep -v '"elapsed\|"threads"' "$out/check/$name") > /dev/null; then
      echo "  $name: identical with 1 thread and AVX-512 off"
    else
      echo "  $name: DIFFERS with 1 thread and AVX-512 off" && exit 1
    fi
  done
fi
