"""Three onions: one chef chops them in turn, then a thread (chef) per onion.

Chopping is pure Python: each thread needs the GIL (the one knife) to run it.
"""

import threading
# kitchen: hide-start

import functools
import sys
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, chop, kitchen_parser, positive_float, positive_int, report
from _kitchen import timed, units_for

KNIFE_TIME: dict[int, float] = {}  # onion -> CPU seconds its thread really got


def knife_time(chop_onion):
    @functools.wraps(chop_onion)
    def measured(onion: int, units: int) -> None:
        cpu = time.thread_time()  # CPU time of this thread only
        chop_onion(onion, units)
        KNIFE_TIME[onion] = time.thread_time() - cpu
    return measured
# kitchen: hide-end


@timed("{thread}", "chopping onion {onion}", kind="work")  # kitchen: hide
@knife_time  # kitchen: hide
def chop_onion(onion: int, units: int) -> None:
    chop(units)  # pure-Python CPU work (from _kitchen)  # kitchen: highlight


def one_chef(onions: int, units: int) -> None:
    for onion in range(1, onions + 1):
        chop_onion(onion, units)


def on_the_whistle(whistle: threading.Barrier, *args) -> None:
    whistle.wait()  # all chefs pick up their knives at the same moment
    chop_onion(*args)


def a_chef_per_onion(onions: int, units: int) -> None:
    whistle = threading.Barrier(onions)
    chefs = [
        threading.Thread(target=on_the_whistle, name=f"chef {onion}",
                         args=(whistle, onion, units))
        for onion in range(1, onions + 1)
    ]
    for chef in chefs:
        chef.start()  # kitchen: highlight
    for chef in chefs:
        chef.join()
# kitchen: hide-start


def parse_args():
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    add = parser.add_argument
    add("--onions", type=positive_int, default=3, help="onions to chop (default: 3)")
    add("--minutes", type=positive_float, default=8, help="CPU minutes per onion (default: 8)")
    return parser.parse_args()


RUNS: dict = {}  # name -> [clock, CPU time at the start]


def begin(name: str) -> None:
    print(f"-- {name}")
    KNIFE_TIME.clear()
    RUNS[name] = [Clock(args.scale, phase=name), time.process_time()]


def end(name: str) -> None:
    clock, cpu = RUNS[name]
    RUNS[name] = (clock.elapsed(), time.process_time() - cpu)
    for onion, seconds in sorted(KNIFE_TIME.items()):
        print(f"   onion {onion}: {seconds:.2f} s of CPU")


def show() -> None:
    print(f"\n{'':20}{'wall':>8}{'CPU':>8}{'cores busy':>12}")
    for name, (wall, cpu) in RUNS.items():
        print(f"{name:20}{wall:7.2f}s{cpu:7.2f}s{cpu / wall:12.2f}")
    (sequential, seq_cpu), (threads, thr_cpu) = RUNS.values()
    print(f"speed-up: x{sequential / threads:.2f} with {args.onions} threads")
    report(sequential_s=sequential, threads_s=threads, sequential_cpu_s=seq_cpu,
           threads_cpu_s=thr_cpu, onions=args.onions)
# kitchen: hide-end


if __name__ == "__main__":
    args = parse_args()  # kitchen: hide
    threading.current_thread().name = "chef 1"  # the timeline's row for run one  # kitchen: hide
    units = units_for(args.minutes * args.scale)  # the same work per onion
    for name, plan in [("one chef, in turn", one_chef),
                       ("a thread per onion", a_chef_per_onion)]:
        begin(name)  # kitchen: hide
        plan(args.onions, units)
        end(name)  # kitchen: hide
    show()  # kitchen: hide
