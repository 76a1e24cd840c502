"""No main guard: processes started at the top of the script.

Broken on purpose: nothing is under `if __name__ == "__main__":`, and it asks
for forkserver unless told otherwise. Whoever imports the file runs its top
and says so. Before gh-126631 was fixed (3.13.8, 3.14.1) every forkserver child
re-imported the script and died, while the parent went on; since then the
forkserver's server imports it once and dies of the same error, so the
parent's start() fails. On 3.15 the server ignores that failure and every child
re-imports the script and dies, as before. Under fork every pot boils. Exits 1
when a pot did not boil.
"""

import multiprocessing
import sys
import time

# kitchen: hide-start
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, add_start_method, kitchen_parser, positive_float, positive_int, report
from _kitchen import timed
# kitchen: hide-end


@timed("pot {pot}", "boiling pasta", kind="wait")  # kitchen: hide
def boil(pot, seconds):
    time.sleep(seconds)


# kitchen: hide-start
parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
parser.add_argument("--pots", type=positive_int, default=3, help="pots, one process each (default: 3)")
parser.add_argument("--minutes", type=positive_float, default=5, help="boiling minutes (default: 5)")
add_start_method(parser, default="forkserver")
args = parser.parse_args()
clock = Clock(args.scale)
# kitchen: hide-end
context = multiprocessing.get_context(args.start_method)
me = multiprocessing.current_process().name
print(f"{me} runs the top of the script as {__name__!r}",  # kitchen: highlight
      flush=True)
pots = [context.Process(target=boil, args=(n, args.minutes * args.scale))
        for n in range(1, args.pots + 1)]
for p in pots:  # one at a time: the children's errors do not interleave
    p.start()
    p.join()

cooked = sum(p.exitcode == 0 for p in pots)
codes = [p.exitcode for p in pots]
print(f"{cooked} of {args.pots} pots boiled; exit codes {codes}")
report(start_method=context.get_start_method(), pots=args.pots, cooked=cooked)  # kitchen: hide
sys.exit(0 if cooked == args.pots else 1)
