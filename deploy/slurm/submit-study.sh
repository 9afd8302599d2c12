#!/usr/bin/env bash
# Submits a sharded weak-error study: an array of N shard jobs, then a merge job that waits for all of them.
#   deploy/slurm/submit-study.sh 64                     # 64 shards of the default study (OU, 200,000 paths)
#   STUDY_ARGS="--studies ou regression --paths 1000000" PARTS=/scratch/parts RESULTS=/scratch/results deploy/slurm/submit-study.sh 64
# Prints the two job ids. The variables of study-shard.sbatch (FLOWDSL_STUDY, STUDY_ARGS, PARTS, RESULTS) pass through.
set -euo pipefail
shards=${1:?usage: submit-study.sh <number of shards>}
here=$(cd "$(dirname "$0")" && pwd)
array=$(sbatch --parsable --array=0-$((shards - 1)) "$here/study-shard.sbatch")
merge=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes "$here/study-merge.sbatch")
echo "shards: job $array (array 0-$((shards - 1))); merge: job $merge (after all shards succeed)"
