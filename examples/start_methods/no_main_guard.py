"""Processes started at the top of the script, with no main guard: fine under fork, lost under spawn and forkserver.

This script breaks the site's rule on purpose: nothing is under
`if __name__ == "__main__":`. A child started by spawn or forkserver is a fresh
interpreter, so it imports this file again to find `boil`. Importing runs the
top-level code again, and that code starts processes of its own, which
multiprocessing refuses while a child is still starting up ("bootstrapping
phase"). Each child dies with that error before it boils anything, and the
parent is not told: it exits with code 0 all the same. Under fork, children are
copies of the running parent, nothing is imported again, and every pot boils.
"""

import multiprocessing
import time

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, add_start_method, kitchen_parser, positive_float, positive_int, report
# kitchen: hide-end


def boil(pot: int, minutes: float, scale: float, start: float) -> None:
    clock = Clock(scale, start=start)
    with clock.step(f"pot {pot}", "boiling pasta", kind="wait"):
        time.sleep(minutes * scale)


parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
parser.add_argument("--pots", type=positive_int, default=3, help="pots, one process each (default: 3)")
parser.add_argument("--minutes", type=positive_float, default=5, help="boiling minutes (default: 5)")
add_start_method(parser)
args = parser.parse_args()

context = multiprocessing.get_context(args.start_method)
clock = Clock(args.scale)
me = multiprocessing.current_process().name
clock.log(me, f"runs the top of the script (start method: {context.get_start_method()})")
pots = [context.Process(target=boil, args=(n, args.minutes, args.scale, clock.start))
        for n in range(1, args.pots + 1)]
for p in pots:  # one pot at a time, so that the children's error messages do not interleave
    p.start()
    p.join()

cooked = sum(p.exitcode == 0 for p in pots)
clock.log(me, f"{cooked} of {args.pots} pots boiled; the children's exit codes: {[p.exitcode for p in pots]}")
report(start_method=context.get_start_method(), pots=args.pots, cooked=cooked)
