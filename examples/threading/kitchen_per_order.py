"""Boil, chop and sauce for each order: one cook in turn, then a thread for every step.

Every order needs its pasta boiled (waiting), its vegetables chopped and its
sauce stirred (both pure-Python work). With a thread per step, all the pots
boil at once, because a waiting thread lets go of the GIL. The chopping and
stirring threads take turns with the GIL, so together they take as long as
they would one after another.
"""

import threading
import time

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (
    Clock, chop, kitchen_parser, positive_float, positive_int, report, units_for,
)
# kitchen: hide-end


def boil(clock: Clock, order: int, args, units: dict) -> None:
    with clock.step(threading.current_thread().name, f"boiling pasta {order}", kind="wait"):
        time.sleep(args.boil * clock.scale)


def chop_vegetables(clock: Clock, order: int, args, units: dict) -> None:
    with clock.step(threading.current_thread().name, f"chopping for {order}", kind="work"):
        chop(units["chop"])


def stir_sauce(clock: Clock, order: int, args, units: dict) -> None:
    with clock.step(threading.current_thread().name, f"sauce for {order}", kind="work"):
        chop(units["sauce"])


STEPS = {"boil": boil, "chop": chop_vegetables, "sauce": stir_sauce}


def one_cook(clock: Clock, args, units: dict) -> None:
    for order in range(1, args.orders + 1):
        for step in STEPS.values():
            step(clock, order, args, units)


def on_the_whistle(whistle: threading.Barrier, step, *args) -> None:
    whistle.wait()  # every thread starts its step at the same moment
    step(*args)


def a_thread_per_step(clock: Clock, args, units: dict) -> None:
    whistle = threading.Barrier(len(STEPS) * args.orders)
    threads = [
        threading.Thread(target=on_the_whistle, name=f"{name} {order}",
                         args=(whistle, step, clock, order, args, units))
        for order in range(1, args.orders + 1)
        for name, step in STEPS.items()
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.025)
    add = parser.add_argument
    add("--orders", type=positive_int, default=3, help="orders to cook (default: 3)")
    add("--boil", type=positive_float, default=10, help="boiling minutes (default: 10)")
    add("--chop", type=positive_float, default=4, help="chopping minutes of CPU (default: 4)")
    add("--sauce", type=positive_float, default=4, help="sauce minutes of CPU (default: 4)")
    args = parser.parse_args()

    units = {"chop": units_for(args.chop * args.scale),
             "sauce": units_for(args.sauce * args.scale)}
    threading.current_thread().name = "cook"
    rows = {}
    plans = [("one cook, in turn", one_cook), ("a thread per step", a_thread_per_step)]
    for name, plan in plans:
        print(f"-- {name}")
        clock = Clock(args.scale, phase=name)
        cpu = time.process_time()
        plan(clock, args, units)
        rows[name] = (clock.elapsed(), time.process_time() - cpu)

    print(f"\n{'':20}{'wall':>8}{'CPU':>8}{'cores busy':>12}")
    for name, (wall, cpu) in rows.items():
        print(f"{name:20}{wall:7.2f}s{cpu:7.2f}s{cpu / wall:12.2f}")
    (sequential, seq_cpu), (threads, thr_cpu) = rows.values()
    print(f"speed-up: x{sequential / threads:.2f} with {len(STEPS) * args.orders} threads")
    report(sequential_s=sequential, sequential_cpu_s=seq_cpu, threads_s=threads,
           threads_cpu_s=thr_cpu, orders=args.orders, boil_s=args.boil * args.scale)


if __name__ == "__main__":
    main()
