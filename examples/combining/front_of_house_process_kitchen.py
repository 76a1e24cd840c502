"""Orders that wait and chop: asyncio, a thread pool, a process pool, and asyncio with a process pool.

Each order is taken and its ingredients fetched (waiting; later orders wait a
little longer), then chopped (CPU). asyncio overlaps every wait but chops on
its one thread. A thread pool also overlaps the waits, but its threads take
turns on the GIL to chop. A process pool chops on several cores, but a worker
that waits is a worker that cannot chop. Together, asyncio waits for everything
at once in the front of house and sends only the chopping to the process kitchen.
"""

import asyncio
import multiprocessing
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (
    Clock, add_start_method, chop, kitchen_parser, non_negative_int, positive_float, positive_int,
    report, units_for, warm_up,
)
# kitchen: hide-end


def worker_name() -> str:
    """The process's name in a pool process, else the thread's name."""
    process = multiprocessing.current_process().name
    return process if process != "MainProcess" else threading.current_thread().name


def chop_order(n: int, units: int, scale: float, start: float, phase: str) -> None:
    """The CPU part of an order, wherever it is sent: the loop's thread or a pool process."""
    clock = Clock(scale, start=start, phase=phase)
    with clock.step(f"order {n}", f"chopping in {worker_name()}", kind="work"):
        chop(units)


def whole_order(n: int, units: int, scale: float, start: float, phase: str, take: float, fetch: float):
    """An order handled start to finish by one pool worker, blocking while it waits."""
    clock = Clock(scale, start=start, phase=phase)
    who = worker_name()
    with clock.step(f"order {n}", f"taking the order in {who}", kind="wait"):
        time.sleep(take * scale)
    with clock.step(f"order {n}", f"fetching ingredients in {who}", kind="wait"):
        time.sleep(fetch * scale)
    chop_order(n, units, scale, start, phase)


def fetch_minutes(args, n: int) -> float:
    return args.fetch + (n - 1) * args.stagger


# --- the two asyncio versions --------------------------------------------------------------


async def ticker(clock: Clock, gaps: list[float], stop: asyncio.Event) -> None:
    """A timer that wants to tick every kitchen minute; the gaps show how long the loop froze."""
    last = clock.elapsed()
    while not stop.is_set():
        await asyncio.sleep(clock.scale)
        now = clock.elapsed()
        gaps.append(now - last)
        last = now


async def front_of_house(clock: Clock, n: int, args, units: int, pool) -> None:
    with clock.step(f"order {n}", "taking the order", kind="wait"):
        await asyncio.sleep(args.take * clock.scale)
    with clock.step(f"order {n}", "fetching ingredients", kind="wait"):
        await asyncio.sleep(fetch_minutes(args, n) * clock.scale)
    job = (n, units, clock.scale, clock.start, clock.phase)
    if pool is None:
        chop_order(*job)  # on the loop's own thread: nothing else moves meanwhile
    else:
        await asyncio.get_running_loop().run_in_executor(pool, chop_order, *job)


async def with_asyncio(args, units: int, phase: str, pool=None) -> tuple[float, float]:
    clock = Clock(args.scale, phase=phase)
    gaps: list[float] = []
    stop = asyncio.Event()
    timer = asyncio.create_task(ticker(clock, gaps, stop))
    orders = range(1, args.orders + 1)
    await asyncio.gather(*(front_of_house(clock, n, args, units, pool) for n in orders))
    stop.set()
    await timer
    return clock.elapsed(), max(gaps)


# --- the two pools alone -------------------------------------------------------------------


def with_pool(pool, args, units: int, phase: str) -> float:
    clock = Clock(args.scale, phase=phase)
    futures = [
        pool.submit(
            whole_order, n, units, clock.scale, clock.start, phase, args.take, fetch_minutes(args, n)
        )
        for n in range(1, args.orders + 1)
    ]
    for future in futures:
        future.result()
    return clock.elapsed()


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.015)
    add = parser.add_argument
    add("--orders", type=positive_int, default=4, help="orders (default: 4)")
    add("--take", type=positive_float, default=4, help="minutes taking each order (default: 4)")
    add("--fetch", type=positive_float, default=10, help="minutes fetching for order 1 (default: 10)")
    add("--stagger", type=non_negative_int, default=2,
        help="extra whole minutes of fetching for each later order (default: 2)")
    add("--chop", type=positive_float, default=5, help="minutes of CPU chopping per order (default: 5)")
    add("--workers", type=positive_int, default=2, help="processes in each process pool (default: 2)")
    add("--threads", type=positive_int, default=None,
        help="threads in the thread pool (default: one per order)")
    add_start_method(parser)
    args = parser.parse_args()
    threads = args.threads or args.orders

    units = units_for(args.chop * args.scale)
    context = multiprocessing.get_context(args.start_method)
    totals: dict[str, float] = {}
    freezes: dict[str, float] = {}

    print("-- asyncio alone")
    alone = "asyncio alone"
    totals[alone], freezes[alone] = asyncio.run(with_asyncio(args, units, alone))

    print(f"-- thread pool alone ({threads} threads)")
    with ThreadPoolExecutor(threads, thread_name_prefix="cook") as pool:
        totals["thread pool alone"] = with_pool(pool, args, units, "thread pool alone")

    print(f"-- process pool alone ({args.workers} processes)")
    with ProcessPoolExecutor(args.workers, mp_context=context) as pool:
        warm_up(pool, args.workers)
        totals["process pool alone"] = with_pool(pool, args, units, "process pool alone")

    print(f"-- asyncio + process pool ({args.workers} processes)")
    with ProcessPoolExecutor(args.workers, mp_context=context) as pool:
        warm_up(pool, args.workers)
        both = "asyncio + process pool"
        totals[both], freezes[both] = asyncio.run(with_asyncio(args, units, both, pool))

    waits = [(args.take + fetch_minutes(args, n)) * args.scale for n in range(1, args.orders + 1)]
    work = args.chop * args.scale
    print(f"\n{'':24}{'total':>8}{'longest loop freeze':>21}")
    for name, total in totals.items():
        freeze = f"{freezes[name]:.2f}s" if name in freezes else "(no loop)"
        print(f"{name:24}{total:7.2f}s{freeze:>21}")
    print(f"each order waits {waits[0]:.2f}-{waits[-1]:.2f} s and chops {work:.2f} s; "
          f"{args.orders} orders, {args.workers} processes, {threads} threads")
    report(
        asyncio_s=totals["asyncio alone"], threads_s=totals["thread pool alone"],
        processes_s=totals["process pool alone"], combined_s=totals["asyncio + process pool"],
        asyncio_freeze_s=freezes["asyncio alone"], combined_freeze_s=freezes["asyncio + process pool"],
        waits_s=waits, chop_s=work, orders=args.orders, workers=args.workers, threads=threads,
        tick_s=args.scale,
    )


if __name__ == "__main__":
    main()
