"""A container's CPU quota: how many cores' worth of time the kitchen may use.

No core count reads it: size a pool from the quota and the allowed cores.
"""

import os
from pathlib import Path

# kitchen: hide-start
import sys

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import kitchen_parser, report
# kitchen: hide-end


def parse_cpu_max(text: str) -> float | None:
    """cgroup v2 cpu.max: "max 100000" (no quota) or "150000 100000"."""
    quota, period = text.split()
    return None if quota == "max" else int(quota) / int(period)


def parse_cfs(quota_us: str, period_us: str) -> float | None:
    quota = int(quota_us)  # cgroup v1; -1 means no quota
    return None if quota < 0 else quota / int(period_us)


def cpu_quota(root: Path = Path("/sys/fs/cgroup")) -> tuple[str, float | None]:
    if (v2 := root / "cpu.max").exists():
        return str(v2), parse_cpu_max(v2.read_text())
    for v1 in (root / "cpu", root / "cpu,cpuacct"):
        if (v1 / "cpu.cfs_quota_us").exists():
            return str(v1 / "cpu.cfs_quota_us"), parse_cfs(
                (v1 / "cpu.cfs_quota_us").read_text(),
                (v1 / "cpu.cfs_period_us").read_text())
    return "no cgroup CPU files here", None


def workers_to_start(root: Path = Path("/sys/fs/cgroup")) -> int:
    _, quota = cpu_quota(root)
    allowed = os.cpu_count()
    if hasattr(os, "sched_getaffinity"):  # Linux: the cores we may run on
        allowed = len(os.sched_getaffinity(0))
    if quota is None:
        return allowed
    return max(1, min(allowed, int(quota)))  # 1.5 cores' worth: 1 busy worker


# kitchen: hide-start
def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.01)
    parser.add_argument("--root", default="/sys/fs/cgroup",
                        help="where the cgroup files are mounted (default: %(default)s)")
    args = parser.parse_args()
    args.root = Path(args.root)
    if not args.root.is_dir():
        parser.error(f"--root: {args.root} is not a directory")
    source, quota = cpu_quota(args.root)
    print(f"read from       {source}")
    if source.endswith("cfs_quota_us"):
        print(f"  raw           quota {Path(source).read_text().strip()}, "
              f"period {Path(source).with_name('cpu.cfs_period_us').read_text().strip()}")
    elif source.endswith("cpu.max"):
        print(f"  raw           {Path(source).read_text().strip()}")
    print(f"quota           {'none' if quota is None else f'{quota:g} cores'}")
    print(f"os.cpu_count()  {os.cpu_count()}")
    workers = workers_to_start(args.root)
    print(f"workers to start: {workers}")
    report(source=source, quota=quota, cpu_count=os.cpu_count(), workers=workers)


if __name__ == "__main__":
    main()
# kitchen: hide-end
