"""BROKEN ON PURPOSE: processes started at module level with no main guard; under spawn no pasta gets cooked.

Everything below runs at import time. Under spawn each new process imports
this file again to find `boil`, so it runs this code again and tries to open
kitchens of its own before it has finished starting up. Python stops it with a
RuntimeError. Under forkserver the server imports the file once (Python 3.13.8,
3.14.1 and later) and dies of the same error, so the parent's start() fails.
Under fork the children never re-import the file, so the same code happens to
work.

A plain script would still exit 0 after every kitchen crashed. This one counts
the plates that came back and exits 1 when some are missing, so the failure
cannot go unnoticed. The fix is main_guard_cooks_every_pasta.py.
"""

import multiprocessing
import os
import sys
import time

# kitchen: hide-start
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, add_start_method, kitchen_parser, positive_float, positive_int, report
# kitchen: hide-end


def boil(pot: int, minutes: float, scale: float, start: float, phase: str, plates) -> None:
    clock = Clock(scale, start=start, phase=phase)
    with clock.step(f"pot {pot}", "boiling pasta", kind="wait"):
        time.sleep(minutes * scale)
    plates.send(pot)


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

# get_context, not set_start_method: a child running this line again would fail on
# "context has already been set" instead of the error this example is about.
context = multiprocessing.get_context(args.start_method)
clock = Clock(args.scale, phase=args.start_method)
plates_back, plates_out = context.Pipe(duplex=False)
kitchens = [
    context.Process(target=boil, args=(pot, args.minutes, args.scale, clock.start, clock.phase, plates_out))
    for pot in range(1, args.pots + 1)
]
for kitchen in kitchens:
    kitchen.start()  # in a spawned child this line raises the bootstrapping RuntimeError
for kitchen in kitchens:
    kitchen.join()

cooked = []
while plates_back.poll():
    cooked.append(plates_back.recv())
exit_codes = [kitchen.exitcode for kitchen in kitchens]
print(f"\nstart method {args.start_method}: {len(cooked)} of {args.pots} pastas cooked; "
      f"the kitchens exited with codes {exit_codes}")
report(start_method=args.start_method, pots=args.pots, cooked=sorted(cooked), exit_codes=exit_codes)
if len(cooked) < args.pots:
    # Without this check the script would end here with exit code 0, as if all went well.
    sys.exit(
        f"FAILED: {args.pots - len(cooked)} of {args.pots} pastas never came back. Each kitchen "
        "re-imported this script and crashed (the RuntimeError above). Start processes only "
        'under `if __name__ == "__main__":`.'
    )
