"""Gantt-style timelines drawn from the steps an example really recorded while it ran.

The input is the list of events from KITCHEN_TRACE (phase, lane, label, kind,
start, end). Nothing is drawn from parameters. The SVG is inlined into the page
and takes its colours from the theme through CSS variables, so the same drawing
reads in light and dark mode. Waiting is hatched, working is solid: the two
differ by pattern, not only by colour.
"""

from __future__ import annotations

from pathlib import Path

from kitchen import plots
from kitchen.noise import max_overlap

# Placeholder colours, swapped for CSS variables by plots.finish.
_INK, _WAIT, _WORK, _GRID = plots.INK, plots.WAIT, plots.WORK, plots.GRID


def phases_of(events: list[dict]) -> list[str]:
    """Phase names in the order the example ran them."""
    seen: dict[str, float] = {}
    for e in events:
        seen.setdefault(e.get("phase", ""), e["start"])
    return list(seen)


def lanes_of(events: list[dict]) -> list[str]:
    """Lanes in order of their first step."""
    first: dict[str, float] = {}
    for e in sorted(events, key=lambda e: e["start"]):
        first.setdefault(e["lane"], e["start"])
    return list(first)


def summarise(events: list[dict]) -> list[dict]:
    """Per phase: how long it took, how many steps, and the most that ran at once."""
    rows = []
    for phase in phases_of(events):
        mine = [e for e in events if e.get("phase", "") == phase]
        begin = min(e["start"] for e in mine)
        rows.append(
            {
                "phase": phase,
                "lanes": len(lanes_of(mine)),
                "steps": len(mine),
                "at_once": max_overlap(mine),
                "waiting_at_once": max_overlap([e for e in mine if e["kind"] == "wait"]),
                "working_at_once": max_overlap([e for e in mine if e["kind"] == "work"]),
                "seconds": max(e["end"] for e in mine) - begin,
                "waiting": sum(e["end"] - e["start"] for e in mine if e["kind"] == "wait"),
                "working": sum(e["end"] - e["start"] for e in mine if e["kind"] == "work"),
            }
        )
    return rows


def caption(events: list[dict]) -> str:
    parts = []
    for row in summarise(events):
        name = f"{row['phase']}: " if row["phase"] else ""
        at_once = [
            f"{row[f'{kind}_at_once']} {kind}"
            for kind in ("waiting", "working")
            if row[f"{kind}_at_once"]
        ]
        parts.append(
            f"{name}{row['seconds']:.2f} s, {row['steps']} steps, at most "
            + " and ".join(at_once) + " at once"
        )
    return "Measured timeline. " + "; ".join(parts) + "."


def text_alternative(events: list[dict]) -> str:
    """Every bar in words, for screen readers."""
    lines = []
    for phase in phases_of(events):
        mine = sorted((e for e in events if e.get("phase", "") == phase), key=lambda e: e["start"])
        origin = min(e["start"] for e in mine)
        if phase:
            lines.append(f"{phase}:")
        for e in mine:
            verb = "waits" if e["kind"] == "wait" else "works"
            lines.append(
                f"{e['lane']} {verb} ({e['label']}) from {e['start'] - origin:.2f} s "
                f"to {e['end'] - origin:.2f} s."
            )
    return " ".join(lines)


def draw(events: list[dict], title: str) -> str:
    """The timeline as an SVG string with themed colours, a title and a description."""
    plt = plots.pyplot()
    from matplotlib.patches import Patch

    phases = phases_of(events)
    groups = [[e for e in events if e.get("phase", "") == p] for p in phases]
    heights = [len(lanes_of(g)) for g in groups]
    with plt.rc_context(plots.rc()):
        fig, axes = plt.subplots(
            len(groups), 1, sharex=True, squeeze=False,
            figsize=(7, 0.5 + 0.32 * sum(heights) + 0.45 * len(groups)),
            gridspec_kw={"height_ratios": heights},
        )
        for ax, phase, group in zip(axes[:, 0], phases, groups):
            origin = min(e["start"] for e in group)
            lanes = lanes_of(group)
            for e in group:
                row = lanes.index(e["lane"])
                waiting = e["kind"] == "wait"
                ax.barh(
                    row, e["end"] - e["start"], left=e["start"] - origin, height=0.62,
                    color="none" if waiting else _WORK, edgecolor=_WAIT if waiting else _WORK,
                    hatch="////" if waiting else None, linewidth=1,
                )
            ax.set_yticks(range(len(lanes)), lanes)
            ax.set_ylim(len(lanes) - 0.4, -0.6)
            ax.grid(axis="x", color=_GRID, linewidth=0.6)
            ax.set_axisbelow(True)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
            if phase:
                ax.set_title(phase, loc="left", fontsize=9, fontweight="bold", color=_INK)
            ax.patch.set_alpha(0)
        axes[-1, 0].set_xlabel("seconds since the start of each run (measured)")
        kinds = {e["kind"] for e in events}
        legend = []
        if "wait" in kinds:
            legend.append(Patch(facecolor="none", edgecolor=_WAIT, hatch="////", label="waiting (I/O)"))
        if "work" in kinds:
            legend.append(Patch(facecolor=_WORK, edgecolor=_WORK, label="working (CPU)"))
        fig.legend(handles=legend, loc="upper right", frameon=False, ncols=2)
        fig.tight_layout(rect=(0, 0, 1, 0.97 if len(groups) > 1 else 0.93))
        svg = plots.to_svg(fig)
    return _finish(svg, title, text_alternative(events))


def _finish(svg: str, title: str, description: str) -> str:
    return plots.finish(svg, title, description, "kitchen-timeline", "tl-")


def figure(events: list[dict], title: str, cache_dir: Path | None = None) -> str:
    """A <figure> with the timeline and its measured caption; cached by content when asked."""
    if not events:
        raise ValueError("no events were recorded, so there is no timeline to draw")
    svg = plots.cached(
        [events, title], lambda: draw(events, title), cache_dir, [Path(__file__), Path(plots.__file__)]
    )
    return plots.figure_html(svg, caption(events))
