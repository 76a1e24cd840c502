"""Run an example's check (tests/example_checks) on the very run a page shows.

The check's claims go into the page's Record, so the page can list them and the tests read
them from the build's records instead of running the example again. A verdict that passed is
cached next to the run, keyed by the run and by the text of every check module, so a cached
rebuild neither reruns the example nor its check.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from kitchen import atomic, runner

CHECKS_DIR = runner.ROOT / "tests" / "example_checks"


@dataclass
class Verdict:
    passed: bool
    claims: list[dict]
    failure: str = ""  # what did not hold, in one line


class NoCheck(Exception):
    """The example has no check registered."""


_loaded: dict | None = None
_hash: str | None = None


def available() -> bool:
    """A checkout with tests/example_checks (a site built from elsewhere has no checks to run)."""
    return (CHECKS_DIR / "__init__.py").is_file()


def _package():
    tests = str(CHECKS_DIR.parent)
    if tests not in sys.path:
        sys.path.append(tests)
    return importlib.import_module("example_checks")


def checks() -> dict:
    global _loaded
    if _loaded is None:
        _loaded = _package().load_all()
    return _loaded


def forget() -> None:
    """Reload the checks at the next build (mkdocs serve, after a check was edited)."""
    global _loaded, _hash
    _loaded = _hash = None
    for name in [n for n in sys.modules if n == "example_checks" or n.startswith("example_checks.")]:
        del sys.modules[name]


def _sources_hash() -> str:
    global _hash
    if _hash is None:
        digest = hashlib.sha256()
        for path in sorted(CHECKS_DIR.rglob("*.py")):
            digest.update(str(path.relative_to(CHECKS_DIR)).encode() + b"\0" + path.read_bytes())
        _hash = digest.hexdigest()
    return _hash


def _verdict_path(result: runner.Result) -> Path:
    key = hashlib.sha256(f"{result.key}:{_sources_hash()}".encode()).hexdigest()
    return runner.CACHE_DIR / "verdicts" / f"{key}.json"


def _where(exc: BaseException) -> str:
    """The check's own line that failed: a bare assert carries no message outside pytest."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if str(CHECKS_DIR) in f.filename and not f.filename.endswith("__init__.py")]
    if not frames:
        return ""
    f = frames[-1]
    return f"{Path(f.filename).relative_to(runner.ROOT)}:{f.lineno}: {f.line}"


def drop_run(result: runner.Result) -> None:
    """Take a run whose check failed out of the cache: the next build runs the example again."""
    if result.key:
        runner._cache_path(result.key).unlink(missing_ok=True)


def judge(result: runner.Result) -> Verdict:
    """Run the check registered for result.script on this result (raises NoCheck)."""
    found = checks().get(result.script)
    if found is None:
        raise NoCheck(f"{result.script} has no check in tests/example_checks/")
    mode = runner.cache_mode()
    path = _verdict_path(result) if mode != "off" and result.key else None
    if mode == "on" and path and path.is_file():
        try:
            return Verdict(True, json.loads(path.read_text(encoding="utf-8")))
        except ValueError:
            pass
    package = _package()
    try:
        claims = package.verify_with_claims(found.verify, result)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # any failure of the check is the check failing
        claims = list(package.CLAIMS)
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        where = _where(exc)
        return Verdict(False, claims, f"{text} ({where})" if where else text)
    if path:  # only verdicts that passed are kept, like the runs themselves
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(path, json.dumps(claims))
    return Verdict(True, claims)
