"""Fire-and-forget jobs with asyncio.create_task, each held in a set until it is done.

The event loop keeps only a weak reference to a task, so a task that nothing
else refers to may be garbage-collected before it finishes. The chef starts a
wiping job per table and carries on taking orders; each job sits in the set
`background` while it runs and takes itself out when it is done. (A TaskGroup
holds its tasks the same way.)
"""

import asyncio

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, positive_float, positive_int, report
# kitchen: hide-end


async def wipe(clock: Clock, table: int, minutes: float, done: list[int]) -> None:
    with clock.step(f"table {table}", "wiping", kind="wait"):
        await asyncio.sleep(minutes * clock.scale)
    done.append(table)


async def service(args) -> dict:
    clock = Clock(args.scale)
    background: set[asyncio.Task] = set()
    done: list[int] = []
    for table in range(1, args.tables + 1):
        task = asyncio.create_task(wipe(clock, table, table + 1, done))  # table n takes n + 1 minutes
        background.add(task)  # a strong reference while it runs
        task.add_done_callback(background.discard)  # let go once it is done
    with clock.step("chef", "taking orders", kind="wait"):
        await asyncio.sleep(args.orders * clock.scale)
    midway = len(background)
    clock.log("chef", f"back from taking orders: {len(done)} wiped, {midway} jobs still held")
    if background:  # before closing, wait for the rest
        await asyncio.wait(background)
    clock.log("chef", f"closing: {len(done)} wiped, {len(background)} jobs still held")
    return {"tables": args.tables, "done": len(done), "midway": midway, "held_at_end": len(background)}


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    parser.add_argument("--tables", type=positive_int, default=5,
                        help="tables to wipe; table n takes n + 1 minutes (default: 5)")
    parser.add_argument("--orders", type=positive_float, default=4,
                        help="minutes the chef spends taking orders meanwhile (default: 4)")
    args = parser.parse_args()
    result = asyncio.run(service(args))
    report(**result, orders_s=args.orders * args.scale)


if __name__ == "__main__":
    main()
