"""The measured pages: parallel speed-ups asserted against the parallelism the machine offers
right now, the free-threaded option of the showdown, and the drawings in the built site."""

from __future__ import annotations

import importlib.util
import json
import multiprocessing
import os
import re
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kitchen import noise, runner

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"


# --- a process pool against one cook, next to what the machine offers at that moment -------------


def _timed(function, *args) -> float:
    began = time.perf_counter()
    function(*args)
    return time.perf_counter() - began


def load_example(name: str):
    """Import examples/measured/<name>.py as a module (its main() does not run)."""
    folder = ROOT / "examples" / "measured"
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    spec = importlib.util.spec_from_file_location(f"measured_{name}", folder / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # pool workers find its functions by module name
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: there is no parallelism to measure")
def test_a_process_pool_chops_faster_than_one_cook():
    """The showdown's own processes kitchen against its own sequential one, next to a measure of
    the parallelism on offer: how much more two busy processes get done than one.

    About 2 on an idle 2-core machine. With a third busy process elsewhere, ours share what is
    left: 3 runnable on 2 cores, about 1.33, too little to judge the claim. The four runs
    alternate, round after round, so all of them see the same moments of a shared machine; each
    figure is the best of its rounds.
    """
    showdown = load_example("showdown")
    context = multiprocessing.get_context("fork")
    # Four chunky orders: on a loaded machine every hand-off to a worker waits for the parent to be
    # scheduled, and with fewer, bigger orders those waits weigh less against the chopping.
    job, orders = ("cpu", 0.0, showdown.units_for(0.1)), 4
    pools = {"processes": 2}
    spin = showdown.units_for(0.1)  # the probe times it twice alone and twice in pairs
    spare, alone, pooled = [], [], []
    # Noise from other programs only ever slows a run, so a best-of estimate only gets closer to the
    # truth with more rounds: up to 21 of them, stopping at the first verdict of a pass.
    for rounds in range(1, 22):
        spare.append(noise.spare_cores(spin, 2, context))
        alone.append(_timed(showdown.sequential, job, orders, pools, context))
        pooled.append(_timed(showdown.processes, job, orders, pools, context))
        available, speedup = max(spare), min(alone) / min(pooled)
        if rounds >= 7 and available >= noise.SECOND_CORE_FREE and speedup >= 1.3:
            break
    # With one other busy process (about x1.33 on offer) where the scheduler puts our two workers
    # decides the result: 3 runnable on 2 cores, one core always holds two. Judged only with most
    # of a second core free.
    if available < noise.SECOND_CORE_FREE:
        pytest.skip(f"less than most of a second core free: two processes did x{available:.2f} the work of one")
    # 1.3 against at least x1.6 on offer leaves 0.3 for pool start-up and the result pipes.
    assert speedup >= 1.3, f"x{speedup:.2f} with x{available:.2f} on offer after {rounds} rounds; needed x1.30"


def run_example(script: str, *args: str, timeout: float = 120, expect_exit: int = 0) -> runner.Result:
    req = runner.Request(f"examples/{script}", args=args, timeout=timeout, expect_exit=expect_exit)
    result = runner.run(req, mode="off")
    assert result.ok, f"{result.problem()}\n{result.stderr}"
    return result


# --- the free-threaded column of the showdown -----------------------------------------------------


def test_the_showdown_json_mode_runs_only_what_it_is_asked():
    run = run_example(
        "measured/showdown.py", "--json", "--modes", "threads", "--workloads", "io", "--tasks", "3",
        "--scale", "0.002", "--repeat", "2", "--chop-units", "10",
    )
    out = json.loads(run.stdout)
    assert set(out["runs"]) == {"io"} and set(out["runs"]["io"]) == {"threads"}
    assert len(out["runs"]["io"]["threads"]) == 2 and out["pools"]["threads"] == 3
    assert out["machine"]["free_threaded"] == run.gil_disabled
    assert run.data == {}  # the JSON mode hands its numbers to its parent, not to the build


def test_the_showdown_refuses_an_interpreter_that_is_not_free_threaded():
    if runner.interpreter_info(sys.executable)["gil_disabled"]:
        pytest.skip("this interpreter is itself free-threaded")
    run = run_example(
        "measured/showdown.py", "--freethreaded-python", sys.executable, "--workloads", "io",
        "--tasks", "2", "--scale", "0.002", "--repeat", "1", expect_exit=1,
    )
    assert f"{sys.executable} is not a free-threaded build of Python" in run.stderr


def test_the_showdown_adds_a_free_threaded_column(freethreaded):
    run = run_example(
        "measured/showdown.py", "--freethreaded-python", freethreaded,
        "--workloads", "io", "cpu", "--scale", "0.01", "--repeat", "2", timeout=300,
    )
    d = run.data
    assert d["columns"][-1] == ["free-threaded threads", "free-threaded threads"]
    assert d["freethreaded"]["machine"]["free_threaded"] is True
    assert set(d["best"]["cpu"]) == {"sequential", "threads", "asyncio", "to_thread", "processes",
                                     "free-threaded threads"}
    assert "ft threads" in run.stdout


# --- the drawings in the built site -----------------------------------------------------------------


def _svgs(html: str, css_class: str) -> list[ET.Element]:
    """Every inline SVG of a class, parsed by a real XML parser (a malformed one raises)."""
    found = re.findall(rf'<svg class="{css_class}".*?</svg>', html, flags=re.DOTALL)
    return [ET.fromstring(svg.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1)
                          if "xmlns=" not in svg.split(">", 1)[0] else svg) for svg in found]


