"""Checks for examples/measured: the showdown, scaling and the cost of a chef.

Parallel speed-ups of CPU work are not asserted here: they depend on how busy
the machine is. tests/test_measured.py asserts them against the parallelism the
machine offers at that moment. Waits are asserted however busy the machine is.
That GIL threads do not speed up CPU work is asserted from CPU time per wall
second (never more than one core busy), which holds in any weather. Comparing
their wall time with a separate run in turn does not: a shared core's speed
wanders between two runs of the same work.

Claims that compare wall times of CPU work (overlapped waits beat waits in
turn, nothing beats the core count) are asserted last, and only on a machine
that can show them:

- one with a core to spare; and
- one steady enough to resolve the margin. The baseline runs at both ends of
  every round; when the two differ by more than the margin, the machine changed
  speed in the middle of the round.

Otherwise the check says so with not_shown(...) and the measured reason, instead of guessing.
"""

import math
import statistics

from kitchen.noise import GIL_CORES_BUSY, SOME_CORE_SPARE, STEADY_DRIFT

from . import check, claim, not_shown

MODES = ["sequential", "threads", "asyncio", "to_thread", "processes"]


def paired_speedups(baseline_runs: list[float], runs: list[float]) -> float:
    """The median over rounds of (this round's baseline / this round's run).

    The baseline ran at both ends of every round, so each run is compared with the mean of the
    two that bracket it. The machine getting faster or slower between rounds cancels out, and
    the median ignores a round in which it changed in the middle.
    """
    bracket = [(a + b) / 2 for a, b in zip(baseline_runs[::2], baseline_runs[1::2])]
    return statistics.median(base / run for base, run in zip(bracket, runs))


def drift(baseline_runs: list[float]) -> float:
    """How much the machine changed speed within a round: the median over rounds of the ratio of
    the baseline runs at its two ends (1.0: perfectly steady)."""
    return statistics.median(max(a, b) / min(a, b) for a, b in zip(baseline_runs[::2], baseline_runs[1::2]))


def steady(baseline_runs: list[float], spare_cores: float, claim_text: str) -> bool:
    """Whether the machine can show a wall-time claim now; if not, say so with the reason."""
    if spare_cores < SOME_CORE_SPARE:
        not_shown(claim_text, f"no core to spare: two busy processes did x{spare_cores:.2f} the work of one")
        return False
    if (d := drift(baseline_runs)) > STEADY_DRIFT:
        not_shown(claim_text, f"the same work took x{d:.2f} longer at one end of a round than at the other: "
                              "too unsteady to resolve a 30% margin")
        return False
    return True


