"""The ticket tray with asyncio.Queue: a full tray suspends the waiter.

The same service as with threads, run by one chef who switches between jobs:
the waiter job takes an order every minute, the cook job puts each dish in the
oven for three minutes. A bounded `asyncio.Queue` suspends the waiter job at a
full tray, so orders come in at the kitchen's pace; without a limit the tickets
pile up.
"""

import asyncio

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, positive_float, positive_int, record, report
# kitchen: hide-end

CLOSED = None  # the last ticket: no more orders tonight


async def waiter(tray: asyncio.Queue, orders: int, take_s: float) -> None:
    for n in range(1, orders + 1):
        await asyncio.sleep(take_s)  # at the table, taking the order
        await tray.put(n)  # suspends while the tray is full  # kitchen: highlight
    await tray.put(CLOSED)


async def cook(tray: asyncio.Queue, oven_s: float) -> None:
    while (ticket := await tray.get()) is not CLOSED:  # kitchen: highlight
        await asyncio.sleep(oven_s)  # ticket's dish in the oven


async def evening(maxsize: int, orders: int, take_s: float, oven_s: float):
    tray = asyncio.Queue(maxsize=maxsize)  # 0 means no limit  # kitchen: highlight
    tray = MeasuredTray(tray)  # kitchen: hide
    await asyncio.gather(waiter(tray, orders, take_s), cook(tray, oven_s))


# kitchen: hide-start
class MeasuredTray:
    """Measures a asyncio.Queue for the timeline and the table; the tray is the real one.

    A put that would block is drawn as a wait. put_nowait decides that without a
    check-then-act: another job cannot fill the tray between a look and a put.
    """

    clock: Clock  # set by main() for each evening
    last: "MeasuredTray"

    def __init__(self, tray: asyncio.Queue):
        self.tray, self.clock = tray, MeasuredTray.clock
        MeasuredTray.last = self
        self.pinned: dict = {}  # ticket -> when the waiter held it out
        self.oven = None  # (ticket, began) of the dish the cook is on
        self.stats = {"blocked_s": 0.0, "max_depth": 0, "in_tray_s": [], "cooking_s": 0.0}

    async def put(self, ticket) -> None:
        began = self.pinned[ticket] = self.clock.elapsed()
        try:
            self.tray.put_nowait(ticket)
        except asyncio.QueueFull:
            with self.clock.step("waiter", f"holding ticket {ticket}: the tray is full",
                                 kind="wait"):
                await self.tray.put(ticket)
        self.stats["blocked_s"] += self.clock.elapsed() - began
        if ticket is not CLOSED:
            depth = self.tray.qsize()
            self.stats["max_depth"] = max(self.stats["max_depth"], depth)
            self.clock.log("waiter", f"drops ticket {ticket} in; {depth} in the tray")

    async def get(self):
        self._out_of_oven()
        ticket = await self.tray.get()
        now = self.clock.elapsed()
        if ticket is CLOSED:
            self.stats["kitchen_done_s"] = now
        else:
            self.stats["in_tray_s"].append(now - self.pinned[ticket])
            self.oven = (ticket, now)
            self.clock.log("cook", f"starts ticket {ticket} in the oven")
        return ticket

    def _out_of_oven(self) -> None:
        """The cook asks for the next ticket when the last dish is out of the oven."""
        if self.oven is not None:
            (ticket, began), end = self.oven, self.clock.elapsed()
            self.clock.log("cook", f"finishes ticket {ticket} in the oven")
            record(phase=self.clock.phase, lane="cook", label=f"ticket {ticket} in the oven",
                   kind="wait", start=began, end=end)
            self.stats["cooking_s"] += end - began
            self.oven = None


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--orders", type=positive_int, default=12,
                        help="orders tonight (default: 12)")
    parser.add_argument("--take", type=positive_float, default=1,
                        help="minutes to take one order (default: 1)")
    parser.add_argument("--cook", type=positive_float, default=3,
                        help="oven minutes per dish (default: 3)")
    parser.add_argument("--tray", type=positive_int, default=3,
                        help="tickets the bounded tray holds (default: 3)")
    args = parser.parse_args()
    m = args.scale  # seconds per kitchen minute

    results = {}
    for name, maxsize in [(f"tray of {args.tray}", args.tray), ("tray without limit", 0)]:
        print(f"-- {name}")
        MeasuredTray.clock = Clock(args.scale, phase=name)
        asyncio.run(evening(maxsize, args.orders, args.take * m, args.cook * m))
        results[name] = MeasuredTray.last.stats

    print(f"\n{'':20}{'waiter blocked':>16}{'most in tray':>13}{'longest in tray':>17}"
          f"{'cook busy':>11}")
    for name, s in results.items():
        s["busy"] = s["cooking_s"] / s["kitchen_done_s"]  # the share of the evening spent cooking
        print(f"{name:20}{s['blocked_s'] / m:12.1f} min{s['max_depth']:13}"
              f"{max(s['in_tray_s']) / m:13.1f} min{s['busy']:11.0%}")
    bounded, unbounded = results[f"tray of {args.tray}"], results["tray without limit"]
    report(
        tray=args.tray, orders=args.orders, minute_s=m,
        bounded_blocked_s=bounded["blocked_s"], unbounded_blocked_s=unbounded["blocked_s"],
        bounded_max_depth=bounded["max_depth"], unbounded_max_depth=unbounded["max_depth"],
        bounded_longest_in_tray_s=max(bounded["in_tray_s"]),
        unbounded_longest_in_tray_s=max(unbounded["in_tray_s"]),
        bounded_busy=bounded["busy"], unbounded_busy=unbounded["busy"],
    )


if __name__ == "__main__":
    main()
# kitchen: hide-end
