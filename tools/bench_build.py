"""Measure the site's build time: cold, cached, after changing one example, and with execution off;
and Zensical's build, cold and cached, with a cache of its own.

usage: python tools/bench_build.py [--out benchmarks/build-times.md] [--keep-going]

A strict build that fails stops the benchmark, unless --keep-going: then its time is
recorded with the number of warnings it ended with (a check that did not hold on a busy
machine, say), and the report says so.

Every build uses a fresh, private example cache, so your own .cache/ is left alone.
The example that gets changed is restored afterwards, even on error or Ctrl-C.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUMMARY = re.compile(r"kitchen: (\d+) example runs, (\d+) executed and (\d+) from the cache")
TOUCHED = "examples/asyncio/cook_then_eat.py"


WARNINGS = re.compile(r"Aborted with (\d+) warnings in strict mode")


def build(label: str, cache_dir: str, site_dir: str, keep_going: bool = False, zensical: str = "",
          **env) -> dict:
    """One strict build, MkDocs's into `site_dir`, or Zensical's from the staged folder `zensical`."""
    print(f"bench: {label} build ...", flush=True)
    load = os.getloadavg()[0]
    began = time.perf_counter()
    command = ([sys.executable, "-m", "kitchen.zensical_build", zensical] if zensical else
               [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", site_dir])
    proc = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "KITCHEN_CACHE_DIR": cache_dir, **env},
    )
    seconds = time.perf_counter() - began
    log = proc.stderr + proc.stdout  # Zensical's summary comes from kitchen.finish, on stdout
    warned = WARNINGS.search(log)
    if proc.returncode and not (keep_going and warned):
        sys.exit(f"bench: the {label} build failed:\n{log[-3000:]}")
    match = SUMMARY.search(log)
    runs, executed, cached = map(int, match.groups()) if match else (0, 0, 0)
    strict = f"{warned.group(1)} warnings" if warned else "passed"
    print(f"bench: {label}: {seconds:.1f} s, {executed} examples executed, {cached} cached, strict {strict}",
          flush=True)
    return {"label": label, "seconds": seconds, "runs": runs, "executed": executed, "cached": cached,
            "strict": strict, "load": load}


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="benchmarks/build-times.md", help="Markdown report to write")
    parser.add_argument("--keep-going", action="store_true",
                        help="record a strict build that ended with warnings instead of stopping")
    args = parser.parse_args()

    touched = ROOT / TOUCHED
    original = touched.read_bytes()
    with tempfile.TemporaryDirectory(prefix="kitchen-bench-") as tmp:
        cache, site = str(Path(tmp) / "cache"), str(Path(tmp) / "site")
        go = args.keep_going
        results = [build("execution off", cache, site, go, KITCHEN_EXECUTE="off")]
        results.append(build("cold", cache, site, go))
        results.append(build("cached", cache, site, go))
        try:
            touched.write_bytes(original + b"\n# changed by tools/bench_build.py\n")
            results.append(build("one example changed", cache, site, go))
        finally:
            touched.write_bytes(original)
        # Zensical, with a cache of its own: cold runs every example again.
        zcache, staged = str(Path(tmp) / "zensical-cache"), str(Path(tmp) / "zensical")
        results.append(build("Zensical, cold", zcache, site, go, zensical=staged))
        results.append(build("Zensical, cached", zcache, site, go, zensical=staged))

    off, cold, cached, one, zcold, zcached = results
    ratio = cached["seconds"] / off["seconds"]
    lines = [
        "| Build | Time | Examples executed | From the cache | Strict | Load at start |",
        "|---|---:|---:|---:|---|---:|",
        *(f"| {r['label']} | {r['seconds']:.1f} s | {r['executed']} | {r['cached']} | {r['strict']} "
          f"| {r['load']:.1f} |" for r in results),
        "",
        f"The cached rebuild took {ratio:.2f}× as long as a build with execution switched off "
        f"(goal: at most 1.3×). Changing `{TOUCHED}` re-ran {one['executed']} example run(s) "
        f"out of {one['runs']}."
        + (f" In the cold build {cold['cached']} run(s) came from the cache: the same example "
           "with the same arguments on a second page reuses the first page's run."
           if cold["cached"] else "")
        + f" Zensical built the same pages in {zcold['seconds']:.1f} s cold and {zcached['seconds']:.1f} s "
        f"cached ({zcached['cached']} of {zcached['runs']} runs from its cache)."
        + (" A build marked with warnings ended with checks that did not hold on that run; its time "
           "still counts every example it ran." if any(r["strict"] != "passed" for r in results) else ""),
        "",
        f"Measured by `make benchmark` on {datetime.date.today().isoformat()}: {cpu_model()}, "
        f"{os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}.",
    ]
    out = ROOT / args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