@check("measured/showdown.py", "--scale", "0.007", "--wait", "6", "--repeat", "3", timeout=180)
def _(run):
    d = run.data
    best, n, wait = d["best"], d["tasks"], d["wait_s"]
    # A free-threaded column only when the page handed it a free-threaded interpreter.
    extra = ["free-threaded threads"] if d["freethreaded"] is not None else []
    r = d["repeat"]
    # The baseline runs at both ends of every round; each kitchen once per round.
    claim(f"{len(MODES) + len(extra)} kitchens raced on 3 workloads, {r} rounds each, "
          f"with pools {d['pools']}",
          [key for key, _ in d["columns"]] == MODES + extra
          and set(best) == {"io", "cpu", "mixed"}
          and all(len(d["runs"][w][m]) == (2 * r if m == "sequential" else r)
                  for w in best for m in MODES)
          and d["pools"] == {"threads": n, "to_thread": min(32, run.cpus + 4),
                             "processes": run.cpus}
          and "best wall time and speed-up against sequential" in run.stdout
          and run.stdout.count(" x1.0") >= 3)  # the sequential column of the printed table
    io = {mode: best["io"][mode] / wait for mode in MODES}
    # A sleep never ends early: sequential waiting is at least n waits long. One thread per
    # order, or one task per order, waits all at once: ideal one wait; 2.5 leaves 1.5 waits
    # (60 ms here) for starting the threads or the loop on a busy machine.
    claim(f"{n} waits took {io['sequential']:.1f} waits' time in turn, {io['threads']:.1f} "
          f"with threads, {io['asyncio']:.1f} with asyncio",
          io["sequential"] >= 0.95 * n and io["threads"] < 2.5 and io["asyncio"] < 2.5)
    # A pool of p workers holds p waits at a time, so it waits in ceil(n/p) rounds (a lower bound).
    for mode in ("to_thread", "processes"):
        rounds = math.ceil(n / d["pools"][mode])
        claim(f"{mode}'s pool of {d['pools'][mode]} waited in {rounds} rounds or more "
              f"({io[mode]:.1f} waits' time)", io[mode] >= 0.95 * rounds)
    if run.gil_disabled:
        not_shown("one GIL keeps chopping to one core", f"{run.python} has no GIL")
    else:
        # One GIL (or one thread): CPU time never exceeds wall time, one core's worth at most,
        # however busy the machine.
        busy = {mode: max(d["cores_used"]["cpu"][mode])
                for mode in ("sequential", "threads", "asyncio", "to_thread")}
        claim("chopping kept at most " + ", ".join(f"{v:.2f} cores busy ({m})" for m, v in busy.items()),
              all(v < GIL_CORES_BUSY for v in busy.values()))

    runs = d["runs"]
    overlap_wins = "mixed orders: overlapping the waits beats taking them in turn"
    if not steady(runs["mixed"]["sequential"], d["spare_cores"], overlap_wins):
        return
    # Mixed orders: overlapping the waits beats taking them in turn. Ideal speed-ups 1.7 to 3.3
    # here; a pool waits in rounds, yet saves at least half the waits, far more than its start-up.
    # Not so a spawned or forkserver pool on a busy machine: each worker is a new interpreter,
    # which can take as long to start as the waits it saves.
    overlapping = ["threads", "asyncio", "to_thread"] + (["processes"] if d["start_method"] == "fork" else [])
    gains = {mode: paired_speedups(runs["mixed"]["sequential"], runs["mixed"][mode]) for mode in overlapping}
    claim("mixed orders: " + ", ".join(f"{m} x{g:.2f}" for m, g in gains.items()) + " against in turn",
          all(g > 1 for g in gains.values()))


@check("measured/scaling.py", "--chefs", "1", "2", "8", "--scale", "0.01", "--wait", "4", "--chop", "2",
       "--repeat", "3", timeout=180)
def _(run):
    d = run.data
    chefs, cores = d["chefs"], d["cores"]
    series = {(s["workload"], s["model"]): s["speedup"] for s in d["series"]}
    paired = {
        (s["workload"], s["model"]): [paired_speedups(d["baseline_runs"][s["workload"]], r) for r in s["runs"]]
        for s in d["series"]
    }
    claim(f"four series measured for {chefs} chefs, with pool start-up alone",
          chefs == sorted(set(chefs))
          and set(series) == {("cpu", "processes"), ("cpu", "threads"), ("io", "threads"),
                              ("io", "asyncio")}
          and all(len(v) == len(chefs) for v in series.values())
          and len(d["pool_startup_s"]) == len(chefs)
          and "limit for chopping: the cores" in run.stdout)
    for model in ("threads", "asyncio"):
        got = series["io", model]  # best of the rounds: waits only ever run late
        # n chefs hold n waits at a time: x n is the ceiling (1.1 allows timer noise), and waiting
        # needs no core, so they get close: 0.6 x n leaves 2/3 of a wait of slack at n = 8.
        claim(f"waiting with {model}: " + ", ".join(f"{n} chefs x{s:.2f}" for n, s in zip(chefs, got)),
              all(0.6 * n <= s <= 1.1 * n for n, s in zip(chefs, got)))
    busy = max(d["threads_cores_busy"])
    if run.gil_disabled:
        not_shown("chopping threads keep at most one core busy", f"{run.python} has no GIL")
    else:
        # Threads share one GIL, so however many chop, one core at most is busy, in any weather.
        # Their wall time against a separate in-turn run is not asserted: a shared core's speed
        # wanders between two runs of the same work.
        claim(f"chopping threads kept at most {busy:.2f} cores busy: one GIL", busy < GIL_CORES_BUSY)
    text = "no number of processes chopped faster than the cores allow"
    if steady(d["baseline_runs"]["cpu"], d["spare_cores"], text):
        # Chopping can never be faster than the cores allow; 1.15 absorbs noise in the baseline.
        best = max(paired["cpu", "processes"])
        claim(f"processes chopped at best x{best:.2f} on {cores} cores", best <= 1.15 * cores)


@check("measured/cost_of_a_chef.py", "--counts", "1", "10", "100", "1000", "--max-processes", "10", "--scale", "0.01",
       timeout=240)
