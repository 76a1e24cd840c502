"""The interpreter registry: which Pythons are there, by role ("3.14", "3.15t", ...).

A page's fence names a role, never a path. For each role, in order:
1. the path in KITCHEN_PYTHON_<ROLE> (e.g. KITCHEN_PYTHON_3_15T=/opt/py/bin/python3.15t);
   then the interpreter running the build, when it is of that role;
2. the examples' virtualenv of the project's own build (tools/build_python.py), in the per-user
   cache: $XDG_CACHE_HOME/concurrent-kitchen/venvs/, with the pinned example packages;
3. the project's own build itself: $XDG_CACHE_HOME/concurrent-kitchen/python/;
4. `python3.15t` etc. on PATH (a reader's own install, or actions/setup-python);
5. pyenv's installs, newest first.
Every candidate is asked what it is before it is taken: a name on PATH can be a pyenv
shim for a version that is not installed. Nothing here downloads or builds.

The site's default interpreter is the newest stable CPython found: a 3.15 final, else
3.14, else the interpreter running the build.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path
from typing import Callable

from kitchen import runner

ROOT = Path(__file__).resolve().parent.parent

# Roles a fence may name; the matrix runs the examples on these.
ROLES = ("3.11", "3.12", "3.13", "3.14", "3.14t", "3.15", "3.15t")
BUILT = ("3.14", "3.14t", "3.15", "3.15t")  # what `make pythons` builds when missing
MATRIX = ("3.11", "3.15", "3.14t", "3.15t")  # make test's interpreter matrix
MATRIX_EXTRA = ("3.12", "3.13")  # make matrix adds these where the machine has them
REQUIRE_ENV = "KITCHEN_REQUIRE_PYTHONS"  # 1: a missing built role is an error, not a note


def cache_home() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "concurrent-kitchen"


def env_name(role: str) -> str:
    return "KITCHEN_PYTHON_" + role.replace(".", "_").upper()


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


def fits(python: str, role: str) -> bool:
    """The interpreter is of this role's series and kind (free-threaded or not)."""
    info = probe(python)
    if not info or info.get("implementation") != "CPython":
        return False
    series = ".".join(info["version"].split(".")[:2])
    return series == role.rstrip("t") and bool(info["gil_disabled"]) == role.endswith("t")


def is_final(python: str) -> bool:
    """A release, not an alpha, beta or release candidate ("3.15.0rc1" is not)."""
    info = probe(python)
    return bool(info and re.fullmatch(r"\d+\.\d+\.\d+", info["version"]))


def lock_key() -> str:
    """The examples' lock, as tools/build_python.py keys the virtualenvs it makes."""
    import hashlib

    lock = ROOT / "requirements" / "examples.txt"
    return hashlib.sha256(lock.read_bytes()).hexdigest()[:8] if lock.is_file() else "none"


def _version_key(path: Path) -> list[int]:
    return [int(x) for x in re.findall(r"\d+", path.name.split("-")[0])]


def _own(kind: str, role: str) -> list[str]:
    """The project's builds (kind "python") or their example virtualenvs (kind "venvs"), newest first."""
    suffix = "t" if role.endswith("t") else ""
    found = []
    pattern = f"{role.rstrip('t')}.*-*" + (f"-{lock_key()}" if kind == "venvs" else "")
    for d in (cache_home() / kind).glob(pattern):
        version = d.name.split("-")[0]
        if version.endswith("t") != bool(suffix):
            continue
        ready = d / ("build-info.json" if kind == "python" else "kitchen-ready")
        exe = d / "bin" / f"python{role}"
        if ready.is_file() and exe.exists():
            found.append((d, exe))
    return [str(exe) for d, exe in sorted(found, key=lambda pair: _version_key(pair[0]), reverse=True)]


def candidates(role: str) -> list[str]:
    pyenv_root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    pyenv = sorted(pyenv_root.glob(f"versions/{role.rstrip('t')}.*/bin/python{role}"),
                   key=lambda p: _version_key(p.parent.parent), reverse=True)
    listed = [
        os.environ.get(env_name(role)) or None,
        sys.executable,  # the build's own venv, with the examples' packages, when it fits
        *_own("venvs", role),
        *_own("python", role),
        shutil.which(f"python{role}"),
        *(str(p) for p in pyenv),
    ]
    return [c for c in listed if c]


def find(role: str) -> str | None:
    """An interpreter for this role, or None when the machine has none."""
    for candidate in candidates(role):
        if fits(candidate, role):
            return candidate
    return None


def find_freethreaded() -> str | None:
    """The newest free-threaded CPython: a 3.15t final, else 3.14t, else a 3.15t pre-release."""
    found = [p for p in (find("3.15t"), find("3.14t")) if p]
    finals = [p for p in found if is_final(p)]
    return (finals or found or [None])[0]


def default_python() -> str:
    """The newest stable CPython here: what every fence without `python=` runs on.

    Without 3.14 it is the interpreter running the build, unless KITCHEN_REQUIRE_PYTHONS=1
    (make test): then the pages would quietly measure an older Python, so it is an error.
    """
    newest = find("3.15")
    if newest and is_final(newest):
        return newest
    found = find("3.14")
    if found:
        return found
    if os.environ.get(REQUIRE_ENV) == "1":
        raise runner.RunError(f"no {describe('3.14')} on this machine, and {REQUIRE_ENV}=1 requires one "
                              "(make pythons builds it)")
    return sys.executable


def describe(role: str) -> str:
    return f"free-threaded CPython {role[:-1]}" if role.endswith("t") else f"CPython {role}"


def _finder(role: str) -> Callable[[], str | None]:
    return lambda: find(role)


# Names a page may give the kitchen fence's `python` option instead of a path:
# name -> (finder, what it is, environment variable that makes its absence an error).
NAMED: dict[str, tuple[Callable[[], str | None], str, str | None]] = {
    role: (_finder(role), describe(role), REQUIRE_ENV if role in BUILT else None) for role in ROLES
}
NAMED["freethreaded"] = (find_freethreaded, "free-threaded CPython", REQUIRE_ENV)
