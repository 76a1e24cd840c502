"""Boil, chop and sauce each order: one cook in turn, then a thread a step."""

import threading
import time
# kitchen: hide-start

import functools
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, chop, kitchen_parser, positive_float, positive_int, report
from _kitchen import timed, units_for


def by_step(cook):
    """Each step on the timeline: boiling is a wait, chopping and sauce are work."""
    as_wait = timed("{thread}", "boiling pasta {order}", kind="wait")
    as_work = timed("{thread}", "{what} for {order}", kind="work")
    waiting, working = as_wait(cook), as_work(cook)

    @functools.wraps(cook)
    def step(what: str, order: int, work: dict) -> None:
        drawn = waiting if what == "boil" else working
        return drawn(what, order, work)
    return step
# kitchen: hide-end


@by_step  # kitchen: hide
def cook(what: str, order: int, work: dict) -> None:
    if what == "boil":
        return time.sleep(work[what])  # waiting: lets go of the GIL  # kitchen: highlight
    chop(work[what])  # chopping or stirring, pure Python: needs the GIL  # kitchen: highlight


STEPS = ("boil", "chop", "sauce")


def one_cook(orders: int, work: dict) -> None:
    for order in range(1, orders + 1):
        for what in STEPS:
            cook(what, order, work)


def on_the_whistle(whistle: threading.Barrier, *args) -> None:
    whistle.wait()  # every thread starts its step at the same moment
    cook(*args)


def a_thread_per_step(orders: int, work: dict) -> None:
    whistle = threading.Barrier(len(STEPS) * orders)
    threads = [threading.Thread(target=on_the_whistle, name=f"{what} {order}",
                                args=(whistle, what, order, work))
               for order in range(1, orders + 1) for what in STEPS]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
# kitchen: hide-start


def parse_args():
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.025)
    add = parser.add_argument
    add("--orders", type=positive_int, default=3, help="orders to cook (default: 3)")
    add("--boil", type=positive_float, default=10, help="boiling minutes (default: 10)")
    add("--chop", type=positive_float, default=4, help="chopping minutes of CPU (default: 4)")
    add("--sauce", type=positive_float, default=4, help="sauce minutes of CPU (default: 4)")
    return parser.parse_args()


RUNS: dict = {}  # name -> [clock, CPU time at the start]
PHASES = {"one_cook": "one cook, in turn", "a_thread_per_step": "a thread per step"}


def begin(name: str) -> None:
    print(f"-- {name}")
    RUNS[name] = [Clock(args.scale, phase=name), time.process_time()]


def end(name: str) -> None:
    clock, cpu = RUNS[name]
    RUNS[name] = (clock.elapsed(), time.process_time() - cpu)


def show() -> None:
    print(f"\n{'':20}{'wall':>8}{'CPU':>8}{'cores busy':>12}")
    for name, (wall, cpu) in RUNS.items():
        print(f"{name:20}{wall:7.2f}s{cpu:7.2f}s{cpu / wall:12.2f}")
    (sequential, seq_cpu), (threads, thr_cpu) = RUNS.values()
    print(f"speed-up: x{sequential / threads:.2f} with {len(STEPS) * args.orders} threads")
    report(sequential_s=sequential, sequential_cpu_s=seq_cpu, threads_s=threads,
           threads_cpu_s=thr_cpu, orders=args.orders, boil_s=args.boil * args.scale)
# kitchen: hide-end


if __name__ == "__main__":
    args = parse_args()  # kitchen: hide
    threading.current_thread().name = "cook"  # the timeline's row for run one  # kitchen: hide
    work = {"boil": args.boil * args.scale,  # kitchen: hide
            "chop": units_for(args.chop * args.scale),  # kitchen: hide
            "sauce": units_for(args.sauce * args.scale)}  # kitchen: hide
    for plan in (one_cook, a_thread_per_step):
        name = PHASES[plan.__name__]  # kitchen: hide
        begin(name)  # kitchen: hide
        plan(args.orders, work)
        end(name)  # kitchen: hide
    show()  # kitchen: hide
