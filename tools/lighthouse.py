"""Measure every page of a built site with Lighthouse, as a phone on a slow network would see it.

usage: python tools/lighthouse.py [--site site] [--runs 5] [--page asyncio ...] [--out benchmarks/lighthouse.md]

The site is served on 127.0.0.1 with gzip, as GitHub Pages serves it. Each page is measured
--runs times in Lighthouse's default mobile profile, round by round (every page once per round),
each run in a fresh Chromium with a new, empty profile, after one warm-up run that is not kept.
The table keeps the median and the worst run. Nothing is left running: the server stops and
each Lighthouse run (and its Chromium) is killed as a process group on error, Ctrl-C or after
--timeout seconds.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import gzip
import http.server
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("KITCHEN_CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# GitHub Pages compresses text; these are the types this site serves.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the client accepts it."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the trailing slash
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        if (not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "")
                or not ctype.startswith(COMPRESSIBLE)):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # what Pages sends
        self.end_headers()
        return _Body(body)

    def log_message(self, *args):
        pass


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def pages_of(site: Path) -> dict[str, str]:
    """Page name -> URL path, in the order of the site's own listing: home first."""
    paths = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return {("home" if p == "." else p): ("/" if p == "." else f"/{p}/") for p in paths}


def run_once(url: str, out: Path, timeout: float) -> dict:
    with tempfile.TemporaryDirectory(prefix="kitchen-lh-profile-") as profile:
        flags = " ".join([*CHROME_FLAGS, f"--user-data-dir={profile}"])
        cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"]
        proc = subprocess.Popen(cmd, env={**os.environ, "CHROME_PATH": CHROMIUM},
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except BaseException:  # timeout or Ctrl-C: take Lighthouse and its Chromium down
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise
    if proc.returncode:
        raise RuntimeError(f"lighthouse failed on {url} (exit {proc.returncode}): {err.strip()[-500:]}")
    report = json.loads(out.read_text())
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse on {url}: {report['runtimeError']['message']}")
    audits = report["audits"]
    return {
        **{c: round(100 * report["categories"][c]["score"]) for c in CATEGORIES},
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "dom": audits["dom-size"].get("numericValue"),
        "chromium": report["environment"]["hostUserAgent"],
        "lighthouse": report["lighthouseVersion"],
        "benchmark_index": report["environment"].get("benchmarkIndex"),
        "failed": sorted(a["id"] for a in audits.values()
                         if a.get("score") is not None and a["scoreDisplayMode"] == "binary" and a["score"] < 1),
    }


def worst(values, higher_is_better: bool):
    return min(values) if higher_is_better else max(values)


def table(results: dict[str, list[dict]]) -> list[str]:
    lines = [
        "| Page | Performance (median / worst) | LCP | Total blocking time | Transfer | DOM elements "
        "| Accessibility | Best practices | SEO |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, runs in results.items():
        perf = [r["performance"] for r in runs]
        lcp = [r["lcp_ms"] / 1000 for r in runs]
        tbt = [r["tbt_ms"] for r in runs]
        kib = statistics.median(r["bytes"] for r in runs) / 1024
        dom = statistics.median(r["dom"] for r in runs if r["dom"] is not None)
        others = [f"{statistics.median(r[c] for r in runs):.0f} / {min(r[c] for r in runs)}"
                  for c in CATEGORIES[1:]]
        lines.append(
            f"| {name} | {statistics.median(perf):.0f} / {min(perf)} "
            f"| {statistics.median(lcp):.1f} s / {max(lcp):.1f} s "
            f"| {statistics.median(tbt):,.0f} ms / {max(tbt):,.0f} ms | {kib:,.0f} KiB | {dom:,.0f} "
            f"| {' | '.join(others)} |"
        )
    return lines


def chromium_version() -> str:
    """The browser's own version (the user agent string gives only the major number)."""
    out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout
    match = re.search(r"Chromium [0-9.]+", out)
    return match.group(0) if match else "Chromium"


def loadavg() -> str:
    try:
        return ", ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="site", help="the built site to serve (default: site)")
    parser.add_argument("--runs", type=int, default=5, help="Lighthouse runs per page (default: 5)")
    parser.add_argument("--page", action="append", default=[],
                        help="measure only this page (repeatable; the table says so)")
    parser.add_argument("--timeout", type=float, default=240, help="seconds allowed for one run")
    parser.add_argument("--out", default="benchmarks/lighthouse.md", help="Markdown table to write")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    site = Path(args.site)
    if not (site / "index.html").is_file():
        sys.exit(f"lighthouse: no built site in {site}: run `make site` first")
    if not LIGHTHOUSE.exists():
        sys.exit(f"lighthouse: {LIGHTHOUSE} is missing: run `make lighthouse` (it runs npm ci)")
    if not Path(CHROMIUM).exists():
        sys.exit(f"lighthouse: no Chromium at {CHROMIUM}: run `make browser`")
    pages = pages_of(site)
    unknown = sorted(set(args.page) - set(pages))
    if unknown:
        sys.exit(f"lighthouse: no such page: {', '.join(unknown)} (pages: {', '.join(pages)})")
    if args.page:
        pages = {name: path for name, path in pages.items() if name in args.page}

    handler = functools.partial(GzipHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}"
    load_before, began = loadavg(), time.perf_counter()
    results: dict[str, list[dict]] = {name: [] for name in pages}
    try:
        with tempfile.TemporaryDirectory(prefix="kitchen-lh-") as tmp:
            # The first Chromium after a build starts from a cold disk cache: a run not kept.
            run_once(base + next(iter(pages.values())), Path(tmp) / "warm-up.json", args.timeout)
            # Round by round, every page once per round: a slow spell on the shared machine then
            # costs each page one run of its five, not one page all five.
            for i in range(args.runs):
                for name, path in pages.items():
                    r = run_once(base + path, Path(tmp) / f"{name}-{i}.json", args.timeout)
                    results[name].append(r)
                    print(f"lighthouse: {name} run {i + 1}/{args.runs}: performance {r['performance']}, "
                          f"LCP {r['lcp_ms'] / 1000:.1f} s, TBT {r['tbt_ms']:.0f} ms, "
                          f"a11y/bp/seo {r['accessibility']}/{r['best-practices']}/{r['seo']}"
                          + (f", failed: {', '.join(r['failed'])}" if r["failed"] else ""), flush=True)
    finally:
        httpd.shutdown()
        httpd.server_close()
    minutes = (time.perf_counter() - began) / 60
    first = next(iter(results.values()))[0]
    below = [f"{n} ({statistics.median(r['performance'] for r in runs):.0f})"
             for n, runs in results.items() if statistics.median(r["performance"] for r in runs) < 95]
    bench = sorted(r["benchmark_index"] for runs in results.values() for r in runs
                   if r["benchmark_index"] is not None)
    bench_range = (f"median {statistics.median(bench):,.0f}, range {bench[0]:,.0f} to {bench[-1]:,.0f}"
                   if bench else "")
    lines = [
        *table(results),
        "",
        ("" if len(pages) == len(pages_of(site)) else
         f"Only {len(pages)} of the site's {len(pages_of(site))} pages were measured (`--page`). ")
        + f"Each page measured {args.runs} times (median / worst) by Lighthouse {first['lighthouse']} in its "
        "default mobile profile (simulated slow 4G, 4x CPU slowdown), in headless "
        f"{chromium_version()}, "
        "with the site served gzipped from 127.0.0.1. "
        + ("Pages with a median performance below 95: " + ", ".join(below) + ". " if below
           else "Every page's median performance is 95 or more. ")
        + "Total blocking time is measured on this machine's CPU and multiplied by the profile's "
        "slowdown, so it rises when other programs share the cores: read it next to the load average "
        "and to Lighthouse's own CPU benchmark of each run"
        + (f" (benchmarkIndex {bench_range}, higher is faster)" if bench_range else "") + ". "
        f"The runs went round by round, each page once per round, so the {args.runs} runs of a page "
        "are spread over the whole measurement, after one warm-up run that is not kept.",
        "",
        f"Measured by `make lighthouse` on {datetime.date.today().isoformat()} in {minutes:.0f} min: "
        f"{os.cpu_count()} cores, load average {load_before} before and {loadavg()} after "
        f"(1, 5, 15 min), {platform.python_implementation()} {platform.python_version()} serving.",
    ]
    out = ROOT / args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"lighthouse: wrote {out}")


if __name__ == "__main__":
    main()
