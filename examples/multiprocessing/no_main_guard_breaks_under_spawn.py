"""BROKEN ON PURPOSE: kitchens opened at module level, with no main guard.

Under spawn each new process imports this file again to find `boil`, runs the
code below again and tries to open kitchens before it has finished starting:
Python stops it with a RuntimeError. Under forkserver the server imports the
file once (Python 3.13.8, 3.14.1 and later) and dies of the same error; 3.15
ignores that and every child re-imports the file, as before. Under fork the
children never re-import the file, so the same code happens to work.
"""

import multiprocessing
import sys
import time

# kitchen: hide-start
import os
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (Clock, add_start_method, kitchen_parser, positive_float,
                      positive_int, report, timed)
# kitchen: hide-end


@timed("pot {pot}", "boiling pasta", "wait")  # kitchen: hide
def boil(pot: int, seconds: float, plates) -> None:
    time.sleep(seconds)
    plates.send(pot)


# kitchen: hide-start
parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
parser.add_argument("--pots", type=positive_int, default=3, help="pots of pasta (default: 3)")
parser.add_argument("--minutes", type=positive_float, default=10,
                    help="boiling time per pot (default: 10)")
add_start_method(parser, default="spawn")
# A spawned child parses the parent's own arguments again: multiprocessing restores sys.argv
# in the child before it re-imports this file. So --help and bad values end here, in the
# parent, before any process exists.
args = parser.parse_args()

# One write per line: the kitchens print too, and separate writes could interleave.
sys.stdout.write(f"process {os.getpid()} runs the top of this script as {__name__!r}\n")
sys.stdout.flush()
Clock(args.scale, phase=args.start_method)
# kitchen: hide-end
METHOD, POTS, SECONDS = "spawn", 3, 0.2
METHOD, POTS, SECONDS = args.start_method, args.pots, args.minutes * args.scale  # kitchen: hide
# get_context, not set_start_method: a child running this line again would
# fail on "context has already been set" instead of the error shown here.
context = multiprocessing.get_context(METHOD)
plates_back, plates_out = context.Pipe(duplex=False)
kitchens = [context.Process(target=boil, args=(pot, SECONDS, plates_out))
            for pot in range(1, POTS + 1)]
for kitchen in kitchens:
    kitchen.start()  # a spawned child raises RuntimeError here  # kitchen: highlight
for kitchen in kitchens:
    kitchen.join()

cooked = []
while plates_back.poll():
    cooked.append(plates_back.recv())
# kitchen: hide-start
exit_codes = [kitchen.exitcode for kitchen in kitchens]
print(f"\nstart method {METHOD}: {len(cooked)} of {POTS} pastas cooked; "
      f"the kitchens exited with codes {exit_codes}")
report(start_method=METHOD, pots=POTS, cooked=sorted(cooked), exit_codes=exit_codes)
# kitchen: hide-end
if len(cooked) < POTS:  # without this, the script would exit 0  # kitchen: highlight
    sys.exit(f"FAILED: {POTS - len(cooked)} of {POTS} pastas never came back. "
             "Each kitchen re-imported this script and crashed (the "
             "RuntimeError above). Start processes only under "
             '`if __name__ == "__main__":`.')
