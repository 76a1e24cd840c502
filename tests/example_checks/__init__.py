"""Output checks for the examples, one per example file, registered with @check.

Each chapter has a module here. The parametrized test in tests/test_examples.py
runs every file under examples/ and fails when one has no check.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Callable

from kitchen.noise import cores_busy, max_overlap  # noqa: F401 - the checks' measuring sticks
from kitchen.runner import Result


@dataclass(frozen=True)
class Check:
    args: tuple[str, ...]
    verify: Callable[[Result], None]
    timeout: float
    expect_exit: int


CHECKS: dict[str, Check] = {}


def check(script: str, *args: str, timeout: float = 60, expect_exit: int = 0):
    """Register `verify(result)` for `examples/<script>`, run with `args` (its fast settings)."""

    def register(verify):
        key = f"examples/{script}"
        assert key not in CHECKS, f"two checks for {key}"
        CHECKS[key] = Check(tuple(args), verify, timeout, expect_exit)
        return verify

    return register


def load_all() -> dict[str, Check]:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return CHECKS


# --- claims: what a check verified, in words a page can show ------------------------------

# The claims made by the check that is running now, in order: {"text", "shown", "reason"}.
CLAIMS: list[dict] = []


def claim(text: str, ok: bool) -> None:
    """One sentence this run showed, written from measured values ("3 pots overlapped").

    It fails the check, with the sentence, when it did not hold.
    """
    if not ok:
        raise AssertionError(f"claim did not hold: {text}")
    CLAIMS.append({"text": text, "shown": True, "reason": ""})


def not_shown(text: str, reason: str) -> None:
    """A claim this machine could not show on this run, with the measured reason."""
    CLAIMS.append({"text": text, "shown": False, "reason": reason})


def verify_with_claims(verify: Callable[[Result], None], result: Result) -> list[dict]:
    """Run one check on one recorded run; return its claims (raises as the check does)."""
    CLAIMS.clear()
    verify(result)
    return list(CLAIMS)


# --- helpers for the checks ----------------------------------------------------------------


def spans(result: Result, phase: str | None = None, kind: str | None = None) -> list[dict]:
    return [
        e for e in result.events
        if (phase is None or e.get("phase") == phase) and (kind is None or e["kind"] == kind)
    ]


def option(result: Result, name: str, default: str) -> str:
    """The value the run was given for `name` (the last one wins, as in argparse), else default."""
    args = list(result.args)
    given = [args[i + 1] for i, arg in enumerate(args[:-1]) if arg == name]
    given += [arg.split("=", 1)[1] for arg in args if arg.startswith(name + "=")]
    return given[-1] if given else default


def longest(events: list[dict]) -> float:
    """The duration of the longest span."""
    return max(e["end"] - e["start"] for e in events)

