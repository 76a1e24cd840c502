"""Separate kitchens under one roof: threads, subinterpreters, and a pool.

Threads in one interpreter share one GIL; a subinterpreter per basket, entered
from its own thread, has a GIL each. Needs 3.14+ (older: exit code 3).
"""

# kitchen: hide-start
# /// script
# requires-python = ">=3.14"
# ///
import platform
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (Clock, chop, kitchen_parser, positive_float, positive_int, report,
                      timed, units_for)

if sys.version_info < (3, 14):  # no concurrent.interpreters before 3.14
    print(f"needs Python 3.14+ (this is {platform.python_version()})", file=sys.stderr)
    sys.exit(3)
# kitchen: hide-end
import threading
from concurrent import interpreters
from concurrent.futures import InterpreterPoolExecutor


def side_by_side(job, *args_per_thread):
    threads = [threading.Thread(target=job, args=a) for a in args_per_thread]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


@timed("chef {0}", "chopping basket {0}", kind="work")  # kitchen: hide
def chef(n, steps):  # runs in this interpreter, under its one GIL
    chop(steps)


@timed("kitchen {0}", "chopping basket {0}", kind="work")  # kitchen: hide
def cook_in(n, kitchen, steps):
    kitchen.call(chop, steps)  # this thread enters the other interpreter


def in_kitchens(baskets, steps):
    kitchens = [interpreters.create() for _ in range(baskets)]
    try:
        side_by_side(cook_in, *[(n, k, steps)
                                for n, k in enumerate(kitchens, 1)])
    finally:
        for kitchen in kitchens:
            kitchen.close()


def in_pool(baskets, steps):
    with InterpreterPoolExecutor(max_workers=baskets) as pool:
        return list(pool.map(chop, [steps] * baskets))


# kitchen: hide-start
def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.01)
    parser.add_argument("--baskets", type=positive_int, default=2, help="baskets, one per cook (default: 2)")
    parser.add_argument("--chop", type=positive_float, default=40,
                        help="chopping minutes of CPU per basket (default: 40)")
    args = parser.parse_args()
    steps = units_for(args.chop * args.scale)  # measured once, before any clock starts
    timings = {}
    for phase, run in (
        ("threads, one kitchen",
         lambda: side_by_side(chef, *[(n, steps) for n in range(1, args.baskets + 1)])),
        ("subinterpreters, separate kitchens", lambda: in_kitchens(args.baskets, steps)),
        ("InterpreterPoolExecutor", lambda: in_pool(args.baskets, steps)),
    ):
        print(f"-- {phase}")
        clock = Clock(args.scale, phase=phase)
        run()
        timings[phase] = clock.elapsed()
        clock.log("kitchen", f"{args.baskets} baskets chopped in {timings[phase]:.2f} s")

    threads_s, kitchens_s, pool_s = timings.values()
    print(f"\nseparate kitchens were ×{threads_s / kitchens_s:.2f} as fast as threads in one kitchen; "
          f"the pool ×{threads_s / pool_s:.2f}")
    report(python=platform.python_version(), baskets=args.baskets, chop_s=args.chop * args.scale,
           threads_s=threads_s, kitchens_s=kitchens_s, pool_s=pool_s)


if __name__ == "__main__":
    main()
# kitchen: hide-end
