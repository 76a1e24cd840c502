"""asyncio: dishes as they finish (as_completed), or only the first (wait)."""

import asyncio

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import kitchen_parser, report

ENDED: list[str] = []  # dishes in the order their cooking really ended
# kitchen: hide-end

MENU = {"soup": 4, "salad": 1, "steak": 6, "bread": 2}  # minutes


async def cook(dish: str, minutes: int, scale: float) -> str:
    await asyncio.sleep(minutes * scale)
    ENDED.append(dish)  # kitchen: hide
    return dish


async def as_they_finish(scale: float) -> list[str]:
    tasks = [asyncio.create_task(cook(d, m, scale)) for d, m in MENU.items()]
    served = []
    for next_done in asyncio.as_completed(tasks):  # kitchen: highlight
        served.append(await next_done)
    return served


async def first_one(scale: float) -> tuple[list[str], int]:
    tasks = [asyncio.create_task(cook(d, m, scale)) for d, m in MENU.items()]
    done, pending = await asyncio.wait(  # kitchen: highlight
        tasks, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()  # wait() cancels nothing itself
    await asyncio.gather(*pending, return_exceptions=True)
    return [t.result() for t in done], sum(t.cancelled() for t in pending)


# kitchen: hide-start
def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.05)
    args = parser.parse_args()
    print("menu (minutes):", ", ".join(f"{d} {m}" for d, m in MENU.items()))
    served = asyncio.run(as_they_finish(args.scale))
    ended = ENDED[:]
    print(f"as_completed: served {', '.join(served)}")
    first, cancelled = asyncio.run(first_one(args.scale))
    print(f"wait(FIRST_COMPLETED): {', '.join(first)} first; {cancelled} others cancelled")
    report(served=served, ended=ended, first=first, cancelled=cancelled, menu=MENU)


if __name__ == "__main__":
    main()
# kitchen: hide-end
