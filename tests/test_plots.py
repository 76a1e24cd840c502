"""Charts and timelines drawn at build time (kitchen/plots.py, kitchen/timeline.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from kitchen import plots, timeline
from test_tables import COST

SVG = "{http://www.w3.org/2000/svg}"

SCALING = {
    "chefs": [1, 2, 4, 8], "tasks": 8, "cores": 2, "start_method": "fork", "repeat": 3,
    "chop_s": 0.03, "wait_s": 0.03, "baseline_s": {"cpu": 0.24, "io": 0.24}, "spare_cores": 1.95,
    "series": [
        {"workload": "cpu", "model": "processes", "label": "chopping, processes",
         "speedup": [0.95, 1.85, 1.8, 1.75], "best_s": [0.25, 0.13, 0.13, 0.14]},
        {"workload": "cpu", "model": "threads", "label": "chopping, threads",
         "speedup": [1.0, 0.98, 0.97, 0.97], "best_s": [0.24, 0.24, 0.25, 0.25]},
        {"workload": "io", "model": "threads", "label": "waiting, threads",
         "speedup": [1.0, 2.0, 3.9, 7.7], "best_s": [0.24, 0.12, 0.06, 0.03]},
        {"workload": "io", "model": "asyncio", "label": "waiting, asyncio + Semaphore(n)",
         "speedup": [1.0, 2.0, 3.95, 7.8], "best_s": [0.24, 0.12, 0.06, 0.03]},
    ],
    "pool_startup_s": [0.005, 0.007, 0.015, 0.026],
}
CROSSOVER = {
    "sizes_us": [5, 20, 100, 500, 2500], "workers": 2, "crossover_us": 500,
    "series": [
        {"label": "map, chunksize=1", "bound": [0.09, 0.28, 0.75, 1.54, 1.76]},
        {"label": "map, chunksize=len/4n", "bound": [1.43, 1.88, 1.91, 2.03, 1.97]},
        {"label": "batches by hand", "bound": [1.47, 1.84, 1.98, 1.96, 1.92]},
    ],
}
EVENTS = [
    {"phase": "in turn", "lane": "pot 1", "label": "boil", "kind": "wait", "start": 0.0, "end": 0.2},
    {"phase": "in turn", "lane": "pot 2", "label": "boil", "kind": "wait", "start": 0.2, "end": 0.4},
    {"phase": "together", "lane": "pot 1", "label": "boil", "kind": "wait", "start": 0.5, "end": 0.7},
    {"phase": "together", "lane": "pot 2", "label": "chop", "kind": "work", "start": 0.5, "end": 0.6},
    {"phase": "together", "lane": "pot 3", "label": "chop", "kind": "work", "start": 0.55, "end": 0.7},
]


def parse(figure_html: str) -> ET.Element:
    svg = re.search(r"<svg.*</svg>", figure_html, flags=re.DOTALL).group(0)
    return ET.fromstring(svg)


@pytest.mark.parametrize("kind, data", [("scaling", SCALING), ("cost", COST), ("crossover", CROSSOVER)])
def test_a_chart_is_valid_svg_themed_and_labelled(kind, data):
    html = plots.figure(kind, data, "Chart of a run")
    svg = parse(html)
    assert svg.get("class") == "kitchen-plot" and svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title.text == "Chart of a run" and desc.text
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    for placeholder in plots.THEMED:  # every placeholder colour became a theme variable
        assert placeholder.lower() not in html.lower()
    assert "var(--kitchen-c1)" in html and "var(--md-default-fg-color)" in html
    assert "<figcaption>Measured" in html and "<dc:date>" not in html


def test_the_scaling_chart_draws_ideal_core_limit_and_every_series():
    html = plots.figure("scaling", SCALING, "Chart")
    desc = parse(html).find(f"{SVG}desc").text
    assert "chopping, processes: 1 chef x0.95, 2 chefs x1.85, 4 chefs x1.80, 8 chefs x1.75." in desc
    assert "at most x2 as fast" in desc
    texts = " ".join(t.text or "" for t in parse(html).iter(f"{SVG}text"))
    assert "ideal: n chefs, x n" in texts and "2 cores: the limit for chopping" in texts
    assert "processes chopped x1.85 (ideal x2)" in html and "with 8, x1.75" in html
    assert "x1.95 as fast as one" in html


def test_the_cost_chart_describes_every_measured_row_and_skips_the_rest():
    html = plots.figure("cost", COST, "Chart")
    desc = parse(html).find(f"{SVG}desc").text
    assert "coroutines (asyncio): 1 took 0.4 ms to start and added 0.0 MB, 100 took 2.0 ms" in desc
    assert "processes (spawn): 1 took 70.0 ms" in desc and "100 took" not in desc.split("spawn")[1]
    assert "Processes were capped at 10." in desc


def test_same_data_same_bytes_and_the_cache_returns_them(tmp_path):
    first = plots.figure("scaling", SCALING, "Chart", tmp_path)
    assert len(list(tmp_path.glob("*.svg"))) == 1
    assert plots.figure("scaling", SCALING, "Chart", tmp_path) == first == plots.figure("scaling", SCALING, "Chart")


def test_the_crossover_chart_marks_where_chunksize_1_reaches_one_process():
    html = plots.figure("crossover", CROSSOVER, "Chart")
    desc = parse(html).find(f"{SVG}desc").text
    assert all(s["label"] in desc for s in CROSSOVER["series"]) and "500 µs x1.54" in desc
    assert "first reaches x1: 500 µs" in html and "reaches 1 from 500 µs" in html
    never = plots.figure("crossover", {**CROSSOVER, "crossover_us": None}, "Chart")
    assert "first reaches" not in never and "never, in these sizes" in never


def test_an_unknown_chart_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown plot 'scalling'"):
        plots.figure("scalling", SCALING, "Chart")


def test_a_timeline_has_one_axes_per_phase_and_one_lane_per_worker():
    svg = parse(timeline.figure(EVENTS, "Timeline of a run"))
    assert svg.get("class") == "kitchen-timeline"
    lanes = [
        sum(1 for g in axes.iter(f"{SVG}g") if g.get("id", "").startswith("ytick_"))
        for axes in svg.iter(f"{SVG}g") if re.fullmatch(r"axes_\d+", axes.get("id", ""))
    ]
    assert lanes == [2, 3]
    assert svg.find(f"{SVG}desc").text.startswith("in turn: pot 1 waits (boil) from 0.00 s to 0.20 s.")
    assert "var(--kitchen-wait)" in ET.tostring(svg, encoding="unicode")


def test_a_drawing_carries_no_style_element_that_would_restyle_the_whole_page():
    """matplotlib's <style>*{...}</style>, inlined in HTML, applies to every element of the page."""
    for html in (timeline.figure(EVENTS, "Timeline"), plots.figure("scaling", SCALING, "Chart")):
        svg = parse(html)
        assert "<style" not in html and svg.find(f".//{SVG}style") is None
        assert all(len(defs) for defs in svg.iter(f"{SVG}defs"))  # no empty <defs> left behind
        assert (svg.get("stroke-linejoin"), svg.get("stroke-linecap")) == ("round", "butt")


def test_a_style_rule_the_drawing_does_not_expect_is_a_clear_error():
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><defs><style>*{fill: red}</style></defs></svg>'
    with pytest.raises(ValueError, match="unexpected <style> in a drawing"):
        plots.slim(svg)
