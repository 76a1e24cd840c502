"""MkDocs hook: plugs the kitchen fence into markdown-exec and reports on the runs."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

# MkDocs loads hooks by file path; make the project's own package importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kitchen import fence  # noqa: E402

log = logging.getLogger("mkdocs.plugins.kitchen")


def on_config(config):
    fence.register(config)
    return config


def on_pre_build(config):
    fence.reset()


def on_post_build(config):
    log.info(fence.summary())
    runs = [
        {"script": r.script, "args": r.args, "wall_s": r.wall_s, "cached": r.cached, "ok": r.ok}
        for r in fence.RUNS
    ]
    Path(config.site_dir, "kitchen-runs.json").write_text(json.dumps(runs, indent=1))
