"""The same pots four ways: awaited in turn, then as tasks through gather, create_task and a TaskGroup.

Awaiting one coroutine after another runs them in sequence. The three other
ways wrap each coroutine in a task, so their waits overlap. Pot 1 boils
longest, so the pots finish in reverse order, yet every way hands back the
results in the order they were asked for.
"""

import asyncio

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, positive_float, positive_int, report
# kitchen: hide-end


async def boil(clock: Clock, pot: int, minutes: float, finished: list[int]) -> str:
    with clock.step(f"pot {pot}", f"boiling for {minutes:g} min", kind="wait"):
        await asyncio.sleep(minutes * clock.scale)
    finished.append(pot)
    return f"pot {pot}"


async def in_turn(clock, menu, finished):
    return [await boil(clock, pot, minutes, finished) for pot, minutes in menu]


async def with_gather(clock, menu, finished):
    return await asyncio.gather(*(boil(clock, pot, minutes, finished) for pot, minutes in menu))


async def with_create_task(clock, menu, finished):
    tasks = [asyncio.create_task(boil(clock, pot, minutes, finished)) for pot, minutes in menu]
    clock.log("chef", f"created {len(tasks)} tasks; none of them has started yet")
    return [await task for task in tasks]  # the first await lets all of them start


async def with_task_group(clock, menu, finished):
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(boil(clock, pot, minutes, finished)) for pot, minutes in menu]
    # Leaving the block waited for every task (and would have cancelled the rest had one failed).
    return [task.result() for task in tasks]


WAYS = [  # (phase name, key in the report, plan)
    ("await, one after another", "in_turn_s", in_turn),
    ("asyncio.gather", "gather_s", with_gather),
    ("asyncio.create_task", "create_task_s", with_create_task),
    ("asyncio.TaskGroup", "task_group_s", with_task_group),
]


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--pots", type=positive_int, default=3, help="pots to boil (default: 3)")
    parser.add_argument(
        "--minutes", type=positive_float, default=4,
        help="boiling minutes of the last pot; pot n boils (pots - n + 1) times as long (default: 4)",
    )
    args = parser.parse_args()
    menu = [(pot, args.minutes * (args.pots - pot + 1)) for pot in range(1, args.pots + 1)]

    took = {}
    for name, _, way in WAYS:
        print(f"-- {name}")
        clock = Clock(args.scale, phase=name)
        finished: list[int] = []
        results = asyncio.run(way(clock, menu, finished))
        took[name] = clock.elapsed()
        print(f"   results: {', '.join(results)};  finished: {', '.join(f'pot {p}' for p in finished)}")

    longest, total = max(m for _, m in menu), sum(m for _, m in menu)
    print(f"\n{'':26}{'minutes':>8}")
    for name, seconds in took.items():
        print(f"{name:26}{seconds / args.scale:8.1f}")
    print(f"(the pots' boiling times add up to {total:g} min; the longest is {longest:g} min)")
    report(
        **{key: took[name] for name, key, _ in WAYS},
        pots=args.pots, sum_s=total * args.scale, longest_s=longest * args.scale,
    )


if __name__ == "__main__":
    main()
