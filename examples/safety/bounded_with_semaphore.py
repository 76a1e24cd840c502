"""Eight orders, three burners: an asyncio.Semaphore lets only three cook at once.

All eight orders start as tasks straight away, but each must hold a burner
(`async with burners:`) to cook, and the semaphore hands out only three; a
burner goes to the next order the moment it is free. Cooking times come from
a seeded generator, so every run is the same. The semaphore is created inside
the coroutine that `asyncio.run` runs, so it belongs to that loop from the start.
"""

import asyncio
import random

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, non_negative_int, positive_float, positive_int, report
# kitchen: hide-end


async def order(clock: Clock, n: int, burners: asyncio.Semaphore, minutes: float, stove: dict) -> None:
    async with burners:  # waits here while all burners are taken
        stove["lit"] += 1
        stove["most_lit"] = max(stove["most_lit"], stove["lit"])
        try:
            with clock.step(f"order {n}", "cooking on a burner", kind="wait"):
                await asyncio.sleep(minutes * clock.scale)
        finally:
            stove["lit"] -= 1


async def service(args) -> dict:
    clock = Clock(args.scale)
    burners = asyncio.Semaphore(args.burners)  # made here, inside the running loop
    stove = {"lit": 0, "most_lit": 0}
    rng = random.Random(args.seed)
    async with asyncio.TaskGroup() as tg:  # the group holds a reference to every task
        for n in range(1, args.orders + 1):
            minutes = args.cook * rng.uniform(0.5, 1.5)
            tg.create_task(order(clock, n, burners, minutes, stove))
    stove["took_s"] = clock.elapsed()
    return stove


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    parser.add_argument("--orders", type=positive_int, default=8, help="orders (default: 8)")
    parser.add_argument("--burners", type=positive_int, default=3, help="burners (default: 3)")
    parser.add_argument("--cook", type=positive_float, default=5,
                        help="average minutes on a burner per order (default: 5)")
    parser.add_argument("--seed", type=non_negative_int, default=7,
                        help="seed for the cooking times (default: 7)")
    args = parser.parse_args()

    stove = asyncio.run(service(args))
    print(f"\n{args.orders} orders on {args.burners} burners: at most {stove['most_lit']} cooked at once, "
          f"done after {stove['took_s'] / args.scale:.1f} minutes")
    report(orders=args.orders, burners=args.burners, most_lit=stove["most_lit"],
           took_s=stove["took_s"], cook_s=args.cook * args.scale)


if __name__ == "__main__":
    main()
