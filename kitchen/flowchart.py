"""Decision flowcharts as inline SVG: drawn at build time, themed by CSS variables, no outside requests.

A chart is a tree of questions and answers. It is laid out left to right (one
column per level, one row per answer) and returned as a <figure> holding the SVG
(with <title> and <desc>) and the same tree as a nested list inside <details>,
so the chart can be read without seeing it.
"""

from __future__ import annotations

import hashlib
import html
import textwrap
from dataclasses import dataclass, field

# Geometry, in SVG user units (about pixels at the page's usual width).
BOX_W = 188
GAP = 72  # between columns: room for the edge and its label
TRUNK = 18  # where an edge turns, measured from the parent's right side
PAD = 8
FONT = 14
LINE = 17
SMALL = 12
SMALL_LINE = 15
VGAP = 14  # between sibling subtrees
CHAR_W = 0.6  # average glyph width in em: generous, so wrapped lines fit their box

# Colours come from the theme, so the same drawing reads in light and dark mode.
INK = "var(--md-default-fg-color)"
MUTED = "var(--md-default-fg-color--light)"
QUESTION_FILL = "var(--md-code-bg-color)"
ANSWER_FILL = "var(--md-accent-fg-color--transparent)"
ANSWER_EDGE = "var(--md-accent-fg-color)"


@dataclass(frozen=True)
class Answer:
    text: str
    detail: str = ""


@dataclass(frozen=True)
class Question:
    text: str
    branches: tuple[tuple[str, "Question | Answer"], ...] = field(default_factory=tuple)

    def __post_init__(self):
        if len(self.branches) < 2:
            raise ValueError(f"question {self.text!r} needs at least two branches")


Node = Question | Answer


def wrap(text: str, size: float) -> list[str]:
    width = max(8, int((BOX_W - 2 * PAD) / (CHAR_W * size)))
    # Words are never split (a name like run_in_executor stays whole), so a word too long is an error.
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]
    for line in lines:
        if len(line) > width:
            raise ValueError(f"{line!r} is too long for a flowchart box ({width} characters)")
    return lines


@dataclass
class Box:
    node: Node
    depth: int
    lines: list[str]
    details: list[str]
    x: float = 0.0
    y: float = 0.0  # top edge
    children: list[tuple[str, "Box"]] = field(default_factory=list)

    @property
    def height(self) -> float:
        small = len(self.details) * SMALL_LINE + (4 if self.details else 0)
        return 2 * PAD + len(self.lines) * LINE + small

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


def _boxes(node: Node, depth: int = 0) -> Box:
    details = wrap(node.detail, SMALL) if isinstance(node, Answer) and node.detail else []
    box = Box(node, depth, wrap(node.text, FONT), details)
    if isinstance(node, Question):
        box.children = [(label, _boxes(child, depth + 1)) for label, child in node.branches]
    return box


def _span(box: Box) -> float:
    """Height the subtree needs."""
    if not box.children:
        return box.height
    below = sum(_span(child) for _, child in box.children) + VGAP * (len(box.children) - 1)
    return max(box.height, below)


def _place(box: Box, top: float) -> None:
    box.x = box.depth * (BOX_W + GAP)
    span = _span(box)
    if not box.children:
        box.y = top + (span - box.height) / 2
        return
    below = sum(_span(child) for _, child in box.children) + VGAP * (len(box.children) - 1)
    cursor = top + (span - below) / 2
    for _, child in box.children:
        _place(child, cursor)
        cursor += _span(child) + VGAP
    first, last = box.children[0][1], box.children[-1][1]
    box.y = (first.middle + last.middle) / 2 - box.height / 2


def _walk(box: Box):
    yield box
    for _, child in box.children:
        yield from _walk(child)


def layout(tree: Node) -> Box:
    root = _boxes(tree)
    _place(root, 0.0)
    return root


def describe(tree: Node) -> str:
    """The whole chart in one paragraph, for <desc> and screen readers."""

    def say(node: Node) -> str:
        if isinstance(node, Answer):
            return node.text + (f" ({node.detail})" if node.detail else "")
        options = "; ".join(f"if {label}: {say(child)}" for label, child in node.branches)
        return f"{node.text} {options}"

    return "Start here. " + say(tree) + "."


