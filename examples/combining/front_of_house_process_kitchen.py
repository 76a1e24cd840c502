"""Orders that wait and chop: asyncio, a thread pool, a process pool, both.

asyncio overlaps every wait but chops on its one thread. Pool threads take
turns on the GIL to chop. A pool process that waits cannot chop. Together,
asyncio waits in front and sends only the chopping to the process kitchen.
"""

import asyncio
import time

# kitchen: hide-start
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (Clock, add_start_method, chop, current_clock, kitchen_parser,
                      non_negative_int, positive_float, positive_int, record, report, timed,
                      units_for, warm_up, worker_name)


def begin(n: int, what: str, step=None) -> tuple:
    """Start a wait in order n's lane, ending `step`, the one before; end() draws it."""
    end(step)
    clock = current_clock()
    clock.log(f"order {n}", f"starts {what}")
    return clock, n, what, clock.elapsed()


def end(step) -> None:
    if step is not None:
        clock, n, what, began = step
        clock.log(f"order {n}", f"finishes {what}")
        record(phase=clock.phase, lane=f"order {n}", label=what, kind="wait",
               start=began, end=clock.elapsed())


async def ticker(clock: Clock, gaps: list[float], stop: asyncio.Event) -> None:
    """A timer that wants to tick every kitchen minute; the gaps show how long the loop froze."""
    last = clock.elapsed()
    while not stop.is_set():
        await asyncio.sleep(clock.scale)
        now = clock.elapsed()
        gaps.append(now - last)
        last = now


FREEZE: dict = {}  # phase -> the longest gap between the timer's ticks


def start_ticker() -> tuple:
    clock, gaps, stop = current_clock(), [], asyncio.Event()
    return clock, gaps, stop, asyncio.create_task(ticker(clock, gaps, stop))


async def stop_ticker(ticks: tuple) -> None:
    clock, gaps, stop, task = ticks
    stop.set()
    await task
    FREEZE[clock.phase] = max(gaps)
# kitchen: hide-end


@timed("order {n}", "chopping in {worker}", "work")  # kitchen: hide
def chop_order(n: int, units: int) -> None:
    chop(units)  # CPU work: it holds its process's GIL throughout


def whole_order(n: int, units: int, take_s: float, fetch_s: float) -> None:
    """One pool worker, start to finish: it blocks while the order waits."""
    step = begin(n, f"taking the order in {worker_name()}")  # kitchen: hide
    time.sleep(take_s)  # taking the order
    step = begin(n, f"fetching ingredients in {worker_name()}", step)  # kitchen: hide
    time.sleep(fetch_s)  # fetching ingredients  # kitchen: highlight
    end(step)  # kitchen: hide
    chop_order(n, units)


def with_pool(pool, orders: list[tuple]) -> None:
    futures = [pool.submit(whole_order, *order) for order in orders]
    for future in futures:
        future.result()


async def front_of_house(n, units, take_s, fetch_s, pool=None) -> None:
    step = begin(n, "taking the order")  # kitchen: hide
    await asyncio.sleep(take_s)  # taking the order
    step = begin(n, "fetching ingredients", step)  # kitchen: hide
    await asyncio.sleep(fetch_s)  # fetching ingredients, as others do
    end(step)  # kitchen: hide
    if pool is None:
        chop_order(n, units)  # on the loop's thread: nothing else moves
    else:  # the chopping goes to the process kitchen
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(pool, chop_order, n, units)  # kitchen: highlight


async def with_asyncio(orders: list[tuple], pool=None) -> None:
    ticks = start_ticker()  # kitchen: hide
    await asyncio.gather(*(front_of_house(*order, pool) for order in orders))
    await stop_ticker(ticks)  # kitchen: hide


# kitchen: hide-start
def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.015)
    add = parser.add_argument
    add("--orders", type=positive_int, default=4, help="orders (default: 4)")
    add("--take", type=positive_float, default=4, help="minutes taking each order (default: 4)")
    add("--fetch", type=positive_float, default=10,
        help="minutes fetching for order 1 (default: 10)")
    add("--stagger", type=non_negative_int, default=2,
        help="extra whole minutes of fetching for each later order (default: 2)")
    add("--chop", type=positive_float, default=5,
        help="minutes of CPU chopping per order (default: 5)")
    add("--workers", type=positive_int, default=2,
        help="processes in each process pool (default: 2)")
    add("--threads", type=positive_int, default=None,
        help="threads in the thread pool (default: one per order)")
    add_start_method(parser)
    args = parser.parse_args()
    threads = args.threads or args.orders

    units = units_for(args.chop * args.scale)
    context = multiprocessing.get_context(args.start_method)
    m = args.scale
    orders = [(n, units, args.take * m, (args.fetch + (n - 1) * args.stagger) * m)
              for n in range(1, args.orders + 1)]
    totals: dict[str, float] = {}

    def phase(name: str, run, staff: str = "") -> None:
        # A process pool's workers take the clock along when they start (see below); the
        # total counts from here, with the pool warm: starting kitchens is not serving.
        Clock(args.scale, phase=name)
        print(f"-- {name}{staff}")
        began = time.perf_counter()
        run()
        totals[name] = time.perf_counter() - began

    phase("asyncio alone", lambda: asyncio.run(with_asyncio(orders)))
    with ThreadPoolExecutor(threads, thread_name_prefix="cook") as pool:
        phase("thread pool alone", lambda: with_pool(pool, orders), f" ({threads} threads)")
    # whole_order runs in the workers, not sent with a clock: they start under this one.
    Clock(args.scale, phase="process pool alone")
    with ProcessPoolExecutor(args.workers, mp_context=context) as pool:
        warm_up(pool, args.workers)
        phase("process pool alone", lambda: with_pool(pool, orders),
              f" ({args.workers} processes)")
    with ProcessPoolExecutor(args.workers, mp_context=context) as pool:
        warm_up(pool, args.workers)
        phase("asyncio + process pool", lambda: asyncio.run(with_asyncio(orders, pool)),
              f" ({args.workers} processes)")

    waits = [take + fetch for _, _, take, fetch in orders]
    work = args.chop * args.scale
    print(f"\n{'':24}{'total':>8}{'longest loop freeze':>21}")
    for name, total in totals.items():
        freeze = f"{FREEZE[name]:.2f}s" if name in FREEZE else "(no loop)"
        print(f"{name:24}{total:7.2f}s{freeze:>21}")
    print(f"each order waits {waits[0]:.2f}-{waits[-1]:.2f} s and chops {work:.2f} s; "
          f"{args.orders} orders, {args.workers} processes, {threads} threads")
    report(
        asyncio_s=totals["asyncio alone"], threads_s=totals["thread pool alone"],
        processes_s=totals["process pool alone"], combined_s=totals["asyncio + process pool"],
        asyncio_freeze_s=FREEZE["asyncio alone"], combined_freeze_s=FREEZE["asyncio + process pool"],
        waits_s=waits, chop_s=work, orders=args.orders, workers=args.workers, threads=threads,
        tick_s=args.scale,
    )


if __name__ == "__main__":
    main()
# kitchen: hide-end
