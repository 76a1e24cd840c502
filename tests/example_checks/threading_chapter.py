"""Checks for examples/threading: the 'Many chefs, one kitchen' chapter."""

from . import check, max_overlap, spans


def mean_length(events: list[dict]) -> float:
    return sum(e["end"] - e["start"] for e in events) / len(events)


@check("threading/boil_with_threads.py", "--scale", "0.02")
def _(run):
    d = run.data
    assert max_overlap(spans(run, "one chef, in turn")) == 1
    threaded = spans(run, "a thread per pot")
    assert max_overlap(threaded) == 3 and len({e["lane"] for e in threaded}) == 3
    assert d["sequential_s"] >= 0.95 * 3 * d["boil_s"]  # sleeps never end early
    # Ideal ratio 1/3; 0.6 leaves 80 ms of slack for starting threads on a 0.2 s boil.
    assert d["threads_s"] < 0.6 * d["sequential_s"]


@check("threading/chop_with_threads.py", "--scale", "0.02")
def _(run):
    d = run.data
    sequential, threaded = spans(run, "one chef, in turn"), spans(run, "a thread per onion")
    assert max_overlap(sequential) == 1
    assert max_overlap(threaded) == 3  # all three onions in progress at once: interleaved
    if not run.gil_disabled:
        # One GIL: the process never keeps more than one core busy, however many chefs.
        # (Waiting for the GIL costs no CPU; 1.15 allows for the interpreter's own threads.)
        assert d["threads_cpu_s"] / d["threads_s"] < 1.15
        # So three threads are no faster than one (ideal ratio 1.0; 0.75 allows load noise).
        assert d["threads_s"] > 0.75 * d["sequential_s"]
        # Each chef's onion takes about three times as long: the knife is shared (ideal ~2.5-3).
        assert mean_length(threaded) > 1.5 * mean_length(sequential)


@check("threading/kitchen_per_order.py", "--scale", "0.015")
def _(run):
    d = run.data
    sequential, threaded = spans(run, "one cook, in turn"), spans(run, "a thread per step")
    assert max_overlap(sequential) == 1
    assert len(threaded) == 9 and len({e["lane"] for e in threaded}) == 9
    # The boiling overlaps: a waiting thread holds no GIL.
    assert max_overlap([e for e in threaded if e["kind"] == "wait"]) == 3
    assert max_overlap([e for e in threaded if e["kind"] == "work"]) >= 2  # interleaved, not parallel
    # All of the gain is the boiling (ideal ratio 24/54); 0.8 leaves room for thread start-up.
    assert d["threads_s"] < 0.8 * d["sequential_s"]
    if not run.gil_disabled:
        # The chopping and sauce threads share one GIL: at most one core is ever busy.
        assert d["threads_cpu_s"] / d["threads_s"] < 1.15
        # So the threaded run lasts at least as long as all its CPU work laid end to end.
        assert d["threads_s"] > 0.9 * d["threads_cpu_s"]


@check("threading/pool_size_for_waits.py", "--scale", "0.005")
def _(run):
    d = run.data
    rows = {r["name"]: r for r in run.data["rows"]}
    wait = d["wait_s"]
    for r in rows.values():
        assert r["most_at_once"] <= r["workers"]
        # Some thread ran `rounds` waits one after another, and a sleep never ends early.
        assert r["seconds"] >= 0.95 * r["rounds"] * wait
    assert rows["pool of 5"]["most_at_once"] == 5 and rows["pool of 20"]["most_at_once"] == 20
    assert rows["pool of 100"]["most_at_once"] >= 50  # threads start while the first waits run
    assert rows["default pool"]["workers"] == d["default_workers"]
    assert rows["default pool"]["most_at_once"] == min(d["default_workers"], d["waits"])
    five, hundred, gather = (rows[n]["seconds"] for n in ("pool of 5", "pool of 100", "asyncio.gather"))
    # Ideal: 20 rounds against 1, so x20. A factor 3 survives slow thread start-up under load.
    assert five > 3 * hundred
    # Pool size matters far more than the model: 5 -> 100 threads gains much more than
    # the gap between 100 threads and asyncio (ideal: 19 rounds against about none).
    assert five - hundred > 3 * abs(hundred - gather)
