"""The measuring sticks every check and test shares, and the thresholds they are held to.

The policy behind them is written once, in CONTRIBUTING.md ("Noise"). In short: assert
structure (what overlapped, counts) or CPU time per wall second, which other programs can
only lower; compare wall times only on a machine that shows it can resolve the margin, and
otherwise say `not_shown(...)` with the measured reason. A check that flakes gets a better
measurement, never a looser threshold here.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# --- named thresholds -------------------------------------------------------------------------

# With the GIL one thread runs Python at a time, so a process's CPU seconds per wall second stay
# at 1.0 at most; the rest is the main thread and the clock reads around the window. Other
# programs can only lower the figure. Free-threaded threads chopping on two cores reach ~2.
GIL_CORES_BUSY = 1.15

# "Most of a second core free": two busy processes got at least x1.6 the work of one done. A
# speed-up claim of x1.2-x1.3 is only judged then; one other busy process leaves about x1.33.
SECOND_CORE_FREE = 1.6

# "Some core to spare" (x1.2): enough to judge a claim that only asks for more than x1.0.
SOME_CORE_SPARE = 1.2

# The same work measured at both ends of a round may differ by this factor at most before the
# machine counts as too unsteady to resolve a 30% margin.
STEADY_DRIFT = 1.3


# A thread that was ready to run but sat this long in the run queue (Linux's schedstat, in
# seconds) missed a turn: CPython hands the GIL over once per switch interval, 5 ms by default.
MISSED_A_TURN_S = 0.005


# --- measuring sticks -------------------------------------------------------------------------


def max_overlap(events: list[dict]) -> int:
    """The largest number of spans in progress at one instant (a span ending as another starts
    does not overlap it)."""
    edges = sorted([(e["start"], 1) for e in events] + [(e["end"], -1) for e in events])
    running = peak = 0
    for _, step in edges:
        running += step
        peak = max(peak, running)
    return peak


def cores_busy(cpu_s: float, wall_s: float) -> float:
    """CPU seconds per wall second: how many cores the work kept busy on average."""
    return cpu_s / wall_s if wall_s > 0 else 0.0


def _bench():
    """examples/_bench.py, the probe the examples print: there is only one."""
    if "_bench" in sys.modules:
        return sys.modules["_bench"]
    if str(EXAMPLES) not in sys.path:
        sys.path.append(str(EXAMPLES))  # _bench imports _kitchen
    spec = importlib.util.spec_from_file_location("_bench", EXAMPLES / "_bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["_bench"] = module
    spec.loader.exec_module(module)
    return module


def spare_cores(units: int = 2_000_000, processes: int = 2, context=None) -> float:
    """How many times as fast `processes` busy processes chop as one does, right now (x2.0 on
    two idle cores, about x1.33 with one core kept busy)."""
    context = context or multiprocessing.get_context("fork")
    return _bench().spare_cores(context, units, processes)
