"""The order-ticket rail with asyncio.Queue: a full rail suspends the waiter.

The same service as with threads, run by one chef who switches between jobs:
the waiter job takes an order every minute, the cook job puts each dish in the
oven for three minutes. A bounded `asyncio.Queue` suspends the waiter job at a
full rail, so orders come in at the kitchen's pace; without a limit the tickets
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


async def waiter(rail: asyncio.Queue, orders: int, take_s: float) -> None:
    for n in range(1, orders + 1):
        await asyncio.sleep(take_s)  # at the table, taking the order
        await rail.put(n)  # suspends while the rail is full  # kitchen: highlight
    await rail.put(CLOSED)


async def cook(rail: asyncio.Queue, oven_s: float) -> None:
    while (ticket := await rail.get()) is not CLOSED:  # kitchen: highlight
        await asyncio.sleep(oven_s)  # ticket's dish in the oven


async def evening(maxsize: int, orders: int, take_s: float, oven_s: float):
    rail = asyncio.Queue(maxsize=maxsize)  # 0 means no limit  # kitchen: highlight
    rail = MeasuredRail(rail)  # kitchen: hide
    await asyncio.gather(waiter(rail, orders, take_s), cook(rail, oven_s))


# kitchen: hide-start
class MeasuredRail:
    """Measures a asyncio.Queue for the timeline and the table; the rail is the real one.

    A put that would block is drawn as a wait. put_nowait decides that without a
    check-then-act: another job cannot fill the rail between a look and a put.
    """

    clock: Clock  # set by main() for each evening
    last: "MeasuredRail"

    def __init__(self, rail: asyncio.Queue):
        self.rail, self.clock = rail, MeasuredRail.clock
        MeasuredRail.last = self
        self.pinned: dict = {}  # ticket -> when the waiter held it out
        self.oven = None  # (ticket, began) of the dish the cook is on
        self.stats = {"blocked_s": 0.0, "max_depth": 0, "on_rail_s": [], "cooking_s": 0.0}

    async def put(self, ticket) -> None:
        began = self.pinned[ticket] = self.clock.elapsed()
        try:
            self.rail.put_nowait(ticket)
        except asyncio.QueueFull:
            with self.clock.step("waiter", f"holding ticket {ticket}: the rail is full",
                                 kind="wait"):
                await self.rail.put(ticket)
        self.stats["blocked_s"] += self.clock.elapsed() - began
        if ticket is not CLOSED:
            depth = self.rail.qsize()
            self.stats["max_depth"] = max(self.stats["max_depth"], depth)
            self.clock.log("waiter", f"pins ticket {ticket}; {depth} on the rail")

    async def get(self):
        self._out_of_oven()
        ticket = await self.rail.get()
        now = self.clock.elapsed()
        if ticket is CLOSED:
            self.stats["kitchen_done_s"] = now
        else:
            self.stats["on_rail_s"].append(now - self.pinned[ticket])
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
    parser.add_argument("--rail", type=positive_int, default=3,
                        help="tickets the bounded rail holds (default: 3)")
    args = parser.parse_args()
    m = args.scale  # seconds per kitchen minute

    results = {}
    for name, maxsize in [(f"rail of {args.rail}", args.rail), ("rail without limit", 0)]:
        print(f"-- {name}")
        MeasuredRail.clock = Clock(args.scale, phase=name)
        asyncio.run(evening(maxsize, args.orders, args.take * m, args.cook * m))
        results[name] = MeasuredRail.last.stats

    print(f"\n{'':20}{'waiter blocked':>16}{'max on rail':>13}{'longest on rail':>17}"
          f"{'cook busy':>11}")
    for name, s in results.items():
        s["busy"] = s["cooking_s"] / s["kitchen_done_s"]  # the share of the evening spent cooking
        print(f"{name:20}{s['blocked_s'] / m:12.1f} min{s['max_depth']:13}"
              f"{max(s['on_rail_s']) / m:13.1f} min{s['busy']:11.0%}")
    bounded, unbounded = results[f"rail of {args.rail}"], results["rail without limit"]
    report(
        rail=args.rail, orders=args.orders, minute_s=m,
        bounded_blocked_s=bounded["blocked_s"], unbounded_blocked_s=unbounded["blocked_s"],
        bounded_max_depth=bounded["max_depth"], unbounded_max_depth=unbounded["max_depth"],
        bounded_longest_on_rail_s=max(bounded["on_rail_s"]),
        unbounded_longest_on_rail_s=max(unbounded["on_rail_s"]),
        bounded_busy=bounded["busy"], unbounded_busy=unbounded["busy"],
    )


if __name__ == "__main__":
    main()
# kitchen: hide-end
