# kitchen: hide-start
"""Background tasks nobody holds on to: a garbage collection destroys them."""
# kitchen: hide-end

import asyncio
import gc
import weakref
# kitchen: hide-start

import functools
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, log, positive_float, positive_int, report


def says_when_destroyed(job):
    """Narrates a job closed by the garbage collector while it waits (GeneratorExit),
    and counts the jobs that finish."""
    @functools.wraps(job)
    async def narrated(n, *args):
        log(f"job {n}", "orders ingredients and waits for them")
        try:
            await job(n, *args)
        except GeneratorExit:
            log(f"job {n}", "destroyed while waiting: it never gets its ingredients")
            raise
        DONE.append(n)
    return narrated


DONE: list[int] = []  # the jobs that finished in this run
# kitchen: hide-end

orders = weakref.WeakValueDictionary()  # weak, like many callback registries
background = set()


@says_when_destroyed  # kitchen: hide
async def job(n: int) -> None:
    orders[n] = delivery = asyncio.get_running_loop().create_future()
    await delivery  # only this future, and a weak registry, know the task


def keep_in_a_set(coro) -> None:
    task = asyncio.create_task(coro)
    background.add(task)  # a strong reference...  # kitchen: highlight
    task.add_done_callback(background.discard)  # ...dropped once done


async def service(start, jobs: int, drive_s: float, collect: bool) -> None:
    for n in range(1, jobs + 1):
        start(job(n))  # asyncio.create_task: the task is not kept  # kitchen: highlight
    await asyncio.sleep(drive_s)  # every job waits while the supplier drives
    freed = gc.collect() if collect else 0  # as an automatic collection would
    if collect:  # kitchen: hide
        log("kitchen", f"garbage collection: {freed} unreachable objects freed")  # kitchen: hide
    log("supplier", f"finds {len(orders)} job(s) waiting and delivers")  # kitchen: hide
    for delivery in list(orders.values()):  # the jobs still alive
        delivery.set_result("ingredients")
    await asyncio.sleep(0)  # one turn: each delivered job finishes


async def in_a_task_group(*args) -> None:
    async with asyncio.TaskGroup() as group:  # kitchen: highlight
        await service(group.create_task, *args)
# kitchen: hide-start


HOWS = [  # (phase name, key in the report)
    ("no reference, no collection yet", "unkept_uncollected"),
    ("no reference, collected", "unkept_collected"),
    ("a set of tasks", "set_of_tasks"),
    ("asyncio.TaskGroup", "task_group"),
]
FINISHED: dict = {}


def parse_args():
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    add = parser.add_argument
    add("--jobs", type=positive_int, default=5, help="background jobs (default: 5)")
    add("--drive", type=positive_float, default=5, help="supplier's driving minutes (default: 5)")
    return parser.parse_args()


def begin() -> None:
    DONE.clear()
    how = HOWS[len(FINISHED)][0]
    print(f"-- {how}")
    Clock(args.scale, phase=how)
    if len(FINISHED) == 0:
        log("kitchen", "automatic garbage collection is switched off; this run collects nothing")


def end() -> None:
    finished = len(DONE)
    how = HOWS[len(FINISHED)][0]
    FINISHED[how] = finished
    log("kitchen", f"{finished} of {args.jobs} jobs finished")


def show() -> None:
    print(f"\n{'':32}{'jobs finished':>14}")
    for how, count in FINISHED.items():
        print(f"{how:32}{count:>8} of {args.jobs}")
    report(jobs=args.jobs, **{key: FINISHED[how] for how, key in HOWS})
# kitchen: hide-end


if __name__ == "__main__":
    args = parse_args()  # kitchen: hide
    kitchen = (args.jobs, args.drive * args.scale)  # kitchen: hide
    gc.disable()  # no automatic collection: only the one in service()
    for start, collect in [(asyncio.create_task, False),
                           (asyncio.create_task, True), (keep_in_a_set, True)]:
        begin()  # kitchen: hide
        asyncio.run(service(start, *kitchen, collect))
        end()  # kitchen: hide
    begin()  # kitchen: hide
    asyncio.run(in_a_task_group(*kitchen, True))
    end()  # kitchen: hide
    show()  # kitchen: hide
