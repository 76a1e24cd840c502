"""Three pots of pasta: one chef boils them in turn, then three chefs (threads) one each.

A thread that waits (here in time.sleep, in real life on a socket or a disk)
lets go of the GIL, so the other chefs carry on while its pot boils.
"""

import threading
import time

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, positive_float, positive_int, report
# kitchen: hide-end


def boil(clock: Clock, pot: int, minutes: float) -> None:
    chef = threading.current_thread().name  # the timeline has one row per thread
    with clock.step(chef, f"boiling pot {pot}", kind="wait"):
        time.sleep(minutes * clock.scale)  # waiting: the GIL is free for the others


def one_chef(clock: Clock, pots: int, minutes: float) -> None:
    for pot in range(1, pots + 1):
        boil(clock, pot, minutes)


def a_chef_per_pot(clock: Clock, pots: int, minutes: float) -> None:
    chefs = [
        threading.Thread(target=boil, args=(clock, pot, minutes), name=f"chef {pot}")
        for pot in range(1, pots + 1)
    ]
    for chef in chefs:
        chef.start()
    for chef in chefs:
        chef.join()  # the head chef waits until every pot is done


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    add = parser.add_argument
    add("--pots", type=positive_int, default=3, help="pots to boil (default: 3)")
    add("--minutes", type=positive_float, default=10, help="minutes per pot (default: 10)")
    args = parser.parse_args()

    threading.current_thread().name = "chef 1"  # the main thread is the one chef of run one
    took = {}
    for name, plan in [("one chef, in turn", one_chef), ("a thread per pot", a_chef_per_pot)]:
        print(f"-- {name}")
        clock = Clock(args.scale, phase=name)
        plan(clock, args.pots, args.minutes)
        took[name] = clock.elapsed()

    sequential, threads = took.values()
    boil_s = args.minutes * args.scale
    print(f"\none chef, in turn: {sequential:.2f} s  (ideal {args.pots * boil_s:.2f} s)")
    print(f"a thread per pot:  {threads:.2f} s  (ideal {boil_s:.2f} s)")
    print(f"speed-up: x{sequential / threads:.2f} with {args.pots} threads")
    report(sequential_s=sequential, threads_s=threads, pots=args.pots, boil_s=boil_s)


if __name__ == "__main__":
    main()
