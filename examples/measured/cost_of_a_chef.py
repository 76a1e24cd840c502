"""The cost of a chef: memory and start-up time of 1, 100 and 1000 coroutines, threads and processes.

Each configuration runs in a fresh Python interpreter of its own, so nothing left
over from one measurement makes the next look cheaper. Every worker arrives at
its station and says so, waits for the signal to cook, waits for one delivery
(I/O), reports back and leaves when told to. Memory is counted while all of them
are at their stations.
"""

import argparse
import asyncio
import json
import math
import multiprocessing
import os
import subprocess
import sys
import threading
import time

# kitchen: hide-start
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (
    NO_PROC_ENV, Clock, has_proc, kitchen_parser, linux_only, positive_float, positive_int,
    proc_stat_field, read_proc, report,
)
# kitchen: hide-end

# Which process ran this file's top level: a worker that finds its own pid here had to import the
# script again (spawn always does; forkserver does unless its server preloaded the script).
LOADED_BY = os.getpid()

MODELS = {
    "coroutines": "coroutines (asyncio)",
    "threads": "threads",
    "fork": "processes (fork)",
    "forkserver": "processes (forkserver)",
    "spawn": "processes (spawn)",
}


# --- counting memory ---------------------------------------------------------------------


def pss_kb(pid: int) -> int:
    """Proportional set size: private pages, plus each shared page divided by its sharers."""
    for line in (read_proc(f"/proc/{pid}/smaps_rollup") or "").splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0  # it has just exited, or is a zombie: it holds no memory any more


