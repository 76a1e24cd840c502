"""Background jobs nobody holds on to: a garbage collection can destroy them while they wait.

The event loop keeps only weak references to tasks. Each job here waits for a
delivery from a supplier whose order book holds weak references too (as many
callback registries and signal libraries do). Then nothing outside the job
holds it: task -> coroutine -> awaited future -> task is an island, and the
next garbage collection destroys it with "Task was destroyed but it is pending!".
Keeping the tasks in a set, or starting them in a TaskGroup, keeps them alive.
"""

import asyncio
import gc
import weakref

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, chop, kitchen_parser, positive_float, positive_int, report, units_for
# kitchen: hide-end


class Supplier:
    """Delivers to whoever still waits. Its order book holds weak references, so that
    orders nobody waits for any more do not pile up in it."""

    def __init__(self, clock: Clock):
        self.clock = clock
        self.book: weakref.WeakValueDictionary[int, asyncio.Future] = weakref.WeakValueDictionary()

    def order(self, job: int) -> asyncio.Future:
        delivery = asyncio.get_running_loop().create_future()
        self.book[job] = delivery
        return delivery

    async def deliver(self, minutes: float) -> int:
        with self.clock.step("supplier", "driving over", kind="wait"):
            await asyncio.sleep(minutes * self.clock.scale)
        waiting = [delivery for _, delivery in sorted(self.book.items()) if not delivery.done()]
        self.clock.log("supplier", f"finds {len(waiting)} job(s) waiting and delivers")
        for delivery in waiting:
            delivery.set_result("ingredients")
        return len(waiting)


async def job(clock: Clock, n: int, supplier: Supplier, units: int, done: list[int]) -> None:
    clock.log(f"job {n}", "orders ingredients and waits for them")
    try:
        await supplier.order(n)
    except GeneratorExit:  # thrown in when the garbage collector closes the coroutine
        clock.log(f"job {n}", "destroyed while waiting: it never gets its ingredients")
        raise
    with clock.step(f"job {n}", "prepping", kind="work"):
        chop(units)
    done.append(n)


async def kitchen(clock: Clock, args, units: int, how: str) -> int:
    supplier = Supplier(clock)
    done: list[int] = []
    keep: set[asyncio.Task] = set()

    def fire_and_forget(coro):
        asyncio.create_task(coro)  # the task object is thrown away

    def keep_in_a_set(coro):
        task = asyncio.create_task(coro)
        keep.add(task)  # a strong reference...
        task.add_done_callback(keep.discard)  # ...dropped once the task is done

    async def service(start) -> None:
        for n in range(1, args.jobs + 1):
            start(job(clock, n, supplier, units, done))
        await asyncio.sleep(0)  # one turn of the loop: every job starts and waits for its delivery
        if how != "no reference, no collection yet":
            # Stands in for an automatic collection, which may come at any allocation.
            unreachable = gc.collect()
            clock.log("kitchen", f"garbage collection: {unreachable} unreachable objects freed")
        delivered = await supplier.deliver(args.drive)
        while len(done) < delivered:  # each delivered job needs one turn of the loop to finish
            await asyncio.sleep(0)

    if how == "asyncio.TaskGroup":
        async with asyncio.TaskGroup() as group:
            await service(group.create_task)
    elif how == "a set of tasks":
        await service(keep_in_a_set)
    else:
        await service(fire_and_forget)
    return len(done)


HOWS = [  # (phase name, key in the report)
    ("no reference, no collection yet", "unkept_uncollected"),
    ("no reference, collected", "unkept_collected"),
    ("a set of tasks", "set_of_tasks"),
    ("asyncio.TaskGroup", "task_group"),
]


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    add = parser.add_argument
    add("--jobs", type=positive_int, default=5, help="background jobs (default: 5)")
    add("--drive", type=positive_float, default=5, help="supplier's driving minutes (default: 5)")
    add("--prep", type=positive_float, default=1, help="CPU minutes of prepping per job (default: 1)")
    args = parser.parse_args()

    units = units_for(args.prep * args.scale)
    finished = {}
    for how, _ in HOWS:
        print(f"-- {how}")
        clock = Clock(args.scale, phase=how)
        collecting = how != "no reference, no collection yet"
        if not collecting:
            gc.disable()  # so that no automatic collection can happen during this run either
            clock.log("kitchen", "automatic garbage collection is switched off for this run")
        try:
            finished[how] = asyncio.run(kitchen(clock, args, units, how))
        finally:
            gc.enable()
        clock.log("kitchen", f"{finished[how]} of {args.jobs} jobs finished")

    print(f"\n{'':32}{'jobs finished':>14}")
    for how, count in finished.items():
        print(f"{how:32}{count:>8} of {args.jobs}")
    report(jobs=args.jobs, **{key: finished[how] for how, key in HOWS})


if __name__ == "__main__":
    main()