def _(run):
    d = run.data
    rows = {(r["model"], r["count"]): r for r in d["rows"]}
    counts, cap = d["counts"], d["max_processes"]
    processes = ("fork", "forkserver", "spawn")
    wait, top = d["wait_s"], max(counts)
    few = max(c for c in counts if c <= 100)  # a count every model runs, up to 100
    pc = max(c for c in counts if c <= cap)  # the most processes started
    claim(f"every kind hired {counts} workers; processes stopped at the cap of {cap}",
          set(rows) == {(m, c) for m in ("coroutines", "threads", *processes) for c in counts}
          and all(("skipped" in rows[m, c]) == (c > cap) for m in processes for c in counts)
          and 1 in counts and few > 1 and pc > 1 and top >= 1000
          and f"processes are capped at {cap}" in run.stdout)
    # 100 coroutines that each wait once take about one wait: ideal ratio 1; 3 is generous.
    ratio = rows["coroutines", few]["total_s"] / rows["coroutines", 1]["total_s"]
    claim(f"{few} coroutines took x{ratio:.2f} the time of one", ratio < 3)
    # A thousand wait together. Coroutines: in turn would take 1000 waits, together about one
    # (1.0-1.1 measured on every build); 20 leaves room for a loop on a loaded machine.
    waits = rows["coroutines", top]["waits_s"] / wait
    claim(f"{top} coroutines waited {waits:.1f} waits' time together", waits < 20)
    # Threads: counted, not timed, since waking a thousand threads costs a free-threaded build
    # about 20 waits' time. Taking turns would keep one asleep at a time; all of them were, on
    # every build measured, and a tenth leaves room for a machine slow to wake them.
    asleep = rows["threads", top]["most_asleep"]
    claim(f"{top} threads: {asleep} asleep at the same moment", asleep >= top // 10)
    # At large fan-out coroutines win on start-up (measured ratio about 0.1).
    c, t = rows["coroutines", top], rows["threads", top]
    claim(f"{top} coroutines started in x{c['startup_s'] / t['startup_s']:.2f} the time of "
          f"{top} threads", c["startup_s"] < 0.5 * t["startup_s"])
    claim(f"{top} threads ran in {t['processes']} process; {pc} forked kitchens made "
          f"{rows['fork', pc]['processes']} with the head chef",
          t["processes"] == 1 and rows["fork", pc]["processes"] == pc + 1)
    # Who imported the script again: every spawned child, no forked one; forkserver depends on
    # the version.
    again = {m: rows[m, pc]["imported_again"] for m in processes}
    claim(f"of {pc} kitchens, re-imported the script: {again}",
          again["spawn"] == pc and again["fork"] == 0 and again["forkserver"] in (0, pc))
    # Start-up depends on the start method: spawn starts interpreters, forkserver a server first.
    claim(f"spawn started {pc} kitchens in x{rows['spawn', pc]['startup_s'] / rows['fork', pc]['startup_s']:.1f}"
          f" fork's time; forkserver's first in x"
          f"{rows['forkserver', 1]['startup_s'] / rows['fork', 1]['startup_s']:.1f}",
          rows["spawn", pc]["startup_s"] > 2 * rows["fork", pc]["startup_s"]
          and rows["forkserver", 1]["startup_s"] > 2 * rows["fork", 1]["startup_s"])
    if math.isnan(c["added_mb"]):
        not_shown("a coroutine costs less memory than a thread, a thread less than a kitchen",
                  "this machine has no /proc to read memory (PSS) from")
        return

    def per_worker(model):
        r = rows[model, pc]
        return r["added_mb"] * 1024 / r["count"]

    # Memory: coroutines win at large fan-out (measured ratio about 0.1). A forked child shares
    # the parent's pages, yet costs far more than a thread (measured ~100x) and far less than a
    # spawned interpreter (measured ~1/7).
    claim(f"memory per worker: thread {per_worker('threads'):.0f} kB, fork "
          f"{per_worker('fork'):.0f} kB, spawn {per_worker('spawn'):.0f} kB; {top} coroutines "
          f"added {c['added_mb']:.1f} MB against {t['added_mb']:.1f} MB for threads",
          c["added_mb"] < 0.5 * t["added_mb"]
          and per_worker("fork") > 5 * per_worker("threads")
          and per_worker("fork") < 0.5 * per_worker("spawn"))
