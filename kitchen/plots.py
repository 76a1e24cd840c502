"""Charts drawn at build time from what an example measured, themed for light and dark mode.

Every drawing here, the timelines included, is matplotlib writing an SVG with
placeholder colours. `finish` swaps those for CSS variables, so one inline
drawing follows the reader's theme, and adds a <title> and <desc> for screen
readers. The charts for the measured pages (`plot="..."` in a kitchen fence)
live here too; each takes a run's `report(...)` data.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Callable

from kitchen import atomic

# Placeholder colours, swapped for CSS variables after matplotlib writes the SVG.
INK, WAIT, WORK, GRID = "#010203", "#040506", "#070809", "#0a0b0c"
SERIES = ["#0d0e0f", "#101112", "#131415", "#161718", "#191a1b"]  # --kitchen-c1 .. c5
FAINT = "#1c1d1e"
THEMED = {
    INK: "var(--md-default-fg-color)",
    WAIT: "var(--kitchen-wait)",
    WORK: "var(--kitchen-work)",
    GRID: "var(--md-default-fg-color--lightest)",
    FAINT: "var(--md-default-fg-color--light)",
    **{colour: f"var(--kitchen-c{i})" for i, colour in enumerate(SERIES, 1)},
}
MARKERS = ["o", "s", "^", "D", "v"]
DASHES = ["-", "--", "-.", ":", (0, (5, 1, 1, 1))]


def rc() -> dict:
    """Matplotlib settings shared by every drawing."""
    return {
        "svg.fonttype": "none",  # text stays text: selectable, searchable, themeable
        "svg.hashsalt": "kitchen",  # stable ids, so unchanged figures produce unchanged pages
        "font.size": 9,
        "font.family": "sans-serif",
        "hatch.linewidth": 1.2,
        "text.color": INK,
        "axes.edgecolor": INK,
        "axes.labelcolor": INK,
        "xtick.color": INK,
        "ytick.color": INK,
        "legend.frameon": False,
    }


def pyplot():
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    return plt


def style_axes(ax) -> None:
    ax.grid(color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.patch.set_alpha(0)


def to_svg(fig) -> str:
    fig.patch.set_alpha(0)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})  # no timestamp: same data, same bytes
    pyplot().close(fig)
    return buffer.getvalue()


SVG_NS, XLINK_NS = "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)


def slim(svg: str) -> str:
    """The same drawing in fewer elements: every element inlined in a page costs the browser
    style and layout time on each load (a long page carried ~900 of them in its timelines).

    Drops matplotlib's RDF metadata and its invisible background patches, and unwraps groups
    that carry nothing but an id nobody refers to, except each axes (a phase) and each y tick
    (a lane), which say what the drawing shows. Path data loses its line breaks.

    matplotlib's <style>*{stroke-linejoin: round; stroke-linecap: butt}</style> becomes two
    attributes on the root, which every shape inherits. Inlined in HTML, that <style> would be a
    rule for the whole document: each one parsed restyles every element of the page.
    """
    root = ET.fromstring(svg)
    tag = lambda name: f"{{{SVG_NS}}}{name}"  # noqa: E731
    for style in root.iter(tag("style")):
        text = (style.text or "").strip()
        rules = dict(re.findall(r"([\w-]+)\s*:\s*([^;}]+)", text))
        if not text.startswith("*{") or set(rules) - {"stroke-linejoin", "stroke-linecap"}:
            raise ValueError(f"unexpected <style> in a drawing: {text!r}")
        for name, value in rules.items():
            root.set(name, value.strip())
    referenced = set(re.findall(r'(?:href="|url\()#([^")]+)', svg))

    def clean(parent: ET.Element) -> None:
        children = []
        for child in parent:
            clean(child)
            style = child.get("style", "")
            if child.tag in (tag("metadata"), tag("style")):
                continue
            if child.tag == tag("defs") and len(child) == 0:
                continue
            if child.tag == tag("path") and "opacity: 0" in style and "fill: none" in style:
                continue  # a transparent figure or axes background
            if (child.tag == tag("g") and set(child.attrib) <= {"id"} and child.get("id") not in referenced
                    and not re.fullmatch(r"(axes|ytick)_\d+", child.get("id", ""))):
                children.extend(child)  # unwrap: its children take its place
                continue
            if child.tag == tag("g") and len(child) == 0:
                continue
            if child.tag == tag("path") and "d" in child.attrib:
                child.set("d", " ".join(child.get("d").split()))
            children.append(child)
        for child in list(parent):
            parent.remove(child)
        parent.extend(children)

    clean(root)
    return ET.tostring(root, encoding="unicode")


def finish(svg: str, title: str, description: str, css_class: str, prefix: str) -> str:
    """Theme the colours, let the SVG scale, and label it for screen readers."""
    svg = slim(svg[svg.index("<svg") :])  # no XML prolog or doctype: it is inlined in HTML
    for placeholder, var in THEMED.items():
        svg = re.sub(placeholder, var, svg, flags=re.IGNORECASE)
    svg = re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r"\1", svg, count=1)
    svg = svg.replace(
        "<svg ", f'<svg class="{css_class}" role="img" aria-labelledby="{{id}}-t {{id}}-d" ', 1
    )
    ident = prefix + hashlib.sha1((title + description).encode()).hexdigest()[:10]
    svg = svg.replace("{id}", ident)
    head = f'<title id="{ident}-t">{html.escape(title)}</title><desc id="{ident}-d">{html.escape(description)}</desc>'
    close = svg.index(">", svg.index("<svg")) + 1
    return svg[:close] + head + svg[close:]


def cached(key: object, draw: Callable[[], str], cache_dir: Path | None, sources: list[Path]) -> str:
    """draw(), or its stored result when the key and the drawing code are unchanged."""
    if cache_dir is None:
        return draw()
    digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode())
    for source in sources:
        digest.update(source.read_bytes())
    path = cache_dir / f"{digest.hexdigest()}.svg"
    if path.exists():
        return path.read_text(encoding="utf-8")
    svg = draw()
    cache_dir.mkdir(parents=True, exist_ok=True)
    atomic.write_text(path, svg)
    return svg


def figure_html(svg: str, caption: str) -> str:
    return f'<figure class="kitchen-figure">{svg}<figcaption>{html.escape(caption)}</figcaption></figure>'


# --- scaling: speed-up against the number of chefs -------------------------------------------

# One colour and marker per kind of chef, the same in both panels.
_MODEL_STYLE = {"processes": 1, "threads": 0, "asyncio": 2}


def _x(value: float) -> str:
    return f"x{value:.2f}"


def scaling_text(data: dict) -> str:
    parts = []
    for s in data["series"]:
        points = ", ".join(f"{n} chef{'s' * (n > 1)} {_x(v)}" for n, v in zip(data["chefs"], s["speedup"]))
        parts.append(f"{s['label']}: {points}.")
    parts.append(
        f"The ideal is n times as fast with n chefs. This machine has {data['cores']} cores, "
        f"so chopping can be at most x{data['cores']} as fast."
    )
    return " ".join(parts)


def scaling_caption(data: dict) -> str:
    chefs, cores = data["chefs"], data["cores"]
    series = {(s["workload"], s["model"]): s for s in data["series"]}
    parts = []
    procs = series.get(("cpu", "processes"))
    if procs:
        at_cores = [n for n in chefs if n <= cores]
        if at_cores:
            n = at_cores[-1]
            speedup = _x(procs["speedup"][chefs.index(n)])
            parts.append(f"with {n} chefs on {cores} cores, processes chopped {speedup} (ideal x{n})")
        if chefs[-1] > cores:
            parts.append(f"with {chefs[-1]}, {_x(procs['speedup'][-1])}")
    threads = series.get(("cpu", "threads"))
    if threads:
        parts.append(f"threads chopped at most {_x(max(threads['speedup']))}")
    for model in ("threads", "asyncio"):
        s = series.get(("io", model))
        if s:
            workers = "threads" if model == "threads" else "asyncio tasks"
            parts.append(f"{chefs[-1]} {workers} waited {_x(s['speedup'][-1])}")
    startup = data.get("pool_startup_s")
    if startup:
        parts.append(
            f"starting and stopping an idle pool took {startup[0] * 1000:.0f} ms for {chefs[0]} "
            f"and {startup[-1] * 1000:.0f} ms for {chefs[-1]} processes ({data['start_method']})"
        )
    return (
        "Measured speed-up against one chef doing all the orders in turn: " + "; ".join(parts) + ". "
        f"Just before, {cores} busy processes chopped {_x(data['spare_cores'])} as fast as one "
        f"(x{cores} would be {cores} idle cores)."
    )


def scaling_svg(data: dict, title: str) -> str:
    plt = pyplot()
    chefs, cores = data["chefs"], data["cores"]
    top = max([max(chefs)] + [max(s["speedup"]) for s in data["series"]]) * 1.08
    with plt.rc_context(rc()):
        fig, axes = plt.subplots(1, 2, figsize=(7.2, 3.3), sharey=True)
        for ax, workload, heading in zip(axes, ("cpu", "io"), ("Chopping (CPU-bound)", "Waiting (I/O-bound)")):
            ax.plot(chefs, chefs, linestyle="--", color=FAINT, linewidth=1, label="ideal: n chefs, x n")
            if workload == "cpu":
                ax.axhline(cores, linestyle=":", color=INK, linewidth=1.2,
                           label=f"{cores} cores: the limit for chopping")
            for s in data["series"]:
                if s["workload"] != workload:
                    continue
                i = _MODEL_STYLE.get(s["model"], 3)
                ax.plot(
                    chefs, s["speedup"], color=SERIES[i], marker=MARKERS[i], linestyle=DASHES[i],
                    linewidth=1.8, markersize=5,
                    label=s["model"] if s["model"] != "asyncio" else "asyncio + Semaphore(n)",
                )
            ax.set_xscale("log", base=2)
            ax.set_xticks(chefs, [str(n) for n in chefs])
            ax.minorticks_off()
            ax.set_ylim(0, top)
            ax.set_xlabel("chefs")
            ax.set_title(heading, loc="left", fontsize=9, fontweight="bold", color=INK)
            ax.legend(loc="upper left", fontsize=8)
            style_axes(ax)
        axes[0].set_ylabel("speed-up (measured)")
        fig.tight_layout()
        svg = to_svg(fig)
    return finish(svg, title, scaling_text(data), "kitchen-plot", "sc-")


# --- the cost of a chef: start-up and memory against the number of workers ---------------------


def _measured(rows: list[dict], model: str) -> list[dict]:
    return [r for r in rows if r["model"] == model and "skipped" not in r]


def cost_text(data: dict) -> str:
    parts = []
    for model in dict.fromkeys(r["model"] for r in data["rows"]):
        rows = _measured(data["rows"], model)
        if not rows:
            continue
        label = rows[0]["label"]
        points = ", ".join(
            f"{r['count']} took {r['startup_s'] * 1000:.1f} ms to start and added {r['added_mb']:.1f} MB"
            for r in rows
        )
        parts.append(f"{label}: {points}.")
    parts.append(f"Processes were capped at {data['max_processes']}.")
    return " ".join(parts)


def cost_caption(data: dict) -> str:
    biggest = max(data["counts"])
    by = {(r["model"], r["count"]): r for r in data["rows"] if "skipped" not in r}
    parts = []
    for model in ("coroutines", "threads"):
        r = by.get((model, biggest))
        if r:
            parts.append(f"{biggest} {model}: {r['startup_s'] * 1000:.0f} ms, {round(r['added_mb'], 1) + 0.0:+.1f} MB")
    procs = [r for (m, c), r in by.items() if m not in ("coroutines", "threads") and c == data["max_processes"]]
    for r in procs:
        parts.append(f"{r['count']} {r['label']}: {r['startup_s'] * 1000:.0f} ms, {r['added_mb']:+.0f} MB")
    return (
        "Measured time to get every worker running and memory added (PSS over the process tree). "
        + "; ".join(parts) + f". Processes capped at {data['max_processes']}."
    )


def cost_svg(data: dict, title: str) -> str:
    plt = pyplot()
    models = list(dict.fromkeys(r["model"] for r in data["rows"]))
    with plt.rc_context(rc()):
        fig, axes = plt.subplots(1, 2, figsize=(7.2, 3.4))
        panels = [
            (axes[0], "Time to get them all running", "milliseconds (log scale)", lambda r: r["startup_s"] * 1000),
            (axes[1], "Memory added", "MB of PSS (symmetric log scale)", lambda r: r["added_mb"]),
        ]
        for ax, heading, ylabel, value in panels:
            for i, model in enumerate(models):
                rows = _measured(data["rows"], model)
                if rows:
                    ax.plot(
                        [r["count"] for r in rows], [value(r) for r in rows],
                        color=SERIES[i % len(SERIES)], marker=MARKERS[i % len(MARKERS)],
                        linestyle=DASHES[i % len(DASHES)], linewidth=1.6, markersize=5, label=rows[0]["label"],
                    )
            ax.set_xscale("log")
            ax.set_xticks(data["counts"], [str(c) for c in data["counts"]])
            ax.minorticks_off()
            ax.set_xlabel("workers")
            ax.set_ylabel(ylabel)
            ax.set_title(heading, loc="left", fontsize=9, fontweight="bold", color=INK)
            style_axes(ax)
        axes[0].set_yscale("log")
        axes[1].set_yscale("symlog", linthresh=0.1)  # memory can be ~0 or a hair below for one worker
        axes[1].set_ylim(bottom=min(0, *(r["added_mb"] for r in data["rows"] if "skipped" not in r)))
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="lower center", ncols=min(3, len(labels)), fontsize=8)
        fig.tight_layout(rect=(0, 0.14, 1, 1))
        svg = to_svg(fig)
    return finish(svg, title, cost_text(data), "kitchen-plot", "co-")


# --- tiny orders: what a pool can gain, against the chopping per order --------------------------


def crossover_text(data: dict) -> str:
    parts = [
        f"{s['label']}: " + ", ".join(f"{size} µs {_x(b)}" for size, b in zip(data["sizes_us"], s["bound"])) + "."
        for s in data["series"]
    ]
    return " ".join(parts)


def crossover_caption(data: dict) -> str:
    where = data["crossover_us"]
    first = "never, in these sizes" if where is None else f"from {where} µs of chopping per order"
    return (
        f"Measured CPU time of every process, turned into the best possible speed-up of a "
        f"{data['workers']}-worker pool against one process on "
        f"{data['workers']} idle cores. Below 1 the pool "
        f"loses even on an idle machine. map with chunksize=1 reaches 1 {first}."
    )


def crossover_svg(data: dict, title: str) -> str:
    plt = pyplot()
    sizes, workers = data["sizes_us"], data["workers"]
    with plt.rc_context(rc()):
        fig, ax = plt.subplots(figsize=(7.2, 3.3))
        ax.axhline(1, linestyle="--", color=FAINT, linewidth=1, label="one process (x1)")
        ax.axhline(workers, linestyle=":", color=INK, linewidth=1.2, label=f"{workers} cores: the ideal")
        for i, s in enumerate(data["series"]):
            ax.plot(sizes, s["bound"], color=SERIES[i], marker=MARKERS[i], linestyle=DASHES[i],
                    linewidth=1.8, markersize=5, label=s["label"])
        if data["crossover_us"] is not None:
            ax.axvline(data["crossover_us"], color=WORK, linewidth=1, alpha=0.6)
            ax.annotate(f"chunksize=1 first reaches x1: {data['crossover_us']} µs", (data["crossover_us"], 1),
                        xytext=(6, -14), textcoords="offset points", fontsize=8, color=INK)
        ax.set_xscale("log")
        ax.set_yscale("log", base=2)
        ax.set_xticks(sizes, [str(s) for s in sizes])
        ax.minorticks_off()
        ticks = [0.0625, 0.125, 0.25, 0.5, 1, 2, 4]
        low = min(min(s["bound"]) for s in data["series"])
        shown = [t for t in ticks if t >= low / 2 and t <= workers * 2]
        ax.set_yticks(shown, [f"x{t:g}" for t in shown])
        ax.set_xlabel("chopping per order (µs, log scale)")
        ax.set_ylabel("best possible speed-up")
        ax.legend(loc="lower right", fontsize=8)
        style_axes(ax)
        fig.tight_layout()
        svg = to_svg(fig)
    return finish(svg, title, crossover_text(data), "kitchen-plot", "cx-")


PLOTS = {
    "scaling": (scaling_svg, scaling_caption),
    "cost": (cost_svg, cost_caption),
    "crossover": (crossover_svg, crossover_caption),
}


def figure(kind: str, data: dict, title: str, cache_dir: Path | None = None) -> str:
    """A <figure> with the chart and a caption of measured numbers."""
    if kind not in PLOTS:
        raise ValueError(f"unknown plot {kind!r}; known: {', '.join(PLOTS)}")
    draw, caption = PLOTS[kind]
    svg = cached([kind, data, title], lambda: draw(data, title), cache_dir, [Path(__file__)])
    return figure_html(svg, caption(data))
