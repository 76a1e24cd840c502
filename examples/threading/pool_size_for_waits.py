"""A hundred waits through thread pools of several sizes, and through asyncio.

Each job only waits (think of a web request). A pool with N threads has at
most N jobs waiting at once, so a hundred waits take about ceil(100 / N)
rounds: the size of the pool decides the time, far more than the choice
between threads and asyncio does.
"""

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
# kitchen: hide-start

import math
import os
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (
    Clock, InFlight, in_flight, kitchen_parser, positive_float, positive_int, report,
)
# kitchen: hide-end


@in_flight  # kitchen: hide
def wait(seconds: float) -> None:
    time.sleep(seconds)  # a thread that waits holds no GIL


@in_flight  # kitchen: hide
async def wait_async(seconds: float) -> None:
    await asyncio.sleep(seconds)


def through_a_pool(size: int | None, waits: int, seconds: float) -> None:
    with ThreadPoolExecutor(max_workers=size) as pool:  # kitchen: highlight
        futures = [pool.submit(wait, seconds) for _ in range(waits)]
        for future in futures:
            future.result()


async def through_asyncio(waits: int, seconds: float) -> None:
    await asyncio.gather(*(wait_async(seconds) for _ in range(waits)))
# kitchen: hide-start


def default_workers() -> int:
    """ThreadPoolExecutor's default size, as documented (3.8-3.12; 3.13 counts usable CPUs)."""
    cpus = os.process_cpu_count() if hasattr(os, "process_cpu_count") else os.cpu_count()
    return min(32, (cpus or 1) + 4)


def parse_args():
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.01)
    add = parser.add_argument
    add("--waits", type=positive_int, default=100, help="jobs that each wait (default: 100)")
    add("--minutes", type=positive_float, default=5, help="minutes per wait (default: 5)")
    add("--pools", type=positive_int, nargs="+", default=[5, 20, 100], metavar="N",
        help="pool sizes to try (default: 5 20 100)")
    return parser.parse_args()


ROWS: list[dict] = []


def begin() -> None:
    """A fresh count of the waits in flight (the latest InFlight counts them), then the time."""
    global COUNTER, BEGAN
    COUNTER, BEGAN = InFlight(), time.perf_counter()


def end(name: str, workers: int) -> None:
    took = time.perf_counter() - BEGAN
    rounds = math.ceil(args.waits / workers)
    clock.log(name, f"{args.waits} waits in {took:.2f} s, at most {COUNTER.most} at once")
    ROWS.append({"name": name, "workers": workers, "most_at_once": COUNTER.most,
                 "rounds": rounds, "seconds": took})


def show(seconds: float) -> None:
    print(f"\n{args.waits} waits of {seconds:.2f} s each")
    print(f"{'':16}{'threads':>8}{'at once':>9}{'rounds':>8}{'ideal':>8}{'measured':>10}")
    for r in ROWS:
        threads = "-" if r["name"] == "asyncio.gather" else r["workers"]
        print(f"{r['name']:16}{threads:>8}{r['most_at_once']:>9}{r['rounds']:>8}"
              f"{r['rounds'] * seconds:7.2f}s{r['seconds']:9.2f}s")
    report(rows=ROWS, wait_s=seconds, waits=args.waits, default_workers=default_workers())
# kitchen: hide-end


if __name__ == "__main__":
    args = parse_args()  # kitchen: hide
    clock = Clock(args.scale)  # kitchen: hide
    seconds = args.minutes * args.scale
    for size in [*args.pools, None]:  # None: the default size
        begin()  # kitchen: hide
        through_a_pool(size, args.waits, seconds)
        end(f"pool of {size}" if size else "default pool", size or default_workers())  # kitchen: hide
    begin()  # kitchen: hide
    asyncio.run(through_asyncio(args.waits, seconds))
    end("asyncio.gather", args.waits)  # no pool: every wait is its own task  # kitchen: hide
    show(seconds)  # kitchen: hide
