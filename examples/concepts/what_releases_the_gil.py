"""Two jobs on one thread, then on two threads: which kinds get faster?"""

import hashlib
import threading
import time

try:
    import numpy
except ImportError:  # the numpy.sort row is skipped, and the output says so
    numpy = None
# kitchen: hide-start

import math
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, chop, kitchen_parser, positive_float, positive_int, report
from _kitchen import units_for
# kitchen: hide-end

BUFFER = bytes(range(256)) * 16384  # 4 MiB: hashlib lets go of the GIL


def kinds_of_work(size: dict) -> dict:
    kinds = {
        "pure Python": lambda: chop(size["units"]),  # kitchen: highlight
        "hashlib": lambda: [hashlib.sha256(BUFFER) for _ in size["hashes"]],
    }
    if numpy:
        arr = numpy.random.default_rng(7).random(250_000)
        kinds["numpy.sort"] = lambda: [numpy.sort(arr) for _ in size["sorts"]]
    kinds["time.sleep"] = lambda: time.sleep(size["seconds"])
    return kinds


def two_jobs(job, n: int) -> None:  # both on one thread, or one each on two
    workers = [threading.Thread(target=lambda: [job() for _ in range(2 // n)])
               for _ in range(n)]
    for w in workers:
        w.start()  # kitchen: highlight
    for w in workers:
        w.join()
# kitchen: hide-start


def best_time(job, repeats: int = 3) -> float:
    """The least disturbed of a few timings of one call."""
    best = math.inf
    for _ in range(repeats):
        began = time.perf_counter()
        job()
        best = min(best, time.perf_counter() - began)
    return best


def sizes(seconds: float) -> dict:
    """How many of each job (as a range) take about `seconds` on one free core, measured once:
    the jobs of kinds_of_work themselves, timed with one hash and one sort each."""
    one = {"seconds": 0, "units": 1, "hashes": range(1), "sorts": range(1)}
    per_call = {kind: best_time(job) for kind, job in kinds_of_work(one).items()}
    size = {"seconds": seconds, "units": units_for(seconds),
            "hashes": range(max(1, round(seconds / per_call["hashlib"])))}
    if numpy:
        size["sorts"] = range(max(1, round(seconds / per_call["numpy.sort"])))
    else:
        print("NumPy is not installed: the numpy.sort row is skipped\n")
    return size


SPANS: list[tuple[float, float, float]] = []  # (start, end, CPU s) of every job of this run


def tracked(job):
    """The job, noting when each call ran and the CPU time its own thread spent on it
    (list.append is atomic: no lock needed). Starting and joining threads is not the job."""
    def noted():
        began, cpu = time.perf_counter(), time.thread_time()
        job()
        SPANS.append((began, time.perf_counter(), time.thread_time() - cpu))
    return noted


def start() -> float:
    SPANS.clear()
    return time.perf_counter()


def finish(began: float) -> tuple[float, float, int]:
    """Wall seconds, the jobs' CPU seconds, and the most jobs in progress at once."""
    wall, cpu = time.perf_counter() - began, sum(s[2] for s in SPANS)
    at_once = max(sum(b <= t < e for b, e, _ in SPANS) for t, _, _ in SPANS)
    return wall, cpu, at_once


def reading(cores_busy: float) -> str:
    """What CPU time over wall time says about two jobs on two threads."""
    if cores_busy < 0.05:
        return "waited side by side, using no core"
    if cores_busy > 1.2:  # more CPU seconds than wall seconds: two threads computed at once
        return "ran side by side on two cores"
    return "kept one core busy at most"


def parse_args():
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    add = parser.add_argument
    add("--job", type=positive_float, default=2,
        help="minutes each job takes on one free core (default: 2)")
    add("--rounds", type=positive_int, default=3,
        help="rounds of 1 thread, then 2; the best of each counts (default: 3)")
    return parser.parse_args()


BEST: dict = {}  # kind -> {threads: (wall, cpu, at once)}, the best round of each


def note(kind: str, n: int, threads: int, result: tuple[float, float, int]) -> None:
    best = BEST.setdefault(kind, {1: (math.inf, 0.0, 0), 2: (math.inf, 0.0, 0)})
    best[threads] = min(best[threads], result)
    LAST[threads] = result[0]
    if threads == 2:
        clock.log(kind, f"round {n}: 1 thread {LAST[1]:.2f} s, 2 threads {LAST[2]:.2f} s")


LAST: dict = {}  # threads -> wall seconds of this round


def show() -> None:
    rows = {}
    for kind, best in BEST.items():
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
    print("Cores busy: the jobs' CPU time (each thread's own clock) over wall time.")
    report(kinds=rows, job_s=args.job * args.scale, rounds=args.rounds)
# kitchen: hide-end


if __name__ == "__main__":
    args = parse_args()  # kitchen: hide
    clock = Clock(1.0, unit="s")  # a lab bench in plain seconds  # kitchen: hide
    size = sizes(args.job * args.scale)  # kitchen: hide
    for kind, job in kinds_of_work(size).items():
        job = tracked(job)  # kitchen: hide
        for n in range(1, args.rounds + 1):
            for threads in (1, 2):  # alternated: load hits both alike
                began = start()  # kitchen: hide
                two_jobs(job, threads)
                note(kind, n, threads, finish(began))  # kitchen: hide
    show()  # kitchen: hide
