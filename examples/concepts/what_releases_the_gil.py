"""Two jobs on one thread, then on two threads: which kinds of work get faster?

Four kinds of job, each sized to take about the same time on one thread:

- pure-Python chopping, which holds the GIL the whole time;
- hashlib.sha256 over large buffers, which releases the GIL while it hashes;
- numpy.sort on a large array, which releases the GIL while it sorts
  (skipped, and said so, when NumPy is not installed);
- time.sleep, which releases the GIL while it waits.

For each kind the script runs two jobs on one thread, then the same two jobs on
two threads (one each), a few rounds in turn, and prints how much faster two
threads were. It also prints how many cores were busy on average: process CPU
time over wall time.
"""

import hashlib
import math
import threading
import time

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (
    Clock, chop, kitchen_parser, positive_float, positive_int, report, units_for,
)
# kitchen: hide-end

BUFFER = bytes(range(256)) * 16384  # 4 MiB; hashlib lets go of the GIL from 2 KiB up


def best_time(job, repeats: int = 3) -> float:
    """The least disturbed of a few timings of one call."""
    best = math.inf
    for _ in range(repeats):
        began = time.perf_counter()
        job()
        best = min(best, time.perf_counter() - began)
    return best


def kinds_of_work(seconds: float) -> dict:
    """name -> a job that takes about `seconds` on one free core; sizes measured here, once."""
    units = units_for(seconds)
    hashes = max(1, round(seconds / best_time(lambda: hashlib.sha256(BUFFER).digest())))
    kinds = {
        "pure Python": lambda: chop(units),
        "hashlib": lambda: [hashlib.sha256(BUFFER).digest() for _ in range(hashes)],
    }
    try:
        import numpy
    except ImportError:
        print("NumPy is not installed: the numpy.sort row is skipped\n")
    else:
        values = numpy.random.default_rng(7).random(250_000)
        sorts = max(1, round(seconds / best_time(lambda: numpy.sort(values))))
        kinds["numpy.sort"] = lambda: [numpy.sort(values) for _ in range(sorts)]
    kinds["time.sleep"] = lambda: time.sleep(seconds)
    return kinds


def run(job, threads: int) -> tuple[float, float, int]:
    """Two jobs shared among `threads` threads.

    Returns wall seconds, process CPU seconds, and the most jobs in progress at once.
    """
    spans: list[tuple[float, float]] = []

    def worker(jobs: int) -> None:
        for _ in range(jobs):
            began = time.perf_counter()
            job()
            spans.append((began, time.perf_counter()))  # list.append is atomic: no lock needed

    workers = [threading.Thread(target=worker, args=(2 // threads,)) for _ in range(threads)]
    cpu = time.process_time()
    began = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    wall, cpu = time.perf_counter() - began, time.process_time() - cpu
    at_once = max(sum(b <= t < e for b, e in spans) for t, _ in spans)
    return wall, cpu, at_once


def reading(cores_busy: float) -> str:
    """What CPU time over wall time says about two jobs on two threads."""
    if cores_busy < 0.05:
        return "waited side by side, using no core"
    if cores_busy > 1.2:  # more CPU seconds than wall seconds: two threads computed at once
        return "ran side by side on two cores"
    return "kept one core busy at most"


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    add = parser.add_argument
    add("--job", type=positive_float, default=2,
        help="minutes each job takes on one free core (default: 2)")
    add("--rounds", type=positive_int, default=3,
        help="rounds of 1 thread, then 2; the best of each counts (default: 3)")
    args = parser.parse_args()

    kinds = kinds_of_work(args.job * args.scale)
    clock = Clock(1.0, unit="s")  # plain seconds: this one is a lab bench, not a kitchen
    rows = {}
    for kind, job in kinds.items():
        best = {1: (math.inf, 0.0, 0), 2: (math.inf, 0.0, 0)}
        for n in range(1, args.rounds + 1):
            line = []
            for threads in (1, 2):  # alternated, so a burst of load elsewhere hits both alike
                result = run(job, threads)
                best[threads] = min(best[threads], result)
                line.append(f"{threads} thread{'s' * (threads > 1)} {result[0]:.2f} s")
            clock.log(kind, f"round {n}: " + ", ".join(line))
        (one, one_cpu, _), (two, two_cpu, at_once) = best[1], best[2]
        rows[kind] = {
            "one_s": one, "two_s": two, "speedup": one / two, "jobs_at_once": at_once,
            "cores_busy_one": one_cpu / one, "cores_busy": two_cpu / two,
        }

    print(f"\n{'':14}{'time taken':^20}{'':10}{'cores busy':^20}")
    print(f"{'two jobs of':14}{'1 thread':>10}{'2 threads':>10}{'speed-up':>10}"
          f"{'1 thread':>10}{'2 threads':>10}  so the two jobs on two threads")
    for kind, r in rows.items():
        print(f"{kind:14}{r['one_s']:9.2f}s{r['two_s']:9.2f}s{r['speedup']:9.2f}x"
              f"{r['cores_busy_one']:10.2f}{r['cores_busy']:10.2f}"
              f"  {reading(r['cores_busy'])}")
    print(f"\nBest of {args.rounds} rounds each. Speed-up: 1-thread time over 2-thread time.")
    print("Cores busy: the process's CPU time over wall time.")
    report(kinds=rows, job_s=args.job * args.scale, rounds=args.rounds)


if __name__ == "__main__":
    main()
