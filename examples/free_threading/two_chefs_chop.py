"""Two chefs chop the baskets one chef chopped alone: on which Python does the second chef help?

Each basket is a fixed number of pure-Python chopping steps, not a number of
seconds, so every interpreter does exactly the same work and their times can be
compared with each other. On the standard build the threads take turns holding
the GIL, one knife for the whole kitchen. On a free-threaded build each thread
chops on its own core at the same time.

The comparison runs a few rounds and keeps the fastest time of each kind: other
programs on the machine can only ever slow a round down. The log and the
timeline show the last round.
"""

import os
import platform
import sys
import sysconfig
import threading
import time
from contextlib import nullcontext

# kitchen: hide-start
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, chop, kitchen_parser, positive_int, report
# kitchen: hide-end


def gil_enabled() -> bool:
    """sys._is_gil_enabled() arrived in 3.13; before that the GIL is always on."""
    is_enabled = getattr(sys, "_is_gil_enabled", None)
    return True if is_enabled is None else is_enabled()


def chef(clock: Clock | None, name: str, baskets: list[int], steps: int) -> None:
    for basket in baskets:
        step = clock.step(name, f"chopping basket {basket}", kind="work") if clock else nullcontext()
        with step:
            chop(steps)


def service(args, chefs: int, logged: bool) -> tuple[float, float]:
    """Deal the baskets out to `chefs` threads; return wall and process CPU seconds."""
    baskets = list(range(1, args.baskets + 1))
    shares = [baskets[i::chefs] for i in range(chefs)]
    phase = "1 chef" if chefs == 1 else f"{chefs} chefs"
    if logged:
        print(f"-- {phase}")
    clock = Clock(args.scale, phase=phase) if logged else None
    threads = [
        threading.Thread(target=chef, args=(clock, f"chef {i + 1}", share, args.steps))
        for i, share in enumerate(shares)
    ]
    began, cpu_before = time.perf_counter(), time.process_time()  # CPU of every thread here
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - began, time.process_time() - cpu_before


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.01)
    parser.add_argument("--chefs", type=positive_int, default=2, help="threads in the second round (default: 2)")
    parser.add_argument("--baskets", type=positive_int, default=2, help="baskets to chop (default: 2)")
    parser.add_argument(
        "--steps", type=positive_int, default=2_500_000,
        help="chopping steps per basket, the same on every Python (default: %(default)s)",
    )
    parser.add_argument("--rounds", type=positive_int, default=3, help="rounds to keep the best of (default: 3)")
    args = parser.parse_args()

    load = os.getloadavg()[0]  # other programs compete for the cores too
    freethreaded = sysconfig.get_config_var("Py_GIL_DISABLED") == 1
    build = "free-threaded build" if freethreaded else "standard build"
    print(f"{platform.python_implementation()} {platform.python_version()}, {build}; "
          f"GIL enabled in this run: {gil_enabled()}")
    print(f"{args.baskets} baskets of {args.steps:,} chopping steps each; "
          f"machine load (1-minute average) at the start: {load:.1f}")

    ones, manys = [], []  # (wall, cpu) per round
    for n in range(1, args.rounds + 1):
        last = n == args.rounds
        if last:
            print()
        ones.append(service(args, 1, logged=last))
        manys.append(service(args, args.chefs, logged=last))
    print()
    for n, (one, many) in enumerate(zip(ones, manys), 1):
        print(f"round {n}: 1 chef {one[0]:.2f} s, {args.chefs} chefs {many[0]:.2f} s")

    one_wall, one_cpu = min(ones)  # the least disturbed round of each kind
    many_wall, many_cpu = min(manys)
    print(f"\nfastest   {'wall':>7}{'CPU':>9}  CPU cores busy")
    for name, wall, cpu in (("1 chef", one_wall, one_cpu), (f"{args.chefs} chefs", many_wall, many_cpu)):
        print(f"{name:<10}{wall:>5.2f} s{cpu:>7.2f} s  {cpu / wall:.1f}")
    # Against one chef's CPU time as well: a 1-chef round slowed by other programs must not pass
    # for a speed-up. On a quiet machine the two agree.
    speedup_cpu = min(cpu for _, cpu in ones) / many_wall
    print(f"speed-up with {args.chefs} chefs: ×{one_wall / many_wall:.2f} by wall time, "
          f"×{speedup_cpu:.2f} against one chef's CPU time (above 1: faster than one chef)")
    report(
        python=platform.python_version(), freethreaded_build=freethreaded, gil_enabled=gil_enabled(),
        chefs=args.chefs, baskets=args.baskets, steps=args.steps, rounds=args.rounds, load=load,
        one_chef_s=one_wall, one_chef_cpu_s=one_cpu, many_chefs_s=many_wall, many_chefs_cpu_s=many_cpu,
        speedup=one_wall / many_wall, speedup_cpu=speedup_cpu,
    )


if __name__ == "__main__":
    main()
