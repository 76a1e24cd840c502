"""Calling an async def function writes an order slip; only await or a task gets the pot on the stove.

`boil(1)` returns a coroutine object and runs none of its body. `await` runs it
to the end while the chef is suspended. `create_task` schedules it: it starts at
the chef's next await, whatever he is waiting for, and boils while he does
something else.
"""

import asyncio
import inspect

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, positive_float, report
# kitchen: hide-end


async def boil(clock: Clock, pot: int, minutes: float, boiled: list[int]) -> None:
    with clock.step(f"pot {pot}", "boiling", kind="wait"):
        await asyncio.sleep(minutes * clock.scale)
    boiled.append(pot)


def state(coro) -> str:
    return inspect.getcoroutinestate(coro)


async def call_then_await(args, boiled: list[int]) -> dict:
    clock = Clock(args.scale, phase="call, then await")
    slip = boil(clock, 1, args.boil, boiled)  # runs nothing yet
    clock.log("chef", f"called boil(pot 1), got a {type(slip).__name__} object, state {state(slip)}")
    with clock.step("chef", "laying the table (nobody awaits pot 1)", kind="wait"):
        await asyncio.sleep(args.table * clock.scale)
    before = 1 in boiled
    clock.log("chef", f"pot 1 boiled yet? {'yes' if before else 'no'}, state {state(slip)}")
    with clock.step("chef", "awaiting pot 1 (suspended until it is done)", kind="wait"):
        await slip  # runs boil() to its end; the chef resumes only then
    clock.log("chef", f"pot 1 boiled yet? {'yes' if 1 in boiled else 'no'}, state {state(slip)}")
    return {"boiled_before_await": before, "seconds": clock.elapsed()}


async def create_a_task(args, boiled: list[int]) -> dict:
    clock = Clock(args.scale, phase="create_task")
    task = asyncio.create_task(boil(clock, 2, args.boil, boiled))
    started = state(task.get_coro())
    clock.log("chef", f"created a task for pot 2; its coroutine is {started}: scheduled, not started")
    with clock.step("chef", "laying the table (pot 2 boils meanwhile)", kind="wait"):
        await asyncio.sleep(args.table * clock.scale)  # the first await: the task gets its turn here
    clock.log("chef", f"table laid; pot 2 coroutine is {state(task.get_coro())}")
    with clock.step("chef", "awaiting the pot 2 task (suspended)", kind="wait"):
        await task
    clock.log("chef", f"pot 2 boiled yet? {'yes' if 2 in boiled else 'no'}")
    return {"state_after_create": started, "seconds": clock.elapsed()}


async def service(args) -> dict:
    boiled: list[int] = []
    print("-- call, then await")
    first = await call_then_await(args, boiled)
    print("-- create_task")
    second = await create_a_task(args, boiled)
    return {"first": first, "second": second, "boiled": boiled}


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    add = parser.add_argument
    add("--boil", type=positive_float, default=10, help="boiling minutes per pot (default: 10)")
    add("--table", type=positive_float, default=5, help="minutes to lay the table (default: 5)")
    args = parser.parse_args()

    result = asyncio.run(service(args))
    first, second = result["first"], result["second"]
    minutes = first["seconds"] / args.scale, second["seconds"] / args.scale
    print(f"\ncall, then await: {minutes[0]:4.1f} min (table, then the whole boil)")
    print(f"create_task:      {minutes[1]:4.1f} min (pot 2 boils while the table is laid)")
    report(
        boiled_before_await=first["boiled_before_await"], await_s=first["seconds"],
        state_after_create=second["state_after_create"], task_s=second["seconds"],
        boiled=result["boiled"], boil_s=args.boil * args.scale, table_s=args.table * args.scale,
    )


if __name__ == "__main__":
    main()
