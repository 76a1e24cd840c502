"""A forgotten await: the pots never go on the stove, and Python only says so in a warning.

`boil(...)` without `await` creates a coroutine object and drops it. Nothing
in it runs. When the object is thrown away, Python prints
"RuntimeWarning: coroutine ... was never awaited" to stderr, and the program
carries on as if nothing happened.
"""

import asyncio

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, positive_float, positive_int, report
# kitchen: hide-end


async def boil(clock: Clock, pot: int, minutes: float, boiled: list[int]) -> None:
    with clock.step(f"pot {pot}", "boiling", kind="wait"):
        await asyncio.sleep(minutes * clock.scale)
    boiled.append(pot)


async def forgetful_chef(clock: Clock, pots: int, minutes: float, boiled: list[int]) -> None:
    for pot in range(1, pots + 1):
        boil(clock, pot, minutes, boiled)  # the bug: no await, so this line does nothing useful
    clock.log("chef", f"put {pots} pots on (he thinks)")


async def careful_chef(clock: Clock, pots: int, minutes: float, boiled: list[int]) -> None:
    # The fix: await them. Through gather, so the pots also boil at the same time.
    await asyncio.gather(*(boil(clock, pot, minutes, boiled) for pot in range(1, pots + 1)))
    clock.log("chef", f"put {pots} pots on and waited for them")


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--pots", type=positive_int, default=3, help="pots to boil (default: 3)")
    parser.add_argument("--minutes", type=positive_float, default=10, help="boiling time (default: 10)")
    args = parser.parse_args()

    served = {}
    for name, chef in [("forgot the await", forgetful_chef), ("awaited", careful_chef)]:
        print(f"-- {name}")
        clock = Clock(args.scale, phase=name)
        boiled: list[int] = []
        asyncio.run(chef(clock, args.pots, args.minutes, boiled))
        clock.log("chef", f"serves {len(boiled)} of {args.pots} pots of pasta")
        served[name] = (len(boiled), clock.elapsed())

    print()
    for name, (count, seconds) in served.items():
        minutes = seconds / args.scale
        print(f"{name:17} {count} of {args.pots} pots cooked, served after {minutes:4.1f} min")
    report(
        forgot_cooked=served["forgot the await"][0], forgot_s=served["forgot the await"][1],
        awaited_cooked=served["awaited"][0], awaited_s=served["awaited"][1],
        pots=args.pots, boil_s=args.minutes * args.scale,
    )


if __name__ == "__main__":
    main()
