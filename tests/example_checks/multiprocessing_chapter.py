"""Checks for examples/multiprocessing: the 'Many kitchens' chapter.

An example that takes --start-method is checked under all three: the check's
own run uses fork, and tests/test_examples.py runs the same check again under
spawn and forkserver.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from kitchen import runner
from kitchen.noise import GIL_CORES_BUSY, cores_busy

from . import check, claim, max_overlap, not_shown, option, spans
from .start_methods_chapter import forkserver_preloads_main, forkserver_survives_failed_preload

def rerun(run: runner.Result, *args: str, expect_exit: int = 0) -> runner.Result:
    """The same example again with other arguments; it must end as expected."""
    req = runner.Request(run.script, args=args, timeout=run.timeout_s, expect_exit=expect_exit)
    again = runner.run(req, mode="off")
    assert again.ok, f"{again.problem()}\n{again.stderr}"
    return again


def python_version(run: runner.Result) -> tuple[int, int]:
    major, minor = re.search(r"(\d+)\.(\d+)", run.python).groups()
    return int(major), int(minor)


@check("multiprocessing/one_kitchen_per_order.py",
       "--scale", "0.02", "--orders", "4", "--workers", "2", "--start-method", "fork")
def _(run):
    d = run.data
    n, workers = d["orders"], d["workers"]
    phases = ["one kitchen, in turn", "a Process per order", f"Pool({workers})",
              f"ProcessPoolExecutor({workers})"]
    claim(f"every way cooked each of the {n} orders once",
          list(d["served"]) == phases
          and all(d["served"][p] == list(range(1, n + 1)) for p in phases)
          and all(len(spans(run, p, "work")) == n for p in phases))
    kitchens = d["kitchens"]
    in_turn = max_overlap(spans(run, phases[0]))
    claim(f"in turn: {in_turn} order at a time, all in the head chef's process",
          kitchens[phases[0]] == [d["parent_pid"]] and in_turn == 1)
    apart = max_overlap(spans(run, phases[1]))
    claim(f"a Process per order: {len(kitchens[phases[1]])} other processes, "
          f"{apart} chopping at once",
          len(kitchens[phases[1]]) == n and d["parent_pid"] not in kitchens[phases[1]]
          and apart >= 2)
    for pool in phases[2:]:
        # The pool reuses its kitchens, and never has more than `workers` at work.
        busy = max_overlap(spans(run, pool))
        claim(f"{pool}: {len(kitchens[pool])} kitchens reused for {n} orders, "
              f"at most {busy} at work",
              1 <= len(kitchens[pool]) <= workers and d["parent_pid"] not in kitchens[pool]
              and busy <= workers)


@check("multiprocessing/no_main_guard_breaks_under_spawn.py", "--scale", "0.01", expect_exit=1)
def _(run):
    def broken(result, method, server=0):
        d = result.data
        reimports = result.stdout.count("as '__mp_main__'") - server
        crashes = result.stderr.count("finished its bootstrapping phase")
        claim(f"under {method}: {len(d['cooked'])} of 3 pastas came back; {reimports} kitchens "
              f"re-ran the script, {crashes} crashed starting kitchens of their own, "
              f"exit codes {d['exit_codes']}",
              d["start_method"] == method and d["cooked"] == [] and d["exit_codes"] == [1, 1, 1]
              and reimports == 3 and crashes == 3)
        claim(f"under {method} the script exited {result.returncode}, saying FAILED",
              "FAILED: 3 of 3 pastas never came back" in result.stderr)

    broken(run, "spawn")  # the default of this example
    served = rerun(run, "--scale", "0.01", "--start-method", "forkserver", expect_exit=1)
    if forkserver_preloads_main(served) and not forkserver_survives_failed_preload(served):
        # gh-126631 fixed: the server imports the script once, dies of the same error before it
        # forks a child, and the parent's start() fails (see start_methods/no_main_guard.py).
        claim("under forkserver the server imported the script once and died; start() failed",
              served.stdout.count("as '__mp_main__'") == 1 and served.data == {}
              and served.stderr.count("finished its bootstrapping phase") == 1)
    else:
        # Before the fix every child re-imports; from 3.15 the server's failed import is ignored
        # (one more run of the top, in the server) and every child re-imports all the same.
        broken(served, "forkserver", server=1 if forkserver_preloads_main(served) else 0)
    forked = rerun(run, "--scale", "0.01", "--start-method", "fork")
    claim(f"under fork all {len(forked.data['cooked'])} pastas came back, no re-import",
          forked.data["cooked"] == [1, 2, 3] and "__mp_main__" not in forked.stdout
          and "bootstrapping" not in forked.stderr)
    # With no guard, options are still parsed before any process exists.
    helped = rerun(run, "--help")
    refused = rerun(run, "--pots", "0", expect_exit=2)
    claim("--help and a bad --pots end in the parent before any kitchen opens",
          "(default: spawn)" in helped.stdout and "runs the top" not in helped.stdout
          and "must be at least 1" in refused.stderr and "runs the top" not in refused.stdout)


@check("multiprocessing/main_guard_cooks_every_pasta.py", "--scale", "0.03")
def _(run):
    d = run.data
    methods = list(d["cooked"])
    sections = dict(re.findall(r"^-- (\w+)\n(.*?)(?=^-- |\Z)", run.stdout, re.M | re.S))
    # Spawn children import the script again, and so does the forkserver: once in its server since
    # gh-126631 was fixed, else once per child. The guard makes that harmless.
    expected = {"fork": 0, "spawn": d["pots"],
                "forkserver": 1 if forkserver_preloads_main(run) else d["pots"]}
    for method in methods:
        imports = sections[method].count("as '__mp_main__'")
        together = max_overlap(spans(run, method))
        claim(f"{method}: {len(d['cooked'][method])} of {d['pots']} pastas cooked, "
              f"{together} boiling at once; the script was imported {imports} times",
              d["cooked"][method] == list(range(1, d["pots"] + 1)) and together == d["pots"]
              and imports == expected[method])
    claim("no traceback", "Traceback" not in run.stderr)


@check("multiprocessing/own_interpreter_own_gil.py", "--scale", "0.02", "--start-method", "fork")
def _(run):
    d = run.data
    threads, processes = d["runs"]["2 threads, 1 process"], d["runs"]["2 processes"]
    herbs = ["herbs for order 1", "herbs for order 2"]
    # One interpreter: both threads write to the same pantry, and the head chef sees it.
    claim(f"threads: both cooked in the head chef's process; his pantry afterwards: "
          f"{threads['parent_pantry']}",
          threads["pids"] == [d["parent_pid"]]
          and sorted(threads["parent_pantry"]) == sorted(["salt", *herbs]))
    # Two interpreters: each kitchen changes only its own copy.
    claim(f"processes: {len(processes['pids'])} other kitchens, each saw only its own "
          f"herbs; the head chef's pantry stayed {processes['parent_pantry']}",
          len(processes["pids"]) == 2 and d["parent_pid"] not in processes["pids"]
          and processes["parent_pantry"] == ["salt"]
          and processes["pantries"] == [["salt", herbs[0]], ["salt", herbs[1]]])
    overlaps = [max_overlap(spans(run, p)) for p in d["runs"]]
    claim(f"both timelines show {overlaps[0]} and {overlaps[1]} orders chopping at once",
          overlaps == [2, 2])
    per_second = cores_busy(threads["cpu_s"], threads["wall_s"])
    if run.gil_disabled:
        not_shown("one GIL holds two threads to one CPU second per second",
                  f"this interpreter has no GIL ({run.python})")
    else:
        # One GIL runs one thread's Python at a time: at most one CPU second per second.
        claim(f"two threads used {per_second:.2f} CPU seconds per second: one GIL",
              per_second < GIL_CORES_BUSY)


@check("multiprocessing/start_method_costs.py", "--workers", "4", "--repeats", "5")
def _(run):
    d = run.data
    first, later = d["first_s"], d["later_s"]
    ms = {name: f"{seconds * 1000:.1f} ms" for name, seconds in later.items()}
    claim("batches were timed for fork, spawn, forkserver and threads",
          set(first) == set(later) == {"fork", "spawn", "forkserver", "threads"})
    # "later" is the fastest of the later batches, the least disturbed by other programs.
    # Spawn starts a new interpreter per worker (tens of ms); fork copies this one (a few ms).
    # Typically 10x apart; 2x leaves room for a busy machine slowing either.
    claim(f"spawn ({ms['spawn']}) cost {later['spawn'] / later['fork']:.1f}x fork "
          f"({ms['fork']})", later["spawn"] > 2 * later["fork"])
    # The first forkserver batch also starts the server, a whole interpreter (typically 2-3x).
    claim(f"forkserver's first batch ({first['forkserver'] * 1000:.1f} ms, with its server) "
          f"cost more than its later ones ({ms['forkserver']})",
          first["forkserver"] > later["forkserver"])
    if python_version(run) >= (3, 14):
        # Since the __main__ preload fix (gh-126631) the server has imported the script once, and
        # each kitchen is a fork of that small, clean server: typically 20-40x below spawn and
        # close to fork or under it (a smaller process is quicker to copy); 2x is the margin.
        claim(f"forkserver ({ms['forkserver']}) cost {later['spawn'] / later['forkserver']:.0f}x less "
              f"than spawn: its server imported the script once", later["forkserver"] < later["spawn"] / 2)
    else:
        # Before that fix a forkserver kitchen is forked, then imports the script: dearer than fork,
        # cheaper than spawn (typically 5x and 0.3x; the margins are the whole gap).
        claim(f"forkserver ({ms['forkserver']}) landed between fork and spawn: each kitchen "
              "imported the script again", later["fork"] < later["forkserver"] < later["spawn"])
    # A thread needs no new process at all: typically 10x or more below fork.
    claim(f"threads ({ms['threads']}) cost less than fork", later["threads"] < later["fork"])
    expected = "forkserver" if run.stdout and python_version(run) >= (3, 14) else "fork"
    claim(f"this Python's default start method is {d['default_method']}",
          d["default_method"] == expected)  # the page says Linux changed in 3.14


@check("multiprocessing/sending_ingredients.py",
       "--megabytes", "16", "--repeats", "5", "--start-method", "fork")
def _(run):
    d = run.data
    claim("both ways computed the same checksum", d["checksums_match"])
    claim(f"pickled, a task carried {d['sent_bytes']:,} bytes; by name, "
          f"{d['shared_sent_bytes']:,}",
          d["sent_bytes"] >= d["size"] and d["shared_sent_bytes"] < 1000)
    claim("the shared block was unlinked, and nothing leaked",
          not Path("/dev/shm", d["shm_name"].lstrip("/")).exists()
          and "leaked" not in run.stderr)
    sent, shared = d["seconds"]["sent as an argument (pickled)"], d["seconds"]["shared memory, name sent"]
    # Pickled, the buffer is copied several times and pushed through a pipe before the same crc32
    # runs; typically 5x slower. 0.7 leaves room for noise in either (each the fastest of 5).
    claim(f"a round trip by name took {shared / sent:.2f}x the pickled one", shared < 0.7 * sent)


@check("multiprocessing/a_kitchen_per_pasta.py", "--pastas", "300", "--processes", "20",
       "--minutes", "4", "--scale", "0.05", "--start-method", "fork")
def _(run):
    d = run.data
    rows, boil = d["rows"], d["boil_s"]
    pastas, kitchens = int(option(run, "--pastas", "1000")), int(option(run, "--processes", "200"))
    claim(f"{pastas} pots in the loop and in threads, {kitchens} in kitchens, each boiling "
          f"its full {boil:.2f} s",
          [rows[n]["pots"] for n in ("asyncio tasks", "threads", "processes")]
          == [pastas, pastas, kitchens]
          and all(row["seconds"] >= 0.95 * boil for row in rows.values()))
    # All waits overlap in one loop: about one boil (the loop's own work is milliseconds).
    loop, kitchen = rows["asyncio tasks"]["seconds"], rows["processes"]["seconds"]
    claim(f"the loop's pots took {loop / boil:.2f} boils", loop < 2 * boil)
    # Creating and reaping tens of processes takes tens of ms, even forked; hundreds of tasks take a few.
    claim(f"the kitchens took {kitchen:.2f} s, the loop {loop:.2f} s", kitchen > loop)
    per_pot = {name: row["mib"] * 1024 / row["pots"] for name, row in rows.items()}
    if any(math.isnan(v) for v in per_pot.values()):
        not_shown("a thread costs more memory than a task, a kitchen far more than a thread",
                  "this machine has no /proc to read memory from")
        return
    # Memory is not disturbed by a busy CPU. A sleeping thread costs tens of KiB, a task about
    # one; a process, even forked, at least hundreds of KiB of its own. A free-threaded build
    # gives each thread heaps of its own (measured 223 KiB a thread against 1383 KiB a kitchen
    # on 3.14t), so there a kitchen need only cost 3x a thread.
    kitchen_over_thread = 3 if run.gil_disabled else 10
    claim(f"memory per pot: task {per_pot['asyncio tasks']:.0f} KiB, thread "
          f"{per_pot['threads']:.0f} KiB, kitchen {per_pot['processes']:.0f} KiB",
          per_pot["threads"] > 2 * max(per_pot["asyncio tasks"], 0)
          and per_pot["processes"] > kitchen_over_thread * per_pot["threads"]
          and rows["processes"]["children_mib"] > 0)


@check("multiprocessing/more_kitchens_than_cores.py",
       "--scale", "0.01", "--most", "8", "--repeats", "1", "--start-method", "fork")
def _(run):
    d = run.data
    rows = {row["kitchens"]: row for row in d["rows"]}
    counts = sorted(rows)
    claim(f"kitchens counted {counts}, doubling from 1",
          counts == [1 << i for i in range(len(counts))]
          and all(len(row["last_cpus"]) == count for count, row in rows.items()))
    # Nobody pinned a kitchen: each may run on every CPU this process may use.
    if d["allowed"] is None:
        not_shown("nobody pinned a kitchen to a core", "this machine has no /proc to ask")
    else:
        claim(f"every kitchen was allowed on all of CPUs {d['allowed']}",
              all(row["every_kitchen_may_use"] == [d["allowed"]] * count
                  for count, row in rows.items()))
    most = counts[-1]
    last = spans(run, f"{most} kitchens, run 1")
    fastest = [e for e in spans(run) if e["phase"].startswith(f"{most} kitchens")]
    at_once = max(max_overlap([e for e in fastest if e["phase"] == p])
                  for p in {e["phase"] for e in fastest})
    claim(f"{len(last)} kitchens chopped in the first run of {most}", len(last) == most)
    if d["cores"] < most:
        # More kitchens chopping at once than there are cores: allowed, they take turns.
        claim(f"{at_once} of {most} kitchens were chopping at once on {d['cores']} cores",
              at_once > d["cores"])
    if d["cores"] <= 2 and 2 in rows and most >= 8:
        # 8 kitchens on 2 cores cannot chop 4x as fast as 2 (ideal ratio 1.0). Even if the
        # run with 2 kitchens lost a whole core to another program, the ratio stays near 2.
        ratio = rows[most]["rate"] / rows[2]["rate"]
        claim(f"{most} kitchens chopped x{ratio:.2f} as fast as 2 on {d['cores']} cores",
              ratio < 3)


# --- how many kitchens to open ---------------------------------------------------------------


@check("multiprocessing/how_many_cores.py")
def _(run):
    d = run.data
    here = d["rows"]["this process"]
    total, allowed = here["os.cpu_count()"], here["len(os.sched_getaffinity(0))"]
    claim(f"os.cpu_count() counted {total} cores; this process may run on {allowed}",
          total >= 1 and (allowed is None or 1 <= allowed <= total))
    if here["os.process_cpu_count()"] is None:
        not_shown("os.process_cpu_count() agreed with the affinity count",
                  f"this run's Python is {run.python}: it needs 3.13+")
    else:
        claim(f"os.process_cpu_count() counted {here['os.process_cpu_count()']}, as the affinity did",
              here["os.process_cpu_count()"] == allowed)
    if d["allowed"] <= d["asked"]:
        not_shown(f"a child allowed {d['asked']} core(s) counts fewer than its parent",
                  f"this process may use only {d['allowed']} core(s) to begin with")
        return
    (who, child), = [(k, v) for k, v in d["rows"].items() if k != "this process"]
    claim(f"{who}: os.cpu_count() still said {child['os.cpu_count()']}, "
          f"sched_getaffinity said {child['len(os.sched_getaffinity(0))']}",
          child["os.cpu_count()"] == total and child["len(os.sched_getaffinity(0))"] == d["asked"])
    if child["os.process_cpu_count()"] is not None:
        claim(f"{who}: os.process_cpu_count() said {child['os.process_cpu_count()']}",
              child["os.process_cpu_count()"] == d["asked"])


@check("multiprocessing/cpu_quota.py")
def _(run):
    d = run.data
    if d["source"] == "no cgroup CPU files here":
        not_shown("this machine's CPU quota was read", "it has no cgroup CPU files")
    else:
        # Read again here, on the machine that ran it: the example parsed what the file says.
        raw = Path(d["source"]).read_text().split()[0]
        none = raw in ("max", "-1")
        claim(f"{d['source']} says {raw}: {'no quota' if none else str(d['quota']) + ' cores'}",
              (d["quota"] is None) == none)
    for fmt, cores in (("v2", 1.5), ("v1", 0.5)):
        sample = rerun(run, "--root", f"tests/fixtures/cgroup/{fmt}").data
        claim(f"the cgroup {fmt} sample reads as {sample['quota']} cores, so {sample['workers']} worker",
              sample["quota"] == cores and sample["workers"] == 1)
