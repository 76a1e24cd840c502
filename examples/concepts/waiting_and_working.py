"""Boiling is waiting, chopping is working: CPU time against wall time tells them apart.

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
from _kitchen import Clock, chop, kitchen_parser, positive_float, report, units_for
# kitchen: hide-end


def measured(clock: Clock, label: str, kind: str, job) -> tuple[float, float]:
    """Run one step and return (wall seconds, CPU seconds) spent in it."""
    wall, cpu = time.perf_counter(), time.process_time()
    with clock.step("cook", label, kind=kind):
        job()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.05)
    add = parser.add_argument
    add("--boil", type=positive_float, default=10, help="boiling minutes (default: 10)")
    add("--chop", type=positive_float, default=10, help="chopping minutes (default: 10)")
    args = parser.parse_args()

    units = units_for(args.chop * args.scale)  # measured before the clock starts
    clock = Clock(args.scale)
    boil = measured(clock, "boiling water", "wait", lambda: time.sleep(args.boil * args.scale))
    chopped = measured(clock, "chopping onions", "work", lambda: chop(units))

    print(f"\n{'step':16}{'wall':>8}{'CPU':>8}{'CPU / wall':>12}  so it is")
    for step, (wall, cpu) in [("boiling water", boil), ("chopping onions", chopped)]:
        kind = "waiting: I/O-bound" if cpu < 0.1 * wall else "working: CPU-bound"
        print(f"{step:16}{wall:7.2f}s{cpu:7.2f}s{cpu / wall:11.0%}   {kind}")
    report(boil_wall_s=boil[0], boil_cpu_s=boil[1], chop_wall_s=chopped[0],
           chop_cpu_s=chopped[1], boil_s=args.boil * args.scale)


if __name__ == "__main__":
    main()
