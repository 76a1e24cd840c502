"""A post-build step for both engines: take the page-wide restyle out of the palette's start-up.

Material (and Zensical, which ships the same theme) stops colour transitions while the palette
switches with one rule in palette.css:

    [data-md-color-switching] *, ... :after, ... :before {transition-duration:0s!important}

Its script sets that attribute on <body> and removes it a frame later at every page load, not
only when a reader switches. With `*` as the rule's subject each change restyles every element
of the page: on the multiprocessing page that is two restyles of about 1,150 elements in the
start-up task. This step removes the rule. kitchen.css has the same rule under a class that
kitchen.js sets only while a reader switches, so colours still change without a fade.
"""

from __future__ import annotations

import re
from pathlib import Path

from kitchen import atomic

RULE = re.compile(r"\[data-md-color-switching\] \*,[^{}]*\{transition-duration:0s!important\}")
MARK = "/* kitchen.palette: the [data-md-color-switching] rule lives in kitchen.css */"


class PaletteError(RuntimeError):
    pass


def quiet_switching(site_dir: str | Path) -> list[Path]:
    """Remove the rule from every palette stylesheet in the site; the files changed or already done."""
    sheets = sorted(Path(site_dir).glob("assets/stylesheets/**/palette.*.css"))
    if not sheets:
        raise PaletteError(f"no palette stylesheet under {site_dir}/assets/stylesheets: has the theme changed?")
    for sheet in sheets:
        text = sheet.read_text(encoding="utf-8")
        if MARK in text:  # a rebuild that kept the file (mkdocs serve)
            continue
        new, count = RULE.subn(MARK, text)
        if count != 1:
            found = f"expected one [data-md-color-switching] rule, found {count}"
            raise PaletteError(f"{sheet}: {found}: has the theme changed?")
        atomic.write_text(sheet, new)
    return sheets
