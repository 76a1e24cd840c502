"""How many kitchens to open: the machine's cores against the ones you may use.

os.cpu_count() counts every core of the machine. The cores this process may run
on can be fewer: `taskset`, a container's cpuset or a parent's
os.sched_setaffinity restricts them, and a child inherits the restriction.
len(os.sched_getaffinity(0)) (Linux) and os.process_cpu_count() (3.13+) count
those. The script counts here, then starts a child allowed only one core.
"""

import json
import os
import subprocess
import sys

# kitchen: hide-start
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import kitchen_parser, positive_int, report
# kitchen: hide-end


def cores_counted() -> dict:
    """Three answers to "how many cores?"; None where Python lacks the call."""
    allowed = getattr(os, "sched_getaffinity", None)  # Linux only
    per_process = getattr(os, "process_cpu_count", None)  # Python 3.13+
    return {
        "os.cpu_count()": os.cpu_count(),
        "len(os.sched_getaffinity(0))": len(allowed(0)) if allowed else None,
        "os.process_cpu_count()": per_process() if per_process else None,
    }


def counted_in_child(cores: set[int]) -> dict:
    """A fresh Python started while this process may use only `cores`."""
    everything = os.sched_getaffinity(0)
    os.sched_setaffinity(0, cores)  # like `taskset`: the child inherits it
    try:
        child = subprocess.run(
            [sys.executable, __file__, "--count-only"],
            capture_output=True, text=True, check=True)
    finally:
        os.sched_setaffinity(0, everything)  # the parent gets its cores back
    return json.loads(child.stdout)


# kitchen: hide-start
def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.01)
    parser.add_argument("--cores", type=positive_int, default=1,
                        help="cores the child may use (default: 1)")
    parser.add_argument("--count-only", action="store_true",
                        help="print this process's counts as JSON and stop")
    args = parser.parse_args()
    if args.count_only:
        print(json.dumps(cores_counted()))
        return
    here = cores_counted()
    rows = {"this process": here}
    allowed = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_setaffinity") else []
    if allowed:
        rows[f"a child allowed {min(args.cores, len(allowed))}"] = counted_in_child(
            set(allowed[:args.cores]))
    else:
        print("os.sched_setaffinity does not exist here (it is Linux-only): no child started")
    print(f"Python {sys.version.split()[0]}\n")
    print(f"{'':26}" + "".join(f"{name:>30}" for name in here))
    for who, counts in rows.items():
        print(f"{who:26}" + "".join(f"{'n/a' if v is None else v:>30}" for v in counts.values()))
    if here["os.process_cpu_count()"] is None:
        print("\nos.process_cpu_count() needs Python 3.13+ (this is "
              f"{sys.version.split()[0]}); len(os.sched_getaffinity(0)) gives the same number.")
    report(rows=rows, allowed=len(allowed), asked=args.cores)


if __name__ == "__main__":
    main()
# kitchen: hide-end
