"""Which start method Python uses when you name none, and what a pool gets.

Asks multiprocessing for its default start method and for every method this
platform offers, then starts a ProcessPoolExecutor without an mp_context and
asks its worker how it was born: a forked or forkserver child on Linux, a
spawned one elsewhere.
"""

import platform
import sys

# kitchen: hide-start
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import kitchen_parser, report
# kitchen: hide-end
import multiprocessing
from concurrent.futures import ProcessPoolExecutor


def how_was_i_born():
    # In the worker: the method its parent used to start it.
    return multiprocessing.get_start_method()


def main():
    kitchen_parser(__doc__.splitlines()[0], scale=1.0).parse_args()  # kitchen: hide
    default = multiprocessing.get_start_method()
    offered = multiprocessing.get_all_start_methods()
    with ProcessPoolExecutor(max_workers=1) as pool:
        worker = pool.submit(how_was_i_born).result()
    print(f"Python {platform.python_version()} on {sys.platform}")
    print(f"default start method: {default}")  # kitchen: highlight
    print(f"methods offered here: {', '.join(offered)}")
    print(f"a ProcessPoolExecutor's worker was started by: {worker}")
    report(python=platform.python_version(), platform=sys.platform,  # kitchen: hide
           default=default, offered=offered, worker=worker)  # kitchen: hide


if __name__ == "__main__":
    main()
