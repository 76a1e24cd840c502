"""Print the claims a site build's checks could not show, and why, from its kitchen-runs.json.

usage: python tools/not_shown.py [site/kitchen-runs.json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> int:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "site/kitchen-runs.json")
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"no records to read in {path}: {exc}", file=sys.stderr)
        return 1
    hidden = [(r["command_line"], c) for r in records for c in r.get("claims", []) if not c["shown"]]
    checked = sum(r.get("check") in {"passed", "failed"} for r in records)
    print(f"{len(hidden)} claim(s) not shown in {checked} checked run(s)")
    for command, c in hidden:
        print(f"{command}: {c['text']} ({c['reason']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
