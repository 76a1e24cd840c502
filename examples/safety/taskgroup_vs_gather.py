"""One pan burns: after gather the other pans keep cooking; a TaskGroup takes them off the stove.

Three pans go on the stove; the sauce burns after two minutes. `asyncio.gather`
hands the error to whoever awaited it straight away, but the other two pans
are still on the stove, cooking for nobody, until someone cancels them.
`asyncio.TaskGroup` (Python 3.11+) cancels the siblings as soon as one task
fails, waits until they have stopped, and raises every error together as an
ExceptionGroup, which `except*` takes apart by type.
"""

import asyncio

from _kitchen import Clock, kitchen_parser, positive_float, report


class Burnt(Exception):
    pass


async def pan(clock: Clock, dish: str, minutes: float, burns_after: float | None = None) -> str:
    try:
        with clock.step(dish, "heating", kind="wait"):
            if burns_after is not None:
                await asyncio.sleep(burns_after * clock.scale)
                clock.log(dish, "burns!")
                raise Burnt(f"the {dish} burnt")
            await asyncio.sleep(minutes * clock.scale)
        clock.log(dish, "served")
        return dish
    except asyncio.CancelledError:
        clock.log(dish, "cancelled: taken off the stove")
        raise  # a cancelled task must end cancelled, so whoever cancelled it knows


def the_pans(clock: Clock, args) -> list:
    return [
        pan(clock, "sauce", args.cook, burns_after=args.burn),
        pan(clock, "pasta", args.cook),
        pan(clock, "soup", args.cook),
    ]


async def with_gather(clock: Clock, args) -> dict:
    tasks = [asyncio.create_task(coro) for coro in the_pans(clock, args)]
    try:
        await asyncio.gather(*tasks)
    except Burnt as exc:
        still = [t for t in tasks if not t.done()]
        clock.log("chef", f"gather raised {exc!r}; {len(still)} pans are still on the stove")
    await asyncio.wait(tasks)  # watch what the other pans do without being told to stop
    served = [t.result() for t in tasks if not t.cancelled() and t.exception() is None]
    return {"served": len(served), "cancelled": sum(t.cancelled() for t in tasks), "still": len(still)}


async def with_taskgroup(clock: Clock, args) -> dict:
    tasks = []
    try:
        async with asyncio.TaskGroup() as tg:
            tasks = [tg.create_task(coro) for coro in the_pans(clock, args)]
    except* Burnt as group:
        still = [t for t in tasks if not t.done()]
        clock.log("chef", f"except* Burnt caught {group.exceptions}; {len(still)} pans are still on the stove")
    served = [t for t in tasks if not t.cancelled() and t.exception() is None]
    return {"served": len(served), "cancelled": sum(t.cancelled() for t in tasks), "still": len(still)}


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    parser.add_argument("--cook", type=positive_float, default=10,
                        help="minutes the good pans need (default: 10)")
    parser.add_argument("--burn", type=positive_float, default=2,
                        help="minutes until the sauce burns (default: 2)")
    args = parser.parse_args()
    if args.burn >= args.cook:
        parser.error("--burn must be shorter than --cook, or nothing is left to cancel")

    results = {}
    for name, plan in [("gather", with_gather), ("TaskGroup", with_taskgroup)]:
        print(f"-- {name}")
        clock = Clock(args.scale, phase=name)
        results[name] = asyncio.run(plan(clock, args))
        results[name]["took_s"] = clock.elapsed()

    print()
    for name, r in results.items():
        print(f"{name:10} served {r['served']}, cancelled {r['cancelled']}, "
              f"still cooking when the error arrived: {r['still']}, done after {r['took_s']:.2f} s")
    report(
        gather_served=results["gather"]["served"], gather_cancelled=results["gather"]["cancelled"],
        gather_still=results["gather"]["still"],
        taskgroup_served=results["TaskGroup"]["served"],
        taskgroup_cancelled=results["TaskGroup"]["cancelled"],
        taskgroup_still=results["TaskGroup"]["still"],
        burn_s=args.burn * args.scale, cook_s=args.cook * args.scale,
    )


if __name__ == "__main__":
    main()
