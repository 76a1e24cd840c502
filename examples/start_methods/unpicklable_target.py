"""A nested function as a process's target: fine under fork, not under spawn.

`season` is defined inside `main`, where it can use `pinches` without being
passed it. Under fork the child is a copy of the parent and already holds the
function. Under spawn and forkserver the parent must send the child the
Process object, target included, with pickle, and pickle sends a function as
its module and name, so the child can import it again. A function defined
inside another one (or a lambda) cannot be found that way: `start()` raises in
the parent and the script stops with exit code 1.
"""

import multiprocessing

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, add_start_method, kitchen_parser, positive_int, report
# kitchen: hide-end


def main() -> None:
    # kitchen: hide-start
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--pots", type=positive_int, default=3, help="pots, one process each (default: 3)")
    parser.add_argument("--pinches", type=positive_int, default=3, help="salt per pot (default: 3)")
    add_start_method(parser, default="spawn")
    args = parser.parse_args()
    clock = Clock(args.scale)
    # kitchen: hide-end
    context = multiprocessing.get_context(args.start_method)
    pinches = args.pinches

    def season(pot: int) -> None:  # nested: it closes over `pinches`
        me = multiprocessing.current_process().name
        print(f"{me} salts pot {pot} with {pinches} pinches", flush=True)

    method = context.get_start_method()
    clock.log("parent", f"starts {args.pots} processes ({method})")  # kitchen: hide
    pots = [context.Process(target=season, args=(n,))
            for n in range(1, args.pots + 1)]
    for p in pots:
        p.start()  # spawn and forkserver pickle the target here  # kitchen: highlight
    for p in pots:
        p.join()
    seasoned = sum(p.exitcode == 0 for p in pots)
    clock.log("parent", f"{seasoned} of {args.pots} pots seasoned")  # kitchen: hide
    report(start_method=method, pots=args.pots, seasoned=seasoned)  # kitchen: hide


if __name__ == "__main__":
    main()
