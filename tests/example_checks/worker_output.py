"""Checks for the worker output and logging section of examples/multiprocessing."""

from __future__ import annotations

import re

from . import check, claim, not_shown


@check("multiprocessing/print_order_from_workers.py", "--scale", "0.02", "--lines", "2")
def _(run):
    rows, lines = run.data["rows"], run.data["lines"]
    for name, row in rows.items():
        assert row["lines"] == 2 * lines, f"{name}: {row}"  # every line arrived, none lost
    threads = rows["two threads, print()"]
    claim(f"two threads sharing one buffer: {threads['arrived']}, in the order printed",
          threads["in_order"])
    kitchens = rows["two kitchens, print()"]
    # Each kitchen's lines sit in its own buffer until it exits: they arrive in one block each.
    blocks = re.sub(r"(\w)( \1)*", r"\1", kitchens["arrived"])
    claim(f"two kitchens with print(): {kitchens['arrived']}, one kitchen's block at a time",
          blocks in ("A B", "B A"))
    if re.sub(r"(\w)( \1)*", r"\1", kitchens["printed"]) == "A B":
        not_shown("the buffered lines came out of the order they were printed in",
                  f"the kitchens happened to print {kitchens['printed']}, not in turns")
    else:
        claim(f"they were printed {kitchens['printed']}, so the page order is not the real one",
              not kitchens["in_order"])
    for name in ("print(flush=True)", "python -u", "PYTHONUNBUFFERED=1"):
        # A line written at once reaches the pipe in the order it was printed.
        claim(f"{name}: {rows[name]['arrived']}, in the order printed", rows[name]["in_order"])


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
