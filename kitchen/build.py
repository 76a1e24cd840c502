"""The state of one site build: every run the pages showed, as Records, and what could not run.

One `Build` object holds it (`BUILD` below). The fence fills it; whatever drives the
build (the MkDocs hook today) only tells it when a build starts, which page is being
converted and where the site is written. Renderers that collect across fences (the
comparison table) keep their part in `Build.scratch`, so a new build forgets it too.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kitchen.runner import Result

# Every Record of the last build, for the tests (tests/test_examples.py) and the timings page.
RECORDS_FILE = "kitchen-runs.json"


@dataclass
class Record:
    """One run a page showed: the run itself, where it was shown, and what its check found."""

    result: Result
    page: str  # the page's URL, e.g. "asyncio/"
    title: str
    claims: list[dict] = field(default_factory=list)  # {"text", "shown", "reason"}
    check: str = "none"  # "passed", "failed", or "none" (no checks to run: execution off)
    failure: str = ""  # the failed claim, or the check's failing line

    def as_json(self) -> dict:
        lanes: dict[str, set] = {}
        for e in self.result.events:  # distinct lanes per phase: what a timeline draws
            lanes.setdefault(e.get("phase", ""), set()).add(e["lane"])
        return {
            **asdict(self.result),
            "page": self.page,
            "title": self.title,
            "ok": self.result.ok,
            "lanes": {phase: len(names) for phase, names in lanes.items()},
            "check": self.check,
            "failure": self.failure,
            "claims": self.claims,
        }


@dataclass
class Build:
    records: list[Record] = field(default_factory=list)
    not_run: list[tuple[str, str]] = field(default_factory=list)  # (script, what was missing)
    page_url: str = ""
    page_title: str = ""
    links_from: str = ""  # where a fence's relative links start: the page URL under MkDocs
    scratch: dict = field(default_factory=dict)  # renderer name -> its own state for this build
    # Under an engine that runs no hooks (Zensical) the fence learns the site dir from the
    # page's context and saves the Records after every run: nothing tells it the build ended.
    save_to: str = ""

    def start(self) -> None:
        """A new build (mkdocs serve rebuilds in the same process): forget the last one."""
        self.records.clear()
        self.not_run.clear()
        self.scratch.clear()
        self.page_url = self.page_title = self.links_from = ""

    def enter_page(self, url: str, title: str) -> None:
        self.page_url, self.page_title = url, title or url
        self.links_from = url

    def add(self, result: Result) -> Record:
        record = Record(result, self.page_url, self.page_title)
        self.records.append(record)
        return record

    def summary(self) -> str:
        executed = [r.result for r in self.records if not r.result.cached]
        cached = len(self.records) - len(executed)
        line = (
            f"kitchen: {len(self.records)} example runs, {len(executed)} executed and {cached} "
            f"from the cache; {sum(r.wall_s for r in executed):.1f} s spent running examples"
        )
        checked = [r for r in self.records if r.check != "none"]
        if checked:
            failed = sum(r.check == "failed" for r in checked)
            hidden = sum(not c["shown"] for r in checked for c in r.claims)
            line += f"; {len(checked)} runs checked, {failed} failed, {hidden} claims not shown"
        if self.not_run:
            line += f"; {len(self.not_run)} not run for want of an interpreter: " + ", ".join(
                f"{script} ({what})" for script, what in self.not_run
            )
        return line

    def write(self, site_dir: str | Path) -> Path:
        """Every Record of this build, in page order, as a JSON list in the site."""
        path = Path(site_dir, RECORDS_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps([r.as_json() for r in self.records], indent=1))
        return path


# The one build in progress. The fence fills it; the hook only forwards MkDocs' events to it.
BUILD = Build()
