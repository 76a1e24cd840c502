"""Three chefs with asyncio: a Semaphore(3) does nothing until the dish awaits something real.

Both services create a task per order and let at most three dishes in at once
through an asyncio.Semaphore. In the first, prepare_dish is an `async def` that
runs the same blocking pipeline as the thread version: no await anywhere, so a
dish, once started, holds the one thread until it is served. In the second,
the stove is an awaited sleep, and the chef turns to the next dish while it cooks.
"""

import asyncio
import random
import time

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
    for ticket in range(1, customers + 1):
        dish = rng.choice(sorted(MENU))
        clock.log("waiter", f"takes order {ticket}: {dish}")
        yield ticket, dish


def fetch_ingredients(dish: str):
    yield from MENU[dish]


def cook_blocking(ingredients, lane: str, dish: str, clock: Clock):
    """The thread version's stove, unchanged: time.sleep holds the only thread."""
    for item, minutes in ingredients:
        with clock.step(lane, f"{dish}: {item}", kind="wait"):
            time.sleep(minutes * clock.scale)
        yield item


async def cook_awaiting(ingredients, lane: str, dish: str, clock: Clock):
    """An async generator: each stove step is an await that really suspends."""
    for item, minutes in ingredients:
        with clock.step(lane, f"{dish}: {item}", kind="wait"):
            await asyncio.sleep(minutes * clock.scale)  # the chef is free until the timer rings
        yield item


async def prepare_dish_no_await(ticket: int, dish: str, clock: Clock) -> str:
    cooked = cook_blocking(fetch_ingredients(dish), f"order {ticket}", dish, clock)
    return f"{dish} with {', '.join(cooked)}"


async def prepare_dish(ticket: int, dish: str, clock: Clock) -> str:
    cooked = cook_awaiting(fetch_ingredients(dish), f"order {ticket}", dish, clock)
    return f"{dish} with {', '.join([item async for item in cooked])}"


class Pass:
    """The kitchen pass: counts the dishes in progress and the orders kept waiting."""

    def __init__(self):
        self.in_progress = self.most_in_progress = self.waited = 0


async def chef(ticket: int, dish: str, prepare, chefs: asyncio.Semaphore, counts: Pass, clock: Clock):
    if chefs.locked():  # all chefs busy: this order has to wait for one
        counts.waited += 1
    async with chefs:
        counts.in_progress += 1
        counts.most_in_progress = max(counts.most_in_progress, counts.in_progress)
        try:
            return ticket, await prepare(ticket, dish, clock)
        finally:
            counts.in_progress -= 1


async def service(prepare, args, phase: str) -> tuple[float, list[str], Pass]:
    clock = Clock(args.scale, phase=phase)
    chefs = asyncio.Semaphore(args.chefs)  # made inside the running loop, for this loop
    counts = Pass()
    rng = random.Random(args.seed)
    customers = rng.randint(args.min_customers, args.max_customers)
    tasks = [
        asyncio.create_task(chef(ticket, dish, prepare, chefs, counts, clock))
        for ticket, dish in take_orders(rng, customers, clock)
    ]
    served = []
    for task in tasks:  # in the order taken, each as soon as it is ready
        ticket, plated = await task
        clock.log("waiter", f"serves order {ticket}: {plated}")
        served.append(plated)
    return clock.elapsed() / args.scale, served, counts


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--seed", type=non_negative_int, default=7,
                        help="seed for tonight's customers (default: 7)")
    parser.add_argument("--chefs", type=positive_int, default=3,
                        help="the semaphore's limit (default: 3)")
    parser.add_argument("--min-customers", type=positive_int, default=4,
                        help="fewest customers (default: 4)")
    parser.add_argument("--max-customers", type=positive_int, default=8,
                        help="most customers (default: 8)")
    args = parser.parse_args()
    if args.min_customers > args.max_customers:
        parser.error("--min-customers must not exceed --max-customers")

    results = {}
    services = [("no await inside", prepare_dish_no_await), ("awaiting the stove", prepare_dish)]
    for name, prepare in services:
        print(f"-- {name}")
        results[name] = asyncio.run(service(prepare, args, name))

    print(f"\n{'':20}{'minutes':>8}{'most dishes in progress':>25}{'orders kept waiting':>21}")
    for name, (minutes, served, counts) in results.items():
        print(f"{name:20}{minutes:8.1f}{counts.most_in_progress:>25}{counts.waited:>21}")
    (blocking_min, blocking_plates, blocking), (awaiting_min, awaiting_plates, awaiting) = results.values()
    report(
        chefs=args.chefs, dishes=len(awaiting_plates), same_plates=blocking_plates == awaiting_plates,
        blocking_minutes=blocking_min, blocking_most=blocking.most_in_progress,
        blocking_waited=blocking.waited, awaiting_minutes=awaiting_min,
        awaiting_most=awaiting.most_in_progress, awaiting_waited=awaiting.waited,
    )


if __name__ == "__main__":
    main()
