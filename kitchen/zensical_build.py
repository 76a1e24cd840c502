"""Build the site with Zensical as well as MkDocs, without the two sharing a cache folder.

Zensical keeps its page cache in `.cache/` beside its config file, and `--clean` deletes
that whole folder: at the project root it holds the examples' runs (.cache/kitchen) and
the interpreters' links (.cache/bin). So Zensical builds from a staged folder (default
.cache/zensical/) holding copies of mkdocs.yml, docs/ and overrides/: its cache is
<folder>/.cache and its site <folder>/site. It still runs from the project root, so the
snippets (`--8<-- "examples/..."`) and `kitchen.fence` resolve exactly as under MkDocs.
`--clean` every time: Zensical's page cache is keyed on the Markdown, not on the examples
a page runs, so a cached page would show an old run and record none.

Zensical runs no MkDocs plugins, so no mkdocs-jupyter: a notebook page becomes a
Markdown page of the notebook's cells, unrun, under a note saying so.
Zensical runs no hooks either: kitchen.finish does their post-build jobs afterwards.

    python -m kitchen.zensical_build [FOLDER]
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from kitchen import finish
from kitchen.runner import ROOT

DEFAULT_FOLDER = ROOT / ".cache" / "zensical"
COPIED = ("docs", "overrides")

NOTEBOOK_NOTE = """\
!!! note "This notebook is shown unrun"
    This copy of the site was built by Zensical, which does not run notebooks (the
    MkDocs plugin that does, mkdocs-jupyter, does not run under it). Below are the
    notebook's cells as written, without their output. The MkDocs build of this site
    runs every cell. [Download the notebook]({name}).
"""


def notebook_page(path: Path) -> str:
    """The notebook's cells as Markdown: markdown cells as they are, code cells as Python blocks."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    parts = []
    for cell in cells:
        text = "".join(cell["source"]).strip("\n")
        if cell["cell_type"] == "markdown":
            parts.append(text)
        elif cell["cell_type"] == "code":
            parts.append(f"```python\n{text}\n```")
    at = 1 if parts and parts[0].startswith("# ") else 0  # under the notebook's own title
    parts.insert(at, NOTEBOOK_NOTE.format(name=path.name))
    return "\n\n".join(parts) + "\n"


def stage(folder: Path) -> Path:
    """Copy the config, docs and overrides into `folder`; notebooks become Markdown pages."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        shutil.rmtree(folder / name, ignore_errors=True)
        shutil.copytree(ROOT / name, folder / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for notebook in sorted((folder / "docs").rglob("*.ipynb")):
        page = notebook.with_suffix(".md")
        page.write_text(notebook_page(notebook), encoding="utf-8")
        rel = str(notebook.relative_to(folder / "docs"))
        config = config.replace(f": {rel}\n", f": {rel[:-6]}.md\n")  # its nav entry
        for md in (folder / "docs").rglob("*.md"):  # and the links to it, but its own download link
            if md == page:
                continue
            text = md.read_text(encoding="utf-8")
            if f"{notebook.name})" in text:
                md.write_text(text.replace(f"{notebook.name})", f"{page.name})"), encoding="utf-8")
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    return folder / "mkdocs.yml"


def build(folder: Path) -> int:
    config = stage(folder)
    shutil.rmtree(folder / "site", ignore_errors=True)  # kitchen.finish reads only this build's runs
    command = [sys.executable, "-m", "zensical", "build", "--strict", "--clean", "--config-file", str(config)]
    proc = subprocess.Popen(command, cwd=ROOT)
    try:
        proc.wait()
    except BaseException:  # Ctrl-C: the build's runner takes its example down on SIGINT
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        raise
    if proc.returncode:
        return proc.returncode
    return finish.main([str(folder / "site")])


if __name__ == "__main__":
    if len(sys.argv) > 2 or sys.argv[1:2] in (["-h"], ["--help"]):
        sys.exit("usage: python -m kitchen.zensical_build [FOLDER]  (default .cache/zensical)")
    sys.exit(build(Path(sys.argv[1]).resolve() if len(sys.argv) == 2 else DEFAULT_FOLDER))
