"""Three cakes, each 10 minutes in the oven (waiting) and 1 minute of decorating (work).

The same three cakes are made four ways: one after another, with threads, with
asyncio and with processes. The oven is waiting, so any kind of concurrency
overlaps it. Decorating is pure-Python work, so only separate processes can do
more than one at a time, and then no more than there are cores.
"""

import asyncio
import multiprocessing
import os
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

# kitchen: hide-start
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (
    Clock, add_start_method, chop, kitchen_parser, positive_float, positive_int, report, units_for,
    warm_up,
)
# kitchen: hide-end


def bake_and_decorate(cake: int, oven: float, units: int, scale: float, start: float,
                      phase: str) -> int:
    """One whole cake. Runs in the main thread, a helper thread or a worker process."""
    clock = Clock(scale, start=start, phase=phase)
    with clock.step(f"cake {cake}", "in the oven", kind="wait"):
        time.sleep(oven * scale)  # nobody has to watch the oven
    with clock.step(f"cake {cake}", "decorating", kind="work"):
        chop(units)  # hands on the cake: holds the GIL the whole time
    return os.getpid()


async def bake_and_decorate_async(cake: int, oven: float, units: int, clock: Clock) -> int:
    with clock.step(f"cake {cake}", "in the oven", kind="wait"):
        await asyncio.sleep(oven * clock.scale)
    with clock.step(f"cake {cake}", "decorating", kind="work"):
        chop(units)  # no await: the one chef decorates, and the loop waits for him
    return os.getpid()


def one_after_another(args, units, clock) -> list[int]:
    return [bake_and_decorate(c, args.oven, units, clock.scale, clock.start, clock.phase)
            for c in range(1, args.cakes + 1)]


def with_threads(args, units, clock) -> list[int]:
    pids = []
    threads = [
        threading.Thread(target=lambda c=c: pids.append(
            bake_and_decorate(c, args.oven, units, clock.scale, clock.start, clock.phase)))
        for c in range(1, args.cakes + 1)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return pids


def with_asyncio(args, units, clock) -> list[int]:
    async def all_cakes():
        return await asyncio.gather(
            *(bake_and_decorate_async(c, args.oven, units, clock) for c in range(1, args.cakes + 1)))

    return asyncio.run(all_cakes())


def with_processes(args, units, clock, pool) -> list[int]:
    futures = [
        pool.submit(bake_and_decorate, c, args.oven, units, clock.scale, clock.start, clock.phase)
        for c in range(1, args.cakes + 1)
    ]
    return [f.result() for f in futures]


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


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    parser.add_argument("--cakes", type=positive_int, default=3, help="cakes to make (default: 3)")
    parser.add_argument("--oven", type=positive_float, default=10,
                        help="minutes in the oven (default: 10)")
    parser.add_argument("--decorate", type=positive_float, default=1,
                        help="minutes of decorating (default: 1)")
    parser.add_argument("--processes", type=positive_int, default=3,
                        help="worker processes, each making whole cakes (default: 3, one per cake)")
    add_start_method(parser)
    args = parser.parse_args()

    units = units_for(args.decorate * args.scale)  # measured here, handed to every worker
    cores = usable_cores()
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    ideal = arithmetic(args, cores, gil)
    context = multiprocessing.get_context(args.start_method)

    measured, pids = {}, {}
    for name in ideal:
        print(f"-- {name}")
        if name == "processes":
            with ProcessPoolExecutor(args.processes, mp_context=context) as pool:
                warm_up(pool, args.processes)  # or one cake waits for a kitchen still starting
                clock = Clock(args.scale, phase=name)
                pids[name] = with_processes(args, units, clock, pool)
                measured[name] = clock.elapsed() / args.scale
        else:
            clock = Clock(args.scale, phase=name)
            plan = {"one after another": one_after_another, "threads": with_threads,
                    "asyncio": with_asyncio}[name]
            pids[name] = plan(args, units, clock)
            measured[name] = clock.elapsed() / args.scale

    print(f"\n{cores} cores, {'GIL on' if gil else 'GIL off'}, {args.processes} worker processes")
    width = max(len(formula) for _, formula in ideal.values())
    print(f"{'':18}{'arithmetic, in minutes':>{width + 8}}{'measured':>10}{'kitchens':>10}")
    for name, (minutes, formula) in ideal.items():
        kitchens = len(set(pids[name]))
        print(f"{name:18}{formula:>{width}} = {minutes:5.1f}{measured[name]:10.1f}{kitchens:>10}")
    report(cakes=args.cakes, oven=args.oven, decorate=args.decorate, cores=cores, gil=gil,
           processes=args.processes, scale=args.scale,
           ideal={name: minutes for name, (minutes, _) in ideal.items()}, measured=measured,
           kitchens={name: len(set(p)) for name, p in pids.items()})


if __name__ == "__main__":
    main()
