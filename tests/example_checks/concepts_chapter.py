"""Checks for examples/concepts: the 'Concurrency, parallelism and the GIL' chapter."""

import importlib.util

from kitchen.noise import GIL_CORES_BUSY

from . import check, claim, max_overlap, spans


@check("concepts/waiting_and_working.py")  # the default 0.5 s boil: 5% of it is 25 ms of slack
def _(run):
    d = run.data
    claim(f"the boil lasted {d['boil_wall_s'] / d['boil_s']:.2f}x the time asked",
          d["boil_wall_s"] >= 0.95 * d["boil_s"])  # a sleep never ends early
    # Waiting costs next to no CPU: a load elsewhere can only lower a process's CPU time.
    boiling = d["boil_cpu_s"] / d["boil_wall_s"]
    claim(f"boiling used {boiling:.1%} of a core", boiling < 0.05)
    # Working is CPU time. Its share of the wall clock drops when other processes compete for
    # the cores, but it stays many times the share of waiting (ideal: 100% against about 0%).
    chopping = d["chop_cpu_s"] / d["chop_wall_s"]
    claim(f"chopping used {chopping:.0%} of a core", chopping > 5 * boiling and chopping > 0.1)
    claim("the output calls boiling I/O-bound and chopping CPU-bound",
          "waiting: I/O-bound" in run.stdout and "working: CPU-bound" in run.stdout)
    claim("the timeline has a wait, then a work step",
          [e["kind"] for e in run.events] == ["wait", "work"])


@check("concepts/three_cakes.py", "--scale", "0.01")
def _(run):
    d = run.data
    juggle = spans(run, "one cook juggles three cakes")
    twins = spans(run, "twins decorate at the same moment")
    # Concurrency: three cakes in the oven at once, but the one cook never does two things.
    baking = max_overlap([e for e in juggle if e["kind"] == "wait"])
    hands = max_overlap([e for e in juggle if e["kind"] == "work"])
    claim(f"{baking} cakes baked at once; the cook's hands did {hands} thing at a time",
          baking == 3 and hands == 1)
    claim(f"the cook worked in {len({e['pid'] for e in juggle})} process",
          len({e["pid"] for e in juggle}) == 1)
    # Parallelism needs two workers: two processes, decorating in the same stretch of time.
    pids = {e["pid"] for e in twins}
    claim(f"{len(twins)} twins decorated in {len(pids)} processes, {max_overlap(twins)} at once",
          len(twins) == len(pids) == max_overlap(twins) == 2)  # the barrier starts them together
    # Nothing pins a twin to a core: each may run on every core its parent may use.
    claim(f"each twin was allowed on cores {d['parent_allowed']}, like its parent, and seen "
          f"only there ({', '.join(str(s) for s in d['twin_seen'])})",
          all(allowed == d["parent_allowed"] and set(seen) <= set(allowed or seen)
              for allowed, seen in zip(d["twin_allowed"], d["twin_seen"])))
    claim("the output says how many cores were decorating at once",
          "cores were decorating at once" in run.stdout)


@check("concepts/what_releases_the_gil.py", "--scale", "0.03", "--rounds", "5")
def _(run):
    kinds = run.data["kinds"]
    expected = {"pure Python", "hashlib", "time.sleep"}
    if importlib.util.find_spec("numpy"):
        expected.add("numpy.sort")
    claim(f"{len(kinds)} kinds of work measured: {', '.join(kinds)}", set(kinds) == expected)
    for kind, row in kinds.items():
        # With two threads, both jobs were under way together.
        claim(f"{kind}: {row['jobs_at_once']} jobs under way at once on two threads",
              row["jobs_at_once"] == 2)
    sleep = kinds["time.sleep"]
    # Waiting overlaps whatever the load: two sleeps on two threads take one (ideal x2.0).
    claim(f"two sleeps on two threads: x{sleep['speedup']:.2f}, "
          f"{sleep['cores_busy']:.2f} cores busy",
          sleep["speedup"] > 1.5 and sleep["cores_busy"] < 0.05)
    if not run.gil_disabled:
        pure = kinds["pure Python"]
        # One GIL: two threads never compute at once, so CPU time never exceeds wall time
        # (waiting for the GIL costs no CPU). Load elsewhere can only lower this figure.
        # The wall-time speed-up is not claimed: a shared core's speed wanders between runs.
        line = next(line for line in run.stdout.splitlines() if line.startswith("pure Python "))
        claim(f"pure Python on two threads kept {pure['cores_busy']:.2f} cores busy",
              pure["cores_busy"] < GIL_CORES_BUSY and "kept one core busy at most" in line)