def family(root: int) -> list[int]:
    """`root` and every process descended from it, found through the parent pids in /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            parent = proc_stat_field(f"/proc/{entry}/stat", 1)
            if parent is not None:  # None: it has gone meanwhile
                children.setdefault(parent, []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def memory() -> tuple[float, int]:
    """PSS in kB summed over this process and all its descendants (every page counted once),
    and how many processes that is; nan and 0 where there is no /proc."""
    if not has_proc():
        return math.nan, 0
    tree = family(os.getpid())
    return sum(pss_kb(pid) for pid in tree), len(tree)


# --- one configuration, measured in a child interpreter ---------------------------------


def worker(arrived, go, wait_s, done, leave, reimported) -> None:
    """A thread or a process: the same steps, with threading or multiprocessing primitives."""
    if multiprocessing.parent_process() is not None and LOADED_BY == os.getpid():
        reimported.release()  # a child process that ran this file's imports itself
    arrived.release()
    go.wait()
    time.sleep(wait_s)  # one delivery
    done.release()
    leave.wait()


def hire(model: str, count: int, wait_s: float) -> dict:
    before, _ = memory()
    t0 = time.perf_counter()
    if model == "threads":
        sync, make = threading, threading.Thread
    else:
        sync = multiprocessing.get_context(model)
        make = sync.Process
    arrived, done, reimported = sync.Semaphore(0), sync.Semaphore(0), sync.Semaphore(0)
    go, leave = sync.Event(), sync.Event()
    job = (arrived, go, wait_s, done, leave, reimported)
    workers = [make(target=worker, args=job) for _ in range(count)]
    for w in workers:
        w.start()
    for _ in range(count):
        arrived.acquire()
    t1 = time.perf_counter()
    after, tree = memory()  # everyone is at a station, nobody has left
    t2 = time.perf_counter()
    go.set()
    for _ in range(count):
        done.acquire()
    t3 = time.perf_counter()
    leave.set()
    for w in workers:
        w.join()
    t4 = time.perf_counter()
    imported_again = 0
    while reimported.acquire(False):
        imported_again += 1
    return {"before_kb": before, "after_kb": after, "processes": tree, "startup_s": t1 - t0,
            "waits_s": t3 - t2, "teardown_s": t4 - t3, "imported_again": imported_again}


class Kitchen:
    """What the coroutines share: counters and events on the one event loop."""

    def __init__(self, count: int):
        self.count, self.arrived, self.done = count, 0, 0
        self.all_arrived, self.all_done = asyncio.Event(), asyncio.Event()
        self.go, self.leave = asyncio.Event(), asyncio.Event()


async def coroutine_worker(k: Kitchen, wait_s: float) -> None:
    k.arrived += 1
    if k.arrived == k.count:
        k.all_arrived.set()
    await k.go.wait()
    await asyncio.sleep(wait_s)  # one delivery
    k.done += 1
    if k.done == k.count:
        k.all_done.set()
    await k.leave.wait()


def hire_coroutines(count: int, wait_s: float) -> dict:
    marks = {}

    async def service():
        k = Kitchen(count)
        tasks = [asyncio.create_task(coroutine_worker(k, wait_s)) for _ in range(count)]
        await k.all_arrived.wait()
        marks["t1"] = time.perf_counter()
        marks["after"], marks["processes"] = memory()
        marks["t2"] = time.perf_counter()
        k.go.set()
        await k.all_done.wait()
        marks["t3"] = time.perf_counter()
        k.leave.set()
        await asyncio.gather(*tasks)

    before, _ = memory()
    t0 = time.perf_counter()
    asyncio.run(service())  # the event loop's own start and stop count as hiring and dismissal
    t4 = time.perf_counter()
    return {"before_kb": before, "after_kb": marks["after"], "processes": marks["processes"],
            "startup_s": marks["t1"] - t0, "waits_s": marks["t3"] - marks["t2"],
            "teardown_s": t4 - marks["t3"], "imported_again": 0}


# --- the parent: one child interpreter per configuration -----------------------------------


def signed(value: float, digits: int = 1) -> str:
    """+1.5, -0.2, and +0.0 rather than -0.0 for a hair below zero."""
    return f"{round(value, digits) + 0.0:+.{digits}f}"


def measure(model: str, count: int, wait_s: float) -> dict:
    command = [sys.executable, os.path.abspath(__file__), "--one", model, str(count), "--wait-s", repr(wait_s)]
    env = {k: v for k, v in os.environ.items()  # the child reports to us, not to the build
           if not k.startswith("KITCHEN_") or k == NO_PROC_ENV}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if done.returncode != 0:
        sys.exit(f"measuring {count} x {model} failed:\n{done.stderr.strip()}")
    return json.loads(done.stdout)


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--counts", type=positive_int, metavar="N", nargs="+", default=[1, 100, 1000], help="workers to hire (default: 1 100 1000)")
    parser.add_argument("--max-processes", type=positive_int, metavar="N", default=100, help="never start more processes than this (default: 100)")
    parser.add_argument("--wait", type=positive_float, metavar="MINUTES", default=5, help="minutes each worker waits for its delivery (default: 5)")
    parser.add_argument(
        "--models", nargs="+", choices=list(MODELS), metavar="MODEL",
        default=[m for m in MODELS if m in ("coroutines", "threads")
                 or m in multiprocessing.get_all_start_methods()],  # Windows has spawn only
        help=f"kinds of worker, from {' '.join(MODELS)} (default: all this platform has)",
    )
    parser.add_argument("--one", nargs=2, metavar=("MODEL", "COUNT"), help=argparse.SUPPRESS)
    parser.add_argument("--wait-s", type=positive_float, help=argparse.SUPPRESS)
    args = parser.parse_args()  # --one and --wait-s are how this script talks to its own children

    if args.one:  # inside a fresh child interpreter: measure one configuration, print JSON
        model, count = args.one[0], int(args.one[1])
        if model == "coroutines":
            print(json.dumps(hire_coroutines(count, args.wait_s)))
        else:
            print(json.dumps(hire(model, count, args.wait_s)))
        return

    counts = sorted(set(args.counts))
    linux_only("memory (PSS)")
    wait_s = args.wait * args.scale
    print(f"each worker waits {wait_s:.3f} s for one delivery; each configuration in a fresh interpreter")
    print(f"processes are capped at {args.max_processes}: larger counts are not run for them\n")
    clock = Clock(1.0, unit="s")  # a benchmark: its log is in real seconds
    rows = []
    for model in args.models:
        for count in counts:
            row = {"model": model, "label": MODELS[model], "count": count}
            if model not in ("coroutines", "threads") and count > args.max_processes:
                row["skipped"] = f"more than {args.max_processes} processes"
                clock.log(model, f"x{count}: not run ({row['skipped']})")
                rows.append(row)
                continue
            row.update(measure(model, count, wait_s))
            row["added_mb"] = (row["after_kb"] - row["before_kb"]) / 1024
            row["total_s"] = row["startup_s"] + row["waits_s"] + row["teardown_s"]  # hired, served, gone
            clock.log(
                model,
                f"x{count}: all at their stations after {row['startup_s'] * 1000:.1f} ms, "
                f"{signed(row['added_mb'])} MB; their waits took {row['waits_s']:.3f} s; "
                f"all gone {row['teardown_s'] * 1000:.1f} ms later",
            )
            rows.append(row)

    print(
        f"\n{'':24}{'workers':>8}{'start-up':>11}{'waits':>9}{'tear-down':>11}{'in all':>9}"
        f"{'memory':>11}{'per worker':>12}{'re-imported':>13}"
    )
    for row in rows:
        if "skipped" in row:
            print(f"{row['label']:24}{row['count']:>8}   not run: {row['skipped']}")
            continue
        per = row["added_mb"] * 1024 / row["count"]
        print(
            f"{row['label']:24}{row['count']:>8}{row['startup_s'] * 1000:>8.1f} ms{row['waits_s']:>7.3f} s"
            f"{row['teardown_s'] * 1000:>8.1f} ms{row['total_s']:>7.3f} s{signed(row['added_mb']):>8} MB"
            f"{signed(per, 0):>9} kB{row['imported_again']:>13}"
        )
    print("memory: PSS added, summed over the whole process tree (helper processes included)")
    print("re-imported: worker processes that ran this script's imports themselves instead of inheriting them")
    report(counts=counts, max_processes=args.max_processes, wait_s=wait_s, cores=os.cpu_count(), rows=rows)


if __name__ == "__main__":
    main()
