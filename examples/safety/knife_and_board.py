"""Two chefs, one knife, one board: each holds one and waits for the other.

Reaching with `acquire(timeout=...)`, a deadlocked chef gives up instead of
hanging. With one rule for both, knife before board, no deadlock can happen.
"""

import threading

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, chop, kitchen_parser, positive_float, report, units_for
# kitchen: hide-end


def cook(first, second, patience, both_holding, outcome, chop_units) -> None:
    chef = threading.current_thread().name
    with first:  # kitchen: highlight
        if both_holding:
            both_holding.wait()  # the unlucky moment, made certain
        if not second.acquire(timeout=patience):  # kitchen: highlight
            outcome[chef] = "deadlocked"  # puts the first one down, gives up
            return
        try:
            chop(chop_units)  # the dish needs both utensils
            outcome[chef] = "dish done"
        finally:
            second.release()


def service(orders: dict, patience: float, unlucky: bool, chop_units) -> dict:
    utensils = {"knife": threading.Lock(), "board": threading.Lock()}
    utensils = {u: Utensil(u, lock) for u, lock in utensils.items()}  # kitchen: hide
    both_holding = threading.Barrier(2) if unlucky else None
    outcome: dict[str, str] = {}
    chefs = [
        threading.Thread(target=cook, name=chef, args=(
            *[utensils[u] for u in order], patience, both_holding, outcome,
            chop_units))
        for chef, order in orders.items()
    ]
    for t in chefs:
        t.start()
    for t in chefs:
        t.join()
    return outcome


# kitchen: hide-start
CLOCK: Clock  # the timeline of the service running now, set by main()


class Utensil:
    """A lock that draws its waits and logs its pick-ups; the lock inside is the real one."""

    def __init__(self, name: str, lock):
        self.name, self.lock, self.first_holder = name, lock, None

    def acquire(self, timeout: float = -1) -> bool:
        chef = threading.current_thread().name
        got = self.lock.acquire(blocking=False)
        if not got:
            with CLOCK.step(chef, f"waiting for the {self.name}", kind="wait"):
                got = self.lock.acquire(timeout=timeout)
        if got:
            CLOCK.log(chef, f"picks up the {self.name}")
        else:
            CLOCK.log(chef, f"gives up: the {self.name} never came")
        return got

    def release(self) -> None:
        self.lock.release()
        CLOCK.log(threading.current_thread().name, f"puts down the {self.name}")

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def on_timeline(chop):
    """Draw each dish's chopping in its chef's lane."""
    def timed(units: int) -> None:
        with CLOCK.step(threading.current_thread().name, "chopping with knife and board",
                        kind="work"):
            chop(units)
    return timed


chop = on_timeline(chop)


def main() -> None:
    global CLOCK
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--chop", type=positive_float, default=10,
                        help="chopping minutes of CPU per dish (default: 10)")
    parser.add_argument("--patience", type=positive_float, default=20,
                        help="minutes a chef waits for their second utensil (default: 20)")
    args = parser.parse_args()

    chop_units = units_for(args.chop * args.scale)
    plans = [
        ("each his own order", {"Ana": ("knife", "board"), "Ben": ("board", "knife")}, True),
        ("knife before board", {"Ana": ("knife", "board"), "Ben": ("knife", "board")}, False),
    ]
    outcomes = {}
    for name, orders, unlucky in plans:
        print(f"-- {name}")
        CLOCK = Clock(args.scale, phase=name)
        outcomes[name] = service(orders, args.patience * args.scale, unlucky, chop_units)

    print()
    for name, outcome in outcomes.items():
        print(f"{name:20} " + ", ".join(f"{chef}: {what}" for chef, what in sorted(outcome.items())))
    count = {name: list(o.values()).count("deadlocked") for name, o in outcomes.items()}
    report(deadlocked=count["each his own order"], deadlocked_ordered=count["knife before board"],
           dishes_ordered=list(outcomes["knife before board"].values()).count("dish done"),
           patience_s=args.patience * args.scale)


if __name__ == "__main__":
    main()
# kitchen: hide-end
