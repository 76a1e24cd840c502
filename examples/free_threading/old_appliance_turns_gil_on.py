"""An old C extension, never declared safe without the GIL, turns it on."""

import importlib
import os
import subprocess
import sys
import sysconfig
import tempfile
import warnings

# kitchen: hide-start
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
import _kitchen
from _kitchen import Clock, kitchen_parser, report, timed

NO_COMPILER = 3  # exit code: nothing to compile the appliance with
# kitchen: hide-end

APPLIANCE_C = r"""
#include <Python.h>
static PyObject *whirr(PyObject *self, PyObject *unused) {
    return PyUnicode_FromString("whirr");
}
static PyMethodDef methods[] = {{"whirr", whirr, METH_NOARGS}, {NULL}};
/* Single-phase init and no Py_mod_gil slot: never says it is GIL-safe. */
static struct PyModuleDef def = {
    PyModuleDef_HEAD_INIT, "old_appliance", NULL, -1, methods};
PyMODINIT_FUNC PyInit_old_appliance(void) { return PyModule_Create(&def); }
"""
CHILD = "import old_appliance, sys; print(sys._is_gil_enabled())"


@timed("kitchen", "plugging in the old appliance (import)", "work")  # kitchen: hide
def plug_in(folder: str):
    sys.path.insert(0, folder)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        appliance = importlib.import_module("old_appliance")
    return appliance.whirr(), caught
# kitchen: hide-start


def gil_enabled() -> bool:
    """sys._is_gil_enabled() arrived in 3.13; before that the GIL is always on."""
    is_enabled = getattr(sys, "_is_gil_enabled", None)
    return True if is_enabled is None else is_enabled()


@timed("kitchen", "building the old appliance (C extension)", "work")
def compile_extension(source: str, name: str, folder: str) -> str | None:
    return _kitchen.compile_extension(source, name, folder)
# kitchen: hide-end


if __name__ == "__main__":
    # kitchen: hide-start
    # Nothing here is scaled kitchen work; the clock just stamps the log in seconds.
    args = kitchen_parser(__doc__.splitlines()[0], scale=1.0, unit="kitchen second").parse_args()
    clock = Clock(args.scale, unit="s")
    freethreaded = sysconfig.get_config_var("Py_GIL_DISABLED") == 1
    gil_before = gil_enabled()
    clock.log("kitchen", f"free-threaded build: {freethreaded}; GIL enabled: {gil_before}")
    # kitchen: hide-end
    with tempfile.TemporaryDirectory(prefix="old-appliance-") as tmp:
        folder = compile_extension(APPLIANCE_C, "old_appliance", tmp)
        # kitchen: hide-start
        if folder is None:
            print("old_appliance_turns_gil_on.py needs a C compiler to build its extension; none found",
                  file=sys.stderr)
            sys.exit(NO_COMPILER)
        # kitchen: hide-end
        noise, caught = plug_in(folder)  # kitchen: highlight
        # kitchen: hide-start
        said = [f"{w.category.__name__}: {w.message}" for w in caught]
        gil_after = gil_enabled()
        clock.log("kitchen", f"the appliance says {noise!r}; GIL enabled now: {gil_after}")
        print("\nWarnings raised by the import:" if said else "\nThe import raised no warning.")
        for message in said:
            print(f"  {message}")
        override_gil = override_warnings = None
        # kitchen: hide-end
        if sysconfig.get_config_var("Py_GIL_DISABLED"):  # free-threaded
            clock.log("kitchen", "importing it again in a new process with PYTHON_GIL=0")  # kitchen: hide
            env = {**os.environ, "PYTHON_GIL": "0", "PYTHONPATH": folder}
            child = subprocess.run([sys.executable, "-c", CHILD], env=env,
                                   capture_output=True, text=True, check=True)
            # kitchen: hide-start
            override_gil = child.stdout.strip() == "True"
            override_warnings = [line for line in child.stderr.splitlines() if "Warning: " in line]
            clock.log("kitchen", f"with PYTHON_GIL=0: GIL enabled: {override_gil}, "
                                 f"warnings: {len(override_warnings)}")
            # kitchen: hide-end
        else:  # kitchen: hide
            print("\nOn a standard build the GIL is always on, so there is nothing to switch back on.")  # kitchen: hide

    report(freethreaded_build=freethreaded, gil_before=gil_before, gil_after=gil_after,  # kitchen: hide
           warnings=said, override_gil=override_gil, override_warnings=override_warnings)  # kitchen: hide
