"""The end of a build under an engine that runs no hooks (Zensical), run after it by `make`.

MkDocs' hook does this on post_page and post_build. Here the fence has saved the build's
Records in the site as it went (kitchen-runs.json); from them this fills the timings page,
writes the downloads, takes the palette's start-up restyle out (kitchen.palette) and prints
the run summary. It exits non-zero when a run or its check failed, as a strict MkDocs build
would:

    python -m kitchen.finish .cache/site-zensical
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

from kitchen import downloads, palette, timings
from kitchen.build import RECORDS_FILE, Build, Record
from kitchen.runner import Result

FAILURE_BOX = '<div class="admonition failure">'  # what kitchen.fence._failure renders


def load(site: Path) -> Build:
    """The Build the fence saved: every Record, in page order."""
    names = {f.name for f in dataclasses.fields(Result)}
    build = Build()
    for run in json.loads((site / RECORDS_FILE).read_text()):
        result = Result(**{k: v for k, v in run.items() if k in names})
        build.records.append(
            Record(result, run["page"], run["title"], run["claims"], run["check"], run["failure"])
        )
    return build


def fill_timings(site: Path, build: Build) -> list[Path]:
    filled = []
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if timings.PLACEHOLDER in text:
            base = "../" * len(page.parent.relative_to(site).parts)
            page.write_text(text.replace(timings.PLACEHOLDER, timings.table(build.records, base)), encoding="utf-8")
            filled.append(page)
    return filled


def failed_pages(site: Path) -> list[str]:
    pages = site.rglob("*.html")
    return sorted(str(p.relative_to(site)) for p in pages if FAILURE_BOX in p.read_text(encoding="utf-8"))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m kitchen.finish SITE_DIR", file=sys.stderr)
        return 2
    site = Path(argv[0])
    if not (site / RECORDS_FILE).is_file():
        print(f"error: {site / RECORDS_FILE} is missing: no kitchen fence ran in that build", file=sys.stderr)
        return 1
    build = load(site)
    fill_timings(site, build)
    downloads.write(site)
    try:
        palette.quiet_switching(site)
    except palette.PaletteError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(build.summary())
    bad = [r.result.command_line for r in build.records if r.check == "failed" or not r.result.ok]
    if bad:
        print(f"error: {len(bad)} run(s) failed or failed their check: {'; '.join(bad)}", file=sys.stderr)
    if failed := failed_pages(site):  # a fence that could not even run leaves no record, only its box
        print(f"error: a run failed on {len(failed)} page(s): {', '.join(failed)}", file=sys.stderr)
    return 1 if bad or failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
