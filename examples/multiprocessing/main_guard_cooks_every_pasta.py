"""The fix: the same three pots, with the code that opens kitchens under `if __name__ == "__main__":`.

Under spawn each kitchen still imports this file to find `boil`, and under
forkserver the server imports it once for all of them (Python 3.13.8, 3.14.1
and later; before that each kitchen did), as the lines from `__mp_main__` show.
The import now only defines functions; the guard keeps it from opening
kitchens of its own. Without --start-method the
script cooks under fork, spawn and forkserver in turn.
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

if __name__ != "__main__":
    # Only a spawned kitchen or the forkserver's server gets here: it imports this file for boil().
    sys.stdout.write(f"process {os.getpid()} imports this script as {__name__!r}; "
                     "the guard skips main()\n")  # one write: lines from kitchens never interleave
    sys.stdout.flush()


def boil(pot: int, minutes: float, scale: float, start: float, phase: str, plates) -> None:
    clock = Clock(scale, start=start, phase=phase)
    with clock.step(f"pot {pot}", "boiling pasta", kind="wait"):
        time.sleep(minutes * scale)
    plates.send(pot)


def service(method: str, args) -> list[int]:
    context = multiprocessing.get_context(method)
    clock = Clock(args.scale, phase=method)
    plates_back, plates_out = context.Pipe(duplex=False)
    kitchens = [
        context.Process(target=boil, args=(pot, args.minutes, args.scale, clock.start, method, plates_out))
        for pot in range(1, args.pots + 1)
    ]
    for kitchen in kitchens:
        kitchen.start()
    for kitchen in kitchens:
        kitchen.join()
    cooked = []
    while plates_back.poll():
        cooked.append(plates_back.recv())
    print(f"start method {method}: {len(cooked)} of {args.pots} pastas cooked; "
          f"the kitchens exited with codes {[k.exitcode for k in kitchens]}")
    return sorted(cooked)


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--pots", type=positive_int, default=3, help="pots of pasta (default: 3)")
    parser.add_argument("--minutes", type=positive_float, default=10,
                        help="boiling time per pot (default: 10)")
    add_start_method(parser, omitted="fork, spawn and forkserver in turn")
    args = parser.parse_args()

    print(f"process {os.getpid()} runs this script as '__main__'")
    methods = [args.start_method] if args.start_method else ["fork", "spawn", "forkserver"]
    cooked = {}
    for method in methods:
        print(f"\n-- {method}")
        cooked[method] = service(method, args)
    report(pots=args.pots, cooked=cooked)


if __name__ == "__main__":
    main()
