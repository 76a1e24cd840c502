"""A thousand pastas: one event loop, a thousand threads, or a kitchen (process) per pot.

Boiling is pure waiting, and every version waits the same time per pot. What
differs is what each waiting pot costs: a task in the event loop, a thread
with a stack, or a whole process with its own interpreter. Processes are
expensive, so by default only 200 pots get a kitchen each.

Memory added is counted from /proc (Linux; elsewhere it prints as nan). For
tasks and threads it is how much this process's resident memory (RSS) grew
while every pot was boiling. For processes it is that growth plus each
kitchen's private memory (pages that belong to it alone), measured by the
kitchen itself at the end of its wait.
Pages a forked kitchen still shares with its parent are counted once, in the
parent, and not again for every kitchen.
"""

import asyncio
import multiprocessing
import os
import time
from concurrent.futures import ThreadPoolExecutor

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (
    Clock, add_start_method, kitchen_parser, linux_only, positive_float, positive_int, report,
    smaps_mib,
)
# kitchen: hide-end


def resident_mib() -> float:
    return smaps_mib("Rss")  # from Linux's /proc; nan elsewhere


def private_mib() -> float:
    return smaps_mib("Private_Clean", "Private_Dirty")


async def boil_in_loop(pots: int, seconds: float) -> float:
    tasks = [asyncio.create_task(asyncio.sleep(seconds)) for _ in range(pots)]
    await asyncio.sleep(0)  # let every task start its wait
    grown = resident_mib()
    await asyncio.gather(*tasks)
    return grown


def with_asyncio(pots: int, seconds: float) -> tuple[float, float]:
    before = resident_mib()
    return asyncio.run(boil_in_loop(pots, seconds)) - before, 0.0


def with_threads(pots: int, seconds: float) -> tuple[float, float]:
    before = resident_mib()
    with ThreadPoolExecutor(max_workers=pots) as pool:  # one thread per pot
        waits = [pool.submit(time.sleep, seconds) for _ in range(pots)]
        grown = resident_mib() - before  # every thread exists now and is asleep
        for wait in waits:
            wait.result()
    return grown, 0.0


def kitchen(seconds: float, report_back) -> None:
    time.sleep(seconds)
    report_back.put(private_mib())


def with_processes(pots: int, seconds: float, context) -> tuple[float, float]:
    before = resident_mib()
    report_back = context.Queue()
    kitchens = [context.Process(target=kitchen, args=(seconds, report_back)) for _ in range(pots)]
    for k in kitchens:
        k.start()
    grown = resident_mib() - before
    children = sum(report_back.get() for _ in kitchens)
    for k in kitchens:
        k.join()
    return grown, children


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
        ("asyncio tasks", args.pastas, lambda: with_asyncio(args.pastas, seconds)),
        ("threads", args.pastas, lambda: with_threads(args.pastas, seconds)),
        ("processes", args.processes, lambda: with_processes(args.processes, seconds, context)),
    ]:
        clock.log(name, f"{pots} pots go on")
        began = time.perf_counter()
        grown, children = run()
        took = time.perf_counter() - began
        clock.log(name, f"all {pots} pots done")
        rows[name] = {"pots": pots, "seconds": took, "parent_mib": grown, "children_mib": children,
                      "mib": grown + children}

    print(f"\n{'':15}{'pots':>6}{'time':>9}{'memory added':>15}{'per pot':>11}")
    for name, row in rows.items():
        print(f"{name:15}{row['pots']:6}{row['seconds']:8.2f}s{row['mib']:11.1f} MiB"
              f"{row['mib'] * 1024 / row['pots']:8.0f} KiB")
    print(f"(one pot alone boils {seconds:.2f} s; the processes row counts {args.processes} "
          f"kitchens, {rows['processes']['children_mib']:.1f} MiB of it inside them)")
    report(boil_s=seconds, rows=rows, start_method=context.get_start_method())


if __name__ == "__main__":
    main()
