"""Shared fixtures: one strict build of the real site per test session, every example run; Zensical's build of it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from kitchen import interpreters, runner

ROOT = Path(__file__).resolve().parent.parent

# The output checks live outside test modules; rewrite their asserts so a failure shows the numbers.
pytest.register_assert_rewrite("example_checks")


def pytest_configure(config):
    # A TERM (a cancelled CI job, `make stress` stopped) ends the session like Ctrl-C, so the
    # runner and the fixtures take down their examples, the build and the browser. A shell
    # that started us in the background left SIGINT ignored; handling it also lets children
    # (the mkdocs build) start with the default.
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # raises KeyboardInterrupt
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


# The "Try it" blocks say `python examples/...`: make that mean this interpreter.
os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"


@dataclass
class Build:
    site: Path
    log: str
    returncode: int
    seconds: float


# The session's own example cache: the MkDocs build runs every example (refresh) and stores the
# runs here, so that the Zensical build (zensical_site) shows the same runs without running them.
TEST_CACHE = ROOT / ".cache" / "test-kitchen"


@pytest.fixture(scope="session")
def built_site(request) -> Build:
    """`mkdocs build --strict` running every example, streaming progress to the terminal.

    KITCHEN_TEST_SITE=reuse skips the build when a previous session left one (for working on
    the browser tests only; the default, and CI, always build afresh).
    """
    # The Makefile's TEST_SITE: CI publishes this folder, so it must be the build checked here.
    site = ROOT / os.environ.get("KITCHEN_TEST_SITE_DIR", ".cache/test-site")
    saved = site.with_name(site.name + ".log")
    # KITCHEN_REQUIRE_PYTHONS (set by make test, which builds them): every page's interpreter must be there.
    env = {**os.environ, "KITCHEN_CACHE": "refresh", "KITCHEN_CACHE_DIR": str(TEST_CACHE), "NO_MKDOCS_2_WARNING": "1"}
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    say = reporter.write_line if reporter else print
    if os.environ.get("KITCHEN_TEST_SITE") == "reuse" and saved.exists() and site.is_dir():
        say(f"reusing the site built earlier in {site} (KITCHEN_TEST_SITE=reuse)")
        log = saved.read_text()
        return Build(site, log, 0 if "Documentation built" in log else 1, 0.0)
    say("building the site (strict, every example run; runs stored for the Zensical build)...")
    began = time.perf_counter()
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    log, returncode = _streamed(request, command, env)
    saved.write_text(log)
    if returncode:  # kept apart, so that the next build does not overwrite the failure
        failed = site.with_name(site.name + ".failed.log")
        failed.write_text(log)
        say(f"the strict build failed; its log is in {failed}")
    return Build(site, log, returncode, time.perf_counter() - began)


def _streamed(request, command: list[str], env: dict) -> tuple[str, int]:
    """Run a build, passing its kitchen/warning/error lines to the terminal; Ctrl-C stops it."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    say = reporter.write_line if reporter else print
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    try:
        for line in proc.stdout:
            lines.append(line)
            if "kitchen:" in line or "ERROR" in line or "error:" in line or "WARNING" in line:
                say("  " + line.rstrip())
        proc.wait()
    except BaseException:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        raise
    return "".join(lines), proc.returncode


@pytest.fixture(scope="session")
def zensical_site(request, built_site) -> Build:
    """The same site built by Zensical, its runs taken from the MkDocs build's (TEST_CACHE, on)."""
    if built_site.returncode:
        pytest.fail("the MkDocs build failed, so there are no recorded runs for Zensical to show")
    folder = ROOT / ".cache" / "test-zensical"
    env = {**os.environ, "KITCHEN_CACHE": "on", "KITCHEN_CACHE_DIR": str(TEST_CACHE)}
    began = time.perf_counter()
    log, returncode = _streamed(request, [sys.executable, "-m", "kitchen.zensical_build", str(folder)], env)
    return Build(folder / "site", log, returncode, time.perf_counter() - began)


@pytest.fixture(scope="module")
def freethreaded() -> str:
    runner.interpreter_info.cache_clear()
    found = interpreters.find_freethreaded()
    if found is None:
        message = "no free-threaded CPython here: `make pythons` builds one"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)  # make test builds it, so under CI its absence is a bug
        pytest.skip(message)
    return found
