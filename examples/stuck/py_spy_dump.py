"""Look into a stuck kitchen from outside: `py-spy dump --pid`.

The kitchen is the deadlocked one from faulthandler_dumps_the_stuck.py, run as
a separate process that ends itself after a while. While it hangs, py-spy
reads every thread's Python stack out of its memory, without stopping it.
"""

import shutil
import subprocess
import sys
import time
from pathlib import Path

# kitchen: hide-start
# /// script
# requires-python = ">=3.11"
# dependencies = ["py-spy>=0.4"]
# ///
import os

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import kitchen_parser, positive_float, report
# kitchen: hide-end

STUCK = Path(__file__).with_name("faulthandler_dumps_the_stuck.py")


def dump_stuck_kitchen(py_spy: str, patience: str):
    kitchen = subprocess.Popen([sys.executable, STUCK, "--patience", patience],
                               stdout=subprocess.PIPE, text=True)
    try:
        kitchen.stdout.readline()  # it has started its cooks
        time.sleep(0.2)  # each holds one utensil by now
        return subprocess.run([py_spy, "dump", "--pid", str(kitchen.pid)],
                              capture_output=True, text=True, timeout=30)
    finally:
        kitchen.communicate()  # it ends itself once its patience runs out


# kitchen: hide-start
def ptrace_facts() -> str:
    """What decides whether one process may read another's memory here (Linux)."""
    scope = Path("/proc/sys/kernel/yama/ptrace_scope")
    facts = [f"yama ptrace_scope {scope.read_text().strip() if scope.exists() else 'absent'}"]
    status = Path("/proc/self/status")
    if status.exists():
        caps = int(next(line.split()[1] for line in status.read_text().splitlines()
                        if line.startswith("CapEff")), 16)
        facts.append(f"CAP_SYS_PTRACE {'held' if caps >> 19 & 1 else 'not held'}")
    facts.append(f"uid {os.getuid()}")
    return ", ".join(facts)


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.05)
    parser.add_argument("--patience", type=positive_float, default=60,
                        help="minutes before the stuck kitchen ends itself (default: 60)")
    args = parser.parse_args()
    py_spy = shutil.which("py-spy") or shutil.which("py-spy", path=str(Path(sys.executable).parent))
    if py_spy is None:
        print("py-spy is not installed here: `pip install py-spy` puts it next to python")
        report(py_spy=None)
        return
    version = subprocess.run([py_spy, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"{version}; {ptrace_facts()}\n")
    dump = dump_stuck_kitchen(py_spy, str(args.patience))
    print(dump.stdout or dump.stderr)
    report(py_spy=version, returncode=dump.returncode, stdout=dump.stdout, stderr=dump.stderr,
           ptrace=ptrace_facts(), patience_s=args.patience * args.scale)


if __name__ == "__main__":
    main()
# kitchen: hide-end
