"""Chopping inline, with asyncio.to_thread, and in a process pool: responsiveness is not speed.

`to_thread` hands the chopping to helper threads, so the event loop stays free
and the timer keeps ticking. But the helpers are threads in the same kitchen:
on the standard (GIL) build only one of them runs Python code at a time, so the
chopping takes as long as before. Only separate processes chop in parallel.
"""

import asyncio
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (
    Clock, add_start_method, chop, kitchen_parser, positive_float, positive_int, report, units_for,
)
# kitchen: hide-end


def chop_order(n: int, units: int, scale: float, start: float, phase: str) -> None:
    """Runs wherever it is sent: the loop's thread, a helper thread or another process."""
    clock = Clock(scale, start=start, phase=phase)
    with clock.step(f"order {n}", "chopping", kind="work"):
        chop(units)


async def ticker(clock: Clock, gaps: list[float], stop: asyncio.Event) -> None:
    last = clock.elapsed()
    while not stop.is_set():
        await asyncio.sleep(clock.scale)
        now = clock.elapsed()
        gaps.append(now - last)
        last = now


async def order(clock: Clock, n: int, args, units: int, how: str, pool) -> None:
    with clock.step(f"order {n}", "boiling", kind="wait"):
        await asyncio.sleep(args.boil * clock.scale)
    job = (n, units, clock.scale, clock.start, clock.phase)
    if how == "inline":
        chop_order(*job)  # blocks the loop
    elif how == "to_thread":
        await asyncio.to_thread(chop_order, *job)
    else:
        await asyncio.get_running_loop().run_in_executor(pool, chop_order, *job)


async def service(args, units: int, how: str, pool=None) -> tuple[float, float, int]:
    clock = Clock(args.scale, phase=how)
    gaps: list[float] = []
    stop = asyncio.Event()
    timer = asyncio.create_task(ticker(clock, gaps, stop))
    await asyncio.gather(*(order(clock, n, args, units, how, pool) for n in range(1, args.orders + 1)))
    stop.set()
    await timer
    return clock.elapsed(), max(gaps), len(gaps)


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--orders", type=positive_int, default=3, help="orders to cook (default: 3)")
    parser.add_argument("--boil", type=positive_float, default=10, help="boiling minutes (default: 10)")
    parser.add_argument("--chop", type=positive_float, default=10, help="chopping minutes of CPU (default: 10)")
    parser.add_argument("--workers", type=positive_int, default=2, help="processes in the pool (default: 2)")
    add_start_method(parser)
    args = parser.parse_args()

    units = units_for(args.chop * args.scale)
    context = multiprocessing.get_context(args.start_method)
    results, cores = {}, {}
    for how in ("inline", "to_thread", "process pool"):
        print(f"-- {how}")
        if how == "process pool":
            with ProcessPoolExecutor(args.workers, mp_context=context) as pool:
                pool.submit(int).result()  # start the workers before the clock starts
                results[how] = asyncio.run(service(args, units, how, pool))
        else:
            cpu = time.process_time()  # this process's CPU time: all its threads together
            results[how] = asyncio.run(service(args, units, how))
            cores[how] = (time.process_time() - cpu) / results[how][0]

    print(f"\n{'':14}{'total':>8}{'timer ticks':>13}{'longest freeze':>16}{'cores busy':>12}")
    for how, (total, freeze, ticks) in results.items():
        busy = f"{cores[how]:12.2f}" if how in cores else f"{'(workers)':>12}"
        print(f"{how:14}{total:7.2f}s{ticks:13}{freeze:15.2f}s{busy}")
    numbers = {}
    for how, key in (("inline", "inline"), ("to_thread", "to_thread"), ("process pool", "pool")):
        total, freeze, ticks = results[how]
        numbers.update({f"{key}_s": total, f"{key}_freeze_s": freeze, f"{key}_ticks": ticks})
    report(
        **numbers, inline_cores=cores["inline"], to_thread_cores=cores["to_thread"],
        tick_s=args.scale, workers=args.workers,
    )


if __name__ == "__main__":
    main()
