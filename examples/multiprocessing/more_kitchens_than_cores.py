"""1, 2, 4 and 8 kitchens chopping at once: the cores set the pace.

Every kitchen chops the same fixed amount. They wait at a barrier first, so
start-up is not timed, only the chopping. Each count runs a few times and the
fastest run counts: the one least disturbed by other programs. The operating
system lets every kitchen run on any core and moves them between cores as it
likes; with more kitchens than cores they take turns, and the total rate
stops growing.
"""

import multiprocessing

# kitchen: hide-start
import os
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (Clock, add_start_method, allowed_cores, current_clock, kitchen_parser,
                      linux_only, positive_float, positive_int, proc_stat_field, report,
                      units_for)
from _kitchen import chop as plain_chop

WEIGHED: dict = {}  # this kitchen's number and its chopping's start and end


def last_cpu() -> int | None:
    """The core this process last ran on (field 39 of /proc/self/stat, Linux)."""
    return proc_stat_field("/proc/self/stat", 36)


def chop(units: int) -> None:
    """The chopping, drawn in the kitchen's lane and timed on the parent's clock."""
    clock = WEIGHED["clock"] or current_clock()
    WEIGHED["start"] = clock.elapsed()
    with clock.step(f"kitchen {WEIGHED['n']}", f"chopping in process {os.getpid()}",
                    kind="work"):
        plain_chop(units)
    WEIGHED["end"] = clock.elapsed()


class Plate:
    """Puts the kitchen's measurements on the real queue in place of its number."""

    def __init__(self, plates):
        self.plates = plates

    def put(self, n: int) -> None:
        self.plates.put({"kitchen": n, "pid": os.getpid(), "start": WEIGHED["start"],
                         "end": WEIGHED["end"], "allowed": allowed_cores(),
                         "last_cpu": last_cpu()})


class Weighed:
    """The kitchen, sent to its process with the clock of the moment: a forkserver started
    for an earlier run would otherwise hand its children that run's clock."""

    def __init__(self, kitchen, clock=None):
        self.kitchen, self.clock = kitchen, clock
        self.__qualname__, self.__module__ = kitchen.__qualname__, kitchen.__module__

    def __call__(self, n: int, units: int, barrier, plates) -> None:
        WEIGHED["n"], WEIGHED["clock"] = n, self.clock
        self.kitchen(n, units, barrier, Plate(plates))

    def __reduce__(self):
        return weighed_by_name, (self.__qualname__, self.clock or current_clock())


def weighed_by_name(name: str, clock) -> Weighed:
    return Weighed(getattr(sys.modules["__main__"], name).kitchen, clock)


def weighed(kitchen) -> Weighed:
    return Weighed(kitchen)
# kitchen: hide-end


@weighed  # kitchen: hide
def kitchen(n: int, units: int, barrier, plates) -> None:
    barrier.wait()  # everyone starts chopping together  # kitchen: highlight
    chop(units)
    plates.put(n)  # this kitchen is done


def run(count: int, units: int, context) -> list:
    barrier, plates = context.Barrier(count), context.Queue()
    kitchens = [  # kitchen: highlight
        context.Process(target=kitchen, args=(n, units, barrier, plates))
        for n in range(1, count + 1)]
    for k in kitchens:
        k.start()
    done = [plates.get() for _ in kitchens]
    for k in kitchens:
        k.join()
    return done


# kitchen: hide-start
def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--chop", type=positive_float, default=4,
                        help="chopping minutes of CPU per kitchen (default: 4)")
    parser.add_argument("--most", type=positive_int, default=8,
                        help="the largest number of kitchens; counts double from 1 (default: 8)")
    parser.add_argument("--repeats", type=positive_int, default=3,
                        help="runs per count; the fastest is kept (default: 3)")
    add_start_method(parser)
    args = parser.parse_args()
    linux_only("the kitchens' cores")

    context = multiprocessing.get_context(args.start_method)
    units = units_for(args.chop * args.scale)
    counts = [1]
    while counts[-1] * 2 <= args.most:  # 1, 2, 4, ... up to --most
        counts.append(counts[-1] * 2)
    cores = os.cpu_count()
    allowed = allowed_cores()
    print(f"{cores} cores; this process may run on CPUs {allowed or '?'}; "
          f"start method {context.get_start_method()}")
    rows = []
    for count in counts:
        runs = []
        for repeat in range(1, args.repeats + 1):
            phase = f"{count} kitchen{'s' if count > 1 else ''}, run {repeat}"
            print(f"-- {phase}")
            Clock(args.scale, phase=phase)  # the kitchens started next take it along
            done = sorted(run(count, units, context), key=lambda d: d["kitchen"])
            runs.append((max(d["end"] for d in done) - min(d["start"] for d in done), done))
        span, done = min(runs, key=lambda r: r[0])
        rows.append({"kitchens": count, "seconds": span, "rate": count / span,
                     "allowed": sorted({cpu for d in done for cpu in d["allowed"] or []}),
                     "every_kitchen_may_use": [d["allowed"] for d in done],
                     "last_cpus": [d["last_cpu"] for d in done]})

    base = rows[0]["rate"]
    print(f"\n{'kitchens':>8}{'chopping':>10}{'orders/s':>10}{'vs 1':>7}   last ran on CPU")
    for row in rows:
        print(f"{row['kitchens']:8}{row['seconds']:9.2f}s{row['rate']:10.1f}"
              f"{row['rate'] / base:6.2f}x   "
              f"{' '.join(str(cpu) if cpu is not None else '?' for cpu in row['last_cpus'])}")
    every = all(cpus == allowed for row in rows for cpus in row["every_kitchen_may_use"])
    if allowed is not None:
        print(f"every kitchen was allowed on all of CPUs {allowed}: {'yes' if every else 'no'}")
    report(cores=cores, allowed=allowed, rows=rows, order_s=args.chop * args.scale,
           start_method=context.get_start_method())


if __name__ == "__main__":
    main()
# kitchen: hide-end
