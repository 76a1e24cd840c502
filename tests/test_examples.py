"""Every example under examples/ runs through the runner and passes its output check."""

from __future__ import annotations

from pathlib import Path

import pytest

from example_checks import load_all
from kitchen import runner

ROOT = Path(__file__).resolve().parent.parent
CHECKS = load_all()


def example_files() -> list[str]:
    """Every runnable example: helpers (_*.py) and the links to them are not examples."""
    return sorted(
        str(p.relative_to(ROOT))
        for p in (ROOT / "examples").rglob("*.py")
        if not p.name.startswith("_") and not p.is_symlink()
    )


@pytest.mark.parametrize("script", example_files())
def test_example_runs_and_does_what_its_page_says(script):
    assert script in CHECKS, f"{script} has no output check in tests/example_checks/"
    check = CHECKS[script]
    req = runner.Request(script, args=check.args, timeout=check.timeout, expect_exit=check.expect_exit)
    result = runner.run(req, mode="off")
    assert result.ok, f"{result.problem()}\n{result.stderr}"
    check.verify(result)


def test_every_check_names_an_existing_example():
    assert sorted(set(CHECKS) - set(example_files())) == []
