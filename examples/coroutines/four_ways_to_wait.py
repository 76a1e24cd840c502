"""Three pots four ways: in turn, then gather, create_task and a TaskGroup.

Tasks let the waits overlap. Pot 1 boils longest, so the pots finish in
reverse order, yet every way hands back the results in the order asked for.
"""

import asyncio
# kitchen: hide-start

import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, log, positive_float, positive_int, report, timed
# kitchen: hide-end


@timed("pot {pot}", "boiling", kind="wait")  # kitchen: hide
async def boil(pot: int, seconds: float, finished: list[int]) -> str:
    await asyncio.sleep(seconds)
    finished.append(pot)
    return f"pot {pot}"


async def in_turn(menu, finished):
    return [await boil(pot, s, finished) for pot, s in menu]  # kitchen: highlight


async def with_gather(menu, finished):
    return await asyncio.gather(*(boil(pot, s, finished) for pot, s in menu))


async def with_create_task(menu, finished):
    tasks = [asyncio.create_task(boil(pot, s, finished)) for pot, s in menu]
    log("chef", f"created {len(tasks)} tasks; none of them has started yet")  # kitchen: hide
    return [await task for task in tasks]  # the first await starts them all  # kitchen: highlight


async def with_task_group(menu, finished):
    async with asyncio.TaskGroup() as group:  # kitchen: highlight
        tasks = [group.create_task(boil(pot, s, finished)) for pot, s in menu]
    # Leaving the block waited for every task (a failure cancels the rest).
    return [task.result() for task in tasks]
# kitchen: hide-start


WAYS = [  # (phase name, key in the report)
    ("await, one after another", "in_turn_s"),
    ("asyncio.gather", "gather_s"),
    ("asyncio.create_task", "create_task_s"),
    ("asyncio.TaskGroup", "task_group_s"),
]


def parse_args():
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--pots", type=positive_int, default=3, help="pots to boil (default: 3)")
    parser.add_argument(
        "--minutes", type=positive_float, default=4,
        help="boiling minutes of the last pot; pot n boils (pots - n + 1) times as long (default: 4)",
    )
    return parser.parse_args()


def start(way) -> None:
    name = WAYS[len(TOOK)][0]
    print(f"-- {name}")
    TOOK[name] = Clock(args.scale, phase=name)


def finish(results: list[str], finished: list[int]) -> None:
    name, clock = list(TOOK.items())[-1]
    TOOK[name] = clock.elapsed()
    print(f"   results: {', '.join(results)};  finished: {', '.join(f'pot {p}' for p in finished)}")


def show() -> None:
    minutes = [args.minutes * (args.pots - pot + 1) for pot in range(1, args.pots + 1)]
    longest, total = max(minutes), sum(minutes)
    print(f"\n{'':26}{'minutes':>8}")
    for name, seconds in TOOK.items():
        print(f"{name:26}{seconds / args.scale:8.1f}")
    print(f"(the pots' boiling times add up to {total:g} min; the longest is {longest:g} min)")
    report(
        **{key: TOOK[name] for name, key in WAYS},
        pots=args.pots, sum_s=total * args.scale, longest_s=longest * args.scale,
    )


TOOK: dict = {}
# kitchen: hide-end


if __name__ == "__main__":
    args = parse_args()  # kitchen: hide
    pots, last = args.pots, args.minutes * args.scale  # kitchen: hide
    menu = [(pot, last * (pots - pot + 1)) for pot in range(1, pots + 1)]
    for way in (in_turn, with_gather, with_create_task, with_task_group):
        start(way)  # kitchen: hide
        finished: list[int] = []
        results = asyncio.run(way(menu, finished))
        finish(results, finished)  # kitchen: hide
    show()  # kitchen: hide
