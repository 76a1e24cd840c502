"""What it costs to open a kitchen: N processes per start method, N threads.

Each batch starts N workers that do nothing, then waits for all of them. The
first batch of a method is timed on its own (forkserver starts its server
then). Of the later batches the fastest counts: the one least disturbed by
other programs.
"""

import multiprocessing
import threading
import time

# kitchen: hide-start
import os
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, add_start_method, kitchen_parser, positive_int, report

CLOCK: Clock  # the log's clock, set by main()
# kitchen: hide-end


def nothing() -> None:
    """The whole order: open the kitchen, close it again."""


def batch(make, n: int) -> float:
    """Start n workers, wait for all of them; seconds taken."""
    began = time.perf_counter()
    workers = [make(target=nothing) for _ in range(n)]  # kitchen: highlight
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    took = time.perf_counter() - began
    if any(getattr(w, "exitcode", 0) != 0 for w in workers):
        raise SystemExit(f"a worker failed: {[w.exitcode for w in workers]}")
    return took


def costs(methods: list[str], n: int, repeats: int) -> tuple[dict, dict]:
    makers = {m: multiprocessing.get_context(m).Process for m in methods}
    makers["threads"] = threading.Thread
    first, later = {}, {}
    for name, make in makers.items():
        first[name] = batch(make, n)  # kitchen: highlight
        CLOCK.log(name, f"first batch of {n}: {first[name] * 1000:.1f} ms")  # kitchen: hide
        later[name] = min(batch(make, n) for _ in range(repeats))
        CLOCK.log(name, f"{repeats} more batches, the fastest "  # kitchen: hide
                  f"{later[name] * 1000:.1f} ms")  # kitchen: hide
    return first, later


# kitchen: hide-start
def main() -> None:
    global CLOCK
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.001, unit="unit of the log's clock")
    parser.add_argument("--workers", type=positive_int, default=4,
                        help="processes or threads per batch (default: 4)")
    parser.add_argument("--repeats", type=positive_int, default=5,
                        help="batches after the first, per method; the fastest counts (default: 5)")
    add_start_method(parser, omitted="fork, spawn and forkserver in turn")
    args = parser.parse_args()

    CLOCK = Clock(args.scale, unit="ms" if args.scale == 0.001 else "units")  # the log's stamps
    print(f"this machine's default start method: {multiprocessing.get_start_method()}")
    methods = [args.start_method] if args.start_method else ["fork", "spawn", "forkserver"]
    first, later = costs(methods, args.workers, args.repeats)

    print(f"\nstarting and joining {args.workers} workers that do nothing "
          f"(pid {os.getpid()} waits):")
    print(f"{'':12}{'first batch':>13}{'later (fastest)':>17}{'per worker':>12}")
    for name in first:
        print(f"{name:12}{first[name] * 1000:10.1f} ms{later[name] * 1000:14.1f} ms"
              f"{later[name] * 1000 / args.workers:9.2f} ms")
    report(workers=args.workers, first_s=first, later_s=later,
           default_method=multiprocessing.get_start_method())


if __name__ == "__main__":
    main()
# kitchen: hide-end
