"""Three pots of pasta: boiled in turn, then all at once with asyncio.gather.

Boiling is waiting, not working: while the water boils, the chef (the one
thread running the event loop) is free to put the next pot on.
"""

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, positive_float, positive_int, report, timed
# kitchen: hide-end
import asyncio


@timed("pot {pot}", "boiling pasta", kind="wait")  # kitchen: hide
async def boil(pot: int, seconds: float) -> None:
    await asyncio.sleep(seconds)  # the chef is free during this await


async def one_after_another(pots: int, seconds: float) -> None:
    for pot in range(1, pots + 1):
        await boil(pot, seconds)  # awaiting a coroutine: no overlap  # kitchen: highlight


async def all_at_once(pots: int, seconds: float) -> None:
    boils = (boil(pot, seconds) for pot in range(1, pots + 1))
    await asyncio.gather(*boils)  # each boil becomes a task  # kitchen: highlight


# kitchen: hide-start
def parse_args():
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    parser.add_argument("--pots", type=positive_int, default=3, help="pots to boil (default: 3)")
    parser.add_argument(
        "--minutes", type=positive_float, default=10, help="boiling time per pot (default: 10)"
    )
    return parser.parse_args()


def show(args, timings: dict) -> None:
    sequential, together = timings["one after another"], timings["asyncio.gather"]
    print(f"\none after another: {sequential:.2f} s  (ideal {args.pots * args.minutes * args.scale:.2f} s)")
    print(f"asyncio.gather:    {together:.2f} s  (ideal {args.minutes * args.scale:.2f} s)")
    print(f"speed-up: x{sequential / together:.2f} with {args.pots} pots")
    report(sequential_s=sequential, gather_s=together, pots=args.pots, boil_s=args.minutes * args.scale)
# kitchen: hide-end


def main() -> None:
    args = parse_args()  # kitchen: hide
    seconds = args.minutes * args.scale  # real seconds per boil
    timings = {}  # kitchen: hide
    for name, plan in [("one after another", one_after_another),
                       ("asyncio.gather", all_at_once)]:
        print(f"-- {name}")  # kitchen: hide
        clock = Clock(args.scale, phase=name)  # kitchen: hide
        asyncio.run(plan(args.pots, seconds))
        timings[name] = clock.elapsed()  # kitchen: hide
    show(args, timings)  # kitchen: hide


if __name__ == "__main__":
    main()
