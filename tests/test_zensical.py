"""The same site built by Zensical shows the MkDocs build's runs, fence by fence.

The Zensical build (kitchen/zensical_build.py) takes every run from the cache the MkDocs
build of this session filled (conftest.TEST_CACHE), so it runs no example. Both builds
are compared page by page on what each fence shows: the runs recorded (script,
arguments, interpreter), the tabs, the output, the figures, the tables and the claims.
Timings are not compared; the one known difference is the notebook page.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kitchen import palette
from kitchen.build import RECORDS_FILE
from kitchen.zensical_build import NOTEBOOK_NOTE

ROOT = Path(__file__).resolve().parent.parent

# The one known difference: mkdocs-jupyter does not run under Zensical, so its build shows the
# notebook's cells unrun, under a note. MkDocs stays the reference build until that closes.
NOTEBOOK = "jupyter-corner"


def runs(site: Path) -> list[dict]:
    return json.loads((site / RECORDS_FILE).read_text())


def test_zensical_builds_the_site_from_the_recorded_runs_and_runs_no_example(built_site, zensical_site):
    assert zensical_site.returncode == 0, zensical_site.log[-6000:]
    n = len(runs(built_site.site))
    shown = runs(zensical_site.site)
    executed = [r["command_line"] for r in shown if not r["cached"]]
    assert len(shown) == n and executed == []
    assert f"kitchen: {n} example runs, 0 executed and {n} from the cache" in zensical_site.log


def by_page(site: Path) -> dict[str, list[tuple]]:
    pages: dict[str, list[tuple]] = {}
    for r in runs(site):
        pages.setdefault(r["page"], []).append((r["script"], tuple(r["args"]), r["python"], r["check"]))
    return {page: sorted(found) for page, found in pages.items()}


def test_both_engines_record_the_same_runs_on_the_same_pages(built_site, zensical_site):
    assert by_page(zensical_site.site) == by_page(built_site.site)


def _tabs(tabbed) -> tuple:
    labels = tabbed.find(class_="tabbed-labels", recursive=False)
    names = tuple(label.get_text(strip=True) for label in labels.find_all("label", recursive=False))
    blocks = tabbed.find(class_="tabbed-content", recursive=False).find_all(class_="tabbed-block", recursive=False)
    output = [b.find("code").get_text() for name, b in zip(names, blocks) if name == "Output" and b.find("code")]
    return ("tabs", names, tuple(output))


def fence_parts(html: str) -> list[tuple]:
    """What the page's fences show, in page order, without numbers that are timings."""
    article = BeautifulSoup(html, "html.parser").find("article")
    parts = []
    for el in article.find_all(True):
        classes = el.get("class") or []
        if "tabbed-set" in classes:
            parts.append(_tabs(el))
        elif "kitchen-run" in classes:  # the measurement line: its command, not its numbers
            code = el.find("code")
            parts.append(("run", code.get_text() if code else el.get_text(strip=True)))
        elif "kitchen-downloads" in classes:
            parts.append(("downloads", tuple(a["href"] for a in el.find_all("a"))))
        elif "kitchen-claims" in classes:
            parts.append(("claims", tuple(li.get_text(" ", strip=True) for li in el.find_all("li"))))
        elif "kitchen-not-run" in classes or "failure" in classes:
            parts.append(("note", tuple(classes)))
        elif el.name == "figure":
            svg = el.find("svg")
            shape = (tuple(svg.get("class") or []), len(svg.find_all(True))) if svg else ()
            parts.append(("figure", shape))
        elif el.name == "table":
            head = tuple(th.get_text(strip=True) for th in el.find_all("th"))
            parts.append(("table", tuple(classes), head, len(el.select("tbody tr"))))
    return parts


