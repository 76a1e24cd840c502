"""The order-ticket rail with queue.Queue: when the rail is full, the waiter waits.

The waiter (producer thread) takes an order every minute and pins the ticket on
the rail; the cook (consumer thread) needs three minutes in the oven per dish.
With a rail of limited length (`maxsize`), `put` blocks when it is full, so the
waiter slows down to the kitchen's pace: that is backpressure. With no limit the
waiter never waits, and the tickets pile up on the rail instead.
"""

import queue
import threading
import time

from _kitchen import Clock, kitchen_parser, positive_float, positive_int, report

CLOSED = None  # the last ticket: no more orders tonight


def waiter(clock: Clock, rail: queue.Queue, args, stats: dict) -> None:
    for n in range(1, args.orders + 1):
        time.sleep(args.take * clock.scale)  # at the table, taking the order
        ticket = (n, clock.elapsed())
        began = clock.elapsed()
        if rail.full():
            with clock.step("waiter", f"holding ticket {n}: the rail is full", kind="wait"):
                rail.put(ticket)
        else:
            rail.put(ticket)
        stats["blocked_s"] += clock.elapsed() - began
        depth = rail.qsize()
        stats["max_depth"] = max(stats["max_depth"], depth)
        clock.log("waiter", f"pins ticket {n}; {depth} on the rail")
    rail.put(CLOSED)


def cook(clock: Clock, rail: queue.Queue, oven_minutes: float, stats: dict) -> None:
    while (ticket := rail.get()) is not CLOSED:
        n, pinned = ticket
        stats["on_rail_s"].append(clock.elapsed() - pinned)
        began = clock.elapsed()
        with clock.step("cook", f"ticket {n} in the oven", kind="wait"):
            time.sleep(oven_minutes * clock.scale)
        stats["cooking_s"] += clock.elapsed() - began
    stats["kitchen_done_s"] = clock.elapsed()


def service(name: str, maxsize: int, args) -> dict:
    clock = Clock(args.scale, phase=name)
    rail: queue.Queue = queue.Queue(maxsize=maxsize)  # 0 means no limit
    stats = {"blocked_s": 0.0, "max_depth": 0, "on_rail_s": [], "cooking_s": 0.0}
    staff = [
        threading.Thread(target=waiter, args=(clock, rail, args, stats)),
        threading.Thread(target=cook, args=(clock, rail, args.cook, stats)),
    ]
    for t in staff:
        t.start()
    for t in staff:
        t.join()
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
        results[name] = service(name, maxsize, args)

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
