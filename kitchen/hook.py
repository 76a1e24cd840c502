"""MkDocs hook: forwards MkDocs' events to the build (mkdocs.yml declares the kitchen fence itself).

The build's state (its Records) lives in kitchen.build.BUILD, which the fence fills; this
file only tells it when a build starts, which page is converted, and where the site goes.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

# MkDocs loads hooks by file path; make the project's own package importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import Abort  # noqa: E402

from kitchen import downloads, fence, palette, runner, timings  # noqa: E402
from kitchen.build import BUILD  # noqa: E402

log = logging.getLogger("mkdocs.plugins.kitchen")


NOTEBOOK_TIMEOUT = 120  # seconds per notebook cell


def on_config(config):
    _configure_notebooks(config)
    return config


def _configure_notebooks(config) -> None:
    """Notebooks follow the examples' rules: same cache switch, same execute switch, a timeout."""
    plugin = config.plugins.get("mkdocs-jupyter")
    if plugin is None:
        return
    if runner.cache_mode() in {"off", "refresh"}:  # it cannot re-run and store: it runs uncached
        plugin.config["cache"] = False
    else:
        plugin.config["cache_dir"] = str(runner.CACHE_DIR.parent / "mkdocs-jupyter")
    if not fence.execution_enabled():
        plugin.config["execute"] = False

    # mkdocs-jupyter has no timeout option; set one on the nbconvert app it builds.
    from mkdocs_jupyter import nbconvert2

    if not getattr(nbconvert2.get_nbconvert_app, "kitchen_timeout", False):
        original = nbconvert2.get_nbconvert_app

        def with_timeout(*args, **kwargs):
            app = original(*args, **kwargs)
            app.config["ExecutePreprocessor"]["timeout"] = NOTEBOOK_TIMEOUT
            return app

        with_timeout.kitchen_timeout = True
        nbconvert2.get_nbconvert_app = with_timeout


def on_pre_build(config):
    fence.reset()


def on_page_markdown(markdown, page, config, files):
    BUILD.enter_page(page.url, page.title or page.url)
    return markdown


def on_post_page(output, page, config):
    """The timings page is filled in last: by now every page's examples have run."""
    if timings.PLACEHOLDER in output:
        base = "../" * page.url.count("/")
        output = output.replace(timings.PLACEHOLDER, timings.table(BUILD.records, base))
    return output


def on_post_build(config):
    log.info(BUILD.summary())
    downloads.write(config.site_dir)  # every example's ZIP and every chapter's
    BUILD.write(config.site_dir)
    try:
        palette.quiet_switching(config.site_dir)
    except palette.PaletteError as error:
        raise Abort(f"kitchen.palette: {error}") from None
