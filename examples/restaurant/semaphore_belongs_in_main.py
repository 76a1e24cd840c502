"""A Semaphore made at import time belongs to the first event loop that waits on it.

The restaurant opens twice (lunch and dinner), each service in its own
asyncio.run. The first kitchen shares one module-level Semaphore between both
services; the second makes a fresh one inside the coroutine that asyncio.run
runs (the one usually called main()).
On Python 3.10 and later the shared one works at lunch, then refuses dinner:
the first time a chef had to wait, it tied itself to lunch's event loop.
(On 3.8 and 3.9 it already failed at lunch, since it was tied to a loop at
creation, and asyncio.run makes a new one.)
"""

import asyncio

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, positive_int, report
# kitchen: hide-end

SHARED_CHEFS = asyncio.Semaphore(2)  # made while importing: no event loop is running yet


async def cook(order: int, chefs: asyncio.Semaphore, clock: Clock, service: str) -> None:
    async with chefs:  # with every chef busy, this is where an order waits
        clock.log(f"{service} {order}", "gets a chef")
        await asyncio.sleep(clock.scale)  # one minute on the stove


async def service_with_shared_semaphore(orders: int, clock: Clock, service: str) -> None:
    await asyncio.gather(*(cook(n, SHARED_CHEFS, clock, service) for n in range(1, orders + 1)))


async def service_with_its_own_semaphore(orders: int, clock: Clock, service: str) -> None:
    chefs = asyncio.Semaphore(2)  # made inside the running loop: it lives and dies with this service
    await asyncio.gather(*(cook(n, chefs, clock, service) for n in range(1, orders + 1)))


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.05)
    parser.add_argument("--orders", type=positive_int, default=3,
                        help="orders per service; more than 2 makes someone wait (default: 3)")
    args = parser.parse_args()

    outcome = {}
    for kitchen, run_service in [("module-level semaphore", service_with_shared_semaphore),
                                 ("semaphore made per service", service_with_its_own_semaphore)]:
        print(f"-- {kitchen}")
        clock = Clock(args.scale, phase=kitchen)
        for service in ("lunch", "dinner"):
            try:
                asyncio.run(run_service(args.orders, clock, service))
            except RuntimeError as exc:
                clock.log(service, f"could not open: RuntimeError: {exc}")
                outcome[f"{kitchen}: {service}"] = "RuntimeError"
            else:
                clock.log(service, f"served {args.orders} orders")
                outcome[f"{kitchen}: {service}"] = "served"
    print()
    for what, result in outcome.items():
        print(f"{what:36} {result}")
    report(outcome=outcome, orders=args.orders)


if __name__ == "__main__":
    main()
