"""Checks for waiting on many things and for failures (examples/safety, examples/coroutines)."""

from __future__ import annotations

import re

from kitchen import interpreters, runner

from . import check, claim, not_shown


@check("safety/futures_as_they_finish.py", "--scale", "0.03")
def _(run):
    d = run.data
    menu, seen = d["menu"], d["seen"]
    given = [dish for dish in seen["as_completed"] if dish != "souffle"]
    claim(f"as_completed handed the dishes back as they finished: {', '.join(given)}",
          given == d["finished_first_evening"] and sorted(seen["as_completed"]) == sorted(menu))
    first, pending = seen["FIRST_COMPLETED"]
    if pending == 0:
        not_shown("wait(FIRST_COMPLETED) returned while the others still cooked",
                  "every dish was done by the time wait() looked")
    else:
        claim(f"wait(FIRST_COMPLETED) returned with {first} done and {pending} still cooking",
              len(first) >= 1 and len(first) + pending == len(menu))
    errors, still = seen["FIRST_EXCEPTION"]
    longest = max(menu, key=menu.get)
    claim(f"wait(FIRST_EXCEPTION) returned with the future's {errors[0]}, "
          f"with {', '.join(still) or 'nothing'} still cooking",
          errors == ["RuntimeError('the souffle fell')"] and "souffle" not in still)
    if longest in still:
        claim(f"the {longest} ({menu[longest]} minutes) was still cooking when it returned", longest in still)
    else:
        not_shown(f"wait(FIRST_EXCEPTION) returned before the {longest} was done",
                  f"the {longest} had finished too: the souffle's thread must have started late")
    cancelled = seen["cancel_futures"]
    n = sum(cancelled)
    # One cook: the orders it had not started were cancelled, the rest ran; which order it was on
    # when shutdown() came depends on timing, so only the shape is certain.
    claim(f"shutdown(cancel_futures=True) cancelled the {n} of {len(cancelled)} orders not yet started",
          1 <= n < len(cancelled) and cancelled == [False] * (len(cancelled) - n) + [True] * n)


@check("safety/a_kitchen_burns_down.py", "--scale", "0.01")
def _(run):
    d = run.data
    broken = [k for k, v in d["outcome"].items() if v == "BrokenProcessPool"]
    claim(f"after one worker was killed with SIGKILL, {len(broken)} of {d['orders']} orders "
          "raised BrokenProcessPool", len(broken) == d["orders"])
    claim("the broken pool refused a new order",
          d["outcome"]["a new order"].startswith("refused: "))
    if d["stopped"] is None:
        not_shown("terminate_workers() stopped a pool's orders at once",
                  f"this run's Python is {run.python}: it needs 3.14+")
    else:
        # Orders that needed 100 scale-minutes each ended in under a tenth of that.
        claim(f"terminate_workers() ended four orders as {', '.join(d['stopped'])} "
              f"in {d['took_s']:.2f} s, each needed {d['would_take_s']:.0f} s",
              d["took_s"] < d["would_take_s"] / 10
              and set(d["stopped"]) <= {"BrokenProcessPool", "cancelled"})


# --- asyncio: when a task first runs, as they finish, closing the tray ---------------------

def plain_run_version() -> tuple[int, int]:
    """The Python a check's own run uses when it names none: the site's default interpreter."""
    version = runner.interpreter_info(interpreters.default_python())["version"]
    return tuple(int(part) for part in version.split(".")[:2])


NEEDS_313 = plain_run_version() < (3, 13)  # then the plain run must end with exit code 3


def too_old_for(run, version: tuple[int, int]) -> bool:
    """A run on an older Python must end with the one-line message and code 3, and nothing else."""
    major, minor = (int(x) for x in re.search(r"(\d+)\.(\d+)", run.python).groups())
    if (major, minor) >= version:
        return False
    lines = run.stderr.strip().splitlines()
    claim(f"on {run.python} it exits with code {run.returncode} and one line: {lines[-1] if lines else ''}",
          run.returncode == 3 and run.stdout == "" and len(lines) == 1
          and f"needs Python {version[0]}.{version[1]}+" in lines[0])
    return True


