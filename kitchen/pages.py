"""The kitchen fences of a Markdown page, read without building: which example, which options.

Tests use it to know which runs the build makes (so no test repeats one), and
tools/convert_fences.py uses it to rewrite the older include form into `file=`.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

# A kitchen fence: its opening line, its body, its closing line (same indent, same backticks).
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<ticks>`{3,})kitchen\b(?P<header>[^\n]*)\n(?P<body>.*?)^(?P=indent)(?P=ticks)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
OPTION = re.compile(r'([A-Za-z_][\w-]*)="([^"]*)"')
INCLUDE = re.compile(r'^\s*--8<-- "(?P<path>examples/[^"]+)"\s*$')


@dataclass(frozen=True)
class Fence:
    script: str  # e.g. "examples/asyncio/boil_three_pastas.py"
    options: dict
    start: int  # character offsets of the whole fence in the page's text
    end: int
    form: str  # "file" (file= names it) or "include" (a --8<-- body)

    @property
    def run(self) -> tuple:
        """What makes a run this fence asks for: script, args, interpreter role, environment."""
        return (
            self.script,
            tuple(shlex.split(self.options.get("args", ""))),
            self.options.get("python") or None,
            tuple(shlex.split(self.options.get("env", ""))),
        )


def fences(text: str) -> list[Fence]:
    found = []
    for m in FENCE.finditer(text):
        options = dict(OPTION.findall(m["header"]))
        body = m["body"].strip()
        if "file" in options:
            script, form = options["file"], "file"
        elif (include := INCLUDE.match(body)) and "\n" not in body:
            script, form = include["path"], "include"
        else:
            continue  # not a fence that names an example: the build reports it
        found.append(Fence(script, options, m.start(), m.end(), form))
    return found


def site_fences(docs: Path) -> list[tuple[Path, Fence]]:
    """Every kitchen fence of every page under docs/, in a stable order."""
    return [(page, f) for page in sorted(docs.rglob("*.md")) for f in fences(page.read_text(encoding="utf-8"))]
