"""One example on several interpreters, one table: the free-threading lab's side-by-side summary.

A page marks each run of the chopping example with `compare="GROUP"`. The fence
that also carries `summary="GROUP"` (the last of them) draws a table from what
those runs reported through `report(...)`. A run that could not happen on the
machine that built the page becomes a row that says so, with no numbers.
"""

from __future__ import annotations

import html
import logging
import shlex
from dataclasses import dataclass

from kitchen.build import BUILD

log = logging.getLogger("mkdocs.plugins.kitchen")

# What the example reports (examples/free_threading/two_chefs_chop.py).
NEEDED = (
    "python", "gil_enabled", "freethreaded_build", "chefs", "one_chef_s", "one_chef_cpu_s", "many_chefs_s",
    "many_chefs_cpu_s", "speedup_cpu", "load", "processes", "processes_speedup",
)


@dataclass
class Row:
    label: str
    data: dict | None  # None: not run on this machine
    cpus: int = 0


def groups() -> dict[str, dict[str, Row]]:
    """group -> label -> row, kept in the build's state: a new build starts empty."""
    return BUILD.scratch.setdefault("compare", {})


def reset() -> None:
    groups().clear()


def label_of(result) -> str:
    """The interpreter plus any environment the run was given, e.g. "CPython 3.13.5 free-threaded, PYTHON_GIL=1"."""
    words = shlex.split(result.command_line)
    env = []
    for word in words:
        name, sep, _ = word.partition("=")
        if not sep or not name.isidentifier():
            break
        env.append(word)
    return ", ".join([result.python, *env])


def record(result, group: str) -> str:
    missing = [key for key in NEEDED if key not in result.data]
    if missing:  # a warning, so a strict build fails and names the file
        message = f"{result.script} reported no {', '.join(missing)} for the comparison table"
        log.warning(message)
        return f'<p class="kitchen-compare-error">{html.escape(message)}</p>'
    groups().setdefault(group, {})[label_of(result)] = Row(label_of(result), result.data, result.cpus)
    return ""


def record_not_run(wanted: str, group: str) -> str:
    groups().setdefault(group, {})[wanted] = Row(wanted, None)
    return ""


def _ratio(a: float, b: float) -> str:
    return f"×{a / b:.2f}" if b > 0 else "n/a"


def _series(data: dict) -> str:
    """"3.14" from "3.14.7", "3.15" from "3.15.0rc1": builds of one version share it."""
    return ".".join(data["python"].split(".")[:2])


def table(group: str) -> str:
    """A markdown table, one row per run, with nothing in it that a run did not measure."""
    rows = list(groups().get(group, {}).values())
    ran = [r for r in rows if r.data is not None]
    if not ran:
        return "*No run of this comparison happened on the machine that built this page.*"
    # The single-thread cost of a free-threaded build is judged against the default build of the
    # same version, built with the same flags: across versions it would measure the version too.
    standard = {}
    for r in ran:
        if not r.data["freethreaded_build"]:
            standard.setdefault(_series(r.data), r)
    chefs = ran[0].data["chefs"]
    header = (
        f"| Python | GIL during the run | 1 chef | {chefs} chefs | speed-up with {chefs} chefs (CPU-based) "
        f"| CPU cores busy with {chefs} chefs | the same baskets in separate processes "
        "| 1-chef CPU time vs the default build of the same version |"
    )
    lines = [header, "|---|---|--:|--:|--:|--:|--:|--:|"]
    for row in rows:
        if row.data is None:
            lines.append(f"| {row.label} | not run on this machine | | | | | | |")
            continue
        d = row.data
        reference = standard.get(_series(d))
        if reference is None:
            cost = f"no default {_series(d)} build ran"
        elif row is reference:
            cost = "reference"
        else:
            cost = _ratio(d["one_chef_cpu_s"], reference.data["one_chef_cpu_s"])
        lines.append(
            f"| {row.label} | {'on' if d['gil_enabled'] else 'off'} "
            f"| {d['one_chef_s']:.2f} s | {d['many_chefs_s']:.2f} s "
            f"| ×{d['speedup_cpu']:.2f} "
            f"| {d['many_chefs_cpu_s'] / d['many_chefs_s']:.1f} "
            f"| ×{d['processes_speedup']:.2f} with {d['processes']} | {cost} |"
        )
    cores = max(r.cpus for r in ran)
    loads = [r.data["load"] for r in ran]
    caption = (
        f"Side by side, from the runs above on this build's {cores}-core machine, whose load "
        f"(1-minute average) was between {min(loads):.1f} and {max(loads):.1f} when they started. "
        "Times are the fastest of each run's rounds. The speed-up is each run's median round: "
        "one chef's CPU time divided by the wall time of all chefs a moment later, so a 1-chef "
        "phase slowed down by other programs cannot pass for a speed-up. "
        "CPU cores busy is the process's CPU time divided by wall time while they chopped. "
        "The separate processes are the yardstick: in every round the same baskets were also "
        "chopped by one process and then by that many, which share no interpreter and so no lock; "
        "this is their speed-up in the median round. It is what the machine gave to parallel "
        "work during the run; two idle cores give about ×1.9. "
        "The last column divides 1-chef CPU time by that of the default (GIL) build of the same "
        "version, built from the same sources with the same flags: CPU time counts only the work "
        "itself, so it holds up even when other programs keep the machine busy."
    )
    return caption + "\n\n" + "\n".join(lines)


def summary(result, group: str) -> str:
    return table(group)


def summary_not_run(wanted: str, group: str) -> str:
    return table(group)


# Registered into kitchen.fence: fence option -> renderer. `compare` comes first so the fence
# carrying both records its own row before drawing the table.
EXTRAS = {"compare": record, "summary": summary}
EXTRAS_NOT_RUN = {"compare": record_not_run, "summary": summary_not_run}
