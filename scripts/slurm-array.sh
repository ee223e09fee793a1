#!/usr/bin/env bash
# Renders one queue as a Slurm job array: each array task is one worker taking a fixed share
# (shard) of the queue, all writing to the same output folder on shared storage.
#
# Worked example: 12 presets listed in /shared/queue.txt, 4 workers, renders in /shared/output.
#   sbatch --array=1-4 scripts/slurm-array.sh /shared/queue.txt /shared/output
# Worker 2 of 4 renders presets 2, 6, 10 of the list; together the four render each preset once.
# A preempted or failed task can simply be resubmitted (sbatch --array=2 ...): its shard's
# finished presets are skipped and a partial one resumes from its last frame. If a preempted
# worker left a preset's lock behind, the lock goes stale once its heartbeat stops (600 s, see
# --lock-stale-after) and the next worker takes the preset over.
#
#SBATCH --job-name=dreamzoom
#SBATCH --cpus-per-task=2
#SBATCH --mem=8G
#SBATCH --time=08:00:00
#SBATCH --requeue
#SBATCH --signal=TERM@120
# (--signal: Slurm sends SIGTERM two minutes before the time limit; dreamzoom stores the frame
#  in progress and exits 143, so nothing is lost.)
set -euo pipefail
QUEUE="${1:?usage: sbatch --array=1-N scripts/slurm-array.sh QUEUE OUTPUT_DIR}"
OUTPUT="${2:?usage: sbatch --array=1-N scripts/slurm-array.sh QUEUE OUTPUT_DIR}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# SLURM_ARRAY_TASK_ID counts from the --array start (1 here); the task count is the array size.
exec "$HERE/dreamzoom" batch "$QUEUE" --output "$OUTPUT" \
  --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}" --threads "${SLURM_CPUS_PER_TASK:-2}"
