"""Every example on every interpreter the site promises, at its check's fast settings.

The build runs each example on the site's default interpreter (the newest stable CPython);
this matrix adds the others: 3.11 (the oldest the README promises), 3.15 and the
free-threaded builds, and with KITCHEN_MATRIX_EXTRA=1 (`make matrix`) 3.12 and 3.13 where
the machine has them. It never reruns an example on the interpreter the build used.
An example that needs a newer Python declares it (PEP 723 `requires-python`) and must then
exit with code 3 and a one-line "needs Python X.Y+" message, which the test expects.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path

import pytest

from example_checks import load_all, verify_with_claims
from kitchen import interpreters, pages, runner
from test_examples import example_files

ROOT = Path(__file__).resolve().parent.parent
CHECKS = load_all()
CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
REQUIRED = CI or os.environ.get(interpreters.REQUIRE_ENV) == "1"

ROLES = list(interpreters.MATRIX) + (
    list(interpreters.MATRIX_EXTRA) if os.environ.get("KITCHEN_MATRIX_EXTRA") == "1" else []
)
if os.environ.get("KITCHEN_MATRIX_ROLES"):  # e.g. "3.14t 3.15t": a part of the matrix
    ROLES = os.environ["KITCHEN_MATRIX_ROLES"].split()


def script_metadata(script: str) -> dict:
    """The example's PEP 723 block (requires-python, dependencies), or {}."""
    text = (ROOT / script).read_text(encoding="utf-8")
    match = re.search(r"(?m)^# /// script\n((?:^#(?: .*)?\n)+?)^# ///$", text)
    if not match:
        return {}
    body = "".join(line[2:] if line.startswith("# ") else line[1:] for line in match.group(1).splitlines(True))
    return tomllib.loads(body)


def needs(script: str) -> tuple[int, int] | None:
    spec = script_metadata(script).get("requires-python", "")
    found = re.fullmatch(r"\s*>=\s*(\d+)\.(\d+)\s*", spec)
    return (int(found[1]), int(found[2])) if found else None


def _interpreter(role: str) -> str:
    found = interpreters.find(role)
    if found is None:
        message = f"no {interpreters.describe(role)} on this machine"
        if REQUIRED and role in interpreters.BUILT:
            pytest.fail(message + "; `make pythons` builds it")  # make test built it: a bug
        pytest.skip(message)
    default = runner.interpreter_info(interpreters.default_python())
    mine = runner.interpreter_info(found)
    if (mine["version"], mine["gil_disabled"]) == (default["version"], default["gil_disabled"]):
        pytest.skip(f"{role} is the interpreter the site build ran every example on")
    return found


def _packages_missing(python: str, script: str) -> str | None:
    """Why the example's declared packages are not in this interpreter's venv, or None.

    tools/build_python.py leaves out a package that has no wheel for an interpreter, and
    what needs it, and names them in the venv's kitchen-ready marker.
    """
    deps = script_metadata(script).get("dependencies", [])
    marker = Path(python).parent.parent / "kitchen-ready"
    if not deps or not marker.is_file():
        return None
    status = json.loads(marker.read_text())
    missing = set(status.get("missing", []))
    for dep in deps:
        found = re.match(r"\s*([A-Za-z0-9_.\-]+)(?:\[([^\]]*)\])?", dep)
        names = {found.group(1).lower(), *(x.strip().lower() for x in (found.group(2) or "").split(",") if x)}
        if "(all)" in missing or names & missing:
            return f"{dep} is not installed for this interpreter: {status.get('why', '')}"
    return None


def page_runs() -> set[tuple]:
    """(script, args, interpreter role, env) of every run the site's pages make."""
    return {fence.run for _, fence in pages.site_fences(ROOT / "docs")}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("script", example_files())
def test_example_on_each_interpreter(script, role):
    python = _interpreter(role)
    if why := _packages_missing(python, script):
        pytest.skip(why)
    check = CHECKS[script]
    if (script, tuple(check.args), role, ()) in page_runs():
        pytest.skip(f"a page runs {script} {' '.join(check.args)} on {role}: the build checked that run")
    version = tuple(int(x) for x in runner.interpreter_info(python)["version"].split(".")[:2])
    wanted = needs(script)
    too_old = wanted is not None and version < wanted
    expect = 3 if too_old else check.expect_exit
    req = runner.Request(script, args=check.args, timeout=check.timeout, python=python, expect_exit=expect)
    result = runner.run(req, mode="off")
    assert result.ok, f"{result.problem()}\n{result.stderr[-3000:]}"
    if too_old:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and f"needs Python {wanted[0]}.{wanted[1]}" in lines[0], result.stderr
        return
    verify_with_claims(check.verify, result)
