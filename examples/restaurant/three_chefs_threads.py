"""A restaurant pipeline built from generators, served by a ThreadPoolExecutor of three chefs.

Orders, ingredients, cooking and plating are generators: each stage pulls one
item at a time from the stage before it. The waiter hands orders to the pool
with executor.map and serves the plates in the order they were taken. Every
step on the stove is waiting (time.sleep releases the GIL), so the three chefs
really do cook at the same time.
"""

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

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


def take_orders(rng: random.Random, customers: int, clock: Clock):
    """One order per customer. Runs only as far as someone asks for the next order."""
    for ticket in range(1, customers + 1):
        dish = rng.choice(sorted(MENU))
        clock.log("waiter", f"takes order {ticket}: {dish}")
        yield ticket, dish


def fetch_ingredients(dish: str):
    yield from MENU[dish]


def cook(ingredients, dish: str, clock: Clock):
    chef = threading.current_thread().name
    for item, minutes in ingredients:
        with clock.step(chef, f"{dish}: {item}", kind="wait"):
            time.sleep(minutes * clock.scale)  # on the stove: the chef waits, the GIL is free
        yield item


def plate(dish: str, cooked_items) -> str:
    """The last stage: pulling on it is what drives the whole chain."""
    return f"{dish} with {', '.join(cooked_items)}"


def make_prepare_dish(clock: Clock):
    def prepare_dish(order):
        ticket, dish = order
        return ticket, dish, plate(dish, cook(fetch_ingredients(dish), dish, clock))

    return prepare_dish


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    parser.add_argument("--seed", type=non_negative_int, default=7,
                        help="seed for tonight's customers (default: 7)")
    parser.add_argument("--chefs", type=positive_int, default=3, help="threads in the pool (default: 3)")
    parser.add_argument("--min-customers", type=positive_int, default=4,
                        help="fewest customers (default: 4)")
    parser.add_argument("--max-customers", type=positive_int, default=8,
                        help="most customers (default: 8)")
    args = parser.parse_args()
    if args.min_customers > args.max_customers:
        parser.error("--min-customers must not exceed --max-customers")

    rng = random.Random(args.seed)  # the only source of chance: same seed, same evening
    customers = rng.randint(args.min_customers, args.max_customers)
    print(f"tonight: {customers} customers (seed {args.seed}), {args.chefs} chefs")
    clock = Clock(args.scale, phase=f"ThreadPoolExecutor, {args.chefs} chefs")
    served = []  # dish names, in the order the waiter carried them out
    with ThreadPoolExecutor(max_workers=args.chefs, thread_name_prefix="chef") as pool:
        orders = take_orders(rng, customers, clock)
        for ticket, dish, plated in pool.map(make_prepare_dish(clock), orders):
            clock.log("waiter", f"serves order {ticket}: {plated}")
            served.append(dish)
    total = clock.elapsed()
    cooking = sum(minutes for dish in served for _, minutes in MENU[dish])
    print(f"\n{len(served)} dishes, {cooking} stove minutes in all, "
          f"served in {total / args.scale:.1f} minutes")
    report(orders=served, seed=args.seed, customers=customers, chefs=args.chefs,
           total_s=total, stove_minutes=cooking, scale=args.scale)


if __name__ == "__main__":
    main()
