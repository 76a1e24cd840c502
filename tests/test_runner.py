"""Tests of the example runner itself: process groups, exit codes, capture, measurements, cache."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from kitchen import runner

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A throwaway project root holding copies of the fixture scripts, with its own cache."""
    (tmp_path / "examples").mkdir()
    for script in FIXTURES.glob("*.py"):
        shutil.copy(script, tmp_path / "examples" / script.name)
    monkeypatch.setattr(runner, "ROOT", tmp_path)
    monkeypatch.setattr(runner, "CACHE_DIR", tmp_path / ".cache")
    return tmp_path


def request(name: str, **kw) -> runner.Request:
    return runner.Request(script=f"examples/{name}", **kw)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in {"Z", "X"}


def test_timeout_kills_the_whole_process_group(project):
    result = runner.run(request("hangs_with_workers.py", timeout=2), mode="off")
    pids = [int(p) for p in result.stdout.split()[1:]]
    assert len(pids) == 3, result.stdout  # the parent and both workers printed before the timeout
    assert result.timed_out and not result.ok
    assert not [pid for pid in pids if alive(pid)]
    assert result.problem() == (
        "examples/hangs_with_workers.py timed out after 2 s; its whole process group was killed"
    )


def test_processes_left_behind_are_reported_and_killed(project):
    result = runner.run(request("leaves_a_child.py"), mode="off")
    child = int(result.stdout.split()[1])
    assert result.returncode == 0
    assert len(result.leftover) == 1 and f"pid {child}" in result.leftover[0]
    assert not alive(child)
    assert not result.ok and "left 1 process(es) running" in result.problem()


def test_sys_exit_is_contained_and_reported(project):
    result = runner.run(request("exits_three.py"), mode="off")
    assert (result.returncode, result.stdout, result.stderr) == (3, "before exit\n", "going down\n")
    assert result.problem() == "examples/exits_three.py exited with code 3 (expected 0)"
    declared = runner.run(request("exits_three.py", expect_exit=3), mode="off")
    assert declared.ok and declared.problem() is None


def test_output_from_threads_and_child_processes_is_captured(project):
    result = runner.run(request("talks_from_everywhere.py"), mode="off")
    assert result.ok, result.stderr
    lines = set(result.stdout.splitlines())
    assert lines == {
        "hello from main",
        "hello from a thread",
        "hello from a forked child",
        "hello from a spawned child",
    }


def test_a_spawn_context_pool_runs_and_shows_its_output(project):
    result = runner.run(request("spawn_pool.py"), mode="off")
    assert result.ok, result.stderr
    assert "squares [0, 1, 4, 9, 16, 25]" in result.stdout
    assert "worker pids differ from mine: True" in result.stdout


def test_cpu_time_includes_child_processes(project):
    result = runner.run(request("burns_cpu_in_child.py"), mode="off")
    assert result.ok, result.stderr
    child_cpu = float(result.stdout.split()[-1])
    # The parent only waits, so nearly all CPU is the child's; half of it is a loose floor.
    assert result.cpu_s > 0.5 * child_cpu
    assert result.peak_rss_mb > 1
    assert result.cpus == os.cpu_count()
    assert result.python.startswith(sys.implementation.name.replace("cpython", "CPython"))


def test_cache_hits_when_nothing_changed(project):
    first = runner.run(request("uses_helper.py"), mode="on")
    second = runner.run(request("uses_helper.py"), mode="on")
    assert not first.cached and second.cached
    assert second.stdout == first.stdout == "hello from the helper\n"
    assert second.wall_s == first.wall_s  # the stored measurement, not a new one


def test_cache_misses_when_the_file_changes(project):
    runner.run(request("uses_helper.py"), mode="on")
    script = project / "examples" / "uses_helper.py"
    script.write_text(script.read_text() + "print('one more line')\n")
    again = runner.run(request("uses_helper.py"), mode="on")
    assert not again.cached and again.stdout.endswith("one more line\n")


def test_cache_misses_when_an_imported_helper_changes(project):
    runner.run(request("uses_helper.py"), mode="on")
    (project / "examples" / "helper_module.py").write_text('GREETING = "changed"\n')
    again = runner.run(request("uses_helper.py"), mode="on")
    assert not again.cached and again.stdout == "changed\n"


