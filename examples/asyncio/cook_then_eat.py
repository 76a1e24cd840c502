"""`await cook(); await eat()` takes three units; gather(cook(), eat()) takes two.

Awaiting a coroutine runs it to the end before the next line starts. Only a
task (gather, create_task, TaskGroup) lets two of them wait at the same time.
"""

import asyncio

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, report
# kitchen: hide-end


async def cook(clock: Clock) -> None:
    with clock.step("cook", "cooking the main course (2 units)", kind="wait"):
        await asyncio.sleep(2 * clock.scale)


async def eat(clock: Clock) -> None:
    with clock.step("eat", "eating the starter (1 unit)", kind="wait"):
        await asyncio.sleep(1 * clock.scale)


async def in_turn(clock: Clock) -> None:
    await cook(clock)
    await eat(clock)


async def together(clock: Clock) -> None:
    await asyncio.gather(cook(clock), eat(clock))


async def serve(plan, scale: float, name: str) -> Clock:
    clock = Clock(scale, unit="units", phase=name)  # started inside the loop: loop set-up is not timed
    await plan(clock)
    return clock


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.2, unit="unit")
    args = parser.parse_args()
    took = {}
    for name, plan in [("await, then await", in_turn), ("gather", together)]:
        print(f"-- {name}")
        clock = asyncio.run(serve(plan, args.scale, name))
        took[name] = clock.elapsed() / args.scale
    print()
    for name, units in took.items():
        print(f"{name:18} {units:.2f} units")
    report(in_turn_units=took["await, then await"], gather_units=took["gather"])


if __name__ == "__main__":
    main()
