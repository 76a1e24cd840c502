"""When does a task first run? Not at create_task: when its creator yields.

Eager tasks (3.12+: eager_task_factory; 3.14+: create_task(eager_start=True))
run their first steps inside create_task, up to their first real wait.
"""

import asyncio
import sys

# kitchen: hide-start
import platform
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import kitchen_parser, report
# kitchen: hide-end


async def job(log: list) -> None:
    log.append("job: its first line")
    await asyncio.sleep(0)  # the job's first wait: it yields to the loop
    log.append("job: after its first await")


async def head_chef(log: list, **eager) -> None:
    task = asyncio.create_task(job(log), **eager)  # kitchen: highlight
    log.append("main: create_task returned")
    log.append("main: more work, no await")
    await asyncio.sleep(0)  # main yields: only now can a lazy job start
    log.append("main: after its await")
    await task


async def with_eager_factory(log: list) -> None:  # Python 3.12+
    loop = asyncio.get_running_loop()
    loop.set_task_factory(asyncio.eager_task_factory)  # kitchen: highlight
    await head_chef(log)


# kitchen: hide-start
def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.01)
    parser.parse_args()
    ways = {"create_task (default)": lambda log: head_chef(log)}
    if sys.version_info >= (3, 12):
        ways["eager_task_factory"] = with_eager_factory
    if sys.version_info >= (3, 14):
        ways["create_task(eager_start=True)"] = lambda log: head_chef(log, eager_start=True)
    logs = {}
    for name, way in ways.items():
        logs[name] = []
        asyncio.run(way(logs[name]))
        print(f"-- {name}")
        for n, line in enumerate(logs[name], 1):
            print(f"  {n}. {line}")
    if sys.version_info < (3, 14):
        print(f"\neager tasks: eager_task_factory needs Python 3.12+, create_task(eager_start=True) "
              f"3.14+ (this is {platform.python_version()})")
    report(logs=logs)


if __name__ == "__main__":
    main()
# kitchen: hide-end
