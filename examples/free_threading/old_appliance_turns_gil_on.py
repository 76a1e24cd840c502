"""An extension module that never declared it is safe without the GIL switches the GIL back on.

The script writes a tiny C extension, an "old appliance" built the way many
older extensions are: single-phase initialisation and no Py_mod_gil slot. It
compiles it with this interpreter's own compiler settings and imports it.
On a free-threaded build, CPython then turns the GIL on for the whole process
and says so with a RuntimeWarning. A second process imports the same module
with PYTHON_GIL=0, which keeps the GIL off at the programmer's own risk.

Needs a C compiler. Without one it prints a one-line message and exits with code 3.
"""

import importlib.util
import json
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import warnings
from pathlib import Path

# kitchen: hide-start
sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, report
# kitchen: hide-end

NO_COMPILER = 3  # exit code: nothing to compile the appliance with

APPLIANCE_C = r"""
#include <Python.h>

static PyObject *
whirr(PyObject *self, PyObject *unused)
{
    return PyUnicode_FromString("whirr");
}

static PyMethodDef methods[] = {
    {"whirr", whirr, METH_NOARGS, "Make the noise old appliances make."},
    {NULL, NULL, 0, NULL},
};

/* Single-phase initialisation, no Py_mod_gil slot: it never says it can run without the GIL. */
static struct PyModuleDef appliance = {PyModuleDef_HEAD_INIT, "old_appliance", NULL, -1, methods};

PyMODINIT_FUNC
PyInit_old_appliance(void)
{
    return PyModule_Create(&appliance);
}
"""

# What the second process runs: import the module with PYTHON_GIL=0 and say what happened.
CHILD = """
import importlib.util, json, sys, warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    spec = importlib.util.spec_from_file_location("old_appliance", sys.argv[1])
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
print(json.dumps({"gil": sys._is_gil_enabled(), "warnings": [str(w.message) for w in caught]}))
"""


def gil_enabled() -> bool:
    """sys._is_gil_enabled() arrived in 3.13; before that the GIL is always on."""
    is_enabled = getattr(sys, "_is_gil_enabled", None)
    return True if is_enabled is None else is_enabled()


def compiler() -> list[str] | None:
    command = shlex.split(sysconfig.get_config_var("CC") or "cc")
    return command if command and shutil.which(command[0]) else None


def build(folder: Path, cc: list[str]) -> Path:
    source = folder / "old_appliance.c"
    source.write_text(APPLIANCE_C)
    target = folder / f"old_appliance{sysconfig.get_config_var('EXT_SUFFIX')}"
    subprocess.run(
        [*cc, "-shared", "-fPIC", "-O1", f"-I{sysconfig.get_path('include')}", str(source), "-o", str(target)],
        check=True,
    )
    return target


def load(path: Path):
    spec = importlib.util.spec_from_file_location("old_appliance", path)
    module = importlib.util.module_from_spec(spec)  # runs PyInit_old_appliance
    spec.loader.exec_module(module)
    return module


def main() -> None:
    # Nothing here is scaled kitchen work; the clock just stamps the log in seconds.
    args = kitchen_parser(__doc__.splitlines()[0], scale=1.0, unit="kitchen second").parse_args()
    cc = compiler()
    if cc is None:
        print("old_appliance_turns_gil_on.py needs a C compiler to build its extension; none found",
              file=sys.stderr)
        sys.exit(NO_COMPILER)

    clock = Clock(args.scale, unit="s")
    freethreaded = sysconfig.get_config_var("Py_GIL_DISABLED") == 1
    gil_before = gil_enabled()
    clock.log("kitchen", f"free-threaded build: {freethreaded}; GIL enabled: {gil_before}")

    with tempfile.TemporaryDirectory(prefix="old-appliance-") as tmp:
        with clock.step("kitchen", "building the old appliance (C extension)", kind="work"):
            path = build(Path(tmp), cc)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with clock.step("kitchen", "plugging in the old appliance (import)", kind="work"):
                appliance = load(path)
        gil_after = gil_enabled()
        clock.log("kitchen", f"the appliance says {appliance.whirr()!r}; GIL enabled now: {gil_after}")
        messages = [f"{w.category.__name__}: {w.message}" for w in caught]
        print("\nWarnings raised by the import:" if messages else "\nThe import raised no warning.")
        for message in messages:
            print(f"  {message}")

        override = None
        if freethreaded:
            env = {**os.environ, "PYTHON_GIL": "0"}
            clock.log("kitchen", "importing it again in a new process with PYTHON_GIL=0")
            out = subprocess.run([sys.executable, "-c", CHILD, str(path)], env=env,
                                 capture_output=True, text=True, check=True).stdout
            override = json.loads(out)
            clock.log("kitchen", f"with PYTHON_GIL=0: GIL enabled: {override['gil']}, "
                                 f"warnings: {len(override['warnings'])}")
        else:
            print("\nOn a standard build the GIL is always on, so there is nothing to switch back on.")

    report(freethreaded_build=freethreaded, gil_before=gil_before, gil_after=gil_after,
           warnings=messages, override_gil=None if override is None else override["gil"],
           override_warnings=None if override is None else override["warnings"])


if __name__ == "__main__":
    main()
