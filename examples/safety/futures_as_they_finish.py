"""Waiting on many futures: as they finish, the first, the first failure."""

import time
from concurrent.futures import (FIRST_COMPLETED, FIRST_EXCEPTION,
                                ThreadPoolExecutor, as_completed, wait)

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import kitchen_parser, report

FINISHED: list[str] = []  # dish names in the order their cooking really ended
# kitchen: hide-end


def cook(dish: str, minutes: int, scale: float) -> str:
    time.sleep(minutes * scale)
    if dish == "souffle":
        raise RuntimeError("the souffle fell")
    FINISHED.append(dish)  # kitchen: hide
    return dish


def evening(menu: dict, scale: float) -> dict:
    seen = {}
    with ThreadPoolExecutor(len(menu)) as pool:
        futures = {pool.submit(cook, d, m, scale): d for d, m in menu.items()}
        seen["as_completed"] = [futures[f] for f in as_completed(futures)]
    with ThreadPoolExecutor(len(menu)) as pool:
        futures = {pool.submit(cook, d, m, scale): d for d, m in menu.items()}
        done, pending = wait(futures, return_when=FIRST_COMPLETED)
        seen["FIRST_COMPLETED"] = ([futures[f] for f in done], len(pending))
        done, pending = wait(futures, return_when=FIRST_EXCEPTION)
        failed = [f for f in done if f.exception()]
        seen["FIRST_EXCEPTION"] = ([repr(f.exception()) for f in failed],
                                   sorted(futures[f] for f in pending))
    pool = ThreadPoolExecutor(1)  # one cook: the rest wait on the order rail
    futures = [pool.submit(cook, d, m, scale) for d, m in menu.items()]
    futures[0].result()
    pool.shutdown(wait=True, cancel_futures=True)  # kitchen: highlight
    seen["cancel_futures"] = [f.cancelled() for f in futures]
    return seen


# kitchen: hide-start
def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.05)
    args = parser.parse_args()
    menu = {"soup": 4, "salad": 1, "souffle": 3, "steak": 6, "bread": 2}
    print("menu (minutes):", ", ".join(f"{d} {m}" for d, m in menu.items()))
    seen = evening(menu, args.scale)
    print(f"\nas_completed gave them back in this order: {', '.join(seen['as_completed'])}")
    print(f"wait(FIRST_COMPLETED) returned with done={seen['FIRST_COMPLETED'][0]}, "
          f"{seen['FIRST_COMPLETED'][1]} still cooking")
    errors, still = seen["FIRST_EXCEPTION"]
    print(f"wait(FIRST_EXCEPTION) returned with {errors[0] if errors else 'no error'}; "
          f"still cooking: {', '.join(still) or 'nothing'}")
    cancelled = seen["cancel_futures"]
    print(f"shutdown(cancel_futures=True): {sum(cancelled)} of {len(cancelled)} orders cancelled "
          f"({', '.join(d for d, c in zip(menu, cancelled) if c)})")
    report(menu=menu, seen=seen, finished_first_evening=FINISHED[:len(menu) - 1])


if __name__ == "__main__":
    main()
# kitchen: hide-end