def rerun_commands(site: Path) -> set[str]:
    """Commands a build ran twice (one example, same arguments, two fences) under one cache key.

    The MkDocs build runs both; the cache keeps the second, which Zensical then shows twice.
    Their output and claims are compared by shape (line and claim counts), not by text.
    """
    keys = [r["key"] for r in runs(site)]
    return {r["command_line"] for r in runs(site) if keys.count(r["key"]) > 1}


def by_shape(parts: list[tuple], commands: set[str]) -> list[tuple]:
    shaped = list(parts)
    for i, part in enumerate(parts):
        if part[0] == "run" and part[1] in commands:
            tabs = max(j for j in range(i) if parts[j][0] == "tabs")  # this fence's tabs
            shaped[tabs] = ("tabs", parts[tabs][1], tuple(len(text.splitlines()) for text in parts[tabs][2]))
            after = i + 1 if i + 1 < len(parts) and parts[i + 1][0] == "claims" else None
            if after:
                shaped[after] = ("claims", len(parts[after][1]))
    return shaped


def pages(site: Path) -> set[str]:
    return {str(p.relative_to(site)) for p in site.rglob("*.html") if p.name == "index.html"}


def test_every_fence_shows_the_same_under_both_engines(built_site, zensical_site):
    assert pages(zensical_site.site) == pages(built_site.site)
    differ = []
    fences = 0
    reruns = rerun_commands(built_site.site)
    for page in sorted(pages(built_site.site)):
        ours = by_shape(fence_parts((built_site.site / page).read_text()), reruns)
        theirs = by_shape(fence_parts((zensical_site.site / page).read_text()), reruns)
        fences += sum(part[0] == "run" for part in ours)
        if ours != theirs:  # name the first part that differs
            first = next((a, b) for a, b in zip(ours + [None] * len(theirs), theirs + [None] * len(ours)) if a != b)
            differ.append(f"{page}: MkDocs shows {first[0]!r}, Zensical {first[1]!r}")
        for part in theirs:
            if part[0] == "downloads":
                page_dir = (zensical_site.site / page).parent
                assert all((page_dir / href).resolve().is_file() for href in part[1]), (page, part)
    assert differ == []
    assert fences == len(runs(built_site.site))


def test_the_notebook_runs_only_under_mkdocs_and_zensical_shows_its_cells_under_a_note(built_site, zensical_site):
    notebook = json.loads((ROOT / "docs" / f"{NOTEBOOK}.ipynb").read_text())
    ran = (built_site.site / NOTEBOOK / "index.html").read_text()
    shown = (zensical_site.site / NOTEBOOK / "index.html").read_text()
    outputs = BeautifulSoup(ran, "html.parser").select(".jp-OutputArea-output")  # the cells' run
    assert outputs and not BeautifulSoup(shown, "html.parser").select(".jp-OutputArea-output")
    text = BeautifulSoup(shown, "html.parser").find("article").get_text()
    assert NOTEBOOK_NOTE.split('"')[1] in text  # the note's title
    code = ["".join(c["source"]).strip() for c in notebook["cells"] if c["cell_type"] == "code"]
    assert code and all(cell.splitlines()[0] in text for cell in code)


def test_the_staged_config_names_the_notebook_page_and_the_cache_sits_apart(tmp_path):
    from kitchen import zensical_build

    config = zensical_build.stage(tmp_path / "staged").read_text()
    assert f": {NOTEBOOK}.md\n" in config and f"{NOTEBOOK}.ipynb\n" not in config.split("nav:")[1]
    page = (tmp_path / "staged" / "docs" / f"{NOTEBOOK}.md").read_text()
    assert page.startswith("# ") and NOTEBOOK_NOTE.format(name=f"{NOTEBOOK}.ipynb") in page
    linked = [p.name for p in (tmp_path / "staged" / "docs").rglob("*.md") if f"{NOTEBOOK}.ipynb)" in p.read_text()]
    assert linked == [f"{NOTEBOOK}.md"]  # its download link; the other pages' links now name its page
    # Zensical's cache is <config folder>/.cache, which --clean deletes: never the project's .cache
    assert zensical_build.DEFAULT_FOLDER.parent == ROOT / ".cache"


