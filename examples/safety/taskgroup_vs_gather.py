"""One pan burns: after gather the others keep cooking; a TaskGroup stops them.

`asyncio.gather` hands the error on at once but leaves the other pans on the
stove. `asyncio.TaskGroup` (3.11+) cancels them, waits until they stopped, and
raises an ExceptionGroup that `except*` takes apart by type.
"""

import asyncio

# kitchen: hide-start
import functools
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, positive_float, report

CLOCK: Clock  # the timeline of the evening running now, set by main()
STILL: dict = {}  # evening -> pans still on the stove when the error arrived


def on_timeline(pan):
    """Draw each pan's time on the stove in its own lane and log how it ended."""
    @functools.wraps(pan)
    async def timed(dish: str, *args, **kwargs):
        try:
            with CLOCK.step(dish, "heating", kind="wait"):
                served = await pan(dish, *args, **kwargs)
        except Burnt:
            CLOCK.log(dish, "burns!")
            raise
        except asyncio.CancelledError:
            CLOCK.log(dish, "cancelled: taken off the stove")
            raise
        CLOCK.log(dish, "served")
        return served
    return timed


def note(still: list, what: str) -> None:
    STILL[CLOCK.phase] = len(still)
    CLOCK.log("chef", f"{what}; {len(still)} pans are still on the stove")
# kitchen: hide-end


class Burnt(Exception):
    pass


@on_timeline  # kitchen: hide
async def pan(dish: str, seconds: float, burns_after: float | None = None):
    if burns_after is not None:
        await asyncio.sleep(burns_after)
        raise Burnt(f"the {dish} burnt")
    await asyncio.sleep(seconds)
    return dish


async def with_gather(pans: list) -> list:
    tasks = [asyncio.create_task(p) for p in pans]
    try:
        await asyncio.gather(*tasks)  # kitchen: highlight
    except Burnt as exc:
        still = [t for t in tasks if not t.done()]  # on the stove  # kitchen: highlight
        note(still, f"gather raised {exc!r}")  # kitchen: hide
    await asyncio.wait(tasks)  # watch the other pans cook on, for nobody
    return tasks


async def with_taskgroup(pans: list) -> list:
    try:
        async with asyncio.TaskGroup() as tg:  # kitchen: highlight
            tasks = [tg.create_task(p) for p in pans]
    except* Burnt as group:  # kitchen: highlight
        still = [t for t in tasks if not t.done()]  # on the stove: none
        note(still, f"except* Burnt caught {group.exceptions}")  # kitchen: hide
    return tasks


# kitchen: hide-start
def main() -> None:
    global CLOCK
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    parser.add_argument("--cook", type=positive_float, default=10,
                        help="minutes the good pans need (default: 10)")
    parser.add_argument("--burn", type=positive_float, default=2,
                        help="minutes until the sauce burns (default: 2)")
    args = parser.parse_args()
    if args.burn >= args.cook:
        parser.error("--burn must be shorter than --cook, or nothing is left to cancel")
    cook_s, burn_s = args.cook * args.scale, args.burn * args.scale

    results = {}
    for name, plan in [("gather", with_gather), ("TaskGroup", with_taskgroup)]:
        print(f"-- {name}")
        CLOCK = Clock(args.scale, phase=name)
        pans = lambda: [pan("sauce", cook_s, burns_after=burn_s),  # noqa: E731
                        pan("pasta", cook_s), pan("soup", cook_s)]
        tasks = asyncio.run(_run(plan, pans))
        served = [t for t in tasks if not t.cancelled() and t.exception() is None]
        results[name] = {"served": len(served), "cancelled": sum(t.cancelled() for t in tasks),
                         "still": STILL[name], "took_s": CLOCK.elapsed()}

    print()
    for name, r in results.items():
        print(f"{name:10} served {r['served']}, cancelled {r['cancelled']}, "
              f"still cooking when the error arrived: {r['still']}, "
              f"done after {r['took_s']:.2f} s")
    report(
        gather_served=results["gather"]["served"], gather_cancelled=results["gather"]["cancelled"],
        gather_still=results["gather"]["still"],
        taskgroup_served=results["TaskGroup"]["served"],
        taskgroup_cancelled=results["TaskGroup"]["cancelled"],
        taskgroup_still=results["TaskGroup"]["still"],
        burn_s=burn_s, cook_s=cook_s,
    )


async def _run(plan, pans):
    return await plan(pans())  # the coroutines are made inside the running loop


if __name__ == "__main__":
    main()
# kitchen: hide-end
