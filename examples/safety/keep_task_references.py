"""Fire-and-forget jobs with asyncio.create_task, held in a set until done.

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
from _kitchen import Clock, kitchen_parser, positive_float, positive_int, record, report

CLOCK: Clock  # set by main()
DONE: list[int] = []  # tables wiped so far
RESULT: dict = {}


def on_timeline(wipe):
    """Draw each table's wiping in its own lane and count the tables done."""
    async def timed(table: int, seconds: float) -> None:
        with CLOCK.step(f"table {table}", "wiping", kind="wait"):
            await wipe(table, seconds)
        DONE.append(table)
    return timed


def chef_begins() -> float:
    CLOCK.log("chef", "starts taking orders")
    return CLOCK.elapsed()


def chef_back(began: float, background: set) -> None:
    CLOCK.log("chef", "finishes taking orders")
    record(phase=CLOCK.phase, lane="chef", label="taking orders", kind="wait",
           start=began, end=CLOCK.elapsed())
    RESULT["midway"] = len(background)
    CLOCK.log("chef", f"back from taking orders: {len(DONE)} wiped, "
              f"{len(background)} jobs still held")


def closing(background: set) -> None:
    RESULT["held_at_end"] = len(background)
    CLOCK.log("chef", f"closing: {len(DONE)} wiped, {len(background)} jobs still held")
# kitchen: hide-end


@on_timeline  # kitchen: hide
async def wipe(table: int, seconds: float) -> None:
    await asyncio.sleep(seconds)  # wiping the table


async def service(tables: int, minute: float, orders_s: float) -> None:
    background: set[asyncio.Task] = set()
    for table in range(1, tables + 1):
        task = asyncio.create_task(wipe(table, (table + 1) * minute))  # kitchen: highlight
        background.add(task)  # a strong reference while it runs  # kitchen: highlight
        task.add_done_callback(background.discard)  # let go once done  # kitchen: highlight
    began = chef_begins()  # kitchen: hide
    await asyncio.sleep(orders_s)  # the chef takes orders meanwhile
    chef_back(began, background)  # kitchen: hide
    if background:  # before closing, wait for the rest
        await asyncio.wait(background)
    closing(background)  # kitchen: hide


# kitchen: hide-start
def main() -> None:
    global CLOCK
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    parser.add_argument("--tables", type=positive_int, default=5,
                        help="tables to wipe; table n takes n + 1 minutes (default: 5)")
    parser.add_argument("--orders", type=positive_float, default=4,
                        help="minutes the chef spends taking orders meanwhile (default: 4)")
    args = parser.parse_args()
    CLOCK = Clock(args.scale)
    asyncio.run(service(args.tables, args.scale, args.orders * args.scale))
    report(tables=args.tables, done=len(DONE), **RESULT, orders_s=args.orders * args.scale)


if __name__ == "__main__":
    main()
# kitchen: hide-end
