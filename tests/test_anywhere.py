"""Examples run where readers are: without Linux's /proc, from a ZIP, and downloaded alone."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kitchen import downloads

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


def extract(archive: Path, into: Path) -> Path:
    """Unpack with Python's zipfile, which writes a symlink entry as a small text file."""
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(into)
    return into


def test_examples_run_from_a_zip_of_the_repository(tmp_path):
    archive = tmp_path / "repository.zip"
    subprocess.run(["git", "archive", "--format=zip", "--prefix=kitchen/", "-o", str(archive), "HEAD"],
                   cwd=ROOT, check=True)
    with zipfile.ZipFile(archive) as zf:
        links = [i.filename for i in zf.infolist() if stat.S_ISLNK(i.external_attr >> 16)]
    assert links == []
    tree = extract(archive, tmp_path / "unzipped") / "kitchen"
    for example, args in [("concepts/waiting_and_working.py", ["--scale", "0.005"]),
                          ("measured/showdown.py", LINUX_ONLY_MEASUREMENTS["measured/showdown.py"])]:
        done = run_example(tree / "examples" / example, *args, cwd=tmp_path)
        assert done.returncode == 0, f"{example}: {done.stderr[-2000:]}"


def test_one_downloaded_example_runs_on_its_own(tmp_path):
    written = downloads.write(tmp_path / "site")
    archive = tmp_path / "site" / "downloads" / "measured" / "showdown.zip"
    assert archive in written
    alone = extract(archive, tmp_path / "reader" / "Downloads")  # nothing else of the project here
    assert sorted(p.name for p in (alone / "showdown").iterdir()) == [
        "README.txt", "_bench.py", "_kitchen.py", "showdown.py"]
    done = run_example(alone / "showdown" / "showdown.py", *LINUX_ONLY_MEASUREMENTS["measured/showdown.py"])
    assert done.returncode == 0, done.stderr[-2000:]
    assert "sequential" in done.stdout


def test_a_chapter_zip_holds_every_example_of_the_chapter_and_the_helper(tmp_path):
    downloads.write(tmp_path)
    with zipfile.ZipFile(tmp_path / "downloads" / "asyncio.zip") as zf:
        names = sorted(zf.namelist())
    examples = sorted(f"asyncio/{p.name}" for p in (ROOT / "examples" / "asyncio").glob("[!_]*.py"))
    assert names == sorted([*examples, "asyncio/README.txt", "asyncio/_kitchen.py"])


def test_downloads_are_the_same_bytes_each_build(tmp_path):
    first = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in downloads.write(tmp_path / "a")}
    second = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in downloads.write(tmp_path / "b")}
    assert first == second and len(first) > 20
