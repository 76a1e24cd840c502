"""The same kitchen written to work under fork, spawn and forkserver alike.

Three habits make it portable. Everything that starts processes sits under the
main guard, so a child that imports this file starts nothing. The workers'
function lives at the top level of the module, and `functools.partial` binds
its arguments where a lambda or a nested function would not pickle. Each
worker gets its settings explicitly, through the pool's initializer, instead of
inheriting whatever the parent happened to hold.
"""

import functools
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, add_start_method, kitchen_parser, positive_float, positive_int, report
# kitchen: hide-end

PINCHES = 0  # set in each worker by open_kitchen(), never inherited


def open_kitchen(pinches: int) -> None:
    """The pool's initializer: runs once in every worker, whatever the start method."""
    global PINCHES
    PINCHES = pinches


def season(pot: int, *, minutes: float, scale: float, start: float) -> int:
    clock = Clock(scale, start=start)
    with clock.step(f"worker {os.getpid()}", f"pot {pot}, {PINCHES} pinches", kind="wait"):
        time.sleep(minutes * scale)
    return PINCHES


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--pots", type=positive_int, default=4, help="pots to season (default: 4)")
    parser.add_argument("--pinches", type=positive_int, default=3, help="salt per pot (default: 3)")
    parser.add_argument("--minutes", type=positive_float, default=2, help="minutes per pot (default: 2)")
    parser.add_argument("--workers", type=positive_int, default=2, help="worker processes (default: 2)")
    add_start_method(parser)
    args = parser.parse_args()

    context = multiprocessing.get_context(args.start_method)  # one explicit choice, passed on
    method = context.get_start_method()
    clock = Clock(args.scale)
    clock.log("parent", f"opening {args.workers} workers (start method: {method})")
    work = functools.partial(season, minutes=args.minutes, scale=args.scale, start=clock.start)
    with ProcessPoolExecutor(args.workers, mp_context=context,
                             initializer=open_kitchen, initargs=(args.pinches,)) as pool:
        seen = list(pool.map(work, range(1, args.pots + 1)))
    salted = seen.count(args.pinches)
    clock.log("parent", f"{salted} of {args.pots} pots got {args.pinches} pinches")
    report(start_method=method, pinches=args.pinches, seen=seen, salted=salted)


if __name__ == "__main__":
    main()
