"""Boiling is waiting, chopping is working: CPU time and wall time tell which.

The cook boils water (the kettle does the job, the cook only waits) and then
chops onions (the cook's own hands do the job). The wall clock runs on during
both. The CPU clock, which counts only the time this process really computed,
stands almost still while the water boils.
"""

import time
# kitchen: hide-start

import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, chop, kitchen_parser, positive_float, report, timed, units_for
# kitchen: hide-end


def measured(job) -> tuple[float, float]:
    """Run one step and return (wall seconds, CPU seconds) spent in it."""
    wall, cpu = time.perf_counter(), time.process_time()  # kitchen: highlight
    job()
    return time.perf_counter() - wall, time.process_time() - cpu


@timed("cook", "boiling water", kind="wait")  # kitchen: hide
def boil_water(seconds: float) -> None:
    time.sleep(seconds)  # the kettle works, the cook waits


@timed("cook", "chopping onions", kind="work")  # kitchen: hide
def chop_onions(units: int) -> None:
    chop(units)  # pure-Python work (from _kitchen): the cook's own hands
# kitchen: hide-start


def parse_args():
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.05)
    add = parser.add_argument
    add("--boil", type=positive_float, default=10, help="boiling minutes (default: 10)")
    add("--chop", type=positive_float, default=10, help="chopping minutes (default: 10)")
    return parser.parse_args()


def show(boiled: tuple[float, float], chopped: tuple[float, float]) -> None:
    print(f"\n{'step':16}{'wall':>8}{'CPU':>8}{'CPU / wall':>12}  so it is")
    for step, (wall, cpu) in [("boiling water", boiled), ("chopping onions", chopped)]:
        kind = "waiting: I/O-bound" if cpu < 0.1 * wall else "working: CPU-bound"
        print(f"{step:16}{wall:7.2f}s{cpu:7.2f}s{cpu / wall:11.0%}   {kind}")
    report(boil_wall_s=boiled[0], boil_cpu_s=boiled[1], chop_wall_s=chopped[0],
           chop_cpu_s=chopped[1], boil_s=args.boil * args.scale)
# kitchen: hide-end


if __name__ == "__main__":
    args = parse_args()  # kitchen: hide
    units = units_for(args.chop * args.scale)  # kitchen: hide
    Clock(args.scale)  # kitchen: hide
    boiled = measured(lambda: boil_water(args.boil * args.scale))
    chopped = measured(lambda: chop_onions(units))
    show(boiled, chopped)  # kitchen: hide
