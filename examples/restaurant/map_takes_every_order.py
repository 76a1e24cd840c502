"""executor.map takes every order before the first dish is served; a bounded window does not.

ThreadPoolExecutor.map submits a task for every item of its input before it
hands back the first result, so the order generator is drained at once and
the tickets pile up on the rail. The bounded version keeps a few orders in the
kitchen, serves each dish as soon as it is ready, and only then takes the next.
"""

import random
import threading
import time
from itertools import islice
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, non_negative_int, positive_int, report
# kitchen: hide-end

# Each dish: its ingredients in cooking order, with minutes on the stove for each.
MENU = {
    "shakshuka": [("peppers", 1), ("tomatoes", 2), ("eggs", 2)],
    "mushroom risotto": [("shallots", 1), ("rice", 3), ("mushrooms", 1)],
    "pad see ew": [("noodles", 1), ("gai lan", 1), ("egg", 1), ("sauce", 1)],
    "lentil dal": [("onions", 1), ("spices", 1), ("lentils", 3)],
    "fish tacos": [("fish", 2), ("tortillas", 1), ("salsa", 1)],
}


class Rail:
    """The ticket rail: orders taken but not yet picked up by a chef."""

    def __init__(self):
        self.lock = threading.Lock()  # the waiter adds tickets while chefs take them
        self.tickets = self.most = 0

    def add(self):
        with self.lock:
            self.tickets += 1
            self.most = max(self.most, self.tickets)

    def take(self):
        with self.lock:
            self.tickets -= 1


def take_orders(rng: random.Random, customers: int, clock: Clock, rail: Rail, log: list):
    for ticket in range(1, customers + 1):
        dish = rng.choice(sorted(MENU))
        rail.add()
        log.append(("taken", ticket))
        clock.log("waiter", f"takes order {ticket}: {dish} ({rail.tickets} on the rail)")
        yield ticket, dish


def make_prepare_dish(clock: Clock, rail: Rail):
    def prepare_dish(order):
        ticket, dish = order
        rail.take()
        minutes = sum(m for _, m in MENU[dish])
        with clock.step(threading.current_thread().name, f"order {ticket}: {dish}", kind="wait"):
            time.sleep(minutes * clock.scale)  # every ingredient on the stove, in turn
        return ticket, dish

    return prepare_dish


def bounded(pool, prepare, orders, window: int):
    """Never more than `window` orders in the kitchen; each dish goes out as soon as it is ready."""
    orders = iter(orders)
    pending = {pool.submit(prepare, order) for order in islice(orders, window)}
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            yield future.result()
            for order in islice(orders, 1):  # a dish went out: room to take one more order
                pending.add(pool.submit(prepare, order))


def service(args, name: str) -> dict:
    clock = Clock(args.scale, phase=name)
    rail, log = Rail(), []
    rng = random.Random(args.seed)
    customers = rng.randint(args.min_customers, args.max_customers)
    orders = take_orders(rng, customers, clock, rail, log)
    with ThreadPoolExecutor(max_workers=args.chefs, thread_name_prefix="chef") as pool:
        prepare = make_prepare_dish(clock, rail)
        if name == "executor.map":
            served = pool.map(prepare, orders)
        else:
            served = bounded(pool, prepare, orders, args.window)
        for ticket, dish in served:
            log.append(("served", ticket))
            clock.log("waiter", f"serves order {ticket}: {dish}")
    first_served = next(i for i, (kind, _) in enumerate(log) if kind == "served")
    return {
        "customers": customers,
        "taken_before_first_served": sum(1 for kind, _ in log[:first_served] if kind == "taken"),
        "most_on_rail": rail.most,
        "minutes": clock.elapsed() / args.scale,
    }


def main() -> None:
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

    results = {}
    for name in ("executor.map", f"bounded window of {args.window}"):
        print(f"-- {name}")
        results[name] = service(args, name)

    print(f"\n{'':22}{'orders taken before':>21}{'most tickets':>14}{'minutes':>9}")
    print(f"{'':22}{'the first was served':>21}{'on the rail':>14}")
    for name, r in results.items():
        taken, rail = r["taken_before_first_served"], r["most_on_rail"]
        print(f"{name:22}{taken:>21}{rail:>14}{r['minutes']:>9.1f}")
    mapped, windowed = results.values()
    report(customers=mapped["customers"], chefs=args.chefs, window=args.window,
           map_taken_before_first=mapped["taken_before_first_served"],
           map_most_on_rail=mapped["most_on_rail"], map_minutes=mapped["minutes"],
           window_taken_before_first=windowed["taken_before_first_served"],
           window_most_on_rail=windowed["most_on_rail"], window_minutes=windowed["minutes"])


if __name__ == "__main__":
    main()
