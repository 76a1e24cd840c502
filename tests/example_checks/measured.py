"""Checks for examples/measured: the showdown, scaling and the cost of a chef.

Parallel speed-ups of CPU work are not asserted here: they depend on how busy
the machine is. tests/test_measured.py asserts them against the parallelism the
machine offers at that moment. What is asserted here holds however busy it is.
"""

import math

from . import check

MODES = ["sequential", "threads", "asyncio", "to_thread", "processes"]


@check("measured/showdown.py", "--scale", "0.007", "--repeat", "3", timeout=180)
def _(run):
    d = run.data
    best, speedup, n, wait = d["best"], d["speedup"], d["tasks"], d["wait_s"]
    assert [key for key, _ in d["columns"]] == MODES and d["freethreaded"] is None  # none by default
    assert set(best) == {"io", "cpu", "mixed"} and all(len(d["runs"][w][m]) == 3 for w in best for m in MODES)
    assert d["pools"] == {"threads": n, "to_thread": min(32, run.cpus + 4), "processes": run.cpus}
    # A sleep never ends early: sequential waiting is at least n waits long.
    assert best["io"]["sequential"] >= 0.95 * n * wait
    # One thread per order, or one task per order, waits all at once: ideal 1/n of sequential
    # (1/8); 0.5 leaves several waits' worth of slack for starting threads and a loop.
    assert best["io"]["threads"] < 0.5 * best["io"]["sequential"]
    assert best["io"]["asyncio"] < 0.5 * best["io"]["sequential"]
    # A pool of p workers holds p waits at a time, so it waits in ceil(n/p) rounds (a lower bound).
    for mode in ("to_thread", "processes"):
        assert best["io"][mode] >= 0.95 * math.ceil(n / d["pools"][mode]) * wait, mode
    if not run.gil_disabled:
        # One GIL, or one thread: no speed-up on chopping (ideal x1.0; 1.3 absorbs noise in a best-of-3).
        for mode in ("threads", "asyncio", "to_thread"):
            assert speedup["cpu"][mode] <= 1.3, (mode, speedup["cpu"])
    # Mixed orders: overlapping the waits beats taking them in turn (ideal ratio about 0.5 here).
    assert best["mixed"]["threads"] < 0.85 * best["mixed"]["sequential"]
    assert best["mixed"]["asyncio"] < 0.85 * best["mixed"]["sequential"]
    assert "best wall time and speed-up against sequential" in run.stdout
    assert run.stdout.count(" x1.0") >= 3  # the sequential column of the printed table


@check("measured/scaling.py", "--chefs", "1", "2", "8", "--scale", "0.01", "--wait", "5", "--chop", "1",
       "--repeat", "2", timeout=180)
def _(run):
    d = run.data
    chefs, cores = d["chefs"], d["cores"]
    series = {(s["workload"], s["model"]): s["speedup"] for s in d["series"]}
    assert chefs == [1, 2, 8] and set(series) == {
        ("cpu", "processes"), ("cpu", "threads"), ("io", "threads"), ("io", "asyncio")}
    assert all(len(v) == len(chefs) for v in series.values())
    for model in ("threads", "asyncio"):
        for n, s in zip(chefs, series["io", model]):
            # n chefs hold n waits at a time: x n is the ceiling (1.1 allows timer noise) ...
            assert s <= 1.1 * n, (model, n, s)
            # ... and waiting needs no core, so they get close: 0.6 x n leaves 2/3 of a wait of slack at n = 8.
            assert s >= 0.6 * n, (model, n, s)
    # Chopping can never be faster than the cores allow; 1.15 absorbs noise in the sequential baseline.
    assert max(series["cpu", "processes"]) <= 1.15 * cores
    if not run.gil_disabled:
        # Threads share one GIL: no speed-up however many (ideal x1.0; 1.3 absorbs noise).
        assert max(series["cpu", "threads"]) <= 1.3
    assert len(d["pool_startup_s"]) == len(chefs)
    assert "limit for chopping: the cores" in run.stdout


@check("measured/cost_of_a_chef.py", "--counts", "1", "10", "100", "1000", "--max-processes", "10", "--scale", "0.01",
       timeout=240)
def _(run):
    d = run.data
    rows = {(r["model"], r["count"]): r for r in d["rows"]}
    processes = ("fork", "forkserver", "spawn")
    assert set(rows) == {(m, c) for m in ("coroutines", "threads", *processes) for c in (1, 10, 100, 1000)}
    for m in processes:  # the cap: never more than --max-processes processes
        assert all("skipped" in rows[m, c] for c in (100, 1000)) and "skipped" not in rows[m, 10]
    wait = d["wait_s"]
    # 100 coroutines that each wait once take about one wait: ideal ratio 1; 3 is generous.
    assert rows["coroutines", 100]["total_s"] < 3 * rows["coroutines", 1]["total_s"]
    # Everyone waits together: far below 1000 waits in turn (5 waits allows slow wake-ups of 1000 threads).
    for m in ("coroutines", "threads"):
        assert rows[m, 1000]["waits_s"] < 5 * wait, m
    # At large fan-out coroutines win on start-up and memory (measured ratios are about 0.1).
    c, t = rows["coroutines", 1000], rows["threads", 1000]
    assert c["startup_s"] < 0.5 * t["startup_s"]
    assert c["added_mb"] < 0.5 * t["added_mb"]

    def per_worker(model):
        r = rows[model, 10]
        return r["added_mb"] / r["count"]

    # A forked child shares the parent's pages, yet costs far more than a thread (measured ~100x) ...
    assert per_worker("fork") > 5 * per_worker("threads")
    # ... and far less than a spawned interpreter (measured ~1/7).
    assert per_worker("fork") < 0.5 * per_worker("spawn")
    # Start-up depends on the start method: spawn starts interpreters, forkserver starts a server first.
    assert rows["spawn", 10]["startup_s"] > 2 * rows["fork", 10]["startup_s"]
    assert rows["forkserver", 1]["startup_s"] > 2 * rows["fork", 1]["startup_s"]
    # Who imported the script again: every spawned child, no forked one; forkserver depends on the version.
    assert rows["spawn", 10]["imported_again"] == 10 and rows["fork", 10]["imported_again"] == 0
    assert rows["forkserver", 10]["imported_again"] in (0, 10)
    assert rows["threads", 1000]["processes"] == 1 and rows["fork", 10]["processes"] == 11
    assert "processes are capped at 10" in run.stdout
