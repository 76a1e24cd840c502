"""Three pots of pasta: boiled one after another, then all at once with asyncio.gather.

Boiling is waiting, not working: while the water does its thing the chef (the one
thread running the event loop) is free to start the next pot.
"""

import asyncio

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, positive_float, positive_int, report
# kitchen: hide-end


async def boil(clock: Clock, pot: int, minutes: float) -> None:
    with clock.step(f"pot {pot}", "boiling pasta", kind="wait"):
        await asyncio.sleep(minutes * clock.scale)  # the chef is free during this await


async def one_after_another(clock: Clock, pots: int, minutes: float) -> None:
    for pot in range(1, pots + 1):
        await boil(clock, pot, minutes)  # awaiting a coroutine directly: no overlap


async def all_at_once(clock: Clock, pots: int, minutes: float) -> None:
    await asyncio.gather(*(boil(clock, pot, minutes) for pot in range(1, pots + 1)))


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    parser.add_argument("--pots", type=positive_int, default=3, help="pots to boil (default: 3)")
    parser.add_argument(
        "--minutes", type=positive_float, default=10, help="boiling time per pot (default: 10)"
    )
    args = parser.parse_args()

    timings = {}
    for name, plan in [("one after another", one_after_another), ("asyncio.gather", all_at_once)]:
        print(f"-- {name}")
        clock = Clock(args.scale, phase=name)
        asyncio.run(plan(clock, args.pots, args.minutes))
        timings[name] = clock.elapsed()

    sequential, together = timings["one after another"], timings["asyncio.gather"]
    print(f"\none after another: {sequential:.2f} s  (ideal {args.pots * args.minutes * args.scale:.2f} s)")
    print(f"asyncio.gather:    {together:.2f} s  (ideal {args.minutes * args.scale:.2f} s)")
    print(f"speed-up: x{sequential / together:.2f} with {args.pots} pots")
    report(sequential_s=sequential, gather_s=together, pots=args.pots, boil_s=args.minutes * args.scale)


if __name__ == "__main__":
    main()
