"""A pool worker killed for real: the pool breaks, its orders fail."""

import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

# kitchen: hide-start
import multiprocessing
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import add_start_method, kitchen_parser, positive_int, report
# kitchen: hide-end


def cook(order: int, seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def burn_down(orders: int, scale: float, ctx) -> dict:
    pool = ProcessPoolExecutor(2, mp_context=ctx)
    victim = pool.submit(cook, 0, 0).result()  # a worker's pid
    futures = [pool.submit(cook, n, 10 * scale) for n in range(1, orders + 1)]
    os.kill(victim, signal.SIGKILL)  # kitchen: highlight
    outcome = {}
    for n, future in enumerate(futures, 1):
        try:
            outcome[n] = f"cooked in {future.result()}"
        except BrokenProcessPool as exc:  # kitchen: highlight
            outcome[n] = f"{type(exc).__name__}"
    try:
        pool.submit(cook, 99, 0)
    except BrokenProcessPool as exc:
        outcome["a new order"] = f"refused: {exc}"
    pool.shutdown()
    return outcome


def stop_now(scale: float, ctx) -> list[str]:  # Python 3.14+
    pool = ProcessPoolExecutor(2, mp_context=ctx)
    futures = [pool.submit(cook, n, 100 * scale) for n in range(4)]
    pool.terminate_workers()  # SIGTERM now; kill_workers() sends SIGKILL
    return ["cancelled" if f.cancelled() else type(f.exception()).__name__
            for f in futures]


# kitchen: hide-start
def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--orders", type=positive_int, default=4, help="orders (default: 4)")
    add_start_method(parser)
    args = parser.parse_args()
    ctx = multiprocessing.get_context(args.start_method)
    outcome = burn_down(args.orders, args.scale, ctx)
    for order, what in outcome.items():
        print(f"{'order ' + str(order) if isinstance(order, int) else order}: {what}")
    stopped = None
    if hasattr(ProcessPoolExecutor, "terminate_workers"):
        began = time.monotonic()
        stopped = stop_now(args.scale, ctx)
        took = time.monotonic() - began
        print(f"\nterminate_workers(): the four orders ended as {', '.join(stopped)}, "
              f"{took:.2f} s after they were sent (each needed {100 * args.scale:.0f} s)")
    else:
        print(f"\nterminate_workers() and kill_workers() need Python 3.14+ "
              f"(this is {sys.version.split()[0]})")
    report(outcome={str(k): v for k, v in outcome.items()}, orders=args.orders,
           stopped=stopped, took_s=took if stopped else None, would_take_s=100 * args.scale)


if __name__ == "__main__":
    main()
# kitchen: hide-end
