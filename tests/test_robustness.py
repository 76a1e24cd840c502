"""Every example: --help works, bad option values are one clean error, and a kill leaves nothing."""

from __future__ import annotations

import json
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest

from kitchen import interpreters, runner
from test_examples import example_files

ROOT = Path(__file__).resolve().parent.parent

# Runs an example as __main__ with parse_args replaced by a dump of the parser's options,
# so the test reads each example's real argparse definition.
DUMP_OPTIONS = r"""
import argparse, json, os, runpy, sys
def dump(self, args=None, namespace=None):
    options = []
    for action in self._actions:
        if action.option_strings and action.nargs != 0 and not isinstance(action, argparse._HelpAction):
            options.append({
                "flag": max(action.option_strings, key=len),
                "type": getattr(action.type, "__name__", None),
                "choices": [str(c) for c in action.choices] if action.choices else None,
            })
    print(json.dumps(options))
    sys.exit(0)
argparse.ArgumentParser.parse_args = dump
script = sys.argv[1]
sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
sys.argv = [script]
runpy.run_path(script, run_name="__main__")
"""

# The site's own interpreter: the one every page runs its examples on (3.14 here).
PYTHON = interpreters.default_python()

BAD_VALUES = {
    "positive_float": ["-1", "0", "abc", "nan", "inf"],
    "positive_int": ["-1", "0", "abc", "2.5"],
    "non_negative_int": ["-1", "abc"],
}


@lru_cache(maxsize=None)
def options_of(script: str) -> list[dict]:
    out = subprocess.run([PYTHON, "-c", DUMP_OPTIONS, script], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, f"could not read the options of {script}:\n{out.stderr}"
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, script, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize("script", example_files())
def test_help_works(script):
    out = run(script, "--help")
    assert out.returncode == 0 and out.stdout.startswith("usage:"), out.stderr
    assert "--scale" in out.stdout


@pytest.mark.parametrize("script", example_files())
def test_bad_option_values_give_one_clean_error(script):
    options = options_of(script)
    assert options, f"{script} has no options"
    tried = 0
    for option in options:
        if option["choices"]:
            values = ["no-such-choice"]
        elif option["type"] in BAD_VALUES:
            values = BAD_VALUES[option["type"]]
        else:
            assert option["type"] in (None, "str"), (
                f"{script} {option['flag']}: numeric options use _kitchen's positive_int, "
                "positive_float or non_negative_int, so every bad value gets a clear error"
            )
            continue
        for value in values:
            out = run(script, option["flag"], value)
            errors = [line for line in out.stderr.splitlines() if "error:" in line]
            assert out.returncode == 2, f"{script} {option['flag']} {value}: exit {out.returncode}"
            assert "Traceback" not in out.stderr and len(errors) == 1, out.stderr
            assert out.stdout == "", f"{script} did work before rejecting {option['flag']} {value}"
            tried += 1
    assert tried, f"{script}: no option was checked"


@pytest.mark.parametrize("script", example_files())
def test_a_kill_at_the_timeout_leaves_no_process(script):
    result = runner.run(runner.Request(script, timeout=0.5), mode="off")
    assert result.leftover == [], result.leftover
    assert runner.run_members(-1, result.run_id) == []  # nothing of this run is alive, checked anew
