"""Checks for examples/coroutines: the coroutines and tasks chapter."""

from . import check, max_overlap, spans


@check("coroutines/calling_is_not_cooking.py", "--scale", "0.02")
def _(run):
    d = run.data
    # Calling boil() ran none of it: no pot 1 step before the chef's await, and the pot was not boiled.
    assert d["boiled_before_await"] is False
    first = spans(run, "call, then await")
    pot1 = [e for e in first if e["lane"] == "pot 1"]
    table = next(e for e in first if e["label"].startswith("laying the table"))
    assert len(pot1) == 1 and pot1[0]["start"] >= table["end"]
    assert max_overlap([table, *pot1]) == 1
    # A task is scheduled, not started, until the chef awaits something; then it boils alongside him.
    assert d["state_after_create"] == "CORO_CREATED"
    second = spans(run, "create_task")
    pot2 = next(e for e in second if e["lane"] == "pot 2")
    table2 = next(e for e in second if e["label"].startswith("laying the table"))
    assert max_overlap([pot2, table2]) == 2
    assert d["boiled"] == [1, 2]
    # Sleeps never end early: the first way takes at least table + boil.
    assert d["await_s"] >= 0.95 * (d["table_s"] + d["boil_s"])
    # Ideal ratio 10/15; 0.85 leaves 40 ms of slack at this scale.
    assert d["task_s"] < 0.85 * d["await_s"]


@check("coroutines/four_ways_to_wait.py", "--scale", "0.02")
def _(run):
    d = run.data
    assert max_overlap(spans(run, "await, one after another")) == 1
    for phase in ("asyncio.gather", "asyncio.create_task", "asyncio.TaskGroup"):
        assert max_overlap(spans(run, phase)) == d["pots"] == 3, phase
    assert d["in_turn_s"] >= 0.95 * d["sum_s"]  # sleeps never end early
    for key in ("gather_s", "create_task_s", "task_group_s"):
        # Ideal ratio 12/24; 0.75 leaves 120 ms of scheduling slack on a 0.48 s run.
        assert d[key] < 0.75 * d["in_turn_s"], key
    # Results come back in the order asked for, whatever order the pots finished in.
    results = [line for line in run.stdout.splitlines() if line.strip().startswith("results:")]
    assert len(results) == 4
    assert all("results: pot 1, pot 2, pot 3;" in line for line in results)
    assert all(line.endswith("finished: pot 3, pot 2, pot 1") for line in results[1:])
    # create_task only schedules: the chef's line comes before any pot starts.
    lines = run.stdout.splitlines()
    block = lines[lines.index("-- asyncio.create_task") + 1:]
    assert "created 3 tasks" in block[0]


@check("coroutines/forgot_to_await.py", "--scale", "0.02")
def _(run):
    d = run.data
    assert d["forgot_cooked"] == 0 and d["awaited_cooked"] == d["pots"] == 3
    assert "RuntimeWarning: coroutine 'boil' was never awaited" in run.stderr
    assert run.stderr.count("was never awaited") == 1  # three dropped, one line: a warning per line
    assert spans(run, "forgot the await") == []  # not one step of boil() ever ran
    assert max_overlap(spans(run, "awaited")) == 3
    assert d["forgot_s"] < d["boil_s"] <= d["awaited_s"]  # nobody waited for pasta that was never cooked


@check("coroutines/tasks_need_a_home.py", "--scale", "0.01")
def _(run):
    d = run.data
    jobs = d["jobs"]
    assert d["unkept_uncollected"] == jobs  # without a collection, the same code looks fine
    assert d["unkept_collected"] == 0
    assert d["set_of_tasks"] == d["task_group"] == jobs
    assert run.stderr.count("Task was destroyed but it is pending!") == jobs
    assert run.stdout.count("destroyed while waiting") == jobs
    assert len(spans(run, "no reference, collected", "work")) == 0
    assert len(spans(run, "a set of tasks", "work")) == jobs
