"""Three onions: one chef chops them in turn, then three chefs (threads) chop one each.

Chopping is pure-Python work, and on the standard CPython build a thread must
hold the GIL to run Python code. The three chefs therefore take turns with one
knife: every chef's onion is in progress for the whole run, but the knife only
ever cuts one at a time. Each chef also notes how much CPU time he really got.
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


def chop_onion(clock: Clock, onion: int, units: int, knife_time: dict) -> None:
    chef = threading.current_thread().name
    with clock.step(chef, f"chopping onion {onion}", kind="work"):
        cpu = time.thread_time()  # CPU time of this thread only
        chop(units)
        knife_time[onion] = time.thread_time() - cpu


def one_chef(clock: Clock, onions: int, units: int, knife_time: dict) -> None:
    for onion in range(1, onions + 1):
        chop_onion(clock, onion, units, knife_time)


def on_the_whistle(whistle: threading.Barrier, *args) -> None:
    whistle.wait()  # all chefs pick up their knives at the same moment
    chop_onion(*args)


def a_chef_per_onion(clock: Clock, onions: int, units: int, knife_time: dict) -> None:
    whistle = threading.Barrier(onions)
    chefs = [
        threading.Thread(target=on_the_whistle, name=f"chef {onion}",
                         args=(whistle, clock, onion, units, knife_time))
        for onion in range(1, onions + 1)
    ]
    for chef in chefs:
        chef.start()
    for chef in chefs:
        chef.join()


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    add = parser.add_argument
    add("--onions", type=positive_int, default=3, help="onions to chop (default: 3)")
    add("--minutes", type=positive_float, default=8, help="CPU minutes per onion (default: 8)")
    args = parser.parse_args()

    units = units_for(args.minutes * args.scale)  # the same fixed work for every onion
    threading.current_thread().name = "chef 1"
    took, cpu_used = {}, {}
    plans = [("one chef, in turn", one_chef), ("a thread per onion", a_chef_per_onion)]
    for name, plan in plans:
        print(f"-- {name}")
        clock = Clock(args.scale, phase=name)
        knife_time: dict[int, float] = {}
        cpu = time.process_time()
        plan(clock, args.onions, units, knife_time)
        took[name], cpu_used[name] = clock.elapsed(), time.process_time() - cpu
        for onion, seconds in sorted(knife_time.items()):
            print(f"   onion {onion}: {seconds:.2f} s of CPU")

    print(f"\n{'':20}{'wall':>8}{'CPU':>8}{'cores busy':>12}")
    for name, _ in plans:
        wall, cpu = took[name], cpu_used[name]
        print(f"{name:20}{wall:7.2f}s{cpu:7.2f}s{cpu / wall:12.2f}")
    (sequential, threads), (seq_cpu, thr_cpu) = took.values(), cpu_used.values()
    print(f"speed-up: x{sequential / threads:.2f} with {args.onions} threads")
    report(sequential_s=sequential, threads_s=threads, sequential_cpu_s=seq_cpu,
           threads_cpu_s=thr_cpu, onions=args.onions)


if __name__ == "__main__":
    main()
