"""The core view of an example: its file without the instrumentation its markers hide.

Markers, each a comment the view never shows:

- `# kitchen: hide-start` ... `# kitchen: hide-end` on lines of their own hide a block;
- a trailing `# kitchen: hide` hides its line;
- a trailing `# kitchen: highlight` highlights its line in the view.

The file itself runs unchanged; only the page's default tab shows the view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

START = "# kitchen: hide-start"
END = "# kitchen: hide-end"
_BLOCK = re.compile(r"^\s*#\s*kitchen:\s*hide-(start|end)\s*$")
_TRAILING = re.compile(r"\s*#\s*kitchen:\s*(hide|highlight)\s*$")
_ANY = re.compile(r"#\s*kitchen:")

# Budget for the default view (CONTRIBUTING.md): no scrolling down a screen, none sideways.
MAX_LINES = 40
MAX_WIDTH = 79


class MarkerError(ValueError):
    """A marker is unbalanced or misspelt; the message names the line."""


@dataclass(frozen=True)
class View:
    text: str  # the core view
    highlight: tuple[int, ...]  # 1-based line numbers in the core view
    hidden: tuple[tuple[int, int], ...]  # hidden regions of the file: 1-based, inclusive, markers included

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def hl_lines(self) -> str:
        """The highlight as pymdownx.highlight's hl_lines option."""
        return " ".join(map(str, self.highlight))


def parse(source: str, name: str = "<example>") -> View:
    """Split `source` into what the page shows and what it hides."""
    shown: list[tuple[str, bool]] = []  # (line, highlighted)
    gaps: set[int] = set()  # indexes into `shown` where hidden lines were taken out
    hidden: list[tuple[int, int]] = []
    block_start: int | None = None
    for number, line in enumerate(source.splitlines(), start=1):
        block = _BLOCK.match(line)
        if block and block.group(1) == "start":
            if block_start is not None:
                raise MarkerError(f"{name}:{number}: hide-start inside the block opened on line {block_start}")
            block_start = number
            continue
        if block:
            if block_start is None:
                raise MarkerError(f"{name}:{number}: hide-end without a hide-start")
            hidden.append((block_start, number))
            block_start = None
            gaps.add(len(shown))
            continue
        if block_start is not None:
            continue
        trailing = _TRAILING.search(line)
        if trailing and trailing.group(1) == "hide":
            hidden.append((number, number))
            gaps.add(len(shown))
            continue
        if trailing:
            shown.append((line[: trailing.start()].rstrip(), True))
            continue
        if _ANY.search(line):
            raise MarkerError(f"{name}:{number}: unknown kitchen marker in {line.strip()!r}")
        shown.append((line, False))
    if block_start is not None:
        raise MarkerError(f"{name}:{block_start}: hide-start never ended by hide-end")
    while shown and not shown[-1][0].strip():
        shown.pop()
    lines = _close_gaps(shown, gaps)
    highlight = tuple(i for i, (_, lit) in enumerate(lines, start=1) if lit)
    return View("\n".join(text for text, _ in lines), highlight, tuple(hidden))


def _close_gaps(shown: list[tuple[str, bool]], gaps: set[int]) -> list[tuple[str, bool]]:
    """Where a hidden region sat between blank lines, keep the longer of the two blank runs,
    so the view keeps the file's own spacing (two blank lines between top-level defs)."""
    out: list[tuple[str, bool]] = []
    i, n = 0, len(shown)
    while i <= n:
        if i in gaps:
            runs = [0]
            while out and not out[-1][0].strip():
                out.pop()
                runs[0] += 1
            while i in gaps:  # hidden regions with only blank lines between them: one gap
                gaps.discard(i)
                j = i
                while j < n and not shown[j][0].strip():
                    j += 1
                runs.append(j - i)
                i = j
            if out and i < n:  # no blank lines open or close the view
                out.extend([("", False)] * max(runs))
        if i < n:
            out.append(shown[i])
        i += 1
    return out


def over_budget(view: View) -> list[str]:
    """Each way the view breaks the budget, in words; empty when it fits."""
    problems = []
    if len(view.lines) > MAX_LINES:
        problems.append(f"{len(view.lines)} lines shown (at most {MAX_LINES})")
    wide = [(n, len(line)) for n, line in enumerate(view.lines, start=1) if len(line) > MAX_WIDTH]
    if wide:
        listed = ", ".join(f"line {n}: {width}" for n, width in wide[:5])
        problems.append(f"{len(wide)} line(s) over {MAX_WIDTH} characters ({listed})")
    return problems


def tabs(script: str, code: str, defer: Callable[[str], str] | None = None) -> list[tuple[str, str]]:
    """The page's source tabs: the core view first (with its highlights), then the whole file.

    `defer(markdown)`, when given, turns the whole file's block into what the tab shows instead
    (the fence puts it in a <template> until a reader opens the tab).
    """
    from markdown_exec import code_block

    view = parse(code, script)
    options = {"title": script}
    if view.highlight:
        options["hl_lines"] = view.hl_lines()
    if view.text == code.strip("\n"):
        return [("Source", code_block("python", view.text, **options))]
    full = code_block("python", code.strip("\n"), title=script)
    return [("Source", code_block("python", view.text, **options)),
            ("Full script", defer(full) if defer else full)]
