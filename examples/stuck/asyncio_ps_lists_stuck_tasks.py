"""Python 3.14+: `python -m asyncio ps PID` lists a stuck program's tasks.

Two plates wait for a sauce nobody makes, until the kitchen gives up.
"""

import asyncio
import subprocess
import sys

# kitchen: hide-start
# /// script
# requires-python = ">=3.14"
# ///
import functools
import platform
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import kitchen_parser, positive_float, report
# kitchen: hide-end


async def plate(sauce_ready: asyncio.Event) -> None:
    await sauce_ready.wait()  # nobody ever sets it


async def stuck_service(patience: float) -> None:
    sauce_ready = asyncio.Event()
    try:
        async with asyncio.timeout(patience), asyncio.TaskGroup() as tg:
            for dish in ("steak", "fish"):
                tg.create_task(plate(sauce_ready), name=f"plate-{dish}")
    except TimeoutError:
        pass  # the kitchen gave up: this example's own timeout


def look_inside(patience: float) -> dict:
    kitchen = subprocess.Popen(
        [sys.executable, __file__, f"--stuck={patience}"],
        stdout=subprocess.PIPE, text=True)
    try:
        kitchen.stdout.readline()  # the tasks are waiting now
        return {tool: subprocess.run(
            [sys.executable, "-m", "asyncio", tool, str(kitchen.pid)],
            capture_output=True, text=True, timeout=30)
            for tool in ("ps", "pstree")}
    finally:
        kitchen.wait()


# kitchen: hide-start
async def announced(patience: float) -> None:
    """The child's part: say "stuck" once the plates are waiting, for the parent to look."""
    asyncio.get_running_loop().call_later(0.05, functools.partial(print, "stuck", flush=True))
    await stuck_service(patience)


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.05)
    parser.add_argument("--patience", type=positive_float, default=80,
                        help="minutes before the stuck kitchen gives up (default: 80)")
    parser.add_argument("--stuck", type=positive_float, help="run the stuck kitchen itself")
    args = parser.parse_args()
    if sys.version_info < (3, 14):
        print(f"needs Python 3.14+ (this is {platform.python_version()})", file=sys.stderr)
        sys.exit(3)
    if args.stuck:
        asyncio.run(announced(args.stuck))
        return
    seen = look_inside(args.patience * args.scale)
    for tool, result in seen.items():
        print(f"$ python -m asyncio {tool} PID")
        print(result.stdout or result.stderr)
    report(**{tool: {"returncode": r.returncode, "stdout": r.stdout, "stderr": r.stderr}
              for tool, r in seen.items()})


if __name__ == "__main__":
    main()
# kitchen: hide-end
