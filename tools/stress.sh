#!/usr/bin/env bash
# Run the whole test suite N times in a row (default 10) while a CPU-bound process keeps one
# core busy, and report how many runs passed and the wall time. The busy process always stops.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
python=.venv/bin/python
"$python" -c 'while True: pass' &
hog=$!
trap 'kill $hog 2>/dev/null' EXIT INT TERM
echo "stress: $runs runs of the whole suite, one core kept busy by pid $hog"
passed=0
began=$(date +%s)
for i in $(seq 1 "$runs"); do
  t0=$(date +%s)
  if "$python" -m pytest -q -p no:cacheprovider > ".cache/stress-run-$i.log" 2>&1; then
    passed=$((passed + 1)); verdict=passed
  else
    verdict="FAILED (see .cache/stress-run-$i.log)"
  fi
  echo "stress: run $i/$runs $verdict in $(( $(date +%s) - t0 )) s; $(tail -n 1 ".cache/stress-run-$i.log")"
done
echo "stress: $passed of $runs runs passed in $(( $(date +%s) - began )) s"
[ "$passed" -eq "$runs" ]
