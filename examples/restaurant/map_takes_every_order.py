"""executor.map takes every order before the first dish; a window does not."""

import random
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from itertools import islice
# kitchen: hide-start

import functools
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (
    Clock, InFlight, kitchen_parser, log, non_negative_int, positive_int, report, timed,
)


class Rail:
    """The ticket rail: orders taken but not yet picked up by a chef (counted, not changed)."""

    def __init__(self):
        self.tickets = InFlight()  # the waiter adds tickets while chefs take them
        self.log: list[tuple[str, int]] = []  # ("taken" or "served", ticket); the waiter's thread only

    @property
    def most(self) -> int:
        return self.tickets.most

    def add(self, ticket: int, dish: str) -> None:
        on_rail = self.tickets.enter()
        self.log.append(("taken", ticket))
        log("waiter", f"takes order {ticket}: {dish} ({on_rail} on the rail)")


RAIL = Rail()


def on_the_rail(take_orders):
    """Each order the waiter takes goes on the rail."""
    @functools.wraps(take_orders)
    def taking(*args):
        for ticket, dish in take_orders(*args):
            RAIL.add(ticket, dish)
            yield ticket, dish
    return taking


def picked_up(prepare_dish):
    """A chef takes the ticket off the rail as he starts on the order."""
    @functools.wraps(prepare_dish)
    def picking(order):
        InFlight.latest.leave()  # the tickets of this evening's rail: the latest count made
        return prepare_dish(order)
    return picking
# kitchen: hide-end

MENU = {"dal": 5, "pad see ew": 4, "risotto": 5, "shakshuka": 5, "tacos": 4}
MINUTE = 0.02  # real seconds per kitchen minute of the MENU (--scale)


@on_the_rail  # kitchen: hide
def take_orders(rng: random.Random, fewest: int, most: int):
    for ticket in range(1, rng.randint(fewest, most) + 1):
        yield ticket, rng.choice(sorted(MENU))


@timed("{thread}", "order {order[0]}: {order[1]}", kind="wait")  # kitchen: hide
@picked_up  # kitchen: hide
def prepare_dish(order: tuple[int, str]) -> tuple[int, str]:
    time.sleep(MENU[order[1]] * MINUTE)  # on the stove: the chef waits
    return order


def bounded(pool, prepare, orders, window: int):
    pending = {pool.submit(prepare, order) for order in islice(orders, window)}
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            yield future.result()
            for order in islice(orders, 1):  # room for one more  # kitchen: highlight
                pending.add(pool.submit(prepare, order))
# kitchen: hide-start


def parse_args():
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--seed", type=non_negative_int, default=3,
                        help="seed for tonight's customers (default: 3)")
    parser.add_argument("--chefs", type=positive_int, default=3,
                        help="threads in the pool (default: 3)")
    parser.add_argument("--window", type=positive_int, default=3,
                        help="most orders in the kitchen at once (default: 3)")
    parser.add_argument("--min-customers", type=positive_int, default=9,
                        help="fewest customers (default: 9)")
    parser.add_argument("--max-customers", type=positive_int, default=12,
                        help="most customers (default: 12)")
    args = parser.parse_args()
    if args.min_customers > args.max_customers:
        parser.error("--min-customers must not exceed --max-customers")
    return args


RESULTS: dict = {}


def begin(name: str) -> None:
    global RAIL
    print(f"-- {name}")
    RAIL = Rail()
    RESULTS[name] = Clock(args.scale, phase=name)


def end(name: str, customers: int) -> None:
    first = next(i for i, (kind, _) in enumerate(RAIL.log) if kind == "served")
    RESULTS[name] = {
        "customers": customers,
        "taken_before_first_served": sum(1 for kind, _ in RAIL.log[:first] if kind == "taken"),
        "most_on_rail": RAIL.most,
        "minutes": RESULTS[name].elapsed() / args.scale,
    }


def show() -> None:
    print(f"\n{'':22}{'orders taken before':>21}{'most tickets':>14}{'minutes':>9}")
    print(f"{'':22}{'the first was served':>21}{'on the rail':>14}")
    for name, r in RESULTS.items():
        taken, rail = r["taken_before_first_served"], r["most_on_rail"]
        print(f"{name:22}{taken:>21}{rail:>14}{r['minutes']:>9.1f}")
    mapped, windowed = RESULTS.values()
    report(customers=mapped["customers"], chefs=args.chefs, window=args.window,
           map_taken_before_first=mapped["taken_before_first_served"],
           map_most_on_rail=mapped["most_on_rail"], map_minutes=mapped["minutes"],
           window_taken_before_first=windowed["taken_before_first_served"],
           window_most_on_rail=windowed["most_on_rail"], window_minutes=windowed["minutes"])
# kitchen: hide-end


if __name__ == "__main__":
    args = parse_args()  # kitchen: hide
    MINUTE = args.scale  # kitchen: hide
    for name in ("executor.map", f"bounded window of {args.window}"):
        begin(name)  # kitchen: hide
        rng = random.Random(args.seed)  # the same evening both times
        orders = take_orders(rng, args.min_customers, args.max_customers)
        with ThreadPoolExecutor(args.chefs, thread_name_prefix="chef") as pool:
            dishes = (pool.map(prepare_dish, orders) if name == "executor.map"  # kitchen: highlight
                      else bounded(pool, prepare_dish, orders, args.window))
            for ticket, dish in dishes:
                RAIL.log.append(("served", ticket))  # kitchen: hide
                print(f"waiter serves order {ticket}: {dish}")
        end(name, len(RAIL.log) // 2)  # every order taken, then served  # kitchen: hide
    show()  # kitchen: hide
