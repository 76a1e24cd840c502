"""Separate kitchens under one roof: the same chopping in threads, in subinterpreters, in a pool.

Three rounds chop the same baskets. First, threads in one interpreter: one
kitchen, one GIL. Then one subinterpreter per basket from
concurrent.interpreters, each driven by its own thread: separate kitchens in
the same process, each with its own GIL, so they chop at the same time. Last,
concurrent.futures.InterpreterPoolExecutor, which does the same bookkeeping
for you.

Needs Python 3.14 or newer. On an older Python it prints a one-line message to
stderr and exits with code 3.
"""

import platform
import sys
import threading
from pathlib import Path

# kitchen: hide-start
sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, chop, kitchen_parser, positive_float, positive_int, report, units_for
# kitchen: hide-end

TOO_OLD = 3  # exit code: this Python has no concurrent.interpreters
# A new interpreter starts with a fresh sys.path; ours lets it import _kitchen (for chop).
SETUP = f"import sys; sys.path[:] = {sys.path!r}"


def in_threads(clock: Clock, baskets: int, steps: int) -> list[int]:
    """One kitchen: every thread runs in this interpreter and shares its GIL."""
    results = [0] * baskets

    def chef(i: int) -> None:
        with clock.step(f"chef {i + 1}", f"chopping basket {i + 1}", kind="work"):
            results[i] = chop(steps)

    threads = [threading.Thread(target=chef, args=(i,)) for i in range(baskets)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def in_kitchens(clock: Clock, baskets: int, steps: int) -> list[int]:
    """One subinterpreter per basket, each entered from its own thread."""
    from concurrent import interpreters

    kitchens = [interpreters.create() for _ in range(baskets)]
    results = [0] * baskets

    def chef(i: int) -> None:
        with clock.step(f"kitchen {i + 1}", f"chopping basket {i + 1}", kind="work"):
            # call() switches this thread into the other interpreter and back; the arguments
            # and the result (ints) cross between kitchens as copies, nothing is shared.
            results[i] = kitchens[i].call(chop, steps)

    try:
        for kitchen in kitchens:
            kitchen.exec(SETUP)
        threads = [threading.Thread(target=chef, args=(i,)) for i in range(baskets)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        for kitchen in kitchens:
            kitchen.close()
    return results


def in_pool(baskets: int, steps: int) -> list[int]:
    """InterpreterPoolExecutor: a ThreadPoolExecutor whose workers each own an interpreter."""
    from concurrent.futures import InterpreterPoolExecutor

    with InterpreterPoolExecutor(max_workers=baskets, initializer=exec, initargs=(SETUP, {})) as pool:
        return list(pool.map(chop, [steps] * baskets))


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.01)
    parser.add_argument("--baskets", type=positive_int, default=2, help="baskets, one per cook (default: 2)")
    parser.add_argument("--chop", type=positive_float, default=40,
                        help="chopping minutes of CPU per basket (default: 40)")
    args = parser.parse_args()
    if sys.version_info < (3, 14):
        print(f"needs Python 3.14+ (this is {platform.python_version()})", file=sys.stderr)
        sys.exit(TOO_OLD)

    steps = units_for(args.chop * args.scale)  # measured once, before any clock starts
    timings = {}
    for phase, run in (
        ("threads, one kitchen", lambda clock: in_threads(clock, args.baskets, steps)),
        ("subinterpreters, separate kitchens", lambda clock: in_kitchens(clock, args.baskets, steps)),
        ("InterpreterPoolExecutor", lambda clock: in_pool(args.baskets, steps)),
    ):
        print(f"-- {phase}")
        clock = Clock(args.scale, phase=phase)
        results = run(clock)
        timings[phase] = clock.elapsed()
        clock.log("kitchen", f"{len(results)} baskets chopped in {timings[phase]:.2f} s")

    threads_s, kitchens_s, pool_s = timings.values()
    print(f"\nseparate kitchens were ×{threads_s / kitchens_s:.2f} as fast as threads in one kitchen; "
          f"the pool ×{threads_s / pool_s:.2f}")
    report(python=platform.python_version(), baskets=args.baskets, chop_s=args.chop * args.scale,
           threads_s=threads_s, kitchens_s=kitchens_s, pool_s=pool_s)


if __name__ == "__main__":
    main()
