"""Examples run where readers are: without Linux's /proc, from a ZIP, and downloaded alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The examples that measure through /proc, with arguments small enough for a quick run.
# Each must still run without /proc and say in one line what it could not measure.
LINUX_ONLY_MEASUREMENTS = {
    "concepts/three_cakes.py": ["--scale", "0.005"],
    "multiprocessing/more_kitchens_than_cores.py": ["--scale", "0.005", "--most", "2", "--repeats", "1"],
    "multiprocessing/a_kitchen_per_pasta.py": ["--pastas", "20", "--processes", "3", "--minutes", "2",
                                               "--scale", "0.01"],
    "measured/showdown.py": ["--scale", "0.003", "--tasks", "2", "--repeat", "1", "--workloads", "io"],
    "measured/cost_of_a_chef.py": ["--counts", "1", "3", "--max-processes", "3", "--scale", "0.005",
                                   "--models", "coroutines", "threads", "spawn"],
}


def run_example(path: Path, *args: str, env: dict | None = None, cwd: Path | None = None):
    """Run a script as a reader would: `python path args`, from outside the repository."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KITCHEN_")}
    return subprocess.run(
        [sys.executable, str(path), *args], capture_output=True, text=True, timeout=120,
        env={**environ, **(env or {})}, cwd=cwd or path.parent,
    )


@pytest.mark.parametrize("example", sorted(LINUX_ONLY_MEASUREMENTS))
def test_linux_only_measurements_say_what_they_cannot_measure_without_proc(example):
    done = run_example(ROOT / "examples" / example, *LINUX_ONLY_MEASUREMENTS[example],
                       env={"KITCHEN_PRETEND_NO_PROC": "1"})
    assert done.returncode == 0, done.stderr[-2000:]
    notes = [line for line in done.stdout.splitlines() if line.startswith("cannot measure ")]
    assert len(notes) == 1 and notes[0].endswith("on this platform (it needs Linux's /proc)"), done.stdout
