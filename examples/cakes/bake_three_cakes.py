# kitchen: hide-start
"""Three cakes four ways: in turn, and with threads, asyncio and processes."""
# kitchen: hide-end

import asyncio
import os
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
# kitchen: hide-start

import multiprocessing
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (
    Clock, add_start_method, chop, kitchen_parser, positive_float, positive_int, report, timed,
    units_for, warm_up,
)
# kitchen: hide-end


@timed("cake {cake}", "in the oven", kind="wait")  # kitchen: hide
def bake(cake: int, seconds: float) -> None:
    time.sleep(seconds)  # nobody has to watch the oven


@timed("cake {cake}", "decorating", kind="work")  # kitchen: hide
def decorate(cake: int, units: int) -> int:
    chop(units)  # hands on the cake: holds the GIL the whole time
    return os.getpid()  # which kitchen decorated it


def make_cake(cake: int, oven: float, units: int) -> int:
    bake(cake, oven)
    return decorate(cake, units)


@timed("cake {cake}", "in the oven", kind="wait")  # kitchen: hide
async def bake_async(cake: int, seconds: float) -> None:
    await asyncio.sleep(seconds)


async def make_cake_async(cake: int, oven: float, units: int) -> int:
    await bake_async(cake, oven)
    return decorate(cake, units)  # no await: the loop waits for the chef


async def all_cakes(cakes, ovens, units) -> list[int]:
    return await asyncio.gather(*map(make_cake_async, cakes, ovens, units))
# kitchen: hide-start


def usable_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def arithmetic(args, cores: int, gil: bool) -> dict[str, tuple[float, str]]:
    """Ideal kitchen minutes for each variant, with the sum that gives them."""
    n, oven, deco = args.cakes, args.oven, args.decorate

    def pool_of(workers: int) -> tuple[float, str]:
        rounds, total, left = [], 0.0, n
        while left:  # each worker makes a whole cake; a cake waits for a free worker
            batch = min(workers, left)
            hands = min(batch, cores)
            total += oven + batch * deco / hands
            shared = f" / {hands} cores" if hands > 1 else ""
            rounds.append(f"{oven:g} + {batch} × {deco:g}{shared}")
            left -= batch
        return total, " then ".join(rounds)

    serial = (oven + n * deco, f"{oven:g} + {n} × {deco:g}")
    return {
        "one after another": (n * (oven + deco), f"{n} × ({oven:g} + {deco:g})"),
        "threads": serial if gil else pool_of(n),
        "asyncio": serial,
        "processes": pool_of(args.processes),
    }


def parse_args():
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.05)
    parser.add_argument("--cakes", type=positive_int, default=3, help="cakes to make (default: 3)")
    parser.add_argument("--oven", type=positive_float, default=10,
                        help="minutes in the oven (default: 10)")
    parser.add_argument("--decorate", type=positive_float, default=1,
                        help="minutes of decorating (default: 1)")
    parser.add_argument("--processes", type=positive_int, default=3,
                        help="worker processes, each making whole cakes (default: 3, one per cake)")
    add_start_method(parser)
    return parser.parse_args()


MEASURED: dict = {}  # name -> [clock, seconds before the work started] then kitchen minutes
PIDS: dict = {}


def begin(name: str) -> None:
    """A clock for this way; made before a pool's workers start, so they draw on it too."""
    print(f"-- {name}")
    MEASURED[name] = [Clock(args.scale, phase=name), 0.0]


def ready(name: str, pool) -> None:
    """Every worker has started (or a cake would wait for a kitchen still starting)."""
    warm_up(pool, args.processes)
    MEASURED[name][1] = MEASURED[name][0].elapsed()


def end(name: str, pids: list[int]) -> None:
    clock, began = MEASURED[name]
    MEASURED[name] = (clock.elapsed() - began) / args.scale
    PIDS[name] = pids


def show() -> None:
    cores = usable_cores()
    gil_enabled = getattr(sys, "_is_gil_enabled", lambda: True)  # 3.13+ can say
    gil = gil_enabled()
    ideal = arithmetic(args, cores, gil)
    print(f"\n{cores} cores, {'GIL on' if gil else 'GIL off'}, {args.processes} worker processes")
    width = max(len(formula) for _, formula in ideal.values())
    print(f"{'':18}{'arithmetic, in minutes':>{width + 8}}{'measured':>10}{'kitchens':>10}")
    for name, (minutes, formula) in ideal.items():
        kitchens = len(set(PIDS[name]))
        print(f"{name:18}{formula:>{width}} = {minutes:5.1f}{MEASURED[name]:10.1f}{kitchens:>10}")
    report(cakes=args.cakes, oven=args.oven, decorate=args.decorate, cores=cores, gil=gil,
           processes=args.processes, scale=args.scale,
           ideal={name: minutes for name, (minutes, _) in ideal.items()}, measured=MEASURED,
           kitchens={name: len(set(p)) for name, p in PIDS.items()})
# kitchen: hide-end


if __name__ == "__main__":
    args = parse_args()  # kitchen: hide
    context = multiprocessing.get_context(args.start_method)  # kitchen: hide
    n, units = args.cakes, units_for(args.decorate * args.scale)  # kitchen: hide
    cakes = (range(1, n + 1), [args.oven * args.scale] * n, [units] * n)  # kitchen: hide
    begin("one after another")  # kitchen: hide
    kitchens = list(map(make_cake, *cakes))  # one after another
    end("one after another", kitchens)  # kitchen: hide
    begin("threads")  # kitchen: hide
    with ThreadPoolExecutor(args.cakes) as pool:  # a thread per cake
        kitchens = list(pool.map(make_cake, *cakes))  # kitchen: highlight
    end("threads", kitchens)  # kitchen: hide
    begin("asyncio")  # kitchen: hide
    kitchens = asyncio.run(all_cakes(*cakes))
    end("asyncio", kitchens)  # kitchen: hide
    begin("processes")  # kitchen: hide
    with ProcessPoolExecutor(args.processes, mp_context=context) as pool:
        ready("processes", pool)  # kitchen: hide
        kitchens = list(pool.map(make_cake, *cakes))  # kitchen: highlight
        end("processes", kitchens)  # kitchen: hide
    show()  # kitchen: hide
