"""The order-ticket rail with asyncio.Queue: `await rail.put(...)` waits while the rail is full.

The same service as with threads, run by one chef who switches between jobs:
the waiter job takes an order every minute, the cook job puts each dish in the
oven for three minutes. A bounded `asyncio.Queue` suspends the waiter job at a
full rail, so orders come in at the kitchen's pace; without a limit the tickets
pile up.
"""

import asyncio

from _kitchen import Clock, kitchen_parser, positive_float, positive_int, report

CLOSED = None  # the last ticket: no more orders tonight


async def waiter(clock: Clock, rail: asyncio.Queue, args, stats: dict) -> None:
    for n in range(1, args.orders + 1):
        await asyncio.sleep(args.take * clock.scale)  # at the table, taking the order
        ticket = (n, clock.elapsed())
        began = clock.elapsed()
        if rail.full():
            with clock.step("waiter", f"holding ticket {n}: the rail is full", kind="wait"):
                await rail.put(ticket)
        else:
            await rail.put(ticket)
        stats["blocked_s"] += clock.elapsed() - began
        depth = rail.qsize()
        stats["max_depth"] = max(stats["max_depth"], depth)
        clock.log("waiter", f"pins ticket {n}; {depth} on the rail")
    await rail.put(CLOSED)


async def cook(clock: Clock, rail: asyncio.Queue, oven_minutes: float, stats: dict) -> None:
    while (ticket := await rail.get()) is not CLOSED:
        n, pinned = ticket
        stats["on_rail_s"].append(clock.elapsed() - pinned)
        began = clock.elapsed()
        with clock.step("cook", f"ticket {n} in the oven", kind="wait"):
            await asyncio.sleep(oven_minutes * clock.scale)
        stats["cooking_s"] += clock.elapsed() - began
    stats["kitchen_done_s"] = clock.elapsed()


async def service(name: str, maxsize: int, args) -> dict:
    clock = Clock(args.scale, phase=name)
    rail: asyncio.Queue = asyncio.Queue(maxsize=maxsize)  # 0 means no limit
    stats = {"blocked_s": 0.0, "max_depth": 0, "on_rail_s": [], "cooking_s": 0.0}
    await asyncio.gather(waiter(clock, rail, args, stats), cook(clock, rail, args.cook, stats))
    return stats


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--orders", type=positive_int, default=12, help="orders tonight (default: 12)")
    parser.add_argument("--take", type=positive_float, default=1,
                        help="minutes to take one order (default: 1)")
    parser.add_argument("--cook", type=positive_float, default=3,
                        help="oven minutes per dish (default: 3)")
    parser.add_argument("--rail", type=positive_int, default=3,
                        help="tickets the bounded rail holds (default: 3)")
    args = parser.parse_args()

    results = {}
    for name, maxsize in [(f"rail of {args.rail}", args.rail), ("rail without limit", 0)]:
        print(f"-- {name}")
        results[name] = asyncio.run(service(name, maxsize, args))

    m = args.scale  # seconds per kitchen minute
    print(f"\n{'':20}{'waiter blocked':>16}{'max on rail':>13}{'longest on rail':>17}{'cook busy':>11}")
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
