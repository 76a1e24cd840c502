"""Checks for examples/start_methods ("Start methods in practice")."""

from __future__ import annotations

import re

from kitchen import runner

from . import check, claim, option


def version_of(run: runner.Result) -> tuple[int, int, int]:
    """(3, 15, 0) from the run's own interpreter, e.g. "CPython 3.15.0rc1 free-threaded"."""
    return tuple(int(part) for part in re.search(r"(\d+)\.(\d+)\.(\d+)", run.python).groups())


def forkserver_preloads_main(run: runner.Result) -> bool:
    """gh-126631: the forkserver really imports __main__ once, in its server, from 3.13.8 and 3.14.1."""
    v = version_of(run)
    return v >= (3, 14, 1) or (3, 13, 8) <= v < (3, 14, 0)


def forkserver_survives_failed_preload(run: runner.Result) -> bool:
    """3.15: set_forkserver_preload(on_error="ignore") is the default, so a __main__ whose import
    fails in the server is skipped silently, the server lives on, and each child imports it again.
    Before 3.15 the same failure kills the server."""
    return version_of(run) >= (3, 15, 0)


@check("start_methods/default_start_method.py")
def _(run):
    d = run.data
    if d["platform"] != "linux":
        expected = "spawn" if d["platform"] in ("darwin", "win32") else d["default"]
    else:
        expected = "forkserver" if version_of(run) >= (3, 14) else "fork"
    claim(f"on {run.python} ({d['platform']}) the default start method is {d['default']}",
          d["default"] == expected)
    claim(f"a pool given no mp_context started its worker by {d['worker']}", d["worker"] == d["default"])


@check("start_methods/no_main_guard.py", "--scale", "0.01", expect_exit=1)
def _(run):
    server = run.stdout.count("MainProcess runs the top of the script as '__mp_main__'")
    children = run.stdout.count("ForkServerProcess-")
    crashes = run.stderr.count("bootstrapping phase")
    if not forkserver_preloads_main(run):
        d = run.data
        claim(f"on {run.python} the forkserver's server never imported the script; each of the "
              f"{d['pots']} children ran its top again and died; {d['cooked']} pots boiled",
              server == 0 and children == crashes == d["pots"] and d["cooked"] == 0)
    elif forkserver_survives_failed_preload(run):
        d = run.data
        claim(f"on {run.python} the forkserver's server ran the top of the script once, its failure "
              f"was ignored, and each of the {d['pots']} children ran it again and died; "
              f"{d['cooked']} pots boiled",
              server == 1 and children == crashes == d["pots"] and d["cooked"] == 0)
    else:
        last = run.stderr.strip().splitlines()[-1]
        claim(f"on {run.python} the forkserver's server ran the top of the script once, before any "
              "child existed, and died of the bootstrapping error",
              server == 1 and children == 0 and crashes == 1)
        claim(f"the parent's start() failed, so the script stopped with: {last}",
              run.data == {} and re.match(r"\w+(Error|Exception)\b", last) is not None)


@check("start_methods/unpicklable_target.py", "--start-method", "spawn", expect_exit=1)
def _(run):
    # The page runs it twice: under fork (it works) and under forkserver (it fails).
    if run.returncode == 0:  # fork: each child is a copy of the parent and already holds `season`
        d = run.data
        salted = run.stdout.count("salts pot")
        claim(f"under {d['start_method']} the nested function ran: {salted} of {d['pots']} pots salted",
              d["start_method"] == "fork" and salted == d["seasoned"] == d["pots"])
        return
    method = option(run, "--start-method", "spawn")  # the example's default
    claim(f"{method} could not pickle the nested function season, so no child ever ran",
          "pickle" in run.stderr and "season" in run.stderr and "salts pot" not in run.stdout)


@check("start_methods/state_set_in_main.py")
def _(run):
    d = run.data
    expected = d["pinches"] if d["start_method"] == "fork" else 0
    claim(f"under {d['start_method']} the workers saw PINCHES = {sorted(set(d['seen']))}, "
          f"main() set {d['pinches']}", d["seen"] == [expected] * 4)


@check("start_methods/portable_kitchen.py", "--scale", "0.01")
def _(run):
    d = run.data
    claim(f"under {d.get('start_method', 'the default method')} all {d['salted']} pots got "
          f"{d['pinches']} pinches", d["seen"] == [d["pinches"]] * 4 and d["salted"] == 4)
