"""Checks for examples/asyncio: the 'One chef' chapter."""

from . import check, longest, max_overlap, spans


@check("asyncio/boil_three_pastas.py", "--scale", "0.02")
def _(run):
    d = run.data
    assert max_overlap(spans(run, "one after another")) == 1
    assert max_overlap(spans(run, "asyncio.gather")) == 3
    # A sleep never ends early, so the sequential run is at least 3 boils long.
    assert d["sequential_s"] >= 0.95 * 3 * d["boil_s"]
    # Ideal ratio 1/3; 0.6 leaves 80 ms of scheduling slack on a 0.2 s boil.
    assert d["gather_s"] < 0.6 * d["sequential_s"]
    assert run.stdout.count("finishes boiling pasta") == 6


@check("asyncio/blocking_chop_freezes_loop.py", "--scale", "0.02")
def _(run):
    d = run.data
    chops = spans(run, kind="work")
    assert len(chops) == 3 and max_overlap(chops) == 1  # the chef chops one order at a time
    longest_chop = longest(chops)
    # The timer cannot tick during a chop, so its longest wait covers at least one whole chop.
    assert d["longest_gap_s"] >= 0.95 * longest_chop
    assert d["longest_gap_s"] > 5 * d["tick_s"]


# Long chops (0.6 s of CPU): three helper threads take turns at the GIL with the loop's thread,
# which once waited 0.2 s for its turn, more than half of a 0.2 s chop.
@check("asyncio/to_thread_keeps_loop_responsive.py", "--scale", "0.02", "--chop", "30")
def _(run):
    d = run.data
    # The boils can end a hair apart, so inline freezes for one, two or three chops: compare with one.
    inline_chops = spans(run, "inline", "work")
    one_chop = longest(inline_chops)
    assert d["inline_freeze_s"] >= 0.95 * one_chop
    # to_thread frees the loop: the timer keeps ticking through the chopping (inline: only
    # while boiling, about 10 ticks; to_thread about 50), and never stops for a whole chop.
    assert d["to_thread_ticks"] > 3 * d["inline_ticks"]
    assert d["to_thread_freeze_s"] < one_chop
    assert d["pool_freeze_s"] < 0.5 * one_chop
    if not run.gil_disabled:
        # Threads share one GIL: CPU time never exceeds wall time by more than bookkeeping
        # (ideal 1.0 core at most); other load can only lower this, so the margin holds when busy.
        assert d["to_thread_cores"] < 1.15
    assert max_overlap(inline_chops) == 1
    assert max_overlap(spans(run, "process pool", "work")) >= 2  # two kitchens chop at once


@check("asyncio/cook_then_eat.py", "--scale", "0.2")
def _(run):
    d = run.data
    assert max_overlap(spans(run, "await, then await")) == 1
    assert max_overlap(spans(run, "gather")) == 2
    assert d["in_turn_units"] >= 2.95  # 2 + 1 units of sleep, which never ends early
    # Ideal ratio 2/3; 0.85 leaves 0.4 units (80 ms) of slack for scheduling.
    assert d["gather_units"] < 0.85 * d["in_turn_units"]
    lines = run.stdout.splitlines()
    gather = lines[lines.index("-- gather"):]
    assert [line.split("] ")[1].split()[0] for line in gather[1:5]] == ["cook", "eat", "eat", "cook"]
