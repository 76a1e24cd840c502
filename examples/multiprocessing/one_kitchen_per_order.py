"""Four chopping orders: one kitchen, a kitchen each, a Pool, an executor."""

import os
from concurrent.futures import ProcessPoolExecutor

# kitchen: hide-start
import multiprocessing
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (Clock, add_start_method, chop, kitchen_parser, positive_float,
                      positive_int, report, timed, units_for)
# kitchen: hide-end


@timed("order {order}", "chopping in process {pid}", "work")  # kitchen: hide
def cook(order: int, units: int) -> tuple[int, int]:
    chop(units)
    return order, os.getpid()  # the plate, and the kitchen that cooked it


def send(plates, order: int, units: int) -> None:
    plates.put(cook(order, units))  # a bare Process has no return value


def in_turn(orders, units: int) -> list:
    return [cook(n, units) for n in orders]


def process_per_order(context, orders, units: int) -> list:
    plates = context.Queue()
    kitchens = [context.Process(target=send, args=(plates, n, units))
                for n in orders]
    for kitchen in kitchens:
        kitchen.start()
    served = [plates.get() for _ in kitchens]  # before join  # kitchen: highlight
    for kitchen in kitchens:
        kitchen.join()
    return served


def with_pool(context, orders, units: int, workers: int) -> list:
    with context.Pool(workers) as pool:  # kitchen: highlight
        return pool.starmap(cook, [(n, units) for n in orders])


def with_executor(context, orders, units: int, workers: int) -> list:
    with ProcessPoolExecutor(workers, mp_context=context) as pool:  # kitchen: highlight
        futures = [pool.submit(cook, n, units) for n in orders]
        return [future.result() for future in futures]


# kitchen: hide-start
def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--orders", type=positive_int, default=4,
                        help="orders to cook (default: 4)")
    parser.add_argument("--chop", type=positive_float, default=6,
                        help="chopping minutes of CPU per order (default: 6)")
    parser.add_argument("--workers", type=positive_int, default=2,
                        help="kitchens in each pool (default: 2)")
    add_start_method(parser)
    args = parser.parse_args()

    context = multiprocessing.get_context(args.start_method)
    units = units_for(args.chop * args.scale)  # measured once; every kitchen gets the same work
    orders = range(1, args.orders + 1)
    print(f"head chef: process {os.getpid()}, start method {context.get_start_method()}")
    plates: dict[str, list[tuple[int, int]]] = {}
    took: dict[str, float] = {}
    ways = [("one kitchen, in turn", lambda: in_turn(orders, units)),
            ("a Process per order", lambda: process_per_order(context, orders, units)),
            (f"Pool({args.workers})", lambda: with_pool(context, orders, units, args.workers)),
            (f"ProcessPoolExecutor({args.workers})",
             lambda: with_executor(context, orders, units, args.workers))]
    for name, way in ways:
        print(f"-- {name}")
        clock = Clock(args.scale, phase=name)  # pools start on it: their start-up counts
        plates[name] = way()
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
# kitchen: hide-end
