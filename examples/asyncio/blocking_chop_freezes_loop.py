"""Chopping inside a coroutine freezes the event loop: a ticker shows how long it stood still.

The chef is the one thread running the loop. While he chops (pure-Python CPU
work, no await) nothing else in the kitchen moves, not even a kitchen timer
that only wants to tick once a minute.
"""

import asyncio

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, chop, kitchen_parser, positive_float, positive_int, report, units_for
# kitchen: hide-end


async def ticker(clock: Clock, gaps: list[float], stop: asyncio.Event) -> None:
    """Wakes every kitchen minute and notes how late each wake-up really was."""
    last = clock.elapsed()
    while not stop.is_set():
        await asyncio.sleep(clock.scale)
        now = clock.elapsed()
        gaps.append(now - last)
        last = now


async def order(clock: Clock, n: int, boil_minutes: float, chop_units: int) -> None:
    with clock.step(f"order {n}", "boiling", kind="wait"):
        await asyncio.sleep(boil_minutes * clock.scale)
    with clock.step(f"order {n}", "chopping (no await inside)", kind="work"):
        chop(chop_units)  # a plain call: the loop cannot run anything else until it returns


async def service(args) -> tuple[float, list[float]]:
    chop_units = units_for(args.chop * args.scale)  # measured before the clock starts
    clock = Clock(args.scale)
    gaps: list[float] = []
    stop = asyncio.Event()
    timer = asyncio.create_task(ticker(clock, gaps, stop))
    await asyncio.gather(*(order(clock, n, args.boil, chop_units) for n in range(1, args.orders + 1)))
    stop.set()
    await timer
    return clock.elapsed(), gaps


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    parser.add_argument("--orders", type=positive_int, default=3, help="orders to cook (default: 3)")
    parser.add_argument("--boil", type=positive_float, default=10, help="boiling minutes (default: 10)")
    parser.add_argument("--chop", type=positive_float, default=10, help="chopping minutes of CPU (default: 10)")
    args = parser.parse_args()

    total, gaps = asyncio.run(service(args))
    longest = max(gaps)
    print(f"\nservice took {total:.2f} s")
    print(f"a timer meant to tick every kitchen minute ({args.scale:.3f} s) once waited {longest:.2f} s,")
    print(f"that is {longest / args.scale:.0f} kitchen minutes in which nothing else in the loop could run")
    report(total_s=total, longest_gap_s=longest, tick_s=args.scale, chop_s=args.chop * args.scale,
           orders=args.orders)


if __name__ == "__main__":
    main()
