"""A Semaphore made at import time belongs to the first loop that waits on it.

The restaurant opens twice (lunch and dinner), each service in its own
asyncio.run. On Python 3.10 and later the module-level semaphore works at
lunch, then refuses dinner: the first time a chef had to wait, it tied itself
to lunch's event loop. (On 3.8 and 3.9 it already failed at lunch.)
"""

import asyncio
# kitchen: hide-start

import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, log, positive_int, report

SERVICE = ""  # "lunch" or "dinner", for the log
OUTCOME: dict = {}
# kitchen: hide-end

SHARED_CHEFS = asyncio.Semaphore(2)  # made at import: no loop is running  # kitchen: highlight


async def cook(order: int, chefs: asyncio.Semaphore, minute: float) -> None:
    async with chefs:  # with every chef busy, an order waits here
        log(f"{SERVICE} {order}", "gets a chef")  # kitchen: hide
        await asyncio.sleep(minute)  # one minute on the stove


async def service_with_shared_semaphore(orders: int, minute: float) -> None:
    await asyncio.gather(*(cook(n, SHARED_CHEFS, minute)
                           for n in range(1, orders + 1)))


async def service_with_its_own_semaphore(orders: int, minute: float) -> None:
    chefs = asyncio.Semaphore(2)  # made in the running loop  # kitchen: highlight
    await asyncio.gather(*(cook(n, chefs, minute)
                           for n in range(1, orders + 1)))
# kitchen: hide-start


def parse_args():
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.05)
    parser.add_argument("--orders", type=positive_int, default=3,
                        help="orders per service; more than 2 makes someone wait (default: 3)")
    return parser.parse_args()


KITCHENS = {service_with_shared_semaphore: "module-level semaphore",
            service_with_its_own_semaphore: "semaphore made per service"}


def show() -> None:
    print()
    for what, result in OUTCOME.items():
        print(f"{what:36} {result}")
    report(outcome=OUTCOME, orders=args.orders)
# kitchen: hide-end


if __name__ == "__main__":
    args = parse_args()  # kitchen: hide
    for run_service in (service_with_shared_semaphore,
                        service_with_its_own_semaphore):
        print(f"-- {KITCHENS[run_service]}")  # kitchen: hide
        Clock(args.scale, phase=KITCHENS[run_service])  # kitchen: hide
        for SERVICE in ("lunch", "dinner"):
            key = f"{KITCHENS[run_service]}: {SERVICE}"  # kitchen: hide
            try:
                asyncio.run(run_service(args.orders, args.scale))
            except RuntimeError as exc:
                print(f"{SERVICE} could not open: RuntimeError: {exc}")
                OUTCOME[key] = "RuntimeError"  # kitchen: hide
            else:
                print(f"{SERVICE} served {args.orders} orders")
                OUTCOME[key] = "served"  # kitchen: hide
    show()  # kitchen: hide
