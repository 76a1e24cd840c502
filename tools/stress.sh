#!/usr/bin/env bash
# Run the whole test suite N times in a row (default 10) while a CPU-bound process keeps one
# core busy, and report how many runs passed, the wall time, and after each run the claims its
# site build could not show and why. Ctrl-C or a TERM stops the
# current run cleanly (pytest gets SIGINT, so its fixtures close the browser) and the busy
# process, and nothing goes on running.
set -uo pipefail
set -m  # children get their own process groups, and pytest keeps its SIGINT handler
cd "$(dirname "$0")/.."
runs=${1:-10}
python=.venv/bin/python
export PATH="$PWD/.cache/bin:$PATH" KITCHEN_REQUIRE_PYTHONS=1  # as make test runs it
"$python" -c 'while True: pass' &
hog=$!
child=
stop() {
  trap - INT TERM
  echo "stress: stopped; ending the current run"
  if [ -n "$child" ]; then
    kill -INT "$child" 2>/dev/null
    for _ in $(seq 60); do kill -0 "$child" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$child" 2>/dev/null  # what is left of that run, even if it ignored the interrupt
    wait "$child"
  fi
  exit 130
}
trap stop INT TERM
trap 'kill $hog 2>/dev/null' EXIT
echo "stress: $runs runs of the whole suite, one core kept busy by pid $hog"
passed=0
began=$(date +%s)
for i in $(seq 1 "$runs"); do
  t0=$(date +%s)
  "$python" -m pytest -q -p no:cacheprovider --durations=20 > ".cache/stress-run-$i.log" 2>&1 &
  child=$!
  if wait "$child"; then
    passed=$((passed + 1)); verdict=passed
  else
    verdict="FAILED (see .cache/stress-run-$i.log)"
  fi
  child=
  echo "stress: run $i/$runs $verdict in $(( $(date +%s) - t0 )) s; $(tail -n 1 ".cache/stress-run-$i.log")"
  "$python" tools/not_shown.py .cache/test-site/kitchen-runs.json | sed 's/^/stress:   /'
done
echo "stress: $passed of $runs runs passed in $(( $(date +%s) - began )) s"
[ "$passed" -eq "$runs" ]
