"""A restaurant pipeline of generators, served by three chef threads."""

import random
import time
from concurrent.futures import ThreadPoolExecutor
# kitchen: hide-start

import functools
import sys
import threading
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, log, non_negative_int, positive_int, record, report


def waiter_says(take_orders):
    """The waiter reads each order out as he takes it."""
    @functools.wraps(take_orders)
    def taking(*args):
        for ticket, dish in take_orders(*args):
            log("waiter", f"takes order {ticket}: {dish}")
            yield ticket, dish
    return taking


def on_the_timeline(cook):
    """Each ingredient's time on the stove, drawn in its chef's lane."""
    @functools.wraps(cook)
    def cooking(dish):
        chef = threading.current_thread().name
        began = time.perf_counter()
        for item in cook(dish):
            end = time.perf_counter()
            record(phase=CLOCK.phase, lane=chef, label=f"{dish}: {item}", kind="wait",
                   start=began - CLOCK.start, end=end - CLOCK.start)
            yield item
            began = time.perf_counter()
    return cooking
# kitchen: hide-end

MENU = {  # each dish: its ingredients in cooking order, with stove minutes
    "shakshuka": [("peppers", 1), ("tomatoes", 2), ("eggs", 2)],
    "mushroom risotto": [("shallots", 1), ("rice", 3), ("mushrooms", 1)],
    "pad see ew": [("noodles", 1), ("gai lan", 1), ("egg", 1), ("sauce", 1)],
    "lentil dal": [("onions", 1), ("spices", 1), ("lentils", 3)],
    "fish tacos": [("fish", 2), ("tortillas", 1), ("salsa", 1)],
}
MINUTE = 0.03  # real seconds per kitchen minute (--scale)


@waiter_says  # kitchen: hide
def take_orders(rng: random.Random, customers: int):
    for ticket in range(1, customers + 1):
        yield ticket, rng.choice(sorted(MENU))  # kitchen: highlight


@on_the_timeline  # kitchen: hide
def cook(dish: str):
    for item, minutes in MENU[dish]:  # one ingredient at a time
        time.sleep(minutes * MINUTE)  # on the stove: the GIL is free
        yield item


def plate(order: tuple[int, str]) -> tuple[int, str]:
    ticket, dish = order  # pulling on cook() drives the whole chain
    return ticket, f"{dish} with {', '.join(cook(dish))}"
# kitchen: hide-start


def parse_args():
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
    return args


def show(customers: int, served: list[str]) -> None:
    total = CLOCK.elapsed()
    cooking = sum(minutes for dish in served for _, minutes in MENU[dish])
    print(f"\n{len(served)} dishes, {cooking} stove minutes in all, "
          f"served in {total / args.scale:.1f} minutes")
    report(orders=served, seed=args.seed, customers=customers, chefs=args.chefs,
           total_s=total, stove_minutes=cooking, scale=args.scale)
# kitchen: hide-end


if __name__ == "__main__":
    args = parse_args()  # kitchen: hide
    MINUTE = args.scale  # kitchen: hide
    rng = random.Random(args.seed)  # the only chance: same seed, same evening
    customers = rng.randint(args.min_customers, args.max_customers)
    print(f"tonight: {customers} customers (seed {args.seed}), {args.chefs} chefs")  # kitchen: hide
    CLOCK = Clock(args.scale, phase=f"ThreadPoolExecutor, {args.chefs} chefs")  # kitchen: hide
    served = []  # kitchen: hide
    with ThreadPoolExecutor(args.chefs, thread_name_prefix="chef") as pool:
        for ticket, plated in pool.map(plate, take_orders(rng, customers)):  # kitchen: highlight
            served.append(plated.split(" with ")[0])  # kitchen: hide
            print(f"waiter serves order {ticket}: {plated}")
    show(customers, served)  # kitchen: hide
