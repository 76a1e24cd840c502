"""Three pots of pasta: one chef boils them in turn, then a thread per pot.

A thread that waits (here in time.sleep, in real life on a socket or a disk)
lets go of the GIL, so the other chefs carry on while its pot boils.
"""

import threading
import time
# kitchen: hide-start

import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, positive_float, positive_int, report, timed
# kitchen: hide-end


@timed("{thread}", "boiling pot {pot}", kind="wait")  # kitchen: hide
def boil(pot: int, seconds: float) -> None:
    time.sleep(seconds)  # waiting: the GIL is free for the others  # kitchen: highlight


def one_chef(pots: int, seconds: float) -> None:
    for pot in range(1, pots + 1):
        boil(pot, seconds)


def a_chef_per_pot(pots: int, seconds: float) -> None:
    chefs = [
        threading.Thread(target=boil, args=(pot, seconds), name=f"chef {pot}")
        for pot in range(1, pots + 1)
    ]
    for chef in chefs:
        chef.start()  # kitchen: highlight
    for chef in chefs:
        chef.join()  # the head chef waits until every pot is done
# kitchen: hide-start


def parse_args():
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    add = parser.add_argument
    add("--pots", type=positive_int, default=3, help="pots to boil (default: 3)")
    add("--minutes", type=positive_float, default=10, help="minutes per pot (default: 10)")
    return parser.parse_args()


def show(args, took: dict) -> None:
    sequential, threads = took.values()
    boil_s = args.minutes * args.scale
    print(f"\none chef, in turn: {sequential:.2f} s  (ideal {args.pots * boil_s:.2f} s)")
    print(f"a thread per pot:  {threads:.2f} s  (ideal {boil_s:.2f} s)")
    print(f"speed-up: x{sequential / threads:.2f} with {args.pots} threads")
    report(sequential_s=sequential, threads_s=threads, pots=args.pots, boil_s=boil_s)
# kitchen: hide-end


if __name__ == "__main__":
    args = parse_args()  # kitchen: hide
    threading.current_thread().name = "chef 1"  # the timeline's row for run one  # kitchen: hide
    took = {}  # kitchen: hide
    for name, plan in [("one chef, in turn", one_chef),
                       ("a thread per pot", a_chef_per_pot)]:
        print(f"-- {name}")  # kitchen: hide
        clock = Clock(args.scale, phase=name)  # kitchen: hide
        plan(args.pots, args.minutes * args.scale)
        took[name] = clock.elapsed()  # kitchen: hide
    show(args, took)  # kitchen: hide
