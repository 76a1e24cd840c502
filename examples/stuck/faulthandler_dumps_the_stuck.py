"""A kitchen stuck for good shows where every cook waits: faulthandler.

Ana and Ben each hold one utensil and wait, with no timeout, for the other's.
"""

import faulthandler
import sys
import threading

# kitchen: hide-start
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import kitchen_parser, positive_float
# kitchen: hide-end


def cook(first, second, both_holding) -> None:
    with first:
        both_holding.wait()  # each cook now holds one utensil
        with second:  # held by the other cook, who waits for ours
            pass


def stuck_kitchen() -> None:
    knife, board = threading.Lock(), threading.Lock()
    both_holding = threading.Barrier(2)
    cooks = [
        threading.Thread(target=cook, args=(knife, board, both_holding),
                         name="Ana"),
        threading.Thread(target=cook, args=(board, knife, both_holding),
                         name="Ben"),
    ]
    for t in cooks:
        t.start()
    for t in cooks:
        t.join()  # forever


def serve(patience_s: float) -> None:
    # No progress in patience_s: print every thread's stack, then exit(1).
    faulthandler.dump_traceback_later(patience_s, exit=True,  # kitchen: highlight
                                      file=sys.stdout)
    stuck_kitchen()
    faulthandler.cancel_dump_traceback_later()  # a kitchen that finished


# kitchen: hide-start
def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.05)
    parser.add_argument("--patience", type=positive_float, default=20,
                        help="minutes of no progress before the dump (default: 20)")
    args = parser.parse_args()
    print(f"the dump comes after {args.patience * args.scale:.2f} s\n", flush=True)
    serve(args.patience * args.scale)


if __name__ == "__main__":
    main()
# kitchen: hide-end
