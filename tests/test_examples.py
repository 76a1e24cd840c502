"""Every example was run by the site build, and its check held on that very run.

The strict build (the `built_site` fixture) runs each example a page shows and runs the
example's check on that run (kitchen/fence.py, kitchen/checking.py). These tests read the
build's Records from kitchen-runs.json; they do not run those examples again. The only
reruns here add what no page shows: the spawn and forkserver start methods, at the
check's fast arguments.
"""

from __future__ import annotations

import copy
import json
import multiprocessing
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from example_checks import load_all, verify_with_claims
from kitchen import interpreters, noise, pages, runner

ROOT = Path(__file__).resolve().parent.parent
CHECKS = load_all()


def example_files() -> list[str]:
    """Every runnable example: the helpers (_*.py) are not examples."""
    return sorted(
        str(p.relative_to(ROOT))
        for p in (ROOT / "examples").rglob("*.py")
        if not p.name.startswith("_")
    )


@pytest.fixture(scope="module")
def records(built_site) -> list[dict]:
    return json.loads((built_site.site / "kitchen-runs.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("script", example_files())
def test_the_build_ran_the_example_and_its_check_held_on_that_run(script, records):
    assert script in CHECKS, f"{script} has no check in tests/example_checks/"
    runs = [r for r in records if r["script"] == script]
    assert runs, f"the build recorded no run of {script} (its page's interpreter missing? see the build log)"
    for r in runs:  # a page may run one example twice: each run is checked
        where = f"{r['command_line']} on page {r['page']!r}"
        assert r["ok"], f"{where} did not end as its page said"
        assert r["check"] == "passed", f"{where}: check {r['check']}: {r['failure']}"
        assert r["claims"], f"{where}: its check made no claim"


# The build's runs use the start method of the site's interpreter (forkserver on Linux from
# Python 3.14) unless a page says otherwise; every example that starts processes must also pass
# its check under the other two.
def _default_start_method() -> str:
    """The start method the site's interpreter uses when an example names none."""
    code = "import multiprocessing; print(multiprocessing.get_start_method())"
    return subprocess.run([interpreters.default_python(), "-c", code], capture_output=True, text=True,
                          timeout=60, check=True).stdout.strip()


OTHER_START_METHODS = [m for m in ("fork", "spawn", "forkserver")
                       if m in multiprocessing.get_all_start_methods() and m != _default_start_method()]


def examples_with_start_method() -> list[str]:
    """Examples that start processes with the platform's default method unless told otherwise.

    An example that calls add_start_method with default= or omitted= chooses methods itself
    (forces one to show it failing, or tries all three in turn) and its check covers them.
    """
    return [s for s in example_files()
            if "add_start_method(parser)" in (ROOT / s).read_text(encoding="utf-8")]


def page_runs() -> set[tuple]:
    """(script, args, interpreter, env) of every run the site's pages make."""
    return {fence.run for _, fence in pages.site_fences(ROOT / "docs")}


@pytest.mark.parametrize("method", OTHER_START_METHODS)
@pytest.mark.parametrize("script", examples_with_start_method())
def test_example_passes_its_check_under_each_start_method(script, method):
    assert script in CHECKS, f"{script} has no check in tests/example_checks/"
    check = CHECKS[script]
    args = (*check.args, "--start-method", method)  # the last --start-method wins
    if (script, args, None, ()) in page_runs():
        pytest.skip(f"a page runs {script} {' '.join(args)}: the build checked that run")
    req = runner.Request(script, args=args, timeout=check.timeout, expect_exit=check.expect_exit,
                         python=interpreters.default_python())
    result = runner.run(req, mode="off")
    assert result.ok, f"{result.problem()}\n{result.stderr}"
    assert verify_with_claims(check.verify, result), f"{req.command_line}: its check made no claim"


def test_every_check_names_an_existing_example():
    assert sorted(set(CHECKS) - set(example_files())) == []


def test_the_cakes_check_tells_a_busy_machine_from_cakes_that_wait_for_each_other():
    """The decorating-overlap claim fails when the cakes wait for each other, and is only
    "not shown" when the second cake's thread sat in the run queue, waiting for a core."""
    script = "examples/cakes/bake_three_cakes.py"
    check = CHECKS[script]
    run = runner.run(runner.Request(script, args=check.args, python=interpreters.default_python()),
                     mode="off")
    assert run.ok, run.problem()
    assert all("queued" in e for e in run.events), "this Linux does not report run-queue time"

    def in_a_row(queued: float):
        """The run with the threads' cakes decorated one after another, each thread having
        waited `queued` seconds for a core before it started decorating."""
        doctored = copy.deepcopy(run)
        threads = [e for e in doctored.events if e.get("phase") == "threads"]
        work = sorted((e for e in threads if e["kind"] == "work"), key=lambda e: e["start"])
        for before, after in zip(work, work[1:]):
            length = after["end"] - after["start"]
            after["start"], after["end"] = before["end"], before["end"] + length
            oven = next(e for e in threads if e["kind"] == "wait" and e["lane"] == after["lane"])
            after["queued"] = oven["queued"] + queued
        return doctored

    with pytest.raises(AssertionError, match="threads: 1 cakes being decorated at once"):
        verify_with_claims(check.verify, in_a_row(queued=0.0005))
    claims = verify_with_claims(check.verify, in_a_row(queued=0.030))
    unshown = [c for c in claims if not c["shown"]]
    assert [c["text"] for c in unshown] == ["threads: cakes being decorated at once"]
    assert "waited 30 ms for a core" in unshown[0]["reason"]


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="needs Linux's CPU affinity")
def test_run_queue_time_counts_a_busy_core_and_not_a_lock():
    """The measuring stick behind the cakes' excuse: a thread that shares its only core with a
    busy process queues; a thread blocked on a lock does not."""
    code = textwrap.dedent("""
        import os, sys, threading, time
        sys.path.insert(0, "examples")
        from _kitchen import run_queue_seconds
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        lock = threading.Lock()
        lock.acquire()
        threading.Timer(0.3, lock.release).start()
        before = run_queue_seconds()
        lock.acquire()  # blocked, not queued
        blocked = run_queue_seconds() - before
        hog = os.fork()
        if hog == 0:
            end = time.monotonic() + 0.6
            while time.monotonic() < end:
                pass
            os._exit(0)
        before = run_queue_seconds()
        end = time.monotonic() + 0.5
        while time.monotonic() < end:  # shares the core with the hog
            pass
        os.waitpid(hog, 0)
        print(blocked, run_queue_seconds() - before)
    """)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=30, check=True).stdout
    blocked, busy = map(float, out.split())
    assert blocked < noise.MISSED_A_TURN_S  # 0.3 s on a lock
    assert busy > 20 * noise.MISSED_A_TURN_S  # about 0.25 s of the 0.5 s spent queued
