"""Checks for examples/stuck: diagnosing a stuck kitchen."""

from __future__ import annotations

import re
from pathlib import Path

from . import check, claim, not_shown
from .waiting_and_failures import plain_run_version, too_old_for

ROOT = Path(__file__).resolve().parents[2]
STUCK = ROOT / "examples" / "stuck" / "faulthandler_dumps_the_stuck.py"


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


@check("stuck/faulthandler_dumps_the_stuck.py", "--scale", "0.02", expect_exit=1)
def _(run):
    waits = line_of(STUCK, "with second:")
    out = run.stdout
    stacks = out.split("Thread 0x")[1:]
    claim(f"faulthandler fired after its timeout and dumped {len(stacks)} threads",
          out.count("Timeout (") == 1 and len(stacks) == 3)
    in_cook = [s for s in stacks if f"line {waits} in cook" in s.splitlines()[1]]
    claim(f"{len(in_cook)} cooks' stacks end at line {waits}, `with second:`, the lock they wait for",
          len(in_cook) == 2)
    claim("the main thread waits in join()", any("in join" in s for s in stacks))


@check("stuck/py_spy_dump.py", "--scale", "0.03")
def _(run):
    d = run.data
    if d["py_spy"] is None:
        not_shown("py-spy dumped the stuck kitchen's threads from outside",
                  "py-spy is not installed in the environment that ran this")
        return
    if d["returncode"] != 0:
        not_shown("py-spy dumped the stuck kitchen's threads from outside",
                  f"{d['py_spy']} exited {d['returncode']}: {d['stderr'].strip()[:200]} ({d['ptrace']})")
        return
    waits = line_of(STUCK, "with second:")
    for cook in ("Ana", "Ben"):
        stack = re.search(rf'"{cook}"\n(.*?)(?:\nThread|\Z)', d["stdout"], re.S)
        claim(f"{d['py_spy']} found {cook} waiting at faulthandler_dumps_the_stuck.py:{waits}",
              stack is not None and f"cook (faulthandler_dumps_the_stuck.py:{waits})"
              in stack.group(1).splitlines()[0])
    claim("and the main thread in join()", "Thread.join" in d["stdout"])


@check("stuck/asyncio_debug_names_the_blocker.py", "--scale", "0.02", "--stir", "4")
def _(run):
    d = run.data
    blocker = [m for m in d["slow"] if "name='blocking-sauce'" in m]
    # time.sleep never returns early, so the step took at least stir minutes. asyncio prints
    # the time to the millisecond (6 x 0.05 s read back as 0.300, below the float 0.30000000000000004).
    stirred = d["stir"] * d["minute_s"]
    claim(f"debug mode named the blocking task: took {d['took_s'][0]:.3f} s "
          f"(the warning is for anything over {d['threshold_s']:.2f} s)",
          len(blocker) == 1 and d["took_s"][0] >= round(stirred, 3) - 0.0005
          and stirred > d["threshold_s"])
    claim(f"the heartbeat, due every minute, went {d['longest_gap_min']:.1f} minutes without a beat",
          d["longest_gap_min"] >= d["stir"] * 0.99)


@check("stuck/asyncio_ps_lists_stuck_tasks.py", "--scale", "0.03",
       expect_exit=3 if plain_run_version() < (3, 14) else 0)
def _(run):
    if too_old_for(run, (3, 14)):
        return
    ps, tree = run.data["ps"], run.data["pstree"]
    for tool, result in (("ps", ps), ("pstree", tree)):
        if result["returncode"] != 0:
            # e.g. the kitchen had already given up (its own timeout) before the tool looked.
            not_shown(f"python -m asyncio {tool} listed the stuck tasks",
                      f"it exited {result['returncode']}: {result['stderr'].strip()[:200]}")
            return
    rows = [line for line in ps["stdout"].splitlines() if "plate-" in line]
    claim(f"asyncio ps listed {len(rows)} plates, each waiting in Event.wait",
          len(rows) == 2 and all("Event.wait -> plate" in r for r in rows))
    claim("asyncio pstree drew both under the TaskGroup that waits for them",
          tree["stdout"].count("(T) plate-") == 2
          and "TaskGroup._aexit" in tree["stdout"])
