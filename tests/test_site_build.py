"""The real site builds in strict mode, running every example on every page."""

from __future__ import annotations

import json
import re
from pathlib import Path

from kitchen import interpreters, pages

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
INCLUDE = re.compile(r'^[ \t]*--8<-- "(examples/[^"]+)"', re.MULTILINE)


def kitchen_fences() -> list[str]:
    return [fence.script for _, fence in pages.site_fences(DOCS)]


def fences_without_their_interpreter() -> int:
    """Fences asking for a named interpreter (python="3.14") that this machine does not have."""
    wanted = [fence.options.get("python") for _, fence in pages.site_fences(DOCS)]
    return sum(1 for name in wanted if name in interpreters.NAMED and interpreters.NAMED[name][0]() is None)


def test_the_strict_build_passes(built_site):
    assert built_site.returncode == 0, built_site.log[-6000:]


def test_every_fence_ran_in_this_build_and_none_came_from_the_cache(built_site):
    missing = fences_without_their_interpreter()
    n = len(kitchen_fences()) - missing
    assert n > 0
    assert f"kitchen: {n} example runs, {n} executed and 0 from the cache" in built_site.log
    if missing:
        assert f"; {missing} not run for want of an interpreter" in built_site.log
    runs = json.loads((built_site.site / "kitchen-runs.json").read_text())
    assert len(runs) == n and all(r["ok"] and not r["cached"] for r in runs)


def test_every_run_shows_its_measurement_line(built_site):
    for page in built_site.site.rglob("*.html"):
        html = page.read_text()
        not_run = html.count("kitchen-not-run")  # no interpreter for it here: a note, no measurements
        assert html.count('class="kitchen-run"') + not_run == html.count('class="tabbed-set'), page


def test_every_example_is_included_by_a_page_and_every_include_resolves():
    included = {m for page in DOCS.rglob("*.md") for m in INCLUDE.findall(page.read_text())}
    included |= set(kitchen_fences())  # fences that name their file
    missing = sorted(p for p in included if not (ROOT / p).is_file())
    assert missing == []
    examples = {
        str(p.relative_to(ROOT))
        for p in (ROOT / "examples").rglob("*.py")
        if p.name != "__init__.py"
    }
    assert sorted(examples - included) == []
