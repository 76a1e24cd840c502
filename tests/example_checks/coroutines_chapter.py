"""Checks for examples/coroutines: the coroutines and tasks chapter."""

from . import check, claim, max_overlap, spans


@check("coroutines/calling_is_not_cooking.py", "--scale", "0.02")
def _(run):
    d = run.data
    # Calling boil() ran none of it: no pot 1 step before the chef's await, and the pot was not boiled.
    claim("pot 1 had not boiled when the table was laid", d["boiled_before_await"] is False)
    first = spans(run, "call, then await")
    pot1 = [e for e in first if e["lane"] == "pot 1"]
    table = next(e for e in first if e["label"].startswith("laying the table"))
    claim(f"pot 1 boiled {len(pot1)} time(s), only after the table was laid",
          len(pot1) == 1 and pot1[0]["start"] >= table["end"] and max_overlap([table, *pot1]) == 1)
    # A task is scheduled, not started, until the chef awaits something; then it boils alongside him.
    claim(f"right after create_task its coroutine was {d['state_after_create']}",
          d["state_after_create"] == "CORO_CREATED")
    second = spans(run, "create_task")
    pot2 = next(e for e in second if e["lane"] == "pot 2")
    table2 = next(e for e in second if e["label"].startswith("laying the table"))
    claim("pot 2 boiled while the table was laid", max_overlap([pot2, table2]) == 2)
    claim(f"pots boiled in the order {d['boiled']}", d["boiled"] == [1, 2])
    # Sleeps never end early: the first way takes at least table + boil.
    claim(f"call, then await took {d['await_s'] / (d['table_s'] + d['boil_s']):.2f}x table + boil",
          d["await_s"] >= 0.95 * (d["table_s"] + d["boil_s"]))
    # Ideal ratio 10/15; 0.85 leaves 40 ms of slack at the fast scale.
    ratio = d["task_s"] / d["await_s"]
    claim(f"with a task the meal took {ratio:.2f}x as long", ratio < 0.85)


@check("coroutines/four_ways_to_wait.py", "--scale", "0.02")
def _(run):
    d = run.data
    pots = d["pots"]
    claim(f"awaited in turn, {max_overlap(spans(run, 'await, one after another'))} pot at a time",
          max_overlap(spans(run, "await, one after another")) == 1)
    for phase in ("asyncio.gather", "asyncio.create_task", "asyncio.TaskGroup"):
        n = max_overlap(spans(run, phase))
        claim(f"{phase}: {n} of {pots} pots boiled at once", n == pots)
    claim(f"in turn took {d['in_turn_s'] / d['sum_s']:.2f}x the sum of the boils",
          d["in_turn_s"] >= 0.95 * d["sum_s"])  # sleeps never end early
    for key in ("gather_s", "create_task_s", "task_group_s"):
        # Ideal: the longest pot, 12/24 of the sum with three pots; 0.75 of the in-turn time
        # leaves 120 ms of scheduling slack on a 0.48 s run.
        ratio = d[key] / d["in_turn_s"]
        claim(f"{key[:-2]} took {ratio:.2f}x the time in turn", ratio < 0.75)
    # Results come back in the order asked for, whatever order the pots finished in.
    asked = ", ".join(f"pot {p}" for p in range(1, pots + 1))
    reverse = ", ".join(f"pot {p}" for p in range(pots, 0, -1))
    results = [line for line in run.stdout.splitlines() if line.strip().startswith("results:")]
    claim(f"all {len(results)} ways handed back {asked}",
          len(results) == 4 and all(f"results: {asked};" in line for line in results))
    claim(f"with tasks the pots finished {reverse}",
          all(line.endswith(f"finished: {reverse}") for line in results[1:]))
    # create_task only schedules: the chef's line comes before any pot starts.
    lines = run.stdout.splitlines()
    block = lines[lines.index("-- asyncio.create_task") + 1:]
    claim("the chef's line came before any pot started",
          f"created {pots} tasks" in block[0])


@check("coroutines/forgot_to_await.py", "--scale", "0.02")
def _(run):
    d = run.data
    claim(f"without await {d['forgot_cooked']} pots cooked, with it {d['awaited_cooked']} "
          f"of {d['pots']}", d["forgot_cooked"] == 0 and d["awaited_cooked"] == d["pots"])
    warnings = run.stderr.count("was never awaited")
    claim(f"stderr: {warnings} 'was never awaited' warning for {d['pots']} dropped coroutines",
          "RuntimeWarning: coroutine 'boil' was never awaited" in run.stderr and warnings == 1)
    claim("not one step of boil() ran without the await", spans(run, "forgot the await") == [])
    n = max_overlap(spans(run, "awaited"))
    claim(f"awaited through gather, {n} pots boiled at once", n == d["pots"])
    # Nobody waited for pasta that was never cooked.
    claim(f"the forgetful chef served after {d['forgot_s'] / d['boil_s']:.2f} boils, "
          f"the careful one after {d['awaited_s'] / d['boil_s']:.2f}",
          d["forgot_s"] < d["boil_s"] <= d["awaited_s"])


@check("coroutines/tasks_need_a_home.py", "--scale", "0.01")
def _(run):
    d = run.data
    jobs = d["jobs"]
    claim(f"unkept, with no collection: {d['unkept_uncollected']} of {jobs} jobs finished",
          d["unkept_uncollected"] == jobs)  # without a collection, the same code looks fine
    claim(f"unkept, collected while waiting: {d['unkept_collected']} of {jobs} finished",
          d["unkept_collected"] == 0)
    claim(f"kept in a set: {d['set_of_tasks']}; in a TaskGroup: {d['task_group']} of {jobs}",
          d["set_of_tasks"] == d["task_group"] == jobs)
    destroyed = run.stderr.count("Task was destroyed but it is pending!")
    claim(f"stderr: 'Task was destroyed but it is pending!' {destroyed} times", destroyed == jobs)
    closed = run.stdout.count("destroyed while waiting")
    claim(f"{closed} job coroutines were closed while waiting", closed == jobs)
