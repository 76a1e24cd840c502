"""`await cook(); await eat()` takes three units; gather(cook(), eat()) two.

Awaiting a coroutine runs it to the end before the next line starts. Only a
task (gather, create_task, TaskGroup) lets two of them wait at the same time.
"""

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, report, timed
# kitchen: hide-end
import asyncio


@timed("cook", "cooking the main course (2 units)", kind="wait")  # kitchen: hide
async def cook(unit: float) -> None:
    await asyncio.sleep(2 * unit)


@timed("eat", "eating the starter (1 unit)", kind="wait")  # kitchen: hide
async def eat(unit: float) -> None:
    await asyncio.sleep(1 * unit)


async def in_turn(unit: float) -> None:
    await cook(unit)  # runs cook to the end  # kitchen: highlight
    await eat(unit)  # only then starts eating  # kitchen: highlight


async def together(unit: float) -> None:
    await asyncio.gather(cook(unit), eat(unit))  # two tasks  # kitchen: highlight
# kitchen: hide-start


def show(took: dict) -> None:
    print()
    for name, units in took.items():
        print(f"{name:18} {units:.2f} units")
    report(in_turn_units=took["await, then await"], gather_units=took["gather"])
# kitchen: hide-end


def main() -> None:
    args = kitchen_parser(__doc__.splitlines()[0], scale=0.2, unit="unit").parse_args()  # kitchen: hide
    took = {}  # kitchen: hide
    for name, plan in [("await, then await", in_turn), ("gather", together)]:
        print(f"-- {name}")  # kitchen: hide
        clock = Clock(args.scale, unit="units", phase=name)  # kitchen: hide
        asyncio.run(plan(args.scale))  # one unit lasts --scale seconds
        took[name] = clock.elapsed() / args.scale  # kitchen: hide
    show(took)  # kitchen: hide


if __name__ == "__main__":
    main()
