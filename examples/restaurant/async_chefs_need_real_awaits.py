"""Three asyncio chefs: a Semaphore(3) does nothing until a dish awaits."""

import asyncio
import random
import time
# kitchen: hide-start

import functools
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, log, non_negative_int, positive_int, report, timed


class Pass:
    """The kitchen pass: counts the dishes in progress and the orders kept waiting."""

    def __init__(self):
        self.in_progress = self.most_in_progress = self.waited = 0
        self.served: list[str] = []


PASS = Pass()


def waiter_says(orders):
    """The waiter reads each order out as he takes it."""
    for ticket, dish in orders:
        log("waiter", f"takes order {ticket}: {dish}")
        yield ticket, dish


def at_the_pass(prepare):
    """Counts the dishes in progress (one event loop: no lock needed between awaits)."""
    @functools.wraps(prepare)
    async def counting(ticket, dish):
        PASS.in_progress += 1
        PASS.most_in_progress = max(PASS.most_in_progress, PASS.in_progress)
        try:
            return await prepare(ticket, dish)
        finally:
            PASS.in_progress -= 1
    return counting


def kept_waiting(chef):
    """Counts the orders that find every chef busy. The check and the wait that follows
    happen with no await between them, so no other task can change the answer."""
    @functools.wraps(chef)
    async def noting(ticket, dish, prepare, chefs):
        if chefs.locked():
            PASS.waited += 1
        served = await chef(ticket, dish, prepare, chefs)
        PASS.served.append((ticket, dish))
        return served
    return noting
# kitchen: hide-end

MENU = {"dal": 5, "pad see ew": 4, "risotto": 5, "shakshuka": 5, "tacos": 4}
MINUTE = 0.02  # real seconds per kitchen minute of the MENU (--scale)


@timed("order {ticket}", "{dish}", kind="wait")  # kitchen: hide
@at_the_pass  # kitchen: hide
async def prepare_dish_no_await(ticket: int, dish: str) -> str:
    time.sleep(MENU[dish] * MINUTE)  # the thread version's stove  # kitchen: highlight
    return dish


@timed("order {ticket}", "{dish}", kind="wait")  # kitchen: hide
@at_the_pass  # kitchen: hide
async def prepare_dish(ticket: int, dish: str) -> str:
    await asyncio.sleep(MENU[dish] * MINUTE)  # suspends  # kitchen: highlight
    return dish


@kept_waiting  # kitchen: hide
async def chef(ticket: int, dish: str, prepare, chefs: asyncio.Semaphore):
    async with chefs:  # at most three dishes in at once
        return f"order {ticket}: {await prepare(ticket, dish)}"


async def service(prepare, rng: random.Random, customers: int, chefs: int):
    chefs = asyncio.Semaphore(chefs)  # made inside the running loop
    orders = ((n, rng.choice(sorted(MENU))) for n in range(1, customers + 1))
    orders = waiter_says(orders)  # kitchen: hide
    tasks = [asyncio.create_task(chef(ticket, dish, prepare, chefs))
             for ticket, dish in orders]
    for task in tasks:  # in the order taken, each as soon as it is ready
        print("waiter serves", await task)
# kitchen: hide-start


def parse_args():
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
    return args


NAMES = {"prepare_dish_no_await": "no await inside", "prepare_dish": "awaiting the stove"}
RESULTS: dict = {}


def begin(prepare) -> None:
    global PASS
    name = NAMES[prepare.__name__]
    print(f"-- {name}")
    PASS = Pass()
    RESULTS[name] = Clock(args.scale, phase=name)


def end(prepare) -> None:
    name = NAMES[prepare.__name__]
    RESULTS[name] = (RESULTS[name].elapsed() / args.scale, PASS)


def show() -> None:
    print(f"\n{'':20}{'minutes':>8}{'most dishes in progress':>25}{'orders kept waiting':>21}")
    for name, (minutes, counts) in RESULTS.items():
        print(f"{name:20}{minutes:8.1f}{counts.most_in_progress:>25}{counts.waited:>21}")
    (blocking_min, blocking), (awaiting_min, awaiting) = RESULTS.values()
    report(
        chefs=args.chefs, dishes=len(awaiting.served),
        same_plates=sorted(blocking.served) == sorted(awaiting.served),
        blocking_minutes=blocking_min, blocking_most=blocking.most_in_progress,
        blocking_waited=blocking.waited, awaiting_minutes=awaiting_min,
        awaiting_most=awaiting.most_in_progress, awaiting_waited=awaiting.waited,
    )
# kitchen: hide-end


if __name__ == "__main__":
    args = parse_args()  # kitchen: hide
    MINUTE = args.scale  # kitchen: hide
    for prepare in (prepare_dish_no_await, prepare_dish):
        begin(prepare)  # kitchen: hide
        rng = random.Random(args.seed)  # the same evening both times
        customers = rng.randint(args.min_customers, args.max_customers)
        asyncio.run(service(prepare, rng, customers, args.chefs))
        end(prepare)  # kitchen: hide
    show()  # kitchen: hide
