"""Ctrl-C in asyncio: tasks are cancelled, finally turns burners off, exit 130.

`asyncio.run` catches the first Ctrl-C itself and cancels the main task. The
cancellation travels down through the TaskGroup into each dish, where `finally`
turns the burner off; once everything has unwound, `asyncio.run` raises
KeyboardInterrupt, and the script turns that into one line and exit code 130.
"""

import asyncio
import sys

# kitchen: hide-start
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (Clock, kitchen_parser, positive_float, positive_int,
                      press_ctrl_c_after, report)
# kitchen: hide-end

kitchen = {"lit": 0, "served": 0}


async def dish(n: int, seconds: float, burners: asyncio.Semaphore) -> None:
    async with burners:
        kitchen["lit"] += 1
        log(n, "burner on")  # kitchen: hide
        try:
            await asyncio.sleep(seconds)  # cancelled here  # kitchen: highlight
            kitchen["served"] += 1
            log(n, "served")  # kitchen: hide
        finally:  # kitchen: highlight
            kitchen["lit"] -= 1  # the burner goes off, cancelled or not
            log(n, "burner off")  # kitchen: hide


async def service(dishes: int, burners: int, seconds: float) -> None:
    burners = asyncio.Semaphore(burners)
    async with asyncio.TaskGroup() as tg:
        for n in range(1, dishes + 1):
            tg.create_task(dish(n, seconds, burners))
        ordered(dishes)  # kitchen: hide


def main(dishes: int, burners: int, seconds: float) -> None:
    try:
        asyncio.run(service(dishes, burners, seconds))
    except KeyboardInterrupt:  # kitchen: highlight
        closed(dishes)  # kitchen: hide
        sys.exit(130)
    all_served()  # kitchen: hide


# kitchen: hide-start
CLOCK: Clock  # set by the driver below


def log(n: int, what: str) -> None:
    if what == "burner off" and asyncio.current_task().cancelling():
        CLOCK.log(f"dish {n}", "cancelled")
    CLOCK.log(f"dish {n}", what)


def ordered(dishes: int) -> None:
    print(f"{dishes} dishes ordered; Ctrl-C closes the kitchen early")


def closed(dishes: int) -> None:
    print(f"Ctrl-C: kitchen closed at {CLOCK.elapsed():.2f} s. {kitchen['served']} served, "
          f"{dishes - kitchen['served']} not; {kitchen['lit']} burners still on.")
    report(interrupted=True, served=kitchen["served"], lit=kitchen["lit"])


def all_served() -> None:
    print(f"all {kitchen['served']} dishes served after {CLOCK.elapsed():.2f} s")
    report(interrupted=False, served=kitchen["served"], lit=kitchen["lit"])


def drive() -> None:
    global CLOCK
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    parser.add_argument("--dishes", type=positive_int, default=12,
                        help="dishes to cook (default: 12)")
    parser.add_argument("--burners", type=positive_int, default=3, help="burners (default: 3)")
    parser.add_argument("--cook", type=positive_float, default=5,
                        help="minutes per dish (default: 5)")
    parser.add_argument("--interrupt-after", type=positive_float, default=None,
                        metavar="SECONDS",
                        help="send this process SIGINT after SECONDS, a stand-in for Ctrl-C")
    args = parser.parse_args()
    if args.interrupt_after:
        press_ctrl_c_after(args.interrupt_after)
    CLOCK = Clock(args.scale)
    main(args.dishes, args.burners, args.cook * args.scale)


if __name__ == "__main__":
    drive()
# kitchen: hide-end
