"""Chop inline, with to_thread, in a process pool: responsive is not fast."""

import asyncio
import time
from concurrent.futures import ProcessPoolExecutor
# kitchen: hide-start

import multiprocessing
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, add_start_method, kitchen_parser, positive_float, positive_int
from _kitchen import chop, report, run_queue_seconds, timed, units_for, warm_up

# Seconds the loop's thread sat ready with no core free (Linux): a busy machine's delay, not
# the kitchen's. Read per tick only without a GIL: a read lets the GIL go, and winning it back
# from the choppers would delay the very timer it measures. With a GIL, once per service.
PER_TICK = hasattr(sys, "_is_gil_enabled") and not sys._is_gil_enabled()
NO_CORE: list[float] = []
# kitchen: hide-end


@timed("order {n}", "boiling", kind="wait")  # kitchen: hide
async def boil(n: int, seconds: float) -> None:
    await asyncio.sleep(seconds)


@timed("order {n}", "chopping", kind="work")  # kitchen: hide
def prepare(n: int, units: int) -> None:
    chop(units)  # pure-Python CPU work (from _kitchen)


async def order(n: int, boil_s: float, units: int, how: str, pool) -> None:
    await boil(n, boil_s)
    if how == "inline":
        return prepare(n, units)  # blocks the loop
    if how == "to_thread":  # a helper thread in this kitchen
        return await asyncio.to_thread(prepare, n, units)  # kitchen: highlight
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(pool, prepare, n, units)  # kitchen: highlight


async def service(orders, boil_s, work, how, pool, tick):
    jobs = asyncio.gather(*(order(n, boil_s, work, how, pool) for n in orders))
    gaps = []  # a timer: how long each tick really waited
    while not jobs.done():
        began = time.perf_counter()
        queued = run_queue_seconds() if PER_TICK else None  # kitchen: hide
        await asyncio.sleep(tick)
        gaps.append(time.perf_counter() - began)
        NO_CORE.append(run_queue_seconds() - queued if queued is not None else 0.0)  # kitchen: hide
    await jobs  # raises if an order failed
    return gaps
# kitchen: hide-start


def parse_args():
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--orders", type=positive_int, default=3, help="orders to cook (default: 3)")
    parser.add_argument("--boil", type=positive_float, default=10, help="boiling minutes (default: 10)")
    parser.add_argument("--chop", type=positive_float, default=10, help="chopping minutes of CPU (default: 10)")
    parser.add_argument("--workers", type=positive_int, default=2, help="processes in the pool (default: 2)")
    add_start_method(parser)
    return parser.parse_args()


RESULTS: dict = {}


def start(how: str, pool) -> None:
    """A clock for this way of chopping; the pool's workers start (untimed) under it."""
    print(f"-- {how}")
    clock = Clock(args.scale, phase=how)  # before the workers start, so they inherit it
    if how == "process pool":
        warm_up(pool, args.workers)
    RESULTS[how] = (clock, clock.elapsed(), time.process_time(), run_queue_seconds())


def finish(how: str, gaps: list[float]) -> None:
    clock, ready, cpu, queued = RESULTS[how]
    total = clock.elapsed() - ready
    no_core = run_queue_seconds() - queued if queued is not None else 0.0
    given_a_core = max(gap - waited for gap, waited in zip(gaps, NO_CORE))
    NO_CORE.clear()
    RESULTS[how] = (total, max(gaps), len(gaps), (time.process_time() - cpu) / total,
                    given_a_core, no_core)


def show() -> None:
    print(f"\n{'':14}{'total':>8}{'timer ticks':>13}{'longest freeze':>16}{'cores busy':>12}")
    numbers = {}
    for how, key in (("inline", "inline"), ("to_thread", "to_thread"), ("process pool", "pool")):
        total, freeze, ticks, cores, given_a_core, no_core = RESULTS[how]
        busy = f"{cores:12.2f}" if key != "pool" else f"{'(workers)':>12}"
        print(f"{how:14}{total:7.2f}s{ticks:13}{freeze:15.2f}s{busy}")
        numbers.update({f"{key}_s": total, f"{key}_freeze_s": freeze, f"{key}_ticks": ticks,
                        f"{key}_freeze_given_a_core_s": given_a_core, f"{key}_no_core_s": no_core})
        if key != "pool":
            numbers[f"{key}_cores"] = cores
    report(**numbers, tick_s=args.scale, workers=args.workers, queue_per_tick=PER_TICK)
# kitchen: hide-end


if __name__ == "__main__":
    args = parse_args()  # kitchen: hide
    context = multiprocessing.get_context(args.start_method)  # kitchen: hide
    tick = args.scale  # the timer wants to tick once a kitchen minute  # kitchen: hide
    units = units_for(args.chop * args.scale)  # kitchen: hide
    orders, boil_s = range(1, args.orders + 1), args.boil * args.scale  # kitchen: hide
    with ProcessPoolExecutor(args.workers, mp_context=context) as pool:
        for how in ("inline", "to_thread", "process pool"):
            start(how, pool)  # kitchen: hide
            gaps = asyncio.run(service(orders, boil_s, units, how, pool, tick))
            finish(how, gaps)  # kitchen: hide
    show()  # kitchen: hide
