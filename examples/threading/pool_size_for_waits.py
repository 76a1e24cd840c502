"""A hundred waits through thread pools of several sizes, and through asyncio, for comparison.

Each job only waits (think of a web request). A pool with N threads has at most
N jobs waiting at once, so a hundred waits take about ceil(100 / N) rounds. The
size of the pool decides the time, far more than the choice between threads
and asyncio does.
"""

import asyncio
import math
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, positive_float, positive_int, report
# kitchen: hide-end


class InFlight:
    """Counts the waits in progress and remembers the most there ever were at once."""

    def __init__(self) -> None:
        self.now = self.most = 0
        self._lock = threading.Lock()  # += on shared state from many threads needs a lock

    def __enter__(self):
        with self._lock:
            self.now += 1
            self.most = max(self.most, self.now)

    def __exit__(self, *exc):
        with self._lock:
            self.now -= 1


def wait(seconds: float, counter: InFlight) -> None:
    with counter:
        time.sleep(seconds)


async def wait_async(seconds: float, counter: InFlight) -> None:
    with counter:
        await asyncio.sleep(seconds)


async def all_async(waits: int, seconds: float, counter: InFlight) -> None:
    await asyncio.gather(*(wait_async(seconds, counter) for _ in range(waits)))


def default_workers() -> int:
    """ThreadPoolExecutor's default size, as documented (3.8-3.12; 3.13 counts usable CPUs)."""
    cpus = os.process_cpu_count() if hasattr(os, "process_cpu_count") else os.cpu_count()
    return min(32, (cpus or 1) + 4)


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.01)
    add = parser.add_argument
    add("--waits", type=positive_int, default=100, help="jobs that each wait (default: 100)")
    add("--minutes", type=positive_float, default=5, help="minutes per wait (default: 5)")
    add("--pools", type=positive_int, nargs="+", default=[5, 20, 100], metavar="N",
        help="pool sizes to try (default: 5 20 100)")
    args = parser.parse_args()

    seconds = args.minutes * args.scale
    clock = Clock(args.scale)
    plans = [(f"pool of {n}", n) for n in args.pools]
    plans += [("default pool", None), ("asyncio.gather", 0)]
    rows = []
    for name, size in plans:
        counter = InFlight()
        began = time.perf_counter()
        if size == 0:
            asyncio.run(all_async(args.waits, seconds, counter))
            workers = args.waits  # no pool: every wait is its own task
        else:
            with ThreadPoolExecutor(max_workers=size) as pool:  # None: the default size
                for future in [pool.submit(wait, seconds, counter) for _ in range(args.waits)]:
                    future.result()
            workers = size or default_workers()
        took = time.perf_counter() - began
        rounds = math.ceil(args.waits / workers)
        clock.log(name, f"{args.waits} waits in {took:.2f} s, at most {counter.most} at once")
        rows.append({"name": name, "workers": workers, "most_at_once": counter.most,
                     "rounds": rounds, "seconds": took})

    print(f"\n{args.waits} waits of {seconds:.2f} s each")
    print(f"{'':16}{'threads':>8}{'at once':>9}{'rounds':>8}{'ideal':>8}{'measured':>10}")
    for r in rows:
        threads = "-" if r["name"] == "asyncio.gather" else r["workers"]
        print(f"{r['name']:16}{threads:>8}{r['most_at_once']:>9}{r['rounds']:>8}"
              f"{r['rounds'] * seconds:7.2f}s{r['seconds']:9.2f}s")
    report(rows=rows, wait_s=seconds, waits=args.waits, default_workers=default_workers())


if __name__ == "__main__":
    main()
