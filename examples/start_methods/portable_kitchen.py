"""The same kitchen written to work under fork, spawn and forkserver alike.

Three habits make it portable: everything that starts processes sits under the
main guard; the workers' function lives at the top level, its arguments bound
with functools.partial (a lambda or nested function would not pickle); each
worker gets its settings through the pool's initializer, not by inheritance.
"""

import functools
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, add_start_method, kitchen_parser, positive_float, positive_int, report
from _kitchen import timed
# kitchen: hide-end

PINCHES = 0  # set in each worker by open_kitchen(), never inherited


def open_kitchen(pinches: int) -> None:
    """The pool's initializer: runs once in every worker."""
    global PINCHES
    PINCHES = pinches


@timed("worker {pot}", "pot {pot}", kind="wait")  # kitchen: hide
def season(pot: int, *, seconds: float) -> int:
    time.sleep(seconds)
    return PINCHES


def main() -> None:
    # kitchen: hide-start
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--pots", type=positive_int, default=4, help="pots to season (default: 4)")
    parser.add_argument("--pinches", type=positive_int, default=3, help="salt per pot (default: 3)")
    parser.add_argument("--minutes", type=positive_float, default=2, help="minutes per pot (default: 2)")
    parser.add_argument("--workers", type=positive_int, default=2, help="worker processes (default: 2)")
    add_start_method(parser)
    args = parser.parse_args()
    clock = Clock(args.scale)
    # kitchen: hide-end
    context = multiprocessing.get_context(args.start_method)  # one choice
    work = functools.partial(season, seconds=args.minutes * args.scale)
    with ProcessPoolExecutor(args.workers, mp_context=context,
                             initializer=open_kitchen,
                             initargs=(args.pinches,)) as pool:
        seen = list(pool.map(work, range(1, args.pots + 1)))
    salted = seen.count(args.pinches)
    print(f"{salted} of {args.pots} pots got {args.pinches} pinches")
    method = context.get_start_method()  # kitchen: hide
    report(start_method=method, pinches=args.pinches, seen=seen, salted=salted)  # kitchen: hide


if __name__ == "__main__":
    main()
