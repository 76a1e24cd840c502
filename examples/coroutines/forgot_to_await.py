"""A forgotten await: the pots never go on the stove; only a warning says so.

`boil(...)` without `await` creates a coroutine object and drops it. Nothing
in it runs. When the object is thrown away, Python prints "RuntimeWarning:
coroutine ... was never awaited" to stderr, and the program carries on.
"""

import asyncio
# kitchen: hide-start

import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, log, positive_float, positive_int, report, timed
# kitchen: hide-end


@timed("pot {pot}", "boiling", kind="wait")  # kitchen: hide
async def boil(pot: int, seconds: float, boiled: list[int]) -> None:
    await asyncio.sleep(seconds)
    boiled.append(pot)


async def forgetful_chef(pots: int, seconds: float, boiled: list[int]) -> None:
    for pot in range(1, pots + 1):
        boil(pot, seconds, boiled)  # the bug: no await
    log("chef", f"put {pots} pots on (he thinks)")  # kitchen: hide


async def careful_chef(pots: int, seconds: float, boiled: list[int]) -> None:
    # The fix: await them. Through gather, so the pots also boil together.
    await asyncio.gather(*(boil(pot, seconds, boiled)  # kitchen: highlight
                           for pot in range(1, pots + 1)))
    log("chef", f"put {pots} pots on and waited for them")  # kitchen: hide
# kitchen: hide-start


def parse_args():
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--pots", type=positive_int, default=3, help="pots to boil (default: 3)")
    parser.add_argument("--minutes", type=positive_float, default=10, help="boiling time (default: 10)")
    return parser.parse_args()


def show(args, served: dict) -> None:
    print()
    for name, (count, seconds) in served.items():
        minutes = seconds / args.scale
        print(f"{name:17} {count} of {args.pots} pots cooked, served after {minutes:4.1f} min")
    report(
        forgot_cooked=served["forgot the await"][0], forgot_s=served["forgot the await"][1],
        awaited_cooked=served["awaited"][0], awaited_s=served["awaited"][1],
        pots=args.pots, boil_s=args.minutes * args.scale,
    )
# kitchen: hide-end


if __name__ == "__main__":
    args = parse_args()  # kitchen: hide
    served = {}  # kitchen: hide
    for name, chef in [("forgot the await", forgetful_chef),
                       ("awaited", careful_chef)]:
        print(f"-- {name}")  # kitchen: hide
        clock = Clock(args.scale, phase=name)  # kitchen: hide
        boiled: list[int] = []
        asyncio.run(chef(args.pots, args.minutes * args.scale, boiled))
        log("chef", f"serves {len(boiled)} of {args.pots} pots of pasta")  # kitchen: hide
        served[name] = (len(boiled), clock.elapsed())  # kitchen: hide
    show(args, served)  # kitchen: hide
