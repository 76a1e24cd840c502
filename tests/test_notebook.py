"""The Jupyter corner notebook: run by nbclient as a reader would, and shown executed on the site."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

DOCS = Path(__file__).resolve().parent.parent / "docs"
NOTEBOOK = DOCS / "jupyter-corner.ipynb"


@pytest.fixture(scope="module")
def outputs() -> list[str]:
    """The text each code cell printed, stdout and stderr together."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=False,
                   resources={"metadata": {"path": str(DOCS)}}).execute()
    return ["".join(o.get("text", "") for o in cell.outputs) for cell in nb.cells if cell.cell_type == "code"]


def test_top_level_await_runs_the_boils_together(outputs):
    assert "['pot 1 boiled', 'pot 2 boiled', 'pot 3 boiled']" in outputs[0]


def test_asyncio_run_fails_in_a_kernel_and_the_error_is_shown(outputs):
    assert outputs[1].strip() == "RuntimeError: asyncio.run() cannot be called from a running event loop"


def test_a_pool_cannot_find_notebook_functions_under_spawn_and_forkserver(outputs):
    for method in ("spawn", "forkserver"):
        assert f"{method}: the pool says   BrokenProcessPool:" in outputs[2]
        assert (f"{method}: the worker says AttributeError: Can't get attribute 'chop' "
                "on <module '__main__' (built-in)>") in outputs[2]


def test_both_fixes_work(outputs):
    fork_line = outputs[4].strip()
    assert fork_line.startswith("fork [")
    expected = fork_line.removeprefix("fork ")
    assert outputs[3].splitlines() == [f"spawn {expected}", f"forkserver {expected}"]


def test_the_built_page_shows_executed_cells_and_offers_the_notebook(built_site):
    page = (built_site.site / "jupyter-corner" / "index.html").read_text()
    assert "RuntimeError: asyncio.run() cannot be called from a running event loop" in page
    assert "the worker says AttributeError" in page
    assert 'href="/jupyter-corner/jupyter-corner.ipynb"' in page
    copy = nbformat.read(built_site.site / "jupyter-corner" / "jupyter-corner.ipynb", as_version=4)
    assert copy == nbformat.read(NOTEBOOK, as_version=4)
