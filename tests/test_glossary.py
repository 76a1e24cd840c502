"""One kitchen vocabulary: no page in docs/ uses a word the glossary retired."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
GLOSSARY = DOCS / "glossary.md"

# (pattern, what the glossary's "Retired words" table calls it)
RETIRED = [
    (r"\bstoves\b", "stoves"),
    (r"\bpairs? of hands\b", "pair of hands"),
    (r"\bcooks?\b[^.|]{0,30}\btown\b[^.|]{0,20}\blends?\b|\btown\b[^.|]{0,20}\blends?\b[^.|]{0,20}\bcooks?\b",
     "the cooks the town lends"),
    (r"\bchef's pad\b|\border pad\b", "order pad"),
    (r"\bback room\b", "helpers in the back room"),
    (r"\bstations? in the kitchen\b", "stations in the kitchen"),
]
# The rail is a pool's job queue, so every block that says "rail" names the pool.
RAIL = re.compile(r"\brails?\b", re.I)
POOL = re.compile(r"pool|executor", re.I)
CHARACTERS = {"Ana": "she", "Ben": "he", "Judit": "she"}
PRONOUNS = {"she": r"\b(she|her|hers|herself)\b", "he": r"\b(he|him|his|himself)\b"}


def pages() -> list[Path]:
    found = sorted(DOCS.rglob("*.md")) + sorted(DOCS.rglob("*.ipynb"))
    assert len(found) > 20, "docs/ has fewer pages than expected"
    return found


def prose(path: Path) -> str:
    """The page's text a reader reads as prose: no code blocks, no HTML comments."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text())["cells"]
        text = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    else:
        text = path.read_text()
    if path == GLOSSARY:  # the glossary lists the retired words on purpose
        text = text.split("## Retired words")[0]
    return strip_code_blocks(text)


def strip_code_blocks(text: str) -> str:
    lines, fence = [], None
    for line in text.splitlines():
        marker = re.match(r"\s*(```+|~~~+)", line)
        if fence is None and marker:
            fence = marker.group(1)
        elif fence is not None and line.strip().startswith(fence):
            fence = None
        elif fence is None:
            lines.append(line)
        else:
            lines.append("")  # keep line numbers
    return re.sub(r"<!--.*?-->", "", "\n".join(lines), flags=re.S)


def without_code(text: str) -> str:
    return re.sub(r"`[^`\n]*`", "", text)


def retired_words(text: str) -> list[tuple[int, str]]:
    found = []
    plain = without_code(text)
    for pattern, _ in RETIRED:
        for m in re.finditer(pattern, plain, re.I):
            found.append((plain.count("\n", 0, m.start()) + 1, m.group(0)))
    return found


def blocks(text: str) -> list[tuple[int, str]]:
    """Paragraphs, with every table row its own block (one row is one mapping)."""
    out, start, current = [], 1, []
    for n, line in enumerate(text.splitlines() + [""], 1):
        if line.lstrip().startswith("|"):
            if current:
                out.append((start, " ".join(current)))
                current = []
            out.append((n, line))
        elif line.strip():
            if not current:
                start = n
            current.append(line)
        elif current:
            out.append((start, " ".join(current)))
            current = []
    return out


def rails_without_a_pool(text: str) -> list[tuple[int, str]]:
    return [(n, b[:90]) for n, b in blocks(text) if RAIL.search(without_code(b)) and not POOL.search(b)]


def pronoun_slips(text: str) -> list[tuple[int, str]]:
    slips = []
    for n, block in blocks(without_code(text)):
        for sentence in re.findall(r"[^.!?]+[.!?]?", block):
            named = [c for c in CHARACTERS if re.search(rf"\b{c}\b", sentence)]
            if len(named) != 1:
                continue
            wrong = "he" if CHARACTERS[named[0]] == "she" else "she"
            if re.search(PRONOUNS[wrong], sentence, re.I):
                slips.append((n, f"{named[0]}: {sentence.strip()[:90]}"))
    return slips


@pytest.mark.parametrize("path", pages(), ids=lambda p: p.name)
def test_page_uses_no_retired_word(path):
    text = prose(path)
    assert retired_words(text) == [], f"{path.name}: see docs/glossary.md#retired-words"
    assert rails_without_a_pool(text) == [], f"{path.name}: the order rail is only a pool's job queue"
    assert pronoun_slips(text) == [], f"{path.name}: a character's pronoun changed"


def test_examples_keep_the_characters_pronouns():
    slips = {p.relative_to(ROOT).as_posix(): pronoun_slips(p.read_text())
             for p in sorted((ROOT / "examples").rglob("*.py"))}
    assert {p: s for p, s in slips.items() if s} == {}


def test_glossary_lists_every_retired_word_and_every_page_links_resolve():
    text = GLOSSARY.read_text()
    retired = text.split("## Retired words")[1]
    assert [name for _, name in RETIRED if name not in retired] == []
    targets = set(re.findall(r"\]\(([\w-]+\.md)", text))
    assert targets and [t for t in targets if not (DOCS / t).is_file()] == []


def test_the_checks_catch_what_they_are_for():
    # Each rule fires on a sentence that breaks it, so the page tests cannot pass by matching nothing.
    page = ("Decorating needs two pairs of hands.\n\nThe waiter pins a ticket on the rail.\n\n"
            "| the stoves | the CPU cores |\n\nAna picks up the knife; he waits.\n\n"
            "```python\nrail = queue.Queue()  # code is not prose\n```\n")
    text = strip_code_blocks(page)
    assert sorted(w for _, w in retired_words(text)) == ["pairs of hands", "stoves"]
    assert retired_words("| the cooks the town can lend out | CPU cores |") != []
    assert [n for n, _ in rails_without_a_pool(text)] == [3]
    assert [n for n, _ in pronoun_slips(text)] == [7]
    assert rails_without_a_pool(strip_code_blocks("A pool hangs each job on its rail.\n")) == []

