#!/usr/bin/env bash
# Stops the slurmctld and slurmd that start-single-node.sh started (by their pid files; munged is left running).
set -euo pipefail
dir=${FLOWDSL_SLURM_DIR:-/tmp/flowdsl-slurm}
for daemon in slurmd slurmctld; do
  pidfile=$dir/run/$daemon.pid
  if [[ -s $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then kill "$(cat "$pidfile")"; echo "stopped $daemon"; fi
done