SWITCHING_RULE = (
    "[data-md-color-switching] *,[data-md-color-switching] :after,"
    "[data-md-color-switching] :before{transition-duration:0s!important}"
)
MATERIAL_PALETTE = "[data-md-color-scheme=slate]{color-scheme:dark}" + SWITCHING_RULE + ".md-x{color:red}"


def palette_sheet(site: Path, text: str) -> Path:
    sheet = site / "assets" / "stylesheets" / "palette.0.min.css"
    sheet.parent.mkdir(parents=True, exist_ok=True)
    sheet.write_text(text)
    return sheet


def test_both_engines_lose_the_palette_rule_that_restyled_every_page_at_load(built_site, zensical_site):
    for site in (built_site.site, zensical_site.site):
        sheets = list(site.glob("assets/stylesheets/**/palette.*.css"))
        texts = [sheet.read_text(encoding="utf-8") for sheet in sheets]
        assert texts and all(palette.MARK in t and "switching" not in t.replace(palette.MARK, "") for t in texts)


def test_the_palette_step_says_plainly_when_the_theme_has_changed(tmp_path):
    with pytest.raises(palette.PaletteError, match="no palette stylesheet"):
        palette.quiet_switching(tmp_path)
    sheet = palette_sheet(tmp_path, ".md-x{color:red}")
    with pytest.raises(palette.PaletteError, match="expected one .* rule, found 0: has the theme changed"):
        palette.quiet_switching(tmp_path)
    assert sheet.read_text() == ".md-x{color:red}"
    sheet.write_text(MATERIAL_PALETTE)
    assert palette.quiet_switching(tmp_path) == [sheet]
    once = sheet.read_text()
    assert palette.quiet_switching(tmp_path) == [sheet] and sheet.read_text() == once  # a rebuild
    assert list(sheet.parent.iterdir()) == [sheet]  # no temporary file left behind


def test_finish_fills_the_timings_page_writes_downloads_and_fails_on_a_failed_run(tmp_path, capsys):
    from kitchen import finish, timings
    from kitchen.build import Build
    from kitchen.runner import Result

    result = Result("examples/asyncio/boil_three_pastas.py", ["--pots", "3"], "python x", 0, 0,
                    "out", "", 1.25, 0.5, 20.0, "CPython 3.14.7", False, 2, cached=True)
    build = Build()
    build.enter_page("asyncio/", "asyncio")
    build.add(result)
    build.write(tmp_path)
    (tmp_path / "timings").mkdir()
    (tmp_path / "timings" / "index.html").write_text(f"<article>{timings.PLACEHOLDER}</article>")
    sheet = palette_sheet(tmp_path, MATERIAL_PALETTE)
    assert finish.main([str(tmp_path)]) == 0
    assert sheet.read_text() == MATERIAL_PALETTE.replace(SWITCHING_RULE, palette.MARK)
    filled = (tmp_path / "timings" / "index.html").read_text()
    assert timings.PLACEHOLDER not in filled and 'href="../asyncio/"' in filled
    assert (tmp_path / "downloads" / "asyncio" / "boil_three_pastas.zip").is_file()
    assert "kitchen: 1 example runs, 0 executed and 1 from the cache" in capsys.readouterr().out
    (tmp_path / "asyncio").mkdir()
    (tmp_path / "asyncio" / "index.html").write_text(f"{finish.FAILURE_BOX}<p>x</p></div>")
    assert finish.main([str(tmp_path)]) == 1
    assert "a run failed on 1 page(s): asyncio/index.html" in capsys.readouterr().err
    (tmp_path / "asyncio" / "index.html").unlink()
    build.records[0].check = "failed"
    build.write(tmp_path)
    assert finish.main([str(tmp_path)]) == 1
    assert "1 run(s) failed or failed their check: python x" in capsys.readouterr().err
