#!/usr/bin/env bash
# Renders one queue as a Slurm job array: each array task is one worker taking a fixed share
# (shard) of the queue, all writing to the same output folder on shared storage.
#
# Worked example: the presets listed in /shared/queue.txt, 4 workers, renders in /shared/output,
# models from a mirror folder (compute nodes often have no internet):
#   sbatch --array=1-4 scripts/slurm-array.sh /shared/queue.txt /shared/output --model-mirror /shared/models
# Anything after OUTPUT_DIR goes to `dreamzoom batch` (--frames, --lock-stale-after,
# --model-mirror, --threads; see `scripts/dreamzoom batch --help`).
#
# Shards: with N tasks, task t renders shard ((t-1) mod N)+1 of N, so --array=1-4 gives task 2
# presets 2, 6, 10, ... and any N consecutive task IDs (0-3 as well) cover every preset once.
# A preempted or failed task can be resubmitted alone; say how many shards the array had, since
# a one-task array cannot know:
#   DREAMZOOM_SHARDS=4 sbatch --array=2 scripts/slurm-array.sh /shared/queue.txt /shared/output ...
# Its shard's finished presets are skipped and a partial one resumes from its last frame. A lock
# that a dead worker left behind is taken over at once on the same host, and on another host once
# its heartbeat is --lock-stale-after old (default 600 s).
#
# The project is found from the path sbatch was given (Slurm runs a copy of this script from its
# spool folder); set DREAMZOOM_HOME to the checkout to name it yourself. Logs go to
# dreamzoom-<job>_<task>.log in the folder sbatch ran in; a requeued task appends to its log.
#
#SBATCH --job-name=dreamzoom
#SBATCH --cpus-per-task=2
#SBATCH --mem=12G
#SBATCH --time=08:00:00
#SBATCH --requeue
#SBATCH --open-mode=append
#SBATCH --output=dreamzoom-%A_%a.log
#SBATCH --signal=B:TERM@120
# --signal=B:TERM@120: two minutes before the time limit Slurm sends SIGTERM to the batch shell,
# which `exec` below has turned into dreamzoom itself (without B: it goes only to job steps,
# and this job has none). dreamzoom finishes the frame in progress, stores it and exits 143.
# --mem=12G: a 6 GB Java heap (DREAMZOOM_JAVA_OPTS below) plus TensorFlow's native memory.
set -euo pipefail
usage="usage: sbatch --array=1-N scripts/slurm-array.sh QUEUE OUTPUT_DIR [batch options]"
QUEUE="${1:?$usage}"
OUTPUT="${2:?$usage}"
shift 2

fail() {
  echo "slurm-array: error: $*" >&2
  exit 1
}

project_home() {
  if [ -n "${DREAMZOOM_HOME:-}" ]; then
    echo "$DREAMZOOM_HOME"
    return
  fi
  local submitted=""
  if [ -n "${SLURM_JOB_ID:-}" ] && command -v scontrol >/dev/null; then
    # "Command=" holds the script path as given to sbatch (then its arguments).
    submitted="$(scontrol show job "$SLURM_JOB_ID" 2>/dev/null | sed -n 's/^ *Command=\([^ ]*\).*/\1/p' | head -1)"
    case "$submitted" in
      /*) ;;
      ?*) submitted="${SLURM_SUBMIT_DIR:-.}/$submitted" ;;
    esac
  fi
  for candidate in "$(dirname "${submitted:-/nonexistent/x}")" "${SLURM_SUBMIT_DIR:-/nonexistent}/scripts" \
      "$(dirname "${BASH_SOURCE[0]}")"; do
    if [ -x "$candidate/dreamzoom" ]; then
      (cd "$candidate/.." && pwd)
      return
    fi
  done
  fail "cannot find the dreamzoom checkout (looked beside ${submitted:-the submitted script}, in" \
    "\$SLURM_SUBMIT_DIR/scripts and beside $(dirname "${BASH_SOURCE[0]}")); submit with" \
    "DREAMZOOM_HOME=/path/to/dreamzoom"
}
HOME_DIR="$(project_home)"
[ -x "$HOME_DIR/scripts/dreamzoom" ] || fail "DREAMZOOM_HOME=$HOME_DIR has no scripts/dreamzoom"

SHARD=()
if [ -n "${SLURM_ARRAY_TASK_ID:-}" ]; then
  N="${DREAMZOOM_SHARDS:-}"
  if [ -z "$N" ]; then
    [ "${SLURM_ARRAY_TASK_STEP:-1}" = 1 ] || fail "array steps other than 1 leave shards out;" \
      "use consecutive task IDs (--array=1-N) or set DREAMZOOM_SHARDS=N"
    N="${SLURM_ARRAY_TASK_COUNT:-1}"
    [ "$N" -gt 1 ] || fail "a one-task array (task $SLURM_ARRAY_TASK_ID) cannot tell how many" \
      "shards the queue is split into; resubmit with the original array's size, e.g." \
      "DREAMZOOM_SHARDS=4 sbatch --array=$SLURM_ARRAY_TASK_ID ... (or submit without --array" \
      "to render the whole queue in one job)"
  fi
  [[ "$N" =~ ^[1-9][0-9]*$ ]] || fail "DREAMZOOM_SHARDS must be a positive whole number, got '$N'"
  SHARD=(--shard "$(( (SLURM_ARRAY_TASK_ID % N + N - 1) % N + 1 ))/$N")
fi

THREADS=(--threads "${SLURM_CPUS_PER_TASK:-2}")
for arg in "$@"; do
  if [ "$arg" = --threads ]; then
    THREADS=()
  fi
done

export DREAMZOOM_JAVA_OPTS="${DREAMZOOM_JAVA_OPTS:--Xmx6g}"
echo "slurm-array: job ${SLURM_JOB_ID:-?} task ${SLURM_ARRAY_TASK_ID:--} on $(hostname):" \
  "batch $QUEUE ${SHARD[*]} into $OUTPUT (project $HOME_DIR)"
exec "$HOME_DIR/scripts/dreamzoom" batch "$QUEUE" --output "$OUTPUT" "${SHARD[@]}" "${THREADS[@]}" "$@"
