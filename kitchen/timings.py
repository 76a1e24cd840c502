"""The kitchen timings page: every example run of the last build, slowest first."""

from __future__ import annotations

import html


PLACEHOLDER = "<!-- kitchen:timings -->"


def table(records: list, base: str) -> str:
    """HTML table of the build's Records; `base` turns a page URL into a link relative to this page."""
    runs = [(r.result, r.page, r.title) for r in records]
    if not runs:
        return "<p>No example ran in this build (execution was switched off).</p>"
    rows = []
    for result, url, title in sorted(runs, key=lambda run: run[0].wall_s, reverse=True):
        args = " ".join(result.args)
        rows.append(
            "<tr>"
            f"<td><code>{html.escape(result.script)}</code>"
            + (f" <code>{html.escape(args)}</code>" if args else "")
            + f'</td><td><a href="{html.escape(base + url)}">{html.escape(title)}</a></td>'
            f'<td class="num">{result.wall_s:.2f}</td><td class="num">{result.cpu_s:.2f}</td>'
            f'<td class="num">{result.peak_rss_mb:.0f}</td>'
            f"<td>{'cache' if result.cached else 'ran'}</td></tr>"
        )
    total = sum(result.wall_s for result, _, _ in runs)
    ran = sum(not result.cached for result, _, _ in runs)
    return (
        f"<p>{len(runs)} runs, {ran} executed in this build and {len(runs) - ran} taken from the cache. "
        f"Their recorded wall times add up to {total:.1f} s.</p>"
        '<table class="kitchen-timings"><thead><tr><th>Example</th><th>Page</th>'
        '<th class="num">Wall (s)</th><th class="num">CPU (s)</th><th class="num">Peak MB</th>'
        "<th>Source</th></tr></thead><tbody>" + "".join(rows) + "</tbody>"
        f'<tfoot><tr><td colspan="2">Total</td><td class="num">{total:.2f}</td>'
        f'<td class="num">{sum(r.cpu_s for r, _, _ in runs):.2f}</td><td></td><td></td></tr></tfoot></table>'
    )
