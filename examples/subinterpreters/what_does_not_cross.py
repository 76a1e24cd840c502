"""What InterpreterPoolExecutor cannot take that other executors can.

Lambdas, closures, functions from this script, and extension modules that
refuse subinterpreters. Needs Python 3.14+ (older: one line, exit code 3).
"""

# kitchen: hide-start
# /// script
# requires-python = ">=3.14"
# dependencies = ["numpy>=1.26"]
# ///
import platform
import re
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import kitchen_parser, report
if sys.version_info < (3, 14):  # no concurrent.interpreters before 3.14
    print(f"needs Python 3.14+ (this is {platform.python_version()})", file=sys.stderr)
    sys.exit(3)
# kitchen: hide-end

from concurrent import interpreters
from concurrent.futures import (InterpreterPoolExecutor,
                                ProcessPoolExecutor, ThreadPoolExecutor)

# Outside the main guard on purpose: it shows who runs the top of this file.
if __name__ != "__main__":  # a worker that ran this file again  # kitchen: highlight
    print(f"top of the script runs as {__name__!r}")
SALT = 3


def salted(grams):
    return grams + SALT


def make_seasoner(pinch):
    return lambda grams: grams + pinch  # a closure: it keeps `pinch`


def try_job(pool, job):
    try:
        return f"ok: {pool.submit(job, 100).result()}"
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"


def try_import(module):
    kitchen = interpreters.create()
    try:
        kitchen.exec(f"import {module}")
        return "imports"
    except interpreters.ExecutionFailed as exc:
        return f"{exc.excinfo.type.__name__}: {exc.excinfo.msg}"
    finally:
        kitchen.close()


# kitchen: hide-start
JOBS = {"a lambda reading a global": lambda grams: grams + SALT,
        "a closure": make_seasoner(2),
        "a function from this script": salted}
POOLS = {"threads": ThreadPoolExecutor, "subinterpreters": InterpreterPoolExecutor,
         "processes": ProcessPoolExecutor}
MODULES = ("readline", "curses", "tkinter", "sqlite3", "ctypes", "decimal",  # standard library
           "numpy", "psutil")  # packages; psutil only where it is installed


def last_line(message):
    """NumPy wraps the interpreter's ImportError in a page of advice: its last line says why."""
    kind, _, text = message.partition(": ")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return f"{kind}: {lines[-1]}" if len(lines) > 1 else message


def in_main(module):
    """Whether this (main) interpreter can import it at all."""
    try:
        __import__(module)
        return True
    except ImportError:
        return False


def main():
    kitchen_parser(__doc__.splitlines()[0], scale=1.0).parse_args()
    outcomes = {}
    for name, pool_type in POOLS.items():
        print(f"\n-- {name}")
        with pool_type(max_workers=1) as pool:
            for job_name, job in JOBS.items():
                outcome = re.sub(r" at 0x[0-9a-f]+", "", try_job(pool, job))  # no addresses
                outcomes[f"{name}: {job_name}"] = outcome
                print(f"{job_name}: {outcome}")
    print("\n-- importing in a fresh subinterpreter")
    imports = {}
    for module in MODULES:
        imports[module] = try_import(module) if in_main(module) else "not installed here"
        print(f"import {module}: {last_line(imports[module])}")
    refused = [m for m, what in imports.items() if what.startswith("ImportError")]
    imports = {m: last_line(what) for m, what in imports.items()}
    print(f"\n{len(refused)} of {len(MODULES)} modules refused to load in a subinterpreter: "
          f"{', '.join(refused) or 'none'}")
    report(python=platform.python_version(), outcomes=outcomes, imports=imports, refused=refused)


if __name__ == "__main__":
    main()
# kitchen: hide-end
