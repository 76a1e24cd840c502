"""Every example under examples/ runs through the runner and passes its output check."""

from __future__ import annotations

import multiprocessing
import subprocess
from pathlib import Path

import pytest

from example_checks import load_all
from kitchen import interpreters, runner

ROOT = Path(__file__).resolve().parent.parent
CHECKS = load_all()


def example_files() -> list[str]:
    """Every runnable example: the helpers (_*.py) are not examples."""
    return sorted(
        str(p.relative_to(ROOT))
        for p in (ROOT / "examples").rglob("*.py")
        if not p.name.startswith("_")
    )


@pytest.mark.parametrize("script", example_files())
def test_example_runs_and_does_what_its_page_says(script):
    assert script in CHECKS, f"{script} has no output check in tests/example_checks/"
    check = CHECKS[script]
    req = runner.Request(script, args=check.args, timeout=check.timeout, expect_exit=check.expect_exit,
                         python=interpreters.default_python())
    result = runner.run(req, mode="off")
    assert result.ok, f"{result.problem()}\n{result.stderr}"
    check.verify(result)


# The default run above uses the platform's start method (forkserver on Linux from Python 3.14);
# every example that starts processes must also pass its check under these two.
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


@pytest.mark.parametrize("method", OTHER_START_METHODS)
@pytest.mark.parametrize("script", examples_with_start_method())
def test_example_passes_its_check_under_each_start_method(script, method):
    assert script in CHECKS, f"{script} has no output check in tests/example_checks/"
    check = CHECKS[script]
    args = (*check.args, "--start-method", method)  # the last --start-method wins
    req = runner.Request(script, args=args, timeout=check.timeout, expect_exit=check.expect_exit,
                         python=interpreters.default_python())
    result = runner.run(req, mode="off")
    assert result.ok, f"{result.problem()}\n{result.stderr}"
    check.verify(result)


def test_every_check_names_an_existing_example():
    assert sorted(set(CHECKS) - set(example_files())) == []
