"""Rewrite kitchen fences from the include form to the form that names the file.

    ```kitchen args="--pots 3"                ```kitchen file="examples/asyncio/x.py" args="--pots 3"
    --8<-- "examples/asyncio/x.py"     ->     ```
    ```

usage: python tools/convert_fences.py [--check] [PAGE_OR_FOLDER ...]   (default: docs)

Safe to run again: fences already in the file= form are left alone. --check changes
nothing and exits 1 when some fence still uses the include form.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kitchen import pages  # noqa: E402


def convert(text: str) -> tuple[str, int]:
    """The page with every include-form kitchen fence rewritten, and how many were."""
    out, last, count = [], 0, 0
    for fence in pages.fences(text):
        if fence.form != "include":
            continue
        m = pages.FENCE.match(text, fence.start)
        indent, ticks, header = m["indent"], m["ticks"], m["header"].rstrip()
        out.append(text[last:fence.start])
        out.append(f'{indent}{ticks}kitchen file="{fence.script}"{header}\n{indent}{ticks}')
        last, count = fence.end, count + 1
    out.append(text[last:])
    return "".join(out), count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "docs")], help="pages or folders (default: docs)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a fence needs converting")
    args = parser.parse_args()
    files = []
    for name in args.paths:
        path = Path(name)
        if not path.exists():
            parser.error(f"{name}: no such file or folder")
        files.extend(sorted(path.rglob("*.md")) if path.is_dir() else [path])
    total = 0
    for page in files:
        text = page.read_text(encoding="utf-8")
        new, count = convert(text)
        if count:
            total += count
            print(f"{page}: {count} fence(s) {'to convert' if args.check else 'converted'}")
            if not args.check:
                page.write_text(new, encoding="utf-8")
    print(f"{total} fence(s) {'use the include form' if args.check else 'converted'} in {len(files)} page(s)")
    return 1 if args.check and total else 0


if __name__ == "__main__":
    sys.exit(main())
