"""Chopping in a coroutine freezes the event loop: a timer shows how long."""

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, positive_float, positive_int, report, timed
from _kitchen import chop, units_for
# kitchen: hide-end
import asyncio
import time


async def ticker(tick: float, gaps: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        began = time.perf_counter()
        await asyncio.sleep(tick)
        gaps.append(time.perf_counter() - began)  # how long it really waited


@timed("order {n}", "boiling", kind="wait")  # kitchen: hide
async def boil(n: int, seconds: float) -> None:
    await asyncio.sleep(seconds)


@timed("order {n}", "chopping (no await inside)", kind="work")  # kitchen: hide
def prepare(n: int, units: int) -> None:
    chop(units)  # pure-Python CPU work (from _kitchen)


async def order(n: int, boil_s: float, units: int) -> None:
    await boil(n, boil_s)
    prepare(n, units)  # a plain call: the loop waits for it  # kitchen: highlight


async def service(orders: range, boil_s: float, units: int, tick: float):
    gaps: list[float] = []
    stop = asyncio.Event()
    timer = asyncio.create_task(ticker(tick, gaps, stop))
    await asyncio.gather(*(order(n, boil_s, units) for n in orders))
    stop.set()
    await timer
    return gaps
# kitchen: hide-start


def parse_args():
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    parser.add_argument("--orders", type=positive_int, default=3, help="orders to cook (default: 3)")
    parser.add_argument("--boil", type=positive_float, default=10, help="boiling minutes (default: 10)")
    parser.add_argument("--chop", type=positive_float, default=10, help="chopping minutes of CPU (default: 10)")
    return parser.parse_args()


def show(args, total: float, gaps: list[float]) -> None:
    longest = max(gaps)
    print(f"\nservice took {total:.2f} s")
    print(f"a timer meant to tick every kitchen minute ({args.scale:.3f} s) once waited {longest:.2f} s,")
    print(f"that is {longest / args.scale:.0f} kitchen minutes in which nothing else in the loop could run")
    report(total_s=total, longest_gap_s=longest, tick_s=args.scale, chop_s=args.chop * args.scale,
           orders=args.orders)
# kitchen: hide-end


if __name__ == "__main__":
    args = parse_args()  # kitchen: hide
    units = units_for(args.chop * args.scale)  # chopping's CPU work, measured
    orders, boil_s = range(1, args.orders + 1), args.boil * args.scale
    clock = Clock(args.scale)  # kitchen: hide
    gaps = asyncio.run(service(orders, boil_s, units, tick=args.scale))
    show(args, clock.elapsed(), gaps)  # kitchen: hide
