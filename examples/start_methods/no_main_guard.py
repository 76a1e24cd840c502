"""No main guard: processes started at the top of the script. Fine under fork; under forkserver it depends on the Python.

This script breaks the site's rule on purpose: nothing is under
`if __name__ == "__main__":`, and it asks for forkserver unless told otherwise.
Whoever imports the file runs its top, and says so with the name it ran under.
Up to Python 3.13.7 and 3.14.0, every forkserver child imported the script
again, tried to start processes of its own and died with a "bootstrapping
phase" error, while the parent went on. From 3.13.8 and 3.14.1 (gh-126631) the
forkserver's server imports the script once, before it forks any child: the
top runs there, the server dies of the same error, and the parent's start()
fails. Under fork nothing is imported again and every pot boils. The script
exits 1 when a pot did not boil, so neither failure can pass unnoticed.
"""

import multiprocessing
import sys
import time

# kitchen: hide-start
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
add_start_method(parser, default="forkserver")
args = parser.parse_args()

context = multiprocessing.get_context(args.start_method)
clock = Clock(args.scale)
me = multiprocessing.current_process().name
clock.log(me, f"runs the top of the script as {__name__!r} "
              f"(start method: {context.get_start_method()})")
pots = [context.Process(target=boil, args=(n, args.minutes, args.scale, clock.start))
        for n in range(1, args.pots + 1)]
for p in pots:  # one pot at a time, so that the children's error messages do not interleave
    p.start()
    p.join()

cooked = sum(p.exitcode == 0 for p in pots)
clock.log(me, f"{cooked} of {args.pots} pots boiled; the children's exit codes: {[p.exitcode for p in pots]}")
report(start_method=context.get_start_method(), pots=args.pots, cooked=cooked)
sys.exit(0 if cooked == args.pots else 1)
