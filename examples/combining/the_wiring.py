"""The wiring of an asyncio front of house with a process-pool kitchen."""

import asyncio
from concurrent.futures import ProcessPoolExecutor

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import kitchen_parser, positive_int, report
# kitchen: hide-end


def chop(units: int) -> int:  # at module level: a worker finds it by name
    return sum(i * i % 7 for i in range(units))


async def order(pool: ProcessPoolExecutor, units: int, wait_s: float) -> int:
    await asyncio.sleep(wait_s)  # the waiting stays in the loop
    loop = asyncio.get_running_loop()
    # the chopping goes to a worker
    return await loop.run_in_executor(pool, chop, units)  # kitchen: highlight


async def main(pool: ProcessPoolExecutor, orders: int, wait_s: float) -> list:
    return await asyncio.gather(*(order(pool, 10_000, wait_s)
                                  for _ in range(orders)))


if __name__ == "__main__":
    # kitchen: hide-start
    parser = kitchen_parser(__doc__, scale=0.01)
    parser.add_argument("--orders", type=positive_int, default=4, help="orders (default: 4)")
    args = parser.parse_args()
    # kitchen: hide-end
    # one pool for the whole service
    with ProcessPoolExecutor(max_workers=2) as pool:  # kitchen: highlight
        dishes = asyncio.run(main(pool, args.orders, args.scale))
    print(dishes)
    report(dishes=dishes)  # kitchen: hide
