"""Per-cook and per-order state: threading.local against a ContextVar.

threading.local gives each thread its own value. asyncio runs every task on one
thread, so all tasks share one threading.local. A ContextVar is per task: each
task runs in its own copy of the context, and asyncio switches contexts with
the task.
"""

import asyncio
import contextvars
import threading
import time

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import kitchen_parser, positive_int, report
# kitchen: hide-end

ticket = threading.local()
current_order = contextvars.ContextVar("current_order")


def thread_cook(order: int, minute: float) -> int:
    ticket.order = order  # this thread's own slot
    time.sleep(minute)
    return ticket.order


async def task_cook_local(order: int, minute: float) -> int:
    ticket.order = order  # one thread for all tasks: one slot for all
    await asyncio.sleep(minute)
    return ticket.order  # whoever wrote last


async def task_cook_var(order: int, minute: float) -> int:
    current_order.set(order)  # this task's own context  # kitchen: highlight
    await asyncio.sleep(minute)
    return current_order.get()


# kitchen: hide-start
def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--orders", type=positive_int, default=4, help="orders (default: 4)")
    args = parser.parse_args()
    orders = list(range(1, args.orders + 1))

    def threads() -> list[int]:
        got: dict[int, int] = {}
        cooks = [threading.Thread(target=lambda n=n: got.__setitem__(n, thread_cook(n, args.scale)))
                 for n in orders]
        for t in cooks:
            t.start()
        for t in cooks:
            t.join()
        return [got[n] for n in orders]

    async def tasks(cook) -> list[int]:
        return list(await asyncio.gather(*(cook(n, args.scale) for n in orders)))

    seen = {
        "threads + threading.local": threads(),
        "tasks + threading.local": asyncio.run(tasks(task_cook_local)),
        "tasks + ContextVar": asyncio.run(tasks(task_cook_var)),
    }
    print(f"{'':28}{'each cook read back its order as':>34}")
    for name, got in seen.items():
        wrong = sum(g != n for g, n in zip(got, orders))
        print(f"{name:28}{' '.join(map(str, got)):>34}   {wrong} wrong")
    report(orders=orders, seen=seen)


if __name__ == "__main__":
    main()
# kitchen: hide-end