@check("coroutines/when_a_task_first_runs.py")
def _(run):
    logs = run.data["logs"]
    lazy = logs["create_task (default)"]
    # The job's first line comes only after main's own first await, never inside create_task.
    claim("by default the job's first line ran after main's work up to its first await",
          lazy.index("main: create_task returned") < lazy.index("main: more work, no await")
          < lazy.index("job: its first line") < lazy.index("main: after its await"))
    eager = [name for name in logs if name != "create_task (default)"]
    if not eager:
        not_shown("an eager task ran its first line inside create_task",
                  f"this run's Python is {run.python}: eager tasks need 3.12+")
    for name in eager:
        claim(f"{name}: the job's first line ran before create_task returned",
              logs[name][0] == "job: its first line"
              and logs[name].index("main: create_task returned") == 1)


@check("coroutines/tasks_as_they_finish.py", "--scale", "0.03")
def _(run):
    d = run.data
    claim(f"as_completed served them as they finished: {', '.join(d['served'])}",
          d["served"] == d["ended"] and sorted(d["served"]) == sorted(d["menu"]))
    shortest = min(d["menu"], key=d["menu"].get)
    claim(f"wait(FIRST_COMPLETED) came back with {d['first']} and {d['cancelled']} others cancelled",
          shortest in d["first"] and len(d["first"]) + d["cancelled"] == len(d["menu"]))


@check("safety/closing_the_tray.py", expect_exit=3 if NEEDS_313 else 0)
def _(run):
    if too_old_for(run, (3, 13)):
        return
    d = run.data
    tickets = list(range(1, d["orders"] + 1))
    claim(f"asyncio.Queue.shutdown(): {len(d['served'])} tickets served once each by "
          f"{' and '.join(d['cooks'])}, then {d['ended']} cooks' get() ended",
          sorted(d["served"]) == tickets and d["ended"] == 2)
    claim(f"queue.Queue.shutdown(): {len(d['threaded'])} tickets served, {d['threads_ended']} "
          f"threads ended, a late put {d['late']}",
          d["threaded"] == tickets and d["threads_ended"] == 2 and d["late"] == "refused: ShutDown")


@check("coroutines/whose_order_is_it.py", "--orders", "3")
def _(run):
    orders, seen = run.data["orders"], run.data["seen"]
    claim(f"threads with threading.local each read back their own order: {seen['threads + threading.local']}",
          seen["threads + threading.local"] == orders)
    # gather starts every task before any sleep ends, so each read sees the last write.
    claim(f"tasks sharing the one thread's threading.local all read {seen['tasks + threading.local']}",
          seen["tasks + threading.local"] == [orders[-1]] * len(orders))
    claim(f"tasks with a ContextVar each read back their own: {seen['tasks + ContextVar']}",
          seen["tasks + ContextVar"] == orders)


# --- thread coordination --------------------------------------------------------------------


@check("threading/oven_event_pass_condition.py", "--cooks", "3", "--scale", "0.02")
def _(run):
    d = run.data
    claim(f"Event: {d['started']} cooks began to bake, {d['early']} before set()",
          d["started"] == d["cooks"] and d["early"] == 0)
    # wait_for returns only once its predicate holds, with the lock held: the whole table.
    claim(f"Condition: the waiter carried {d['carried']} in one trip",
          sorted(d["carried"]) == list(range(1, d["cooks"] + 1)))  # in any order a busy machine finishes them


@check("threading/recipe_inside_recipe_rlock.py", "--scale", "0.02")
def _(run):
    d = run.data
    claim("with an RLock the cook holding the station took it again for the sauce", d["rlock"] is True)
    claim(f"with a Lock the same cook waited {d['patience_s']:.2f} s for itself and gave up",
          d["lock"] is False)
