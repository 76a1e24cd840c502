"""Two chefs in one kitchen against two kitchens: own pantry, own GIL.

Threads share one interpreter: one pantry (module globals) and one GIL. Each
process has its own: CPU seconds per wall second tell them apart.
"""

import queue
import threading

# kitchen: hide-start
import functools
import multiprocessing
import os
import sys
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (Clock, add_start_method, kitchen_parser, positive_float, report,
                      timed, units_for)
from _kitchen import chop as plain_chop

WEIGHED = threading.local()  # this thread's order, and what its chopping took


@timed("order {order}", "chopping in process {pid}", "work")
def chopping(order: int, units: int) -> None:
    plain_chop(units)


def chop(units: int) -> None:
    """The order's chopping, drawn in its lane and weighed: this thread's CPU and wall time."""
    cpu, began = time.thread_time(), time.perf_counter()  # thread_time: this thread's CPU only
    chopping(WEIGHED.order, units)
    WEIGHED.cpu_s, WEIGHED.start = time.thread_time() - cpu, began
    WEIGHED.end = time.perf_counter()


def weighed(cook):
    """Hand the plate back with its kitchen's pid and the chopping's measurements."""
    @functools.wraps(cook)
    def weighed_cook(order: int, *args):
        WEIGHED.order = order
        pantry = cook(order, *args)
        return {"order": order, "pid": os.getpid(), "pantry": pantry, "cpu_s": WEIGHED.cpu_s,
                "start": WEIGHED.start, "end": WEIGHED.end}
    return weighed_cook
# kitchen: hide-end

PANTRY = ["salt"]  # a module global: one per interpreter


@weighed  # kitchen: hide
def cook(order: int, units: int, barrier) -> list[str]:
    PANTRY.append(f"herbs for order {order}")  # kitchen: highlight
    barrier.wait()  # both orders start chopping together, after any start-up
    chop(units)
    return list(PANTRY)  # the pantry as this cook saw it


def cook_and_send(plates, order: int, units: int, barrier) -> None:
    plates.put(cook(order, units, barrier))


def serve(units: int, plates, barrier, cooks) -> list:
    chefs = [cooks(target=cook_and_send, args=(plates, n, units, barrier))
             for n in (1, 2)]
    for chef in chefs:
        chef.start()
    served = [plates.get() for _ in chefs]
    for chef in chefs:
        chef.join()
    return served


def in_threads(units: int) -> list:
    return serve(units, queue.Queue(), threading.Barrier(2), threading.Thread)


def in_processes(units: int, context) -> list:
    return serve(units, context.Queue(), context.Barrier(2), context.Process)


# kitchen: hide-start
def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--chop", type=positive_float, default=12,
                        help="chopping minutes of CPU per order (default: 12)")
    add_start_method(parser)
    args = parser.parse_args()

    context = multiprocessing.get_context(args.start_method)
    units = units_for(args.chop * args.scale)
    print(f"head chef: process {os.getpid()}, start method {context.get_start_method()}")
    summary = {}
    for name in ("2 threads, 1 process", "2 processes"):
        print(f"-- {name}")
        PANTRY[:] = ["salt"]
        Clock(args.scale, phase=name)
        plates = in_threads(units) if name.startswith("2 threads") else in_processes(units, context)
        # From the first chop's start to the last one's end: process start-up is not chopping.
        wall = max(p["end"] for p in plates) - min(p["start"] for p in plates)
        cpu = sum(plate["cpu_s"] for plate in plates)
        pids = sorted({plate["pid"] for plate in plates})
        for plate in sorted(plates, key=lambda p: p["order"]):
            print(f"   order {plate['order']} in process {plate['pid']}: "
                  f"{plate['cpu_s']:.2f} s of CPU, saw pantry {plate['pantry']}")
        print(f"   head chef's pantry afterwards: {PANTRY}")
        print(f"   chopping used {cpu:.2f} s of CPU in {wall:.2f} s: "
              f"{cpu / wall:.2f} CPU seconds per second")
        summary[name] = {"wall_s": wall, "cpu_s": cpu, "pids": pids,
                         "parent_pantry": list(PANTRY),
                         "pantries": [p["pantry"] for p in sorted(plates, key=lambda p: p["order"])]}
    report(parent_pid=os.getpid(), runs=summary, start_method=context.get_start_method())


if __name__ == "__main__":
    main()
# kitchen: hide-end
