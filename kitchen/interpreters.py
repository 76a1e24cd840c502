"""Find the other interpreters some pages compare against: free-threaded CPython, Python 3.14.

Every candidate is asked what it is before it is returned: a name on PATH can be
a pyenv shim for a version that is not installed, and `python3.13t` could in
principle be anything. Nothing here downloads or builds; `make freethreaded`
(tools/build_freethreaded.py) builds the project's own free-threaded 3.13 into
.cache/python-ft.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable

from kitchen import runner

ROOT = Path(__file__).resolve().parent.parent
OWN_FREETHREADED = ROOT / ".cache" / "python-ft" / "bin" / "python3.13t"
FREETHREADED_ENV = "KITCHEN_FREETHREADED_PYTHON"
PYTHON314_ENV = "KITCHEN_PYTHON314"

def probe(python: str) -> dict | None:
    """What the interpreter says about itself (the runner's own probe), or None if it cannot answer."""
    try:
        return runner.interpreter_info(python)
    except (runner.RunError, ValueError):
        return None


def is_freethreaded(python: str) -> bool:
    """Built with --disable-gil: sysconfig's Py_GIL_DISABLED is 1."""
    info = probe(python)
    return bool(info and info["gil_disabled"])


def is_at_least(python: str, version: tuple[int, int]) -> bool:
    info = probe(python)
    return bool(info and tuple(int(part) for part in info["version"].split(".")[:2]) >= version)


def _first(candidates: list[str | None], accept: Callable[[str], bool]) -> str | None:
    for candidate in candidates:
        if candidate and accept(candidate):
            return candidate
    return None


def freethreaded_candidates() -> list[str | None]:
    """In order: the configured path, 3.14t and 3.13t on PATH, the project's own build."""
    return [
        os.environ.get(FREETHREADED_ENV) or None,
        shutil.which("python3.14t"),
        shutil.which("python3.13t"),
        str(OWN_FREETHREADED) if OWN_FREETHREADED.exists() else None,
    ]


def find_freethreaded() -> str | None:
    """A free-threaded CPython for this build, or None when the machine has none."""
    return _first(freethreaded_candidates(), is_freethreaded)


def python314_candidates() -> list[str | None]:
    """In order: the configured path, python3.14 on PATH, pyenv's 3.14 installs (newest first)."""
    pyenv_root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    pyenv = sorted(pyenv_root.glob("versions/3.14*/bin/python3.14"), reverse=True)
    return [
        os.environ.get(PYTHON314_ENV) or None,
        shutil.which("python3.14"),
        *(str(p) for p in pyenv),
    ]


def find_python314() -> str | None:
    """A Python 3.14 or newer (for concurrent.interpreters), or None."""
    return _first(python314_candidates(), lambda p: is_at_least(p, (3, 14)))


# Names a page may give the kitchen fence's `python` option instead of a path:
# name -> (finder, what it is, environment variable that makes its absence an error).
NAMED: dict[str, tuple[Callable[[], str | None], str, str | None]] = {
    "freethreaded": (find_freethreaded, "free-threaded CPython", "KITCHEN_REQUIRE_FREETHREADED"),
    "3.14": (find_python314, "Python 3.14", None),
}
