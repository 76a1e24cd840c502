"""Downloads: each example as a ZIP that runs on its own, and each chapter's examples in one ZIP.

A bundle puts the script and the local modules it imports (`_kitchen.py`, `_bench.py`)
side by side, so the script's folder, sys.path[0], finds them. The ZIPs are the same
bytes for the same files: fixed timestamps and permissions, entries in sorted order.
"""

from __future__ import annotations

import html
import io
import zipfile
from pathlib import Path

from kitchen import runner

FOLDER = "downloads"  # in the site: downloads/<chapter>/<name>.zip and downloads/<chapter>.zip
_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a ZIP can hold


def readme(scripts: list[str]) -> str:
    runs = " or ".join(f"python {name}" for name in scripts[:2]) + (" ..." if len(scripts) > 2 else "")
    return (f"Run {runs} (Python 3.11+; add --help for the options); "
            "a script that needs a package names it at its top.\n")


def bundle(scripts: list[Path], top: str, needs: dict[Path, list[Path]] | None = None) -> bytes:
    """A ZIP of `scripts` and every local module they import, flat under the folder `top`."""
    needs = {} if needs is None else needs  # script -> its local modules, found once per build
    files: dict[str, bytes] = {}
    for script in scripts:
        if script not in needs:
            needs[script] = runner.local_modules(script)
        for path in [script, *needs[script]]:
            files[path.name] = path.read_bytes()
    files["README.txt"] = readme([s.name for s in scripts]).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{top}/{name}", date_time=_EPOCH)
            info.external_attr = 0o644 << 16  # rw-r--r--, whoever builds it
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, files[name])
    return out.getvalue()


def examples_by_chapter(examples: Path | None = None) -> dict[str, list[Path]]:
    """Every example (helpers, _*.py, excluded) by its chapter folder."""
    examples = examples or runner.ROOT / "examples"
    chapters: dict[str, list[Path]] = {}
    for path in sorted(examples.glob("*/*.py")):
        if not path.name.startswith("_"):
            chapters.setdefault(path.parent.name, []).append(path)
    return chapters


def write(site_dir: str | Path, examples: Path | None = None) -> list[Path]:
    """Write every example's ZIP and every chapter's ZIP under site_dir/downloads."""
    target = Path(site_dir) / FOLDER
    written, needs = [], {}
    for chapter, scripts in examples_by_chapter(examples).items():
        for script in scripts:
            path = target / chapter / f"{script.stem}.zip"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(bundle([script], script.stem, needs))
            written.append(path)
        path = target / f"{chapter}.zip"
        path.write_bytes(bundle(scripts, chapter, needs))
        written.append(path)
    return written


def links(script: str, page_url: str) -> str:
    """The link row under an example's tabs; `script` is "examples/<chapter>/<name>.py"."""
    parts = script.split("/")
    if len(parts) != 3 or parts[2].startswith("_"):
        return ""  # a helper shown on a page is not an example to download
    _, chapter, name = parts
    base = "../" * page_url.count("/") + FOLDER
    one = f"{base}/{chapter}/{Path(name).stem}.zip"
    every = f"{base}/{chapter}.zip"
    return (
        '<p class="kitchen-downloads">Download '
        f'<a href="{html.escape(one)}" download>{html.escape(name)} with what it needs (ZIP)</a>'
        f' · <a href="{html.escape(every)}" download>every {html.escape(chapter)} example (ZIP)</a></p>'
    )
