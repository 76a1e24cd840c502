"""The fix: the same three pots, with the kitchens opened under the main guard.

Under spawn each kitchen still imports this file to find `boil`; under
forkserver the server imports it once for all (Python 3.13.8, 3.14.1 and
later; before that each kitchen did). The import now only defines functions.
"""

import multiprocessing
import time

# kitchen: hide-start
import os
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (Clock, add_start_method, kitchen_parser, positive_float,
                      positive_int, report, timed)

if __name__ != "__main__":
    # Only a spawned kitchen or the forkserver's server gets here, importing this for boil().
    sys.stdout.write(f"process {os.getpid()} imports this script as {__name__!r}; "
                     "the guard skips main()\n")  # one write: lines never interleave
    sys.stdout.flush()


def options():
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--pots", type=positive_int, default=3,
                        help="pots of pasta (default: 3)")
    parser.add_argument("--minutes", type=positive_float, default=10,
                        help="boiling time per pot (default: 10)")
    add_start_method(parser, omitted="fork, spawn and forkserver in turn")
    args = parser.parse_args()
    args.methods = [args.start_method] if args.start_method else ["fork", "spawn", "forkserver"]
    args.seconds = args.minutes * args.scale
    print(f"process {os.getpid()} runs this script as '__main__'")
    return args


def served(method: str, cooked: list, kitchens: list) -> None:
    print(f"start method {method}: {len(cooked)} of {len(kitchens)} pastas cooked; "
          f"the kitchens exited with codes {[k.exitcode for k in kitchens]}")
# kitchen: hide-end


@timed("pot {pot}", "boiling pasta", "wait")  # kitchen: hide
def boil(pot: int, seconds: float, plates) -> None:
    time.sleep(seconds)
    plates.send(pot)


def service(method: str, pots: int, seconds: float) -> list[int]:
    context = multiprocessing.get_context(method)
    plates_back, plates_out = context.Pipe(duplex=False)
    kitchens = [context.Process(target=boil, args=(pot, seconds, plates_out))
                for pot in range(1, pots + 1)]
    for kitchen in kitchens:
        kitchen.start()
    for kitchen in kitchens:
        kitchen.join()
    cooked = []
    while plates_back.poll():
        cooked.append(plates_back.recv())
    served(method, cooked, kitchens)  # kitchen: hide
    return sorted(cooked)


def main() -> None:
    args = options()  # kitchen: hide
    cooked = {}
    for method in args.methods:
        Clock(args.scale, phase=method)  # kitchen: hide
        print(f"\n-- {method}")  # kitchen: hide
        cooked[method] = service(method, args.pots, args.seconds)
    report(pots=args.pots, cooked=cooked)  # kitchen: hide


if __name__ == "__main__":  # only the script you run opens kitchens  # kitchen: highlight
    main()  # kitchen: highlight
