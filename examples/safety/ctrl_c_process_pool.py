"""Ctrl-C and a process pool: workers ignore it, the parent cancels: 130."""

import signal
import sys
import threading
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

# kitchen: hide-start
import functools
import multiprocessing
import os
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (Clock, add_start_method, chop, kitchen_parser, positive_float,
                      positive_int, press_ctrl_c_after, report, units_for)


def on_timeline(cook):
    """Draw each dish in its kitchen's lane, on the parent's clock (passed in the env)."""
    @functools.wraps(cook)
    def timed(n: int, units: int) -> int:
        scale, start = map(float, os.environ["KITCHEN_EXAMPLE_CLOCK"].split())
        clock = Clock(scale, start=start)
        with clock.step(f"kitchen {os.getpid()}", f"dish {n}", kind="work"):
            return cook(n, units)
    return timed
# kitchen: hide-end


def ignore_ctrl_c() -> None:  # the pool's initializer: Ctrl-C is the parent's
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # kitchen: highlight


@on_timeline  # kitchen: hide
def cook(n: int, units: int) -> int:
    chop(units)
    return n


def service(dishes: int, kitchens: int, units: int, context) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the workers inherit it
    pool = ProcessPoolExecutor(kitchens, mp_context=context,
                               initializer=ignore_ctrl_c)
    first = min(kitchens, dishes)  # these start the workers
    futures = [pool.submit(cook, n, units) for n in range(1, first + 1)]
    # Ctrl-C sets a flag: a KeyboardInterrupt landing inside the pool can leave
    # a dish's lock held, and then the pool's thread and the shutdown hang.
    ctrl_c = threading.Event()
    signal.signal(signal.SIGINT, lambda signum, frame: ctrl_c.set())  # kitchen: highlight
    interrupt_soon()  # kitchen: hide
    for n in range(first + 1, dishes + 1):
        futures.append(pool.submit(cook, n, units))
    ordered(kitchens, dishes)  # kitchen: hide
    pending = set(futures)
    while pending and not ctrl_c.is_set():  # a look at the flag every 0.1 s
        done, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
        for future in done:
            n = future.result()  # dish n is served
            served(n)  # kitchen: hide
    if ctrl_c.is_set():
        pool.shutdown(wait=True, cancel_futures=True)  # kitchen: highlight
        closed(dishes, futures)  # kitchen: hide
        sys.exit(130)
    pool.shutdown()


# kitchen: hide-start
CLOCK: Clock  # set by main()
INTERRUPT_AFTER = None  # --interrupt-after


def interrupt_soon() -> None:
    """Arm --interrupt-after only once the workers ignore SIGINT."""
    if INTERRUPT_AFTER:
        press_ctrl_c_after(INTERRUPT_AFTER)


def ordered(kitchens: int, dishes: int) -> None:
    print(f"{kitchens} kitchens open, {dishes} dishes ordered; Ctrl-C closes them early")


def served(n: int) -> None:
    CLOCK.log("parent", f"dish {n} served")


def closed(dishes: int, futures: list) -> None:
    finished = sum(f.done() and not f.cancelled() for f in futures)
    never = dishes - finished
    left = len(multiprocessing.active_children())
    print(f"Ctrl-C: kitchens closed at {CLOCK.elapsed():.2f} s. {finished} dishes cooked, "
          f"{never} never started; {left} worker processes still running.")
    report(interrupted=True, cooked=finished, never_started=never, workers_left=left)


def main() -> None:
    global CLOCK, INTERRUPT_AFTER
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    parser.add_argument("--dishes", type=positive_int, default=12,
                        help="dishes to cook (default: 12)")
    parser.add_argument("--kitchens", type=positive_int, default=2,
                        help="worker processes (default: 2)")
    parser.add_argument("--cook", type=positive_float, default=5,
                        help="chopping minutes of CPU per dish (default: 5)")
    parser.add_argument("--interrupt-after", type=positive_float, default=None,
                        metavar="SECONDS",
                        help="send this process SIGINT after SECONDS, a stand-in for Ctrl-C")
    add_start_method(parser)
    args = parser.parse_args()
    INTERRUPT_AFTER = args.interrupt_after

    CLOCK = Clock(args.scale)
    os.environ["KITCHEN_EXAMPLE_CLOCK"] = f"{CLOCK.scale} {CLOCK.start}"  # for the workers
    units = units_for(args.cook * args.scale)
    service(args.dishes, args.kitchens, units,
            multiprocessing.get_context(args.start_method))
    print(f"all {args.dishes} dishes served after {CLOCK.elapsed():.2f} s")
    report(interrupted=False, cooked=args.dishes, never_started=0,
           workers_left=len(multiprocessing.active_children()))


if __name__ == "__main__":
    main()
# kitchen: hide-end
