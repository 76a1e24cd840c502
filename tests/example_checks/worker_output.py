"""Checks for the worker output and logging section of examples/multiprocessing."""

from __future__ import annotations

import re

from . import check, claim, not_shown


def blocks_of(order: str) -> str:
    """ "A A B B A" -> "A B A": who printed, each run of one cook's lines counted once."""
    return re.sub(r"(\w)( \1)*", r"\1", order)


@check("multiprocessing/print_order_from_workers.py", "--scale", "0.02", "--lines", "2")
def _(run):
    rows, lines = run.data["rows"], run.data["lines"]
    for name, row in rows.items():
        assert row["lines"] == 2 * lines, f"{name}: {row}"  # every line arrived, none lost
    threads = rows["two threads, print()"]
    # One buffer for both threads: their lines stay in turns even though the pipe gets them late.
    if blocks_of(threads["printed"]) in ("A B", "B A"):
        not_shown("two threads' lines arrived in turns",
                  f"the threads happened to print {threads['printed']}, not in turns")
    else:
        claim(f"two threads sharing one buffer: {threads['arrived']}, in turns as printed",
              blocks_of(threads["arrived"]) not in ("A B", "B A"))
    kitchens = rows["two kitchens, print()"]
    # Each kitchen's lines sit in its own buffer until it exits: they arrive in one block each.
    blocks = blocks_of(kitchens["arrived"])
    claim(f"two kitchens with print(): {kitchens['arrived']}, one kitchen's block at a time",
          blocks in ("A B", "B A"))
    if blocks_of(kitchens["printed"]) in ("A B", "B A"):
        not_shown("the buffered lines came out of the order they were printed in",
                  f"the kitchens happened to print {kitchens['printed']}, not in turns")
    else:
        claim(f"they were printed {kitchens['printed']}, so the page order is not the real one",
              not kitchens["in_order"])
    for name in ("print(flush=True)", "python -u", "PYTHONUNBUFFERED=1"):
        row = rows[name]
        # Each line goes down the pipe when it is printed, so lines printed in turns arrive in
        # turns. (A cook paused between its timestamp and its write can swap two neighbours on
        # a busy machine, so the check asks for turns, not for the exact order.)
        if blocks_of(row["printed"]) in ("A B", "B A"):
            not_shown(f"{name}: the lines arrived in turns",
                      f"the kitchens happened to print {row['printed']}, not in turns")
        else:
            claim(f"{name}: {row['arrived']}, in turns as printed, not one block per kitchen",
                  blocks_of(row["arrived"]) not in ("A B", "B A"))


@check("multiprocessing/logging_from_workers.py", "--orders", "3")
def _(run):
    d = run.data
    want = d["orders"] * d["steps"]
    threads, processes = d["counts"]["threads"], d["counts"]["processes"]
    claim(f"threads: {threads['records']} of {want} records, all from this process",
          threads["records"] == want and threads["pids"] == [d["parent_pid"]])
    claim(f"processes ({d['start_method']}): {processes['records']} of {want} records reached the "
          f"parent's handler from {len(processes['pids'])} worker(s)",
          processes["records"] == want and d["parent_pid"] not in processes["pids"]
          and 1 <= len(processes["pids"]))
    whole = re.findall(r"^\d+ \S+ +\S+ +order \d+: (?:chops|plates)$", run.stdout, re.M)
    claim(f"{len(whole)} whole log lines on stdout, {2 * want} expected: none lost, none twice",
          len(whole) == 2 * want)


@check("multiprocessing/worker_traceback.py", "--orders", "4")
def _(run):
    out = run.stdout
    remote = out.index("_RemoteTraceback")
    cause = out.index("The above exception was the direct cause")
    claim("the worker's own traceback, naming plate() and its raise, came first",
          remote < out.index(", in plate") < out.index("raise ValueError") < cause)
    claim("then the parent's, from future.result() in serve()",
          cause < out.index(", in serve") < out.index("future.result()", cause))
    claim(f"the other orders were served: {run.data['served']} of {run.data['orders']}",
          run.data["served"] == run.data["orders"] - 1)


# --- how many workers: tiny orders and fresh workers -----------------------------------------


@check("multiprocessing/tiny_orders_chunksize.py", "--sizes", "5,500", "--budget-ms", "20",
       "--max-orders", "300", "--repeats", "1")
def _(run):
    d = run.data
    small = d["rows"][0]
    one, chunked = small["bound"]["map, chunksize=1"], small["bound"]["map, chunksize=len/4n"]
    # CPU time of every process: other programs cannot inflate it, so the bound is the same on
    # a busy machine. A 5 µs order costs the pool ~10x its own chopping per trip (measured 0.09).
    claim(f"at {small['size_us']} µs per order, map with chunksize=1 could reach only x{one:.2f} "
          f"of one process on {d['workers']} idle cores", one < 1)
    # One trip per chunk instead of per order: measured ~16x less overhead; 3x is a wide margin.
    claim(f"chunksize=len/4n lifts that to x{chunked:.2f}, batches by hand to "
          f"x{small['bound']['batches by hand']:.2f}",
          chunked > 3 * one and small["bound"]["batches by hand"] > 3 * one)
    if d["crossover_us"] is None:
        largest = d["rows"][-1]
        not_shown("chunksize=1 reaches one process's speed at some order size",
                  f"even at {largest['size_us']} µs per order it could reach only "
                  f"x{largest['bound']['map, chunksize=1']:.2f}")
    else:
        claim(f"chunksize=1 could first beat one process at {d['crossover_us']} µs per order",
              d["crossover_us"] > small["size_us"])


@check("multiprocessing/fresh_workers.py", "--orders", "6", "--per-child", "2")
def _(run):
    d = run.data
    if "ProcessPoolExecutor(max_tasks_per_child)" not in d["kitchens"]:
        not_shown("ProcessPoolExecutor(max_tasks_per_child=2) replaced its workers",
                  f"skipped on {run.python}: it can hang there (CPython gh-115634)")
    for name, k in d["kitchens"].items():
        need = -(-d["orders"] // d["per_child"])
        claim(f"{name}: {d['orders']} orders in {k['kitchens']} kitchens, at most "
              f"{k['most_orders']} in one", k["most_orders"] <= d["per_child"] and k["kitchens"] >= need)
