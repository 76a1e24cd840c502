"""Ctrl-C during a thread pool: chefs stop at their next check, exit code 130.

Python cannot stop a thread from outside. So each chef cooks in short steps
and looks at a "kitchen closing" sign between them; Ctrl-C puts it up.
"""

import signal
import sys
import threading
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

# kitchen: hide-start
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (Clock, kitchen_parser, positive_float, positive_int,
                      press_ctrl_c_after, report)
# kitchen: hide-end

closing = threading.Event()  # the "kitchen closing" sign


def cook(n: int, seconds: float) -> str:
    log(f"starts dish {n}")  # kitchen: hide
    for _ in range(10):  # ten short steps, with a look at the sign after each
        if closing.wait(seconds / 10):  # kitchen: highlight
            log(f"sees the sign and leaves dish {n} half-cooked")  # kitchen: hide
            return "abandoned"
    log(f"serves dish {n}")  # kitchen: hide
    return "served"


def service(dishes: int, chefs: int, seconds: float) -> list[str]:
    # Ctrl-C sets a flag: a KeyboardInterrupt landing inside the pool can leave
    # a dish's lock held, and then a chef and the shutdown wait for it forever.
    ctrl_c = threading.Event()
    signal.signal(signal.SIGINT, lambda signum, frame: ctrl_c.set())  # kitchen: highlight
    pool = ThreadPoolExecutor(chefs, thread_name_prefix="chef")
    futures = [pool.submit(cook, n, seconds) for n in range(1, dishes + 1)]
    ordered(dishes)  # kitchen: hide
    pending = set(futures)
    while pending and not ctrl_c.is_set():  # a look at the flag every 0.1 s
        _, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
    if ctrl_c.is_set():
        closing.set()  # the chefs see it at their next check  # kitchen: highlight
        pool.shutdown(wait=True, cancel_futures=True)  # kitchen: highlight
        for chef in threading.enumerate():  # also one hired at the Ctrl-C
            if chef is not threading.current_thread():
                chef.join()
        closed(dishes, futures)  # kitchen: hide
        sys.exit(130)
    pool.shutdown()
    return [future.result() for future in futures]


# kitchen: hide-start
CLOCK: Clock  # set by main()


def log(what: str) -> None:
    CLOCK.log(threading.current_thread().name.replace("_", " "), what)


def ordered(dishes: int) -> None:
    print(f"{dishes} dishes ordered; Ctrl-C closes the kitchen early")


def closed(dishes: int, futures: list) -> None:
    outcomes = [f.result() for f in futures if f.done() and not f.cancelled()]
    never = dishes - len(outcomes)
    left = threading.active_count() - 1
    print(f"Ctrl-C: kitchen closed at {CLOCK.elapsed():.2f} s. "
          f"{outcomes.count('served')} served, {outcomes.count('abandoned')} left "
          f"half-cooked, {never} never started; {left} chefs still in the kitchen.")
    report(interrupted=True, served=outcomes.count("served"), never_started=never,
           threads_left=left)


def main() -> None:
    global CLOCK
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    parser.add_argument("--dishes", type=positive_int, default=12,
                        help="dishes to cook (default: 12)")
    parser.add_argument("--chefs", type=positive_int, default=3,
                        help="threads in the pool (default: 3)")
    parser.add_argument("--cook", type=positive_float, default=5,
                        help="minutes per dish (default: 5)")
    parser.add_argument("--interrupt-after", type=positive_float, default=None,
                        metavar="SECONDS",
                        help="send this process SIGINT after SECONDS, a stand-in for Ctrl-C")
    args = parser.parse_args()

    if args.interrupt_after:
        press_ctrl_c_after(args.interrupt_after)
    CLOCK = Clock(args.scale)
    outcomes = service(args.dishes, args.chefs, args.cook * args.scale)
    print(f"all {len(outcomes)} dishes served after {CLOCK.elapsed():.2f} s")
    report(interrupted=False, served=outcomes.count("served"), never_started=0,
           threads_left=threading.active_count() - 1)


if __name__ == "__main__":
    main()
# kitchen: hide-end
