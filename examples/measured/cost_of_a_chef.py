"""What a chef costs: memory and start-up of coroutines, threads, processes."""

import asyncio
import threading
import time
from multiprocessing import get_context

# kitchen: hide-start
import argparse
import json
import math
import multiprocessing
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (NO_PROC_ENV, Clock, InFlight, has_proc, kitchen_parser, linux_only,
                      positive_float, positive_int, proc_stat_field, read_proc, report)

# Which process ran this file's top level: a worker that finds its own pid here had to import the
# script again (spawn always does; forkserver does unless its server preloaded the script).
LOADED_BY = os.getpid()
# Each worker arrives at its station, waits for the signal, waits for one delivery (I/O) and
# reports back; memory is counted while all of them are at their stations.
REIMPORTS_ENV = "KITCHEN_COST_REIMPORTS"  # a folder where such workers leave a note

MODELS = {
    "coroutines": "coroutines (asyncio)",
    "threads": "threads",
    "fork": "processes (fork)",
    "forkserver": "processes (forkserver)",
    "spawn": "processes (spawn)",
}
MARKS: dict = {}  # when each stage of hiring was reached, and the memory at the stations
ASLEEP = InFlight()  # threads waiting for their delivery, and the most at one moment


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


def mark(stage: str) -> None:
    """Time a stage of hiring; at the stations, count the memory too."""
    MARKS[stage] = time.perf_counter()
    if stage == "at stations":
        MARKS["after"], MARKS["processes"] = memory()
        MARKS["counted"] = time.perf_counter()  # counting memory is not waiting


def count_reimport() -> None:
    """A worker process that ran this file's imports itself leaves a note."""
    if multiprocessing.parent_process() is not None and LOADED_BY == os.getpid():
        Path(os.environ[REIMPORTS_ENV], str(os.getpid())).touch()
# kitchen: hide-end


def worker(arrived, go, wait_s: float, done) -> None:  # a thread or a process
    count_reimport()  # kitchen: hide
    arrived.release()
    go.wait()
    ASLEEP.enter()  # kitchen: hide
    time.sleep(wait_s)  # one delivery
    ASLEEP.leave()  # kitchen: hide
    done.release()


def hire(model: str, count: int, wait_s: float) -> None:
    # model: "threads", or a start method: fork, forkserver, spawn
    sync = threading if model == "threads" else get_context(model)
    make = threading.Thread if sync is threading else sync.Process
    arrived, done, go = sync.Semaphore(0), sync.Semaphore(0), sync.Event()
    job = (arrived, go, wait_s, done)
    workers = [make(target=worker, args=job) for _ in range(count)]  # kitchen: highlight
    for w in workers:
        w.start()
    for _ in range(count):
        arrived.acquire()  # everyone is at a station
    mark("at stations")  # kitchen: hide
    go.set()
    for _ in range(count):
        done.acquire()
    mark("served")  # kitchen: hide
    for w in workers:
        w.join()


async def hire_coroutines(count: int, wait_s: float) -> None:
    tasks = [asyncio.create_task(asyncio.sleep(wait_s))  # one delivery each
             for _ in range(count)]
    await asyncio.sleep(0)  # every task has started its wait  # kitchen: highlight
    mark("at stations")  # kitchen: hide
    await asyncio.gather(*tasks)
    mark("served")  # kitchen: hide


# kitchen: hide-start
def measure_one(model: str, count: int, wait_s: float) -> dict:
    """Inside a fresh child interpreter: hire, serve and dismiss; the marks are the timings."""
    before, _ = memory()
    notes = tempfile.mkdtemp(prefix="kitchen-reimports-")
    os.environ[REIMPORTS_ENV] = notes  # workers started from now on find it
    t0 = time.perf_counter()
    if model == "coroutines":
        asyncio.run(hire_coroutines(count, wait_s))  # the loop's start and stop count too
    else:
        hire(model, count, wait_s)
    t4 = time.perf_counter()
    imported_again = len(os.listdir(notes))
    for note in os.listdir(notes):
        os.unlink(os.path.join(notes, note))
    os.rmdir(notes)
    return {"before_kb": before, "after_kb": MARKS["after"], "processes": MARKS["processes"],
            "startup_s": MARKS["at stations"] - t0,
            # Coroutines start their waits at their stations, so their waits count from there
            # (the memory count overlaps them); the others wait for the signal after it.
            "waits_s": MARKS["served"] - MARKS["at stations" if model == "coroutines" else "counted"],
            "teardown_s": t4 - MARKS["served"], "imported_again": imported_again,
            # Each process counts its own, so only threads are counted together.
            "most_asleep": ASLEEP.most if model == "threads" else None}


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
        print(json.dumps(measure_one(args.one[0], int(args.one[1]), args.wait_s)))
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
# kitchen: hide-end
