"""Calling an async def only writes an order slip; await or a task cooks it.

`boil(1)` returns a coroutine object and runs none of its body. `await` runs
it to the end while the chef is suspended. `create_task` schedules it: it
starts at the chef's next await, whatever he is waiting for.
"""

import asyncio
# kitchen: hide-start

import inspect
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, log, positive_float, report, timed

SEEN: dict = {}  # what the chef saw along the way, for report()


def state(coro) -> str:
    return inspect.getcoroutinestate(coro)
# kitchen: hide-end


@timed("pot {pot}", "boiling", kind="wait")  # kitchen: hide
async def boil(pot: int, seconds: float, boiled: list[int]) -> None:
    await asyncio.sleep(seconds)
    boiled.append(pot)


@timed("chef", "laying the table", kind="wait")  # kitchen: hide
async def lay_the_table(seconds: float) -> None:
    await asyncio.sleep(seconds)


async def call_then_await(boil_s: float, table_s: float, boiled: list[int]):
    slip = boil(1, boil_s, boiled)  # runs nothing yet  # kitchen: highlight
    log("chef", f"called boil(pot 1), got a {type(slip).__name__} object, state {state(slip)}")  # kitchen: hide
    await lay_the_table(table_s)  # nobody awaits pot 1 meanwhile
    SEEN["boiled_before_await"] = 1 in boiled  # kitchen: hide
    log("chef", f"pot 1 boiled yet? {'yes' if 1 in boiled else 'no'}, state {state(slip)}")  # kitchen: hide
    await slip  # runs boil() to its end; the chef resumes only then  # kitchen: highlight
    log("chef", f"pot 1 boiled yet? {'yes' if 1 in boiled else 'no'}, state {state(slip)}")  # kitchen: hide


async def create_a_task(boil_s: float, table_s: float, boiled: list[int]):
    task = asyncio.create_task(boil(2, boil_s, boiled))  # kitchen: highlight
    SEEN["state_after_create"] = state(task.get_coro())  # kitchen: hide
    log("chef", f"created a task for pot 2; its coroutine is {state(task.get_coro())}: scheduled, not started")  # kitchen: hide
    await lay_the_table(table_s)  # the first await: the task starts here
    log("chef", f"table laid; pot 2 coroutine is {state(task.get_coro())}")  # kitchen: hide
    await task
    log("chef", f"pot 2 boiled yet? {'yes' if 2 in boiled else 'no'}")  # kitchen: hide
# kitchen: hide-start


def parse_args():
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    add = parser.add_argument
    add("--boil", type=positive_float, default=10, help="boiling minutes per pot (default: 10)")
    add("--table", type=positive_float, default=5, help="minutes to lay the table (default: 5)")
    return parser.parse_args()


def show(args, took: dict, boiled: list[int]) -> None:
    minutes = [seconds / args.scale for seconds in took.values()]
    print(f"\ncall, then await: {minutes[0]:4.1f} min (table, then the whole boil)")
    print(f"create_task:      {minutes[1]:4.1f} min (pot 2 boils while the table is laid)")
    report(
        **SEEN, await_s=took["call, then await"], task_s=took["create_task"], boiled=boiled,
        boil_s=args.boil * args.scale, table_s=args.table * args.scale,
    )
# kitchen: hide-end


if __name__ == "__main__":
    args = parse_args()  # kitchen: hide
    boil_s, table_s = args.boil * args.scale, args.table * args.scale  # kitchen: hide
    took = {}  # kitchen: hide
    boiled: list[int] = []
    for name, way in [("call, then await", call_then_await),
                      ("create_task", create_a_task)]:
        print(f"-- {name}")  # kitchen: hide
        clock = Clock(args.scale, phase=name)  # kitchen: hide
        asyncio.run(way(boil_s, table_s, boiled))
        took[name] = clock.elapsed()  # kitchen: hide
    show(args, took, boiled)  # kitchen: hide
