"""Four orders cooked in one kitchen, then a kitchen per order, a Pool, and a ProcessPoolExecutor.

Every order is chopping: pure-Python CPU work that one process can only do one
piece at a time. A kitchen is a process with its own interpreter, so two
kitchens can chop at the same moment on two cores. The three ways of opening
kitchens differ in who opens them, how many, and how the food comes back.
"""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (
    Clock, add_start_method, chop, kitchen_parser, positive_float, positive_int, report, units_for,
)
# kitchen: hide-end


def cook(order: int, units: int, scale: float, start: float, phase: str) -> tuple[int, int]:
    """One order, in whichever process runs this. Returns (order, pid): the plate and its kitchen."""
    clock = Clock(scale, start=start, phase=phase)
    with clock.step(f"order {order}", f"chopping in process {os.getpid()}", kind="work"):
        chop(units)
    return order, os.getpid()


def cook_and_send(plates, *job) -> None:
    """A bare Process has no return value: the plate goes back through a queue."""
    plates.put(cook(*job))


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--orders", type=positive_int, default=4, help="orders to cook (default: 4)")
    parser.add_argument("--chop", type=positive_float, default=6,
                        help="chopping minutes of CPU per order (default: 6)")
    parser.add_argument("--workers", type=positive_int, default=2,
                        help="kitchens in each pool (default: 2)")
    add_start_method(parser)
    args = parser.parse_args()

    context = multiprocessing.get_context(args.start_method)
    units = units_for(args.chop * args.scale)  # measured here once; every kitchen gets the same work
    orders = range(1, args.orders + 1)
    print(f"head chef: process {os.getpid()}, start method {context.get_start_method()}")
    plates: dict[str, list[tuple[int, int]]] = {}
    took: dict[str, float] = {}

    def jobs(clock: Clock) -> list[tuple]:
        return [(n, units, clock.scale, clock.start, clock.phase) for n in orders]

    name = "one kitchen, in turn"
    print(f"-- {name}")
    clock = Clock(args.scale, phase=name)
    plates[name] = [cook(*job) for job in jobs(clock)]
    took[name] = clock.elapsed()

    name = "a Process per order"
    print(f"-- {name}")
    clock = Clock(args.scale, phase=name)
    queue = context.Queue()
    kitchens = [context.Process(target=cook_and_send, args=(queue, *job)) for job in jobs(clock)]
    for kitchen in kitchens:
        kitchen.start()
    plates[name] = [queue.get() for _ in kitchens]  # before join: a full queue would block the sender
    for kitchen in kitchens:
        kitchen.join()
    took[name] = clock.elapsed()

    name = f"Pool({args.workers})"
    print(f"-- {name}")
    with context.Pool(args.workers) as pool:
        clock = Clock(args.scale, phase=name)
        plates[name] = pool.starmap(cook, jobs(clock))
        took[name] = clock.elapsed()

    name = f"ProcessPoolExecutor({args.workers})"
    print(f"-- {name}")
    with ProcessPoolExecutor(args.workers, mp_context=context) as pool:
        clock = Clock(args.scale, phase=name)
        futures = [pool.submit(cook, *job) for job in jobs(clock)]
        plates[name] = [future.result() for future in futures]
        took[name] = clock.elapsed()

    print(f"\n{'':34}{'time':>7}  kitchens used")
    for name, served in plates.items():
        pids = sorted({pid for _, pid in served})
        where = "this process" if pids == [os.getpid()] else f"{len(pids)} processes"
        print(f"{name:34}{took[name]:6.2f}s  {where}")
    report(
        parent_pid=os.getpid(), orders=args.orders, workers=args.workers,
        start_method=context.get_start_method(), seconds=took,
        served={name: sorted(order for order, _ in served) for name, served in plates.items()},
        kitchens={name: sorted({pid for _, pid in served}) for name, served in plates.items()},
    )


if __name__ == "__main__":
    main()