def _lanes_per_axes(svg: ET.Element) -> list[int]:
    """Matplotlib writes one <g id="axes_N"> per phase and one <g id="ytick_M"> per lane in it."""
    return [
        sum(1 for g in axes.iter(f"{SVG}g") if g.get("id", "").startswith("ytick_"))
        for axes in svg.iter(f"{SVG}g") if re.fullmatch(r"axes_\d+", axes.get("id", ""))
    ]


def test_every_timeline_parses_and_has_a_lane_per_worker(built_site):
    assert built_site.returncode == 0, built_site.log[-3000:]
    runs = json.loads((built_site.site / "kitchen-runs.json").read_text())
    checked = 0
    for page in sorted(built_site.site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for svg in _svgs(html, "kitchen-timeline"):
            title = svg.find(f"{SVG}title").text
            assert title.startswith("Timeline of "), title
            command = title.removeprefix("Timeline of ")
            rel = page.relative_to(built_site.site)
            url = "" if rel == Path("index.html") else f"{rel.parent}/"
            [run] = [r for r in runs if r["command_line"] == command and r["page"] == url]
            assert _lanes_per_axes(svg) == list(run["lanes"].values()), (page, command)
            assert svg.find(f"{SVG}desc").text.strip()
            checked += 1
    assert checked >= 4  # the asyncio chapter alone draws four


def test_every_chart_parses_is_themed_and_described(built_site):
    charts = {}
    for page in sorted(built_site.site.rglob("*.html")):
        for svg in _svgs(page.read_text(encoding="utf-8"), "kitchen-plot"):
            charts[page.parent.name] = svg
            raw = ET.tostring(svg, encoding="unicode")
            assert "var(--kitchen-c" in raw and not re.search(r"#(0d0e0f|101112|131415|010203)", raw, re.I)
            assert re.match(r"Chart of python[0-9.t]* examples/", svg.find(f"{SVG}title").text)
    assert {"scaling", "cost"} <= set(charts)
    scaling = charts["scaling"].find(f"{SVG}desc").text
    for label in ("chopping, processes", "chopping, threads", "waiting, threads", "waiting, asyncio"):
        assert label in scaling
    cost = charts["cost"].find(f"{SVG}desc").text
    for label in ("coroutines (asyncio)", "threads", "processes (fork)", "processes (spawn)", "processes (forkserver)"):
        assert label in cost


def test_the_showdown_page_names_the_machine_and_shows_every_cell(built_site):
    html = (built_site.site / "showdown" / "index.html").read_text(encoding="utf-8")
    # The first table is the site's own interpreter; a 3.15t run follows it on the page.
    tables = re.findall(r'<table class="kitchen-showdown">.*?</table>', html, flags=re.DOTALL)
    assert len(tables) >= 1
    table = tables[0]
    assert table.count("<tr>") == 4  # the header and three workloads
    assert len(re.findall(r'<td class="num">', table)) >= 15
    assert "Measured on " in html and " cores; CPython " in html
    assert re.search(r"(standard \(with the GIL\)|free-threaded)", html)
