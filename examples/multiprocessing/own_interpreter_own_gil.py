"""Two chefs in one kitchen against two kitchens: each process has its own pantry and its own GIL.

Both runs chop the same two orders. Threads share one interpreter: one pantry
(module globals) and one GIL, so their Python code runs one piece at a time.
Processes each have an interpreter of their own: a pantry nobody else sees, and
a GIL nobody else waits for. CPU seconds per wall-clock second tell the two
apart: one GIL can never give more than one.
"""

import multiprocessing
import os
import threading
import time

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (
    Clock, add_start_method, chop, kitchen_parser, positive_float, report, units_for,
)
# kitchen: hide-end

PANTRY = ["salt"]  # a module global: one per interpreter


def cook(order: int, units: int, scale: float, start: float, phase: str, barrier) -> dict:
    clock = Clock(scale, start=start, phase=phase)
    PANTRY.append(f"herbs for order {order}")
    barrier.wait()  # both orders start chopping together, however long start-up took
    cpu_before, began = time.thread_time(), clock.elapsed()  # thread_time: this thread's CPU only
    with clock.step(f"order {order}", f"chopping in process {os.getpid()}", kind="work"):
        chop(units)
    return {"order": order, "pid": os.getpid(), "cpu_s": time.thread_time() - cpu_before,
            "start": began, "end": clock.elapsed(), "pantry": list(PANTRY)}


def cook_and_send(plates, *job) -> None:
    plates.put(cook(*job))


def in_threads(clock: Clock, units: int) -> list[dict]:
    plates: list[dict] = []
    barrier = threading.Barrier(2)
    job = (units, clock.scale, clock.start, clock.phase, barrier)
    chefs = [threading.Thread(target=lambda n=n: plates.append(cook(n, *job))) for n in (1, 2)]
    for chef in chefs:
        chef.start()
    for chef in chefs:
        chef.join()
    return plates


def in_processes(clock: Clock, units: int, context) -> list[dict]:
    queue, barrier = context.Queue(), context.Barrier(2)
    job = (units, clock.scale, clock.start, clock.phase, barrier)
    kitchens = [context.Process(target=cook_and_send, args=(queue, n, *job)) for n in (1, 2)]
    for kitchen in kitchens:
        kitchen.start()
    plates = [queue.get() for _ in kitchens]
    for kitchen in kitchens:
        kitchen.join()
    return plates


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
        clock = Clock(args.scale, phase=name)
        plates = in_threads(clock, units) if name.startswith("2 threads") else in_processes(clock, units, context)
        # From the first chop's start to the last one's end: process start-up is not chopping.
        wall = max(p["end"] for p in plates) - min(p["start"] for p in plates)
        cpu = sum(plate["cpu_s"] for plate in plates)
        pids = sorted({plate["pid"] for plate in plates})
        for plate in sorted(plates, key=lambda p: p["order"]):
            print(f"   order {plate['order']} in process {plate['pid']}: {plate['cpu_s']:.2f} s of CPU, "
                  f"saw pantry {plate['pantry']}")
        print(f"   head chef's pantry afterwards: {PANTRY}")
        print(f"   chopping used {cpu:.2f} s of CPU in {wall:.2f} s: {cpu / wall:.2f} CPU seconds per second")
        summary[name] = {"wall_s": wall, "cpu_s": cpu, "pids": pids, "parent_pantry": list(PANTRY),
                         "pantries": [p["pantry"] for p in sorted(plates, key=lambda p: p["order"])]}
    report(parent_pid=os.getpid(), runs=summary, start_method=context.get_start_method())


if __name__ == "__main__":
    main()
