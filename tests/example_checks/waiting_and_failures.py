"""Checks for waiting on many things and for failures (examples/safety, examples/coroutines)."""

from __future__ import annotations

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
    longer = {dish for dish, minutes in menu.items() if minutes > menu["souffle"]}
    claim(f"wait(FIRST_EXCEPTION) returned with the future's {errors[0]}, "
          f"with {', '.join(still) or 'nothing'} still cooking",
          errors == ["RuntimeError('the souffle fell')"] and set(still) <= longer)
    cancelled = seen["cancel_futures"]
    n = sum(cancelled)
    # One cook: the first order was done, the second may already have started; the rest waited.
    claim(f"shutdown(cancel_futures=True) cancelled {n} of {len(cancelled)} waiting orders",
          n in (len(cancelled) - 2, len(cancelled) - 1)
          and cancelled == [False] * (len(cancelled) - n) + [True] * n)


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
