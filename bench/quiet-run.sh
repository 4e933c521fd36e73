#!/usr/bin/env bash
# Reruns the key issue-15 figures in one go (under 10 minutes on a quiet 2-core host), each after
# printing the load average, so they can be taken in a quiet window:
#   processor capacity (SQLite, PostgreSQL), 202 → webhook at 100 events/s (both), escalations
#   (PostgreSQL, set-based against one by one in the same process), and a storm at a fifth of the
#   issue's size (20,000 events from 4,000 alerts in 12 s, the same rate as 100,000 in 60 s).
#   bash bench/quiet-run.sh [postgres://postgres@127.0.0.1:5432/test]
# Each benchmark prints its own result line; lines are also appended to bench/quiet-run.log. The
# per-benchmark time limits add up to 590 s, so the whole script ends within 10 minutes.
# The issue's full-size storm (100,000 events from 20,000 alerts in 60 s) does not fit beside them
# (about 150 s a database on a quiet host, 230 s at most with --give-up-seconds 120): it is a run of
# its own, within 10 minutes too:
#   bash bench/quiet-run.sh --storm [postgres://postgres@127.0.0.1:5432/test]
set -u
cd "$(dirname "$0")/.."
MODE=quick
if [ "${1:-}" = "--storm" ]; then
  MODE=storm
  shift
fi
PG="${1:-${TOCSIN_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}}"
LOG=bench/quiet-run.log
export BENCH_SERVER_START_MS="${BENCH_SERVER_START_MS:-120000}"

run() {
  local limit="$1"
  shift
  echo "== $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg): $*" | tee -a "$LOG"
  # A benchmark that overruns its share is stopped and reported; the next one still runs.
  timeout "$limit" node --import tsx "$@" 2>&1 | grep -E '^\{|batch|escalated' | tee -a "$LOG" || echo "(no result line: exit or timeout)" | tee -a "$LOG"
}

if [ "$MODE" = storm ]; then
  # --give-up-seconds 120: a server that cannot keep up still gives its line within the limit.
  run 250 bench/storm/run.ts --events 100000 --alerts 20000 --seconds 60 --give-up-seconds 120
  run 250 bench/storm/run.ts --events 100000 --alerts 20000 --seconds 60 --give-up-seconds 120 --pg "$PG"
  exit 0
fi

run 50 bench/events/processor.ts --dialect sqlite --n 2000
run 70 bench/events/processor.ts --dialect postgres --n 2000 --pg "$PG"
run 70 bench/webhooks/run.ts --rate 100 --seconds 10
run 80 bench/webhooks/run.ts --rate 100 --seconds 10 --pg "$PG"
# setBased 0 is the engine's one-by-one path (the "before"), in the same run.
run 110 bench/timers/escalations.ts --dialect postgres --incidents 1000 --configs 100x2,100x2/one-by-one,500x2
run 100 bench/storm/run.ts --events 20000 --alerts 4000 --seconds 12
run 110 bench/storm/run.ts --events 20000 --alerts 4000 --seconds 12 --pg "$PG"
echo "The full-size storm is a run of its own: bash bench/quiet-run.sh --storm $PG"
