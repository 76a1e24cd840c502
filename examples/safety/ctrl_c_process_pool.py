"""Ctrl-C during a process pool: workers ignore it, the parent cancels the queue and exits 130.

In a terminal, Ctrl-C sends SIGINT to every process in the foreground group:
the parent and each pool worker. Left alone, every worker would print its own
KeyboardInterrupt traceback. So the workers ignore SIGINT, and only the parent
acts on it: it cancels the dishes no kitchen has started
(`shutdown(cancel_futures=True)`), lets each kitchen finish the dish in hand,
waits until every worker has exited, prints one line and exits with 130.

`--interrupt-after SECONDS` stands in for pressing Ctrl-C: the script sends
SIGINT to itself (the parent only) after that many seconds.
"""

import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed

# kitchen: hide-start
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (
    Clock, add_start_method, chop, kitchen_parser, positive_float, positive_int, report, units_for,
)
# kitchen: hide-end


def press_ctrl_c_after(seconds: float) -> None:
    """Send this process SIGINT after `seconds`, as a person at the keyboard would."""
    # Started in the background, a process may have inherited "ignore SIGINT"; at a terminal
    # it would have Python's usual handler, which raises KeyboardInterrupt. Make sure of that.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGALRM, lambda signum, frame: os.kill(os.getpid(), signal.SIGINT))
    signal.setitimer(signal.ITIMER_REAL, seconds)


def ignore_ctrl_c() -> None:
    """Pool initializer: Ctrl-C is the parent's business."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def cook(n: int, units: int, scale: float, start: float) -> int:
    clock = Clock(scale, start=start)
    with clock.step(f"kitchen {os.getpid()}", f"dish {n}", kind="work"):
        chop(units)
    return n


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    parser.add_argument("--dishes", type=positive_int, default=12, help="dishes to cook (default: 12)")
    parser.add_argument("--kitchens", type=positive_int, default=2,
                        help="worker processes (default: 2)")
    parser.add_argument("--cook", type=positive_float, default=5,
                        help="chopping minutes of CPU per dish (default: 5)")
    parser.add_argument("--interrupt-after", type=positive_float, default=None, metavar="SECONDS",
                        help="send this process SIGINT after SECONDS, a stand-in for Ctrl-C")
    add_start_method(parser)
    args = parser.parse_args()

    clock = Clock(args.scale)
    pool, futures, served = None, [], 0
    try:
        units = units_for(args.cook * args.scale)
        context = multiprocessing.get_context(args.start_method)
        # While the workers start, the parent ignores Ctrl-C, and they inherit that (through
        # fork, and through exec for spawn and the forkserver), so not even a worker still
        # starting up sees one. The first dishes start the workers, one each; the initializer
        # covers any worker started later. (A Ctrl-C in this short window is lost: press again.)
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            pool = ProcessPoolExecutor(args.kitchens, mp_context=context, initializer=ignore_ctrl_c)
            first = min(args.kitchens, args.dishes)
            futures = [pool.submit(cook, n, units, args.scale, clock.start) for n in range(1, first + 1)]
        finally:
            signal.signal(signal.SIGINT, previous)
        if args.interrupt_after:
            press_ctrl_c_after(args.interrupt_after)
        for n in range(first + 1, args.dishes + 1):
            futures.append(pool.submit(cook, n, units, args.scale, clock.start))
        print(f"{args.kitchens} kitchens open, {args.dishes} dishes ordered; Ctrl-C closes them early")
        for future in as_completed(futures):
            served += 1
            clock.log("parent", f"dish {future.result()} served")
    except KeyboardInterrupt:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)  # dishes in hand are finished, workers exit
        finished = sum(f.done() and not f.cancelled() for f in futures)
        never = args.dishes - finished
        left = len(multiprocessing.active_children())
        print(f"Ctrl-C: kitchens closed at {clock.elapsed():.2f} s. {finished} dishes cooked, "
              f"{never} never started; {left} worker processes still running.")
        report(interrupted=True, cooked=finished, never_started=never, workers_left=left)
        sys.exit(130)
    pool.shutdown()
    print(f"all {served} dishes served after {clock.elapsed():.2f} s")
    report(interrupted=False, cooked=served, never_started=0,
           workers_left=len(multiprocessing.active_children()))


if __name__ == "__main__":
    main()
