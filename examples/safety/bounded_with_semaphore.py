"""Eight orders, three burners: an asyncio.Semaphore lets three cook at once.

All eight orders start as tasks straight away, but each must hold a burner
(`async with burners:`) to cook, and the semaphore hands out only three; a
burner goes to the next order the moment it is free. Cooking times come from
a seeded generator, so every run is the same.
"""

import asyncio
import random

# kitchen: hide-start
import functools
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (Clock, kitchen_parser, non_negative_int, positive_float,
                      positive_int, report)

CLOCK: Clock  # set by main()
STOVE = {"lit": 0, "most_lit": 0}  # burners lit now, and the most at once


def on_timeline(cook):
    """Draw each order's time on a burner in its lane, and count the lit burners."""
    @functools.wraps(cook)
    async def timed(n: int, seconds: float) -> None:
        STOVE["lit"] += 1
        STOVE["most_lit"] = max(STOVE["most_lit"], STOVE["lit"])
        try:
            with CLOCK.step(f"order {n}", "cooking on a burner", kind="wait"):
                await cook(n, seconds)
        finally:
            STOVE["lit"] -= 1
    return timed
# kitchen: hide-end


@on_timeline  # kitchen: hide
async def cook(n: int, seconds: float) -> None:
    await asyncio.sleep(seconds)  # order n on a burner


async def order(n: int, burners: asyncio.Semaphore, seconds: float) -> None:
    async with burners:  # waits here while all burners are taken  # kitchen: highlight
        await cook(n, seconds)


async def service(orders: int, stove: int, cook_s: float, seed: int) -> None:
    burners = asyncio.Semaphore(stove)  # made here, in the running loop  # kitchen: highlight
    rng = random.Random(seed)
    async with asyncio.TaskGroup() as tg:  # holds a reference to every task
        for n in range(1, orders + 1):
            tg.create_task(order(n, burners, cook_s * rng.uniform(0.5, 1.5)))


# kitchen: hide-start
def main() -> None:
    global CLOCK
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    parser.add_argument("--orders", type=positive_int, default=8, help="orders (default: 8)")
    parser.add_argument("--burners", type=positive_int, default=3, help="burners (default: 3)")
    parser.add_argument("--cook", type=positive_float, default=5,
                        help="average minutes on a burner per order (default: 5)")
    parser.add_argument("--seed", type=non_negative_int, default=7,
                        help="seed for the cooking times (default: 7)")
    args = parser.parse_args()

    CLOCK = Clock(args.scale)
    asyncio.run(service(args.orders, args.burners, args.cook * args.scale, args.seed))
    took_s = CLOCK.elapsed()
    print(f"\n{args.orders} orders on {args.burners} burners: "
          f"at most {STOVE['most_lit']} cooked at once, "
          f"done after {took_s / args.scale:.1f} minutes")
    report(orders=args.orders, burners=args.burners, most_lit=STOVE["most_lit"],
           took_s=took_s, cook_s=args.cook * args.scale)


if __name__ == "__main__":
    main()
# kitchen: hide-end
