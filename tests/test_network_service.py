"""The network chapter's service: a port in use or a service that never answers is one line and a
non-zero exit, and nothing of it is left running."""

from __future__ import annotations

import socket
import zipfile
import textwrap
from pathlib import Path

import pytest

from kitchen import runner
from test_examples import example_files

NETWORK = [s for s in example_files() if s.startswith("examples/network/")]
SERVICE_DIR = runner.ROOT / "examples" / "network"


def one_error_line(result: runner.Result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert "Traceback" not in result.stderr, result.stderr
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


@pytest.mark.parametrize("script", NETWORK)
def test_a_port_in_use_is_one_line_and_exit_1(script):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.run(runner.Request(script, args=("--port", str(port)), timeout=60, expect_exit=1),
                            mode="off")
    assert result.ok, result.problem()  # exit 1, in time, no process left behind
    assert f"cannot listen on 127.0.0.1:{port}" in one_error_line(result)


def _driver(tmp_path: Path, app_source: str, startup_timeout: float) -> str:
    """A script that starts the service with `app_source` as its app."""
    (tmp_path / "app.py").write_text(textwrap.dedent(app_source))
    driver = tmp_path / "start.py"
    driver.write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(SERVICE_DIR)!r})
        from _service import service
        with service({str(tmp_path / 'app.py')!r} + ":app", startup_timeout={startup_timeout}):
            print("the service answered")
    """))
    return str(driver)


def test_a_service_that_never_answers_is_one_line_and_nothing_is_left(tmp_path):
    script = _driver(tmp_path, """
        import time
        time.sleep(60)  # never gets as far as serving
    """, startup_timeout=1.0)
    result = runner.run(runner.Request(script, timeout=30, expect_exit=1), mode="off")
    assert result.ok, result.problem()  # the hung service was stopped: no leftover process
    assert "did not answer within 1 s" in one_error_line(result)
    assert result.stdout == ""


def test_a_service_that_dies_at_start_is_one_line(tmp_path):
    script = _driver(tmp_path, """
        import sys
        sys.exit(3)
    """, startup_timeout=20.0)  # a busy machine can take seconds to start Python
    result = runner.run(runner.Request(script, timeout=30, expect_exit=1), mode="off")
    assert result.ok, result.problem()
    assert "the service exited with code 3 before it answered" in one_error_line(result)


def test_a_downloaded_example_brings_the_service_and_the_load_generator(tmp_path):
    from kitchen import downloads

    downloads.write(tmp_path)
    with zipfile.ZipFile(tmp_path / "downloads" / "network" / "def_or_async_def.zip") as zf:
        names = sorted(Path(n).name for n in zf.namelist())
    assert names == ["README.txt", "_kitchen.py", "_loadgen.py", "_service.py", "def_or_async_def.py"]
