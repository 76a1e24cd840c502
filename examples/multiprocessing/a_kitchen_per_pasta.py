"""A thousand pastas: an event loop, a thousand threads, or a kitchen per pot.

Every version waits the same time per pot; what differs is what a waiting pot
costs: a task, a thread with a stack, or a process with its own interpreter.
"""

import asyncio
import os
import time
from concurrent.futures import ThreadPoolExecutor

# kitchen: hide-start
# Memory added is counted from /proc (Linux; elsewhere it prints as nan). For tasks and
# threads it is how much this process's resident memory (RSS) grew while every pot was
# boiling. For processes it is that growth plus each kitchen's private memory (pages that
# belong to it alone), measured by the kitchen itself at the end of its wait. Pages a forked
# kitchen still shares with its parent are counted once, in the parent.
import functools
import multiprocessing
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (Clock, add_start_method, kitchen_parser, linux_only, positive_float,
                      positive_int, report, smaps_mib)

GROWN: list[float] = []  # resident MiB when every pot is on, for the latest version


def boiling() -> None:
    """Note this process's resident memory now, with every pot on."""
    GROWN.append(smaps_mib("Rss"))  # from Linux's /proc; nan elsewhere


class Plate:
    """Hands back the kitchen's private memory in place of what the kitchen puts."""

    def __init__(self, plates):
        self.plates = plates

    def put(self, _done) -> None:
        self.plates.put(smaps_mib("Private_Clean", "Private_Dirty"))


def weighed(kitchen):
    @functools.wraps(kitchen)
    def weighed_kitchen(seconds: float, plates) -> None:
        kitchen(seconds, Plate(plates))
    return weighed_kitchen
# kitchen: hide-end


async def with_asyncio(pots: int, seconds: float) -> None:
    tasks = [asyncio.create_task(asyncio.sleep(seconds)) for _ in range(pots)]
    await asyncio.sleep(0)  # let every task start its wait
    boiling()  # kitchen: hide
    await asyncio.gather(*tasks)  # kitchen: highlight


def with_threads(pots: int, seconds: float) -> None:
    with ThreadPoolExecutor(max_workers=pots) as pool:  # one thread per pot
        waits = [pool.submit(time.sleep, seconds) for _ in range(pots)]  # kitchen: highlight
        boiling()  # kitchen: hide
        for wait in waits:
            wait.result()


@weighed  # kitchen: hide
def kitchen(seconds: float, plates) -> None:
    time.sleep(seconds)
    plates.put(os.getpid())  # this pot is done


def with_processes(pots: int, seconds: float, context) -> list:
    plates = context.Queue()
    kitchens = [context.Process(target=kitchen, args=(seconds, plates))  # kitchen: highlight
                for _ in range(pots)]
    for k in kitchens:
        k.start()
    boiling()  # kitchen: hide
    done = [plates.get() for _ in kitchens]
    for k in kitchens:
        k.join()
    return done


# kitchen: hide-start
def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.05)
    parser.add_argument("--pastas", type=positive_int, default=1000,
                        help="pots for the event loop and the threads (default: 1000)")
    parser.add_argument("--processes", type=positive_int, default=200,
                        help="pots that get a process each (default: 200)")
    parser.add_argument("--minutes", type=positive_float, default=8,
                        help="boiling time per pot (default: 8)")
    add_start_method(parser)
    args = parser.parse_args()
    linux_only("the memory each pot adds")

    context = multiprocessing.get_context(args.start_method)
    seconds = args.minutes * args.scale
    clock = Clock(args.scale)
    print(f"head chef: process {os.getpid()}, start method {context.get_start_method()}, "
          f"each pot boils {seconds:.2f} s")
    rows = {}
    for name, pots, run in [
        ("asyncio tasks", args.pastas, lambda: asyncio.run(with_asyncio(args.pastas, seconds))),
        ("threads", args.pastas, lambda: with_threads(args.pastas, seconds)),
        ("processes", args.processes, lambda: with_processes(args.processes, seconds, context)),
    ]:
        clock.log(name, f"{pots} pots go on")
        before = smaps_mib("Rss")
        GROWN.clear()
        began = time.perf_counter()
        done = run()
        took = time.perf_counter() - began
        clock.log(name, f"all {pots} pots done")
        grown = GROWN[0] - before
        children = sum(done) if name == "processes" else 0.0  # each kitchen's private MiB
        rows[name] = {"pots": pots, "seconds": took, "parent_mib": grown,
                      "children_mib": children, "mib": grown + children}

    print(f"\n{'':15}{'pots':>6}{'time':>9}{'memory added':>15}{'per pot':>11}")
    for name, row in rows.items():
        print(f"{name:15}{row['pots']:6}{row['seconds']:8.2f}s{row['mib']:11.1f} MiB"
              f"{row['mib'] * 1024 / row['pots']:8.0f} KiB")
    print(f"(one pot alone boils {seconds:.2f} s; the processes row counts {args.processes} "
          f"kitchens, {rows['processes']['children_mib']:.1f} MiB of it inside them)")
    report(boil_s=seconds, rows=rows, start_method=context.get_start_method())


if __name__ == "__main__":
    main()
# kitchen: hide-end
