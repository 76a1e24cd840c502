"""Checks for examples/concepts: the 'Concurrency, parallelism and the GIL' chapter."""

import importlib.util

from . import check, max_overlap, spans


@check("concepts/waiting_and_working.py")  # the default 0.5 s boil: 5% of it is 25 ms of slack
def _(run):
    d = run.data
    assert d["boil_wall_s"] >= 0.95 * d["boil_s"]  # a sleep never ends early
    # Waiting costs next to no CPU: a load elsewhere can only lower a process's CPU time.
    assert d["boil_cpu_s"] < 0.05 * d["boil_wall_s"]
    # Working is CPU time. Its share of the wall clock drops when other processes compete for
    # the cores, but it stays many times the share of waiting (ideal: 100% against about 0%).
    assert d["chop_cpu_s"] / d["chop_wall_s"] > 5 * d["boil_cpu_s"] / d["boil_wall_s"]
    assert d["chop_cpu_s"] / d["chop_wall_s"] > 0.1
    assert "waiting: I/O-bound" in run.stdout and "working: CPU-bound" in run.stdout
    assert [e["kind"] for e in run.events] == ["wait", "work"]


@check("concepts/three_cakes.py", "--scale", "0.01")
def _(run):
    d = run.data
    juggle = spans(run, "one cook juggles three cakes")
    twins = spans(run, "twins decorate at the same moment")
    # Concurrency: three cakes in the oven at once, but the one cook never does two things.
    assert max_overlap([e for e in juggle if e["kind"] == "wait"]) == 3
    assert max_overlap([e for e in juggle if e["kind"] == "work"]) == 1
    assert len({e["pid"] for e in juggle}) == 1
    # Parallelism needs two workers: two processes, decorating in the same stretch of time.
    assert len(twins) == 2 and len({e["pid"] for e in twins}) == 2
    assert max_overlap(twins) == 2  # the barrier starts them together
    # Nothing pins a twin to a core: each may run on every core its parent may use.
    for allowed, seen in zip(d["twin_allowed"], d["twin_seen"]):
        assert allowed == d["parent_allowed"]
        assert set(seen) <= set(allowed)
    assert "cores were decorating at once" in run.stdout


@check("concepts/what_releases_the_gil.py", "--scale", "0.03", "--rounds", "5")
def _(run):
    kinds = run.data["kinds"]
    expected = {"pure Python", "hashlib", "time.sleep"}
    if importlib.util.find_spec("numpy"):
        expected.add("numpy.sort")
    assert set(kinds) == expected
    for row in kinds.values():
        assert row["jobs_at_once"] == 2  # with two threads, both jobs were under way together
    # Waiting overlaps whatever the load: two sleeps on two threads take one (ideal x2.0).
    assert kinds["time.sleep"]["speedup"] > 1.5
    assert kinds["time.sleep"]["cores_busy"] < 0.05
    if not run.gil_disabled:
        pure = kinds["pure Python"]
        # One GIL: two threads never compute at once, so CPU time never exceeds wall time
        # (waiting for the GIL costs no CPU). Load elsewhere can only lower this figure.
        assert pure["cores_busy"] < 1.15
        assert "kept one core busy at most" in next(
            line for line in run.stdout.splitlines() if line.startswith("pure Python ")
        )
        # The wall-time speed-up of two threads is not asserted: a shared core's speed wanders
        # between the one-thread and two-thread runs, and the CPU/wall guard cannot see it
        # (the same happened in threading/chop_with_threads.py; see its check).
