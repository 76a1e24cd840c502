"""Closing the ticket tray: Queue.shutdown() (3.13+) ends every waiting get().

The waiter drops the evening's tickets in the tray and closes it. The cooks
take what is left, then their next get() raises instead of waiting forever:
no sentinel per cook, and a put() after closing fails loudly.
"""

import asyncio
import queue
import threading

# kitchen: hide-start
# /// script
# requires-python = ">=3.13"
# ///
import platform
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import kitchen_parser, positive_int, report
# kitchen: hide-end


async def cook(name: str, tray: asyncio.Queue, served: list) -> None:
    while True:
        try:
            ticket = await tray.get()
        except asyncio.QueueShutDown:  # closed, and empty  # kitchen: highlight
            return
        served.append((name, ticket))
        await asyncio.sleep(0)  # plating: the other cook gets a turn


async def evening(orders: int):
    tray: asyncio.Queue = asyncio.Queue()
    served: list = []
    cooks = [asyncio.create_task(cook(name, tray, served))
             for name in ("Ana", "Ben")]
    for ticket in range(1, orders + 1):
        await tray.put(ticket)
    tray.shutdown()  # no more tickets tonight  # kitchen: highlight
    await asyncio.gather(*cooks)  # both cooks end once the tray is empty
    return served, sum(c.done() for c in cooks)  # kitchen: hide


def thread_cook(tray: queue.Queue, served: list) -> None:
    while True:
        try:
            served.append(tray.get())
        except queue.ShutDown:  # the same for threads  # kitchen: highlight
            return


# kitchen: hide-start
def thread_evening(orders: int) -> tuple[list, str, int]:
    tray: queue.Queue = queue.Queue()
    served: list = []
    cooks = [threading.Thread(target=thread_cook, args=(tray, served)) for _ in range(2)]
    for t in cooks:
        t.start()
    for ticket in range(1, orders + 1):
        tray.put(ticket)
    tray.shutdown()
    for t in cooks:
        t.join()
    try:
        tray.put(orders + 1)
        late = "accepted"
    except queue.ShutDown as exc:
        late = f"refused: {type(exc).__name__}"
    return served, late, sum(not t.is_alive() for t in cooks)


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.01)
    parser.add_argument("--orders", type=positive_int, default=6, help="tickets (default: 6)")
    args = parser.parse_args()
    if sys.version_info < (3, 13):
        print(f"needs Python 3.13+ (this is {platform.python_version()})", file=sys.stderr)
        sys.exit(3)
    served, ended = asyncio.run(evening(args.orders))
    print("asyncio.Queue:", ", ".join(f"{cook} {ticket}" for cook, ticket in served))
    print(f"{ended} of 2 cooks ended after the tray closed and emptied")
    threaded, late, threads_ended = thread_evening(args.orders)
    print(f"queue.Queue: {len(threaded)} tickets served by two threads, {threads_ended} ended; "
          f"a put after shutdown was {late}")
    report(orders=args.orders, served=[t for _, t in served], ended=ended,
           cooks=sorted({c for c, _ in served}),
           threaded=sorted(threaded), late=late, threads_ended=threads_ended)


if __name__ == "__main__":
    main()
# kitchen: hide-end
