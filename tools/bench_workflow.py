"""Dry-run the Pages workflow here: each step of its test job, in order, in a fresh clone, timed.

usage: python tools/bench_workflow.py [--out benchmarks/workflow-steps.md] [--keep]

The `run:` steps run exactly as written, in a fresh `git clone` of this repository's HEAD,
with CI=true as on a runner. The `uses:` steps are actions that only a runner can run; the
table says what stands in for each here (the clone for checkout, the interpreters this
machine builds for setup-python). Stops at the first failing step, and a Ctrl-C or TERM
takes the running step's whole process group down. The clone is removed unless --keep.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "docs.yml"
STAND_INS = {
    "actions/checkout": "a fresh `git clone` of HEAD",
    "actions/setup-python": "the interpreters `make pythons` finds or builds here (3.11 is the venv's)",
    "actions/upload-pages-artifact": "not run: it needs a runner; it uploads the folder make test built",
}


def run_step(command: str, cwd: Path, env: dict) -> tuple[float, int, str]:
    began = time.perf_counter()
    proc = subprocess.Popen(command, shell=True, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    tail: list[str] = []
    try:
        for line in proc.stdout:
            tail = (tail + [line])[-40:]
            print(f"  | {line}", end="", flush=True)
        proc.wait()
    except BaseException:  # Ctrl-C or TERM: the step's whole process group goes
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        raise
    return time.perf_counter() - began, proc.returncode, "".join(tail)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="benchmarks/workflow-steps.md", help="Markdown table to write")
    parser.add_argument("--keep", action="store_true", help="keep the clone (its path is printed)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, signal.default_int_handler)

    job = yaml.safe_load(WORKFLOW.read_text())["jobs"]["test"]
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout.strip()
    tmp = Path(tempfile.mkdtemp(prefix="kitchen-dry-run-"))
    clone = tmp / "clone"
    env = {**os.environ, "CI": "true"}
    for name in ("KITCHEN_TEST_SITE", "KITCHEN_TEST_SITE_DIR", "KITCHEN_CACHE_DIR", "VIRTUAL_ENV"):
        env.pop(name, None)
    rows, failed = [], None
    began = time.perf_counter()
    try:
        for step in job["steps"]:
            if "uses" in step:
                action = step["uses"].split("@")[0]
                seconds = 0.0
                if action == "actions/checkout":
                    print(f"dry run: checkout -> git clone {ROOT} (HEAD {head})", flush=True)
                    seconds, code, out = run_step(f"git clone --quiet {ROOT} {clone}", tmp, env)
                    if code:
                        failed = f"git clone failed: {out}"
                        break
                rows.append((action, "", STAND_INS.get(action, "not run here"), seconds, None))
                continue
            name, command = step.get("name", step["run"]), step["run"].strip()
            print(f"dry run: {name}: {command}", flush=True)
            seconds, code, out = run_step(command, clone, env)
            print(f"dry run: {command}: exit {code} after {seconds:.0f} s", flush=True)
            rows.append((name, command, "", seconds, code))
            if code:
                failed = f"`{command}` exited {code}"
                break
    finally:
        total = time.perf_counter() - began
        if args.keep:
            print(f"dry run: the clone stays in {clone}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    lines = [
        "| Step | Command | Time | Exit |",
        "|---|---|---:|---:|",
        *(f"| {name} | {f'`{cmd}`' if cmd else stand_in} | {seconds:,.0f} s | {'' if code is None else code} |"
          for name, cmd, stand_in, seconds, code in rows),
        "",
        f"All steps {'passed' if failed is None else 'did not pass: ' + failed}, in {total / 60:.0f} min, "
        f"run in order in a fresh clone of {head} with CI=true. The publishing job only deploys "
        "what this job uploaded.",
        "",
        f"Measured by `make benchmark` on {datetime.date.today().isoformat()}: {os.cpu_count()} cores, "
        f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())} at the end (1, 5, 15 min), "
        f"{platform.python_implementation()} {platform.python_version()}.",
    ]
    out = ROOT / args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    if failed:
        sys.exit(f"dry run: {failed}")


if __name__ == "__main__":
    main()
