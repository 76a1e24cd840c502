"""Threads, subinterpreters and processes as workers: what each one costs.

Start-up, memory (PSS from /proc) and cores kept busy per worker, and the cost
of sending bytes across. Needs Python 3.14+ (older: one line, exit code 3).
"""

# kitchen: hide-start
# /// script
# requires-python = ">=3.14"
# ///
import json
import math
import multiprocessing
import platform
import statistics
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (allowed_cores, chop, kitchen_parser, linux_only, positive_int, report,
                      smaps_mib, units_for)
if sys.version_info < (3, 14):  # no concurrent.interpreters before 3.14
    print(f"needs Python 3.14+ (this is {platform.python_version()})", file=sys.stderr)
    sys.exit(3)
# kitchen: hide-end
import os
import threading
import time
from concurrent.futures import (InterpreterPoolExecutor,
                                ProcessPoolExecutor, ThreadPoolExecutor)

POOLS = {"threads": ThreadPoolExecutor,
         "subinterpreters": InterpreterPoolExecutor,
         "processes": ProcessPoolExecutor}


def who_am_i(_):
    arrived = time.perf_counter()  # one clock for every worker
    time.sleep(0.05)  # stay busy, so the next job needs another worker
    return os.getpid(), threading.get_ident(), arrived


def chop_basket(steps):
    began = time.thread_time()
    chop(steps)
    return time.thread_time() - began  # CPU seconds this worker ran


def on_workers(pool, job, *args):  # each job goes to a free worker
    return list(pool.map(job, *args))


def start_every_worker(pool, workers):
    # Wait until every worker has started and answered.
    arrivals = {}
    while len(arrivals) < workers:
        for pid, ident, at in on_workers(pool, who_am_i, range(workers)):
            arrivals.setdefault((pid, ident), at)
    return arrivals


# kitchen: hide-start
def best_round_trip(pool, parcel, tries=3):
    """The fastest of a few round trips: other programs only ever slow one down."""
    times = []
    for _ in range(tries):
        began = time.perf_counter()
        assert on_workers(pool, len, [parcel]) == [len(parcel)]
        times.append(time.perf_counter() - began)
    return min(times)


def measure(executor, workers, steps, parcel):
    me_before = smaps_mib("Pss")  # NaN where there is no /proc
    began = time.perf_counter()
    with executor(max_workers=workers) as pool:
        arrivals = start_every_worker(pool, workers)
        startup = max(arrivals.values()) - began
        children = {pid for pid, _ in arrivals if pid != os.getpid()}
        grown = smaps_mib("Pss") - me_before + sum(smaps_mib("Pss", pid=pid) for pid in children)
        memory = None if math.isnan(grown) else grown / workers
        began = time.perf_counter()
        cpu = on_workers(pool, chop_basket, [steps] * workers)
        wall = time.perf_counter() - began
        empty = best_round_trip(pool, b"")
        full = best_round_trip(pool, parcel)
    return {"workers_seen": len(arrivals), "startup_s": startup, "memory_mib": memory,
            "chop_wall_s": wall, "chop_cpu_s": sum(cpu), "cores_busy": sum(cpu) / wall,
            "send_s": max(0.0, full - empty)}


def main():
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.01)
    parser.add_argument("--workers", type=positive_int, default=2, help="workers per pool (default: 2)")
    parser.add_argument("--chop", type=positive_int, default=30,
                        help="chopping minutes of CPU per basket, one basket per worker (default: 30)")
    parser.add_argument("--rounds", type=positive_int, default=3,
                        help="rounds of chopping, the kinds in turn; the median counts (default: 3)")
    parser.add_argument("--parcel-mb", type=positive_int, default=16,
                        help="size of the parcel sent across, in MB (default: 16)")
    args = parser.parse_args()
    steps = units_for(args.chop * args.scale)  # measured once, here, for every worker
    parcel = bytes(args.parcel_mb * 1_000_000)
    method = multiprocessing.get_start_method()
    cores = allowed_cores()
    cores = len(cores) if cores else os.cpu_count() or 1
    print(f"Python {platform.python_version()}; {args.workers} workers per pool; "
          f"processes start by {method}; {cores} cores usable here")
    measured_memory = linux_only("memory per worker")
    # Round after round, each kind in turn. Cores busy is each kind's median round: a moment
    # when another program holds a core spoils one round, and the processes, the control,
    # chop a moment after the subinterpreters in every round. The rest is the first round's,
    # when each kind started cold (later process pools find the forkserver running).
    rounds = [{kind: measure(executor, args.workers, steps, parcel) for kind, executor in POOLS.items()}
              for _ in range(args.rounds)]
    results = rounds[0]
    for kind in POOLS:
        results[kind]["cores_busy"] = statistics.median(r[kind]["cores_busy"] for r in rounds)
    print(f"\n{'':16}{'start-up':>10}{'memory':>10}{'cores busy':>12}{'sending':>10}")
    print(f"{'':16}{'/worker':>10}{'/worker':>10}{'chopping':>12}{f'{args.parcel_mb} MB':>10}")
    for kind, r in results.items():
        memory = "n/a" if r["memory_mib"] is None else f"{r['memory_mib']:.1f} MiB"
        print(f"{kind:<16}{r['startup_s'] / args.workers * 1000:>7.1f} ms{memory:>10}"
              f"{r['cores_busy']:>12.2f}{r['send_s'] * 1000:>7.1f} ms")
    print(f"\ncores busy: the workers' CPU seconds per wall second while each chopped "
          f"{args.chop * args.scale:.2f} s of CPU, median of {args.rounds} rounds with the kinds in "
          f"turn; sending: a round trip with the parcel minus one with empty bytes, fastest of 3")
    report(python=platform.python_version(), workers=args.workers, start_method=method,
           cores=cores, measured_memory=measured_memory, parcel_mb=args.parcel_mb, load=os.getloadavg()[0],
           rounds=args.rounds,
           results=json.loads(json.dumps(results)))


if __name__ == "__main__":
    main()
# kitchen: hide-end
