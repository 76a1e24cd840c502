"""Two chefs chop the baskets one chef chopped alone: does the second help?

Each basket is a fixed number of pure-Python chopping steps, not seconds, so
every interpreter does the same work. On the standard build the threads take
turns holding the GIL, one knife for the whole kitchen. On a free-threaded
build each thread chops on its own core at the same time.

Each round compares one chef with two a moment later, then one process with two
separate processes: the yardstick, which no lock can hold back. The median
round counts. The log and the timeline show the last round.
"""

import threading
# kitchen: hide-start

import multiprocessing
import os
import platform
import statistics
import sys
import sysconfig
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py, _bench.py
from _bench import parallel_wall
from _kitchen import Clock, chop, kitchen_parser, positive_int, report, timed
# kitchen: hide-end


@timed("{name}", "chopping basket {basket}", kind="work")  # kitchen: hide
def chop_basket(name: str, basket: int, steps: int) -> None:
    chop(steps)  # pure Python: it holds the knife, if there is one


def chef(name: str, baskets: list[int], steps: int) -> None:
    for basket in baskets:
        chop_basket(name, basket, steps)


def service(chefs: int, baskets: int, steps: int) -> None:
    """Deal the baskets out to `chefs` threads and wait for them all."""
    numbered = list(range(1, baskets + 1))
    threads = [
        threading.Thread(target=chef,
                         args=(f"chef {i + 1}", numbered[i::chefs], steps))
        for i in range(chefs)
    ]
    for t in threads:
        t.start()  # kitchen: highlight
    for t in threads:
        t.join()
# kitchen: hide-start


def gil_enabled() -> bool:
    """sys._is_gil_enabled() arrived in 3.13; before that the GIL is always on."""
    is_enabled = getattr(sys, "_is_gil_enabled", None)
    return True if is_enabled is None else is_enabled()


def measured(args, chefs: int, logged: bool) -> tuple[float, float]:
    """One round of service(); wall and process CPU seconds. A logged round draws the timeline."""
    if logged:
        phase = "1 chef" if chefs == 1 else f"{chefs} chefs"
        print(f"-- {phase}")
        Clock(args.scale, phase=phase)  # the clock the @timed baskets record on
    began, cpu_before = time.perf_counter(), time.process_time()  # CPU of every thread here
    service(chefs, args.baskets, args.steps)
    return time.perf_counter() - began, time.process_time() - cpu_before


def yardstick(args, context, kitchens: int, busiest: int) -> tuple[float, float]:
    """Wall seconds for one process, then for `kitchens` processes, to chop the same baskets.

    Processes share no interpreter, so only the machine (other programs, fewer cores) can
    keep the second figure from being as many times smaller as there are processes.
    """
    return (parallel_wall(context, args.steps * args.baskets, 1),
            parallel_wall(context, args.steps * busiest, kitchens))


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.01)
    parser.add_argument("--chefs", type=positive_int, default=2, help="threads in the second round (default: 2)")
    parser.add_argument("--baskets", type=positive_int, default=2, help="baskets to chop (default: 2)")
    parser.add_argument(
        "--steps", type=positive_int, default=2_500_000,
        help="chopping steps per basket, the same on every Python (default: %(default)s)",
    )
    parser.add_argument("--rounds", type=positive_int, default=3, help="rounds to take the median of (default: 3)")
    args = parser.parse_args()

    load = os.getloadavg()[0]  # other programs compete for the cores too
    freethreaded = sysconfig.get_config_var("Py_GIL_DISABLED") == 1
    build = "free-threaded build" if freethreaded else "standard build"
    print(f"{platform.python_implementation()} {platform.python_version()}, {build}; "
          f"GIL enabled in this run: {gil_enabled()}")
    print(f"{args.baskets} baskets of {args.steps:,} chopping steps each; "
          f"machine load (1-minute average) at the start: {load:.1f}")

    context = multiprocessing.get_context()
    kitchens = min(args.chefs, args.baskets)
    busiest = -(-args.baskets // kitchens)  # baskets of the busiest chef, who sets the wall time
    ones, manys, apart = [], [], []  # (wall, cpu) per round; (1 process, `kitchens`) walls per round
    for n in range(1, args.rounds + 1):
        last = n == args.rounds
        if last:
            print()
        ones.append(measured(args, 1, logged=last))
        manys.append(measured(args, args.chefs, logged=last))
        apart.append(yardstick(args, context, kitchens, busiest))
    print()
    threads_x, processes_x = [], []
    for n, (one, many, procs) in enumerate(zip(ones, manys, apart), 1):
        # One chef's CPU time, not wall time: a 1-chef phase slowed by other programs must not
        # pass for a speed-up. The phases compared are a moment apart.
        threads_x.append(one[1] / many[0])
        processes_x.append(procs[0] / procs[1])
        print(f"round {n}: 1 chef {one[1]:.2f} s of CPU, {args.chefs} chefs {many[0]:.2f} s: "
              f"×{threads_x[-1]:.2f}; 1 process {procs[0]:.2f} s, {kitchens} processes "
              f"{procs[1]:.2f} s: ×{processes_x[-1]:.2f}")

    one_wall, one_cpu = min(ones)  # the least disturbed round of each kind
    many_wall, many_cpu = min(manys)
    print(f"\nfastest   {'wall':>7}{'CPU':>9}  CPU cores busy")
    for name, wall, cpu in (("1 chef", one_wall, one_cpu), (f"{args.chefs} chefs", many_wall, many_cpu)):
        print(f"{name:<10}{wall:>5.2f} s{cpu:>7.2f} s  {cpu / wall:.1f}")
    # The median round counts: a burst of other work spoils one round, not the result.
    speedup_cpu, apart_speedup = statistics.median(threads_x), statistics.median(processes_x)
    print(f"speed-up with {args.chefs} chefs: ×{speedup_cpu:.2f}, the median of {args.rounds} rounds "
          "(above 1: faster than one chef)")
    # The yardstick: what separate processes, which share no interpreter, got from the machine.
    print(f"the yardstick, the same baskets in separate processes: median ×{apart_speedup:.2f} with "
          f"{kitchens} against 1 (×{args.baskets / busiest:.0f} if no other "
          "program slowed a core)")
    report(
        python=platform.python_version(), freethreaded_build=freethreaded, gil_enabled=gil_enabled(),
        chefs=args.chefs, baskets=args.baskets, steps=args.steps, rounds=args.rounds, load=load,
        one_chef_s=one_wall, one_chef_cpu_s=one_cpu, many_chefs_s=many_wall, many_chefs_cpu_s=many_cpu,
        speedup_cpu=speedup_cpu, processes=kitchens, processes_speedup=apart_speedup,
        round_speedups_cpu=threads_x, round_processes_speedups=processes_x,
    )




if __name__ == "__main__":
    main()
# kitchen: hide-end
