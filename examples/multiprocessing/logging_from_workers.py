"""Logging from threads and from worker processes: one handler, whole lines.

Threads share their process's handlers; worker processes send records home.
"""

import logging
import logging.handlers
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

# kitchen: hide-start
import multiprocessing
import os
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import add_start_method, kitchen_parser, positive_int, report

FORMAT = "%(process)d %(processName)-14s %(threadName)-24s %(message)s"
# kitchen: hide-end


def chef(order: int) -> None:  # runs in a thread or in a worker process
    for step in ("chops", "plates"):
        logging.getLogger("kitchen").info("order %d: %s", order, step)


def with_threads(orders: int) -> None:
    # Each handler holds a lock while it writes a record: nothing to add.
    with ThreadPoolExecutor(orders) as pool:
        list(pool.map(chef, range(1, orders + 1)))


def send_logs_to(queue) -> None:  # each worker's initializer
    root = logging.getLogger()
    root.handlers[:] = [logging.handlers.QueueHandler(queue)]  # kitchen: highlight
    root.setLevel(logging.INFO)


def with_processes(orders: int, workers: int, ctx) -> None:
    queue = ctx.Queue()
    handlers = logging.getLogger().handlers  # the parent's real ones
    listener = logging.handlers.QueueListener(queue, *handlers)  # kitchen: highlight
    listener.start()
    try:
        with ProcessPoolExecutor(workers, mp_context=ctx,
                                 initializer=send_logs_to,
                                 initargs=(queue,)) as pool:
            list(pool.map(chef, range(1, orders + 1)))
    finally:
        listener.stop()  # writes out what is still queued


# kitchen: hide-start
class Tally(logging.Handler):
    """Counts the records that reached the parent's handlers, by process id."""

    def __init__(self):
        super().__init__()
        self.pids: list[int] = []

    def emit(self, record) -> None:
        self.pids.append(record.process)


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.01)
    parser.add_argument("--orders", type=positive_int, default=4, help="orders (default: 4)")
    parser.add_argument("--workers", type=positive_int, default=2,
                        help="worker processes (default: 2)")
    add_start_method(parser)
    args = parser.parse_args()
    ctx = multiprocessing.get_context(args.start_method)
    logging.basicConfig(level=logging.INFO, format=FORMAT, stream=sys.stdout)
    tally = Tally()
    logging.getLogger().addHandler(tally)
    counts = {}
    for name, run in (("threads", lambda: with_threads(args.orders)),
                      ("processes", lambda: with_processes(args.orders, args.workers, ctx))):
        print(f"-- {name}")
        sys.stdout.flush()
        tally.pids.clear()
        run()
        sys.stdout.flush()
        counts[name] = {"records": len(tally.pids), "pids": sorted(set(tally.pids))}
    report(orders=args.orders, steps=2, parent_pid=os.getpid(), counts=counts,
           start_method=ctx.get_start_method())


if __name__ == "__main__":
    main()
# kitchen: hide-end
