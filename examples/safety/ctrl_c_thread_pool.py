"""Ctrl-C during a thread pool: the chefs stop at the next check, queued dishes are cancelled, exit 130.

Python cannot stop a thread from outside. Ctrl-C raises KeyboardInterrupt in the
main thread only; the pool's threads carry on until they return. So each chef
cooks in short steps and looks at a "kitchen closing" sign (a threading.Event)
between them. On Ctrl-C the main thread puts the sign up, cancels the dishes no
chef has started (`shutdown(cancel_futures=True)`), waits for the chefs, prints
one line and exits with 130, the conventional code for "stopped by Ctrl-C".

`--interrupt-after SECONDS` stands in for pressing Ctrl-C: the script sends
SIGINT to itself after that many seconds, exactly what the terminal would send.
"""

import os
import signal
import sys
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed

# kitchen: hide-start
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, positive_float, positive_int, report
# kitchen: hide-end


def press_ctrl_c_after(seconds: float) -> None:
    """Send this process SIGINT after `seconds`, as a person at the keyboard would."""
    # Started in the background, a process may have inherited "ignore SIGINT"; at a terminal
    # it would have Python's usual handler, which raises KeyboardInterrupt. Make sure of that.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGALRM, lambda signum, frame: os.kill(os.getpid(), signal.SIGINT))
    signal.setitimer(signal.ITIMER_REAL, seconds)


def cook(clock: Clock, n: int, minutes: float, closing: threading.Event) -> str:
    chef = threading.current_thread().name.replace("_", " ")
    clock.log(chef, f"starts dish {n}")
    for _ in range(10):  # ten short steps, with a look at the sign after each
        if closing.wait(minutes * clock.scale / 10):
            clock.log(chef, f"sees the sign and leaves dish {n} half-cooked")
            return "abandoned"
    clock.log(chef, f"serves dish {n}")
    return "served"


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    parser.add_argument("--dishes", type=positive_int, default=12, help="dishes to cook (default: 12)")
    parser.add_argument("--chefs", type=positive_int, default=3, help="threads in the pool (default: 3)")
    parser.add_argument("--cook", type=positive_float, default=5, help="minutes per dish (default: 5)")
    parser.add_argument("--interrupt-after", type=positive_float, default=None, metavar="SECONDS",
                        help="send this process SIGINT after SECONDS, a stand-in for Ctrl-C")
    args = parser.parse_args()

    if args.interrupt_after:
        press_ctrl_c_after(args.interrupt_after)
    clock = Clock(args.scale)
    closing = threading.Event()
    outcomes: list[str] = []
    pool = ThreadPoolExecutor(args.chefs, thread_name_prefix="chef")
    futures = []
    try:
        for n in range(1, args.dishes + 1):
            futures.append(pool.submit(cook, clock, n, args.cook, closing))
        print(f"{args.dishes} dishes ordered; Ctrl-C closes the kitchen early")
        for future in as_completed(futures):
            outcomes.append(future.result())
    except KeyboardInterrupt:
        closing.set()  # the chefs see it at their next check
        pool.shutdown(wait=True, cancel_futures=True)
        for chef in threading.enumerate():  # also a chef hired at the very moment of the Ctrl-C
            if chef is not threading.current_thread():
                chef.join()
        outcomes = [f.result() for f in futures if f.done() and not f.cancelled()]
        never = args.dishes - len(outcomes)
        print(f"Ctrl-C: kitchen closed at {clock.elapsed():.2f} s. {outcomes.count('served')} served, "
              f"{outcomes.count('abandoned')} left half-cooked, {never} never started; "
              f"{threading.active_count() - 1} chefs still in the kitchen.")
        report(interrupted=True, served=outcomes.count("served"), never_started=never,
               threads_left=threading.active_count() - 1)
        sys.exit(130)
    pool.shutdown()
    print(f"all {len(outcomes)} dishes served after {clock.elapsed():.2f} s")
    report(interrupted=False, served=outcomes.count("served"), never_started=0,
           threads_left=threading.active_count() - 1)


if __name__ == "__main__":
    main()