def test_cache_misses_when_the_shared_helper_in_examples_changes(project):
    """A chapter's example imports examples/<helper>.py through its hidden preamble."""
    chapter = project / "examples" / "chapter"
    chapter.mkdir()
    (chapter / "uses_shared.py").write_text(
        "import sys\nfrom pathlib import Path\n\n"
        "sys.path.append(str(Path(__file__).resolve().parent.parent))\n"
        "from helper_module import GREETING\n\nprint(GREETING)\n"
    )
    req = request("chapter/uses_shared.py")
    first = runner.run(req, mode="on")
    assert first.ok and first.stdout == "hello from the helper\n", first.stderr
    assert runner.run(req, mode="on").cached
    (project / "examples" / "helper_module.py").write_text('GREETING = "changed"\n')
    again = runner.run(req, mode="on")
    assert not again.cached and again.stdout == "changed\n"


def test_cache_misses_when_the_interpreter_changes(project, monkeypatch):
    runner.run(request("uses_helper.py"), mode="on")
    real = runner.interpreter_info(sys.executable)
    monkeypatch.setattr(runner, "interpreter_info", lambda python: {**real, "version": "3.99.0"})
    assert not runner.run(request("uses_helper.py"), mode="on").cached


def test_cache_misses_when_args_or_timeout_change(project):
    runner.run(request("uses_helper.py"), mode="on")
    assert not runner.run(request("uses_helper.py", args=("x",)), mode="on").cached
    assert not runner.run(request("uses_helper.py", timeout=5), mode="on").cached


def test_failed_runs_are_never_cached(project):
    runner.run(request("exits_three.py"), mode="on")
    assert not runner.run(request("exits_three.py"), mode="on").cached
    assert not list((project / ".cache").glob("*.json"))


def test_refresh_reruns_and_off_never_writes(project):
    runner.run(request("uses_helper.py"), mode="on")
    assert not runner.run(request("uses_helper.py"), mode="refresh").cached
    assert runner.run(request("uses_helper.py"), mode="on").cached
    shutil.rmtree(project / ".cache")
    runner.run(request("uses_helper.py"), mode="off")
    assert not (project / ".cache").exists()


def test_a_damaged_cache_entry_is_a_miss_and_no_temp_files_remain(project):
    result = runner.run(request("uses_helper.py"), mode="on")
    entry = project / ".cache" / f"{result.key}.json"
    entry.write_text(entry.read_text()[:40])  # as if a write had been cut short
    again = runner.run(request("uses_helper.py"), mode="on")
    assert not again.cached and again.ok
    assert [p.name for p in (project / ".cache").iterdir()] == [entry.name]


def test_the_key_covers_local_imports_only(project):
    modules = runner.local_modules(project / "examples" / "uses_helper.py")
    assert modules == [project / "examples" / "helper_module.py"]  # sys/os imports are not local


def test_a_bad_cache_mode_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("KITCHEN_CACHE", "sometimes")
    with pytest.raises(runner.RunError, match="KITCHEN_CACHE must be on, refresh or off"):
        runner.cache_mode()


def test_peak_memory_is_the_examples_own_not_the_builds(project):
    ballast = bytearray(200 * 1024 * 1024)  # make this (the "build") process large
    for i in range(0, len(ballast), 4096):
        ballast[i] = 1
    result = runner.run(request("touches_memory.py"), mode="off")
    assert result.ok, result.stderr
    # 60 MB touched plus an interpreter; far below the 200 MB the parent holds.
    assert 60 <= result.peak_rss_mb < 150
    del ballast


def test_a_child_that_leaves_the_process_group_is_still_found_and_killed(project):
    result = runner.run(request("escapes_its_group.py"), mode="off")
    child = int(result.stdout.split()[1])
    assert len(result.leftover) == 1 and f"pid {child}" in result.leftover[0]
    assert not alive(child)


def test_no_process_of_a_run_survives_it(project):
    for name in ("hangs_with_workers.py", "leaves_a_child.py", "escapes_its_group.py"):
        result = runner.run(request(name, timeout=2), mode="off")
        assert result.run_id and runner.run_members(-1, result.run_id) == []
