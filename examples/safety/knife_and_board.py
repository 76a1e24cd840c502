"""Two chefs, one knife, one board: each holds one and waits for the other, until a lock order.

Ana picks up the knife first, Ben the board first. If each has his first utensil
before reaching for the second, neither can ever continue: a deadlock. Here they
reach with `acquire(timeout=...)`, so the example ends and reports it instead of
hanging. Then both follow one rule, knife before board, and the deadlock cannot
happen: whoever comes second waits for the knife while holding nothing.
"""

import threading

from _kitchen import Clock, chop, kitchen_parser, positive_float, report, units_for


def take(clock: Clock, chef: str, utensil: str, lock, patience: float | None) -> bool:
    """Pick a utensil up, waiting (up to `patience` seconds) only if someone else holds it."""
    if lock.acquire(blocking=False):
        clock.log(chef, f"picks up the {utensil}")
        return True
    with clock.step(chef, f"waiting for the {utensil}", kind="wait"):
        got = lock.acquire(timeout=-1 if patience is None else patience)
    if got:
        clock.log(chef, f"picks up the {utensil}")
    return got


def cook(clock, chef, first, second, chop_units, patience, both_holding, outcome) -> None:
    (first_name, first_lock), (second_name, second_lock) = first, second
    take(clock, chef, first_name, first_lock, None)
    try:
        if both_holding is not None:
            both_holding.wait()  # the unlucky moment, made certain: each chef holds one utensil
        if not take(clock, chef, second_name, second_lock, patience):
            clock.log(chef, f"gives up: he holds the {first_name}, the {second_name} never came")
            outcome[chef] = "deadlocked"
            return
        try:
            with clock.step(chef, "chopping with knife and board", kind="work"):
                chop(chop_units)
            outcome[chef] = "dish done"
        finally:
            second_lock.release()
    finally:
        first_lock.release()
        clock.log(chef, "puts everything down")


def service(name: str, orders: dict, args, chop_units: int, unlucky: bool) -> dict:
    clock = Clock(args.scale, phase=name)
    utensils = {"knife": threading.Lock(), "board": threading.Lock()}
    both_holding = threading.Barrier(2) if unlucky else None
    outcome: dict[str, str] = {}
    chefs = [
        threading.Thread(
            target=cook,
            args=(clock, chef, *[(u, utensils[u]) for u in order], chop_units,
                  args.patience * args.scale, both_holding, outcome),
        )
        for chef, order in orders.items()
    ]
    for t in chefs:
        t.start()
    for t in chefs:
        t.join()
    return outcome


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--chop", type=positive_float, default=10,
                        help="chopping minutes of CPU per dish (default: 10)")
    parser.add_argument("--patience", type=positive_float, default=20,
                        help="minutes a chef waits for his second utensil (default: 20)")
    args = parser.parse_args()

    chop_units = units_for(args.chop * args.scale)
    plans = [
        ("each his own order", {"Ana": ("knife", "board"), "Ben": ("board", "knife")}, True),
        ("knife before board", {"Ana": ("knife", "board"), "Ben": ("knife", "board")}, False),
    ]
    outcomes = {}
    for name, orders, unlucky in plans:
        print(f"-- {name}")
        outcomes[name] = service(name, orders, args, chop_units, unlucky)

    print()
    for name, outcome in outcomes.items():
        print(f"{name:20} " + ", ".join(f"{chef}: {what}" for chef, what in sorted(outcome.items())))
    count = {name: list(o.values()).count("deadlocked") for name, o in outcomes.items()}
    report(deadlocked=count["each his own order"], deadlocked_ordered=count["knife before board"],
           dishes_ordered=list(outcomes["knife before board"].values()).count("dish done"),
           patience_s=args.patience * args.scale)


if __name__ == "__main__":
    main()
