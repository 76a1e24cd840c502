"""Cooks waiting for a signal: an Event (oven hot), a Condition (the pass)."""

import threading
import time

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import kitchen_parser, positive_int, report

STARTED: list[float] = []  # when each cook began to bake
SAID: list[float] = []  # when the head chef said "hot"
# kitchen: hide-end


def oven_is_hot(cooks: int, minute: float) -> None:
    hot = threading.Event()  # nobody bakes before the head chef says so

    def cook() -> None:
        hot.wait()  # kitchen: highlight
        STARTED.append(time.monotonic())  # kitchen: hide
    crew = [threading.Thread(target=cook) for _ in range(cooks)]
    for t in crew:
        t.start()
    time.sleep(minute)  # the oven heats up
    SAID.append(time.monotonic())  # kitchen: hide
    hot.set()  # every waiting cook goes at once
    for t in crew:
        t.join()


def table_is_complete(dishes: int, minute: float) -> list[int]:
    on_pass, ready = threading.Condition(), []

    def cook(dish: int) -> None:
        time.sleep(dish * minute)
        with on_pass:
            ready.append(dish)
            on_pass.notify_all()  # "dish up!"
    crew = [threading.Thread(target=cook, args=(d,))
            for d in range(1, dishes + 1)]
    for t in crew:
        t.start()
    with on_pass:  # re-checked after every notify, with the lock held
        on_pass.wait_for(lambda: len(ready) == dishes)  # kitchen: highlight
        carried = list(ready)  # the waiter takes the whole table
    for t in crew:
        t.join()
    return carried


# kitchen: hide-start
def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.05)
    parser.add_argument("--cooks", type=positive_int, default=3, help="cooks (default: 3)")
    args = parser.parse_args()
    oven_is_hot(args.cooks, args.scale)
    said = SAID[0]
    early = sum(s < said for s in STARTED)
    print(f"Event: {len(STARTED)} cooks began to bake, {early} of them before set(), "
          f"the last {1000 * (max(STARTED) - said):.1f} ms after it")
    carried = table_is_complete(args.cooks, args.scale)
    print(f"Condition: the waiter carried dishes {carried} in one trip")
    report(cooks=args.cooks, started=len(STARTED), early=early, carried=carried)


if __name__ == "__main__":
    main()
# kitchen: hide-end
