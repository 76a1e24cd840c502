"""Ctrl-C during asyncio: every task is cancelled, every finally block turns its burner off, exit 130.

`asyncio.run` catches the first Ctrl-C itself and cancels the main task. The
cancellation travels down through the TaskGroup into each dish, where `finally`
turns the burner off; once everything has unwound, `asyncio.run` raises
KeyboardInterrupt, and the script turns that into one line and exit code 130.

`--interrupt-after SECONDS` stands in for pressing Ctrl-C: the script sends
SIGINT to itself after that many seconds, exactly what the terminal would send.
"""

import asyncio
import os
import signal
import sys

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


async def dish(clock: Clock, n: int, minutes: float, burners: asyncio.Semaphore, kitchen: dict) -> None:
    async with burners:
        kitchen["lit"] += 1
        clock.log(f"dish {n}", "burner on")
        try:
            await asyncio.sleep(minutes * clock.scale)
            kitchen["served"] += 1
            clock.log(f"dish {n}", "served")
        except asyncio.CancelledError:
            clock.log(f"dish {n}", "cancelled")
            raise
        finally:
            kitchen["lit"] -= 1
            clock.log(f"dish {n}", "burner off")


async def service(args, clock: Clock, kitchen: dict) -> None:
    burners = asyncio.Semaphore(args.burners)
    async with asyncio.TaskGroup() as tg:
        for n in range(1, args.dishes + 1):
            tg.create_task(dish(clock, n, args.cook, burners, kitchen))
        print(f"{args.dishes} dishes ordered; Ctrl-C closes the kitchen early")


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    parser.add_argument("--dishes", type=positive_int, default=12, help="dishes to cook (default: 12)")
    parser.add_argument("--burners", type=positive_int, default=3, help="burners (default: 3)")
    parser.add_argument("--cook", type=positive_float, default=5, help="minutes per dish (default: 5)")
    parser.add_argument("--interrupt-after", type=positive_float, default=None, metavar="SECONDS",
                        help="send this process SIGINT after SECONDS, a stand-in for Ctrl-C")
    args = parser.parse_args()

    if args.interrupt_after:
        press_ctrl_c_after(args.interrupt_after)
    clock = Clock(args.scale)
    kitchen = {"lit": 0, "served": 0}
    try:
        asyncio.run(service(args, clock, kitchen))
    except KeyboardInterrupt:
        print(f"Ctrl-C: kitchen closed at {clock.elapsed():.2f} s. {kitchen['served']} served, "
              f"{args.dishes - kitchen['served']} not; {kitchen['lit']} burners still on.")
        report(interrupted=True, served=kitchen["served"], lit=kitchen["lit"])
        sys.exit(130)
    print(f"all {kitchen['served']} dishes served after {clock.elapsed():.2f} s")
    report(interrupted=False, served=kitchen["served"], lit=kitchen["lit"])


if __name__ == "__main__":
    main()