def as_list(tree: Node) -> str:
    """The chart as a nested HTML list."""

    def item(node: Node) -> str:
        if isinstance(node, Answer):
            detail = f" ({html.escape(node.detail)})" if node.detail else ""
            return f"<strong>{html.escape(node.text)}</strong>{detail}"
        inner = "".join(
            f"<li><em>{html.escape(label)}</em>: {item(child)}</li>" for label, child in node.branches
        )
        return f"{html.escape(node.text)}<ul>{inner}</ul>"

    return f"<ul><li>{item(tree)}</li></ul>"


def _text(x: float, y: float, lines: list[str], size: float, step: float, colour: str, **attrs) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{y + i * step:.1f}">{html.escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    return f'<text font-size="{size}" style="fill: {colour}"{extra}>{spans}</text>'


def svg(tree: Node, title: str) -> str:
    root = layout(tree)
    boxes = list(_walk(root))
    width = max(b.x for b in boxes) + BOX_W + 2
    height = max(b.y + b.height for b in boxes) + 2
    ident = "fc-" + hashlib.sha1((title + describe(tree)).encode()).hexdigest()[:10]
    parts = [
        f'<svg class="kitchen-flowchart" role="img" aria-labelledby="{ident}-t {ident}-d" '
        f'viewBox="-1 -1 {width:.0f} {height:.0f}" xmlns="http://www.w3.org/2000/svg" '
        'style="width: 100%; max-width: 46rem; height: auto; font-family: var(--md-text-font-family, sans-serif)">',
        f'<title id="{ident}-t">{html.escape(title)}</title>',
        f'<desc id="{ident}-d">{html.escape(describe(tree))}</desc>',
    ]
    for box in boxes:  # edges first, so boxes sit on top of them
        for label, child in box.children:
            x0, y0 = box.x + BOX_W, box.middle
            turn, x1, y1 = x0 + TRUNK, child.x, child.middle
            parts.append(
                f'<path d="M{x0:.1f},{y0:.1f} H{turn:.1f} V{y1:.1f} H{x1 - 6:.1f}" '
                f'style="fill: none; stroke: {MUTED}; stroke-width: 1.4"/>'
            )
            parts.append(
                f'<path d="M{x1 - 7:.1f},{y1 - 4.5:.1f} L{x1:.1f},{y1:.1f} L{x1 - 7:.1f},{y1 + 4.5:.1f} Z" '
                f'style="fill: {MUTED}"/>'
            )
            parts.append(_text(turn + 5, y1 - 5, [label], SMALL, SMALL_LINE, INK, font_style="italic"))
    for box in boxes:
        answer = isinstance(box.node, Answer)
        fill, edge = (ANSWER_FILL, ANSWER_EDGE) if answer else (QUESTION_FILL, MUTED)
        parts.append(
            f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{BOX_W}" height="{box.height:.1f}" '
            f'rx="{10 if answer else 3}" style="fill: {fill}; stroke: {edge}; stroke-width: {1.6 if answer else 1}"/>'
        )
        baseline = box.y + PAD + FONT
        weight = {"font_weight": "bold"} if answer else {}
        parts.append(_text(box.x + PAD, baseline, box.lines, FONT, LINE, INK, **weight))
        if box.details:
            top = baseline + (len(box.lines) - 1) * LINE + 4 + SMALL_LINE
            parts.append(_text(box.x + PAD, top, box.details, SMALL, SMALL_LINE, INK))
    parts.append("</svg>")
    return "".join(parts)


def figure(tree: Node, title: str, caption: str = "") -> str:
    """The chart, its caption, and the same tree as a list for reading without the picture."""
    words = (
        '<details class="kitchen-flowchart-text"><summary>The flowchart as a list</summary>'
        f"{as_list(tree)}</details>"
    )
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return f'<figure class="kitchen-figure">{svg(tree, title)}{cap}</figure>{words}'
