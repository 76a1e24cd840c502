"""A global set in main: forked workers see it, spawned or forkserver ones not.

`PINCHES` starts at 0 at the top of the module, and `main` sets it from the
command line before opening the pool. A forked worker is a copy of the parent
at that moment, so it sees the new value. A spawn worker imports the module
afresh, and a forkserver worker is a copy of the server, which imported it
without running main: both see the 0 written at the top. Nothing fails: the
soup is just unsalted. The script reports what each worker saw and exits 0.
"""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, add_start_method, kitchen_parser, positive_int, report
# kitchen: hide-end

PINCHES = 0  # the recipe's default; main() changes it


def season(pot: int) -> int:
    print(f"worker {os.getpid()} seasons pot {pot} with PINCHES = {PINCHES}",
          flush=True)
    return PINCHES


def main() -> None:
    global PINCHES
    # kitchen: hide-start
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--pots", type=positive_int, default=4, help="pots to season (default: 4)")
    parser.add_argument("--pinches", type=positive_int, default=3, help="salt per pot (default: 3)")
    parser.add_argument("--workers", type=positive_int, default=2, help="worker processes (default: 2)")
    add_start_method(parser)
    args = parser.parse_args()
    clock = Clock(args.scale)
    # kitchen: hide-end
    PINCHES = args.pinches  # set in the parent, after the module was imported
    context = multiprocessing.get_context(args.start_method)
    method = context.get_start_method()
    print(f"parent: PINCHES = {PINCHES}; start method {method}", flush=True)
    with ProcessPoolExecutor(args.workers, mp_context=context) as pool:
        seen = list(pool.map(season, range(1, args.pots + 1)))
    salted = seen.count(args.pinches)
    print(f"{salted} of {args.pots} pots got the {args.pinches} pinches")
    report(start_method=method, pinches=args.pinches, seen=seen, salted=salted)  # kitchen: hide


if __name__ == "__main__":
    main()
