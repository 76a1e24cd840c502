"""asyncio's debug mode names the task that held the loop too long."""

import asyncio
import time

# kitchen: hide-start
import logging
import re
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import kitchen_parser, positive_int, report
# kitchen: hide-end


async def heartbeat(ticks: list, minute: float) -> None:
    while True:
        ticks.append(time.monotonic())
        await asyncio.sleep(minute)


async def sauce(minute: float, stir: int) -> None:
    await asyncio.sleep(minute)
    time.sleep(stir * minute)  # a blocking call: the whole loop stands still


async def service(minute: float, stir: int) -> list:
    loop = asyncio.get_running_loop()
    loop.slow_callback_duration = 2 * minute  # the default is 0.1 s
    ticks: list = []
    beat = asyncio.create_task(heartbeat(ticks, minute), name="heartbeat")
    await asyncio.create_task(sauce(minute, stir), name="blocking-sauce")
    await asyncio.sleep(2 * minute)  # one more beat after the stall
    beat.cancel()
    return ticks


def run(minute: float, stir: int) -> list:
    # Also: PYTHONASYNCIODEBUG=1, or python -X dev
    return asyncio.run(service(minute, stir), debug=True)  # kitchen: highlight


# kitchen: hide-start
class Kept(logging.Handler):
    def __init__(self):
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record) -> None:
        self.messages.append(record.getMessage())


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.05)
    parser.add_argument("--stir", type=positive_int, default=6,
                        help="minutes the sauce is stirred with a blocking call (default: 6)")
    args = parser.parse_args()
    logging.basicConfig(stream=sys.stdout, format="%(levelname)s %(name)s: %(message)s")
    kept = Kept()
    logging.getLogger("asyncio").addHandler(kept)
    ticks = run(args.scale, args.stir)
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    longest = max(gaps) / args.scale
    print(f"\nheartbeat: {len(ticks)} ticks; the longest gap was {longest:.1f} minutes, not 1")
    slow = [m for m in kept.messages if "took" in m]
    took = [float(x) for m in slow for x in re.findall(r"took ([\d.]+) seconds", m)]
    report(slow=slow, took_s=took, longest_gap_min=longest, stir=args.stir, minute_s=args.scale,
           threshold_s=2 * args.scale)


if __name__ == "__main__":
    main()
# kitchen: hide-end
