"""The CPU-quota reader of examples/multiprocessing/cpu_quota.py on both cgroup formats."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("cpu_quota", ROOT / "examples/multiprocessing/cpu_quota.py")
cpu_quota = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cpu_quota)


@pytest.mark.parametrize("text, cores", [
    ("max 100000\n", None),
    ("150000 100000\n", 1.5),
    ("200000 100000", 2.0),
    ("50000 100000\n", 0.5),
])
def test_cgroup_v2_cpu_max(text, cores):
    assert cpu_quota.parse_cpu_max(text) == cores


@pytest.mark.parametrize("quota, period, cores", [
    ("-1\n", "100000\n", None),
    ("50000\n", "100000\n", 0.5),
    ("300000", "100000", 3.0),
])
def test_cgroup_v1_cfs_quota(quota, period, cores):
    assert cpu_quota.parse_cfs(quota, period) == cores


def test_v2_wins_when_both_are_mounted_and_the_pool_size_follows_the_quota(tmp_path):
    (tmp_path / "cpu").mkdir()
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("-1\n")
    (tmp_path / "cpu" / "cpu.cfs_period_us").write_text("100000\n")
    assert cpu_quota.cpu_quota(tmp_path) == (str(tmp_path / "cpu" / "cpu.cfs_quota_us"), None)
    (tmp_path / "cpu.max").write_text("150000 100000\n")
    assert cpu_quota.cpu_quota(tmp_path) == (str(tmp_path / "cpu.max"), 1.5)
    assert cpu_quota.workers_to_start(tmp_path) == 1  # 1.5 cores' worth: one busy worker, not two
    (tmp_path / "cpu.max").write_text("max 100000\n")
    assert cpu_quota.workers_to_start(tmp_path) == len(cpu_quota.os.sched_getaffinity(0))


def test_no_cgroup_files_means_no_quota(tmp_path):
    assert cpu_quota.cpu_quota(tmp_path) == ("no cgroup CPU files here", None)
