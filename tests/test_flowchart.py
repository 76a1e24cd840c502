"""The flowchart renderer: layout without overlaps, themed colours, a text alternative, no outside requests."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from kitchen import flowchart
from kitchen.flowchart import Answer, Question

SVG = "{http://www.w3.org/2000/svg}"

TREE = Question(
    "Is the slow part waiting or working?",
    (
        ("waiting", Question("Thousands of waits at once?", (("yes", Answer("asyncio")), ("no", Answer("threads"))))),
        ("working", Answer("processes", "or a free-threaded build, with a longer note that has to wrap")),
    ),
)


def boxes(tree):
    return list(flowchart._walk(flowchart.layout(tree)))


def test_boxes_never_overlap_and_columns_follow_depth():
    placed = boxes(TREE)
    assert len(placed) == 5
    for b in placed:
        assert b.x == b.depth * (flowchart.BOX_W + flowchart.GAP)
    for i, a in enumerate(placed):
        for b in placed[i + 1:]:
            if a.x == b.x:  # same column: one must end before the other starts
                assert a.y + a.height <= b.y or b.y + b.height <= a.y, (a.node, b.node)


def test_a_question_sits_between_its_first_and_last_answer():
    for box in boxes(TREE):
        if box.children:
            first, last = box.children[0][1], box.children[-1][1]
            assert first.middle <= box.middle <= last.middle


def test_long_text_is_wrapped_to_fit_the_box():
    for line in flowchart.wrap("a " * 200, flowchart.FONT):
        assert len(line) * flowchart.CHAR_W * flowchart.FONT <= flowchart.BOX_W - 2 * flowchart.PAD


def test_a_word_too_long_for_a_box_is_an_error_not_an_overflow():
    with pytest.raises(ValueError, match="too long"):
        flowchart.svg(Answer("x" * 60), "too long")


def test_the_svg_is_well_formed_and_has_a_title_and_description():
    root = ET.fromstring(flowchart.svg(TREE, "Which kitchen?"))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Which kitchen?"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    for word in ("asyncio", "threads", "processes", "if waiting", "if no"):
        assert word in desc.text
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    for word in ("asyncio", "threads", "processes", "waiting", "working", "yes", "no"):
        assert word in texts


def test_colours_come_only_from_theme_variables_and_nothing_is_fetched():
    drawing = flowchart.svg(TREE, "Which kitchen?")
    colours = re.findall(r"(?:fill|stroke):\s*([^;\"]+)", drawing)
    assert colours and all(c.strip() == "none" or c.strip().startswith("var(--md-") for c in colours)
    assert "#" not in re.sub(r'id="[^"]*"|aria-labelledby="[^"]*"', "", drawing)  # no hard-coded colour
    assert "href" not in drawing and "url(" not in drawing and "<image" not in drawing


def test_the_figure_carries_the_same_tree_as_a_list():
    soup = BeautifulSoup(flowchart.figure(TREE, "Which kitchen?", "caption"), "html.parser")
    assert soup.find("figcaption").text == "caption"
    items = [li.get_text(" ", strip=True) for li in soup.select("details li")]
    assert any(i.startswith("waiting") for i in items) and any("processes" in i for i in items)
    assert [s.text for s in soup.select("details strong")] == ["asyncio", "threads", "processes"]


def test_a_question_needs_two_branches():
    with pytest.raises(ValueError):
        Question("Only one way?", (("yes", Answer("asyncio")),))


def test_the_built_page_inlines_its_flowchart(built_site):
    page = built_site.site / "which-kitchen" / "index.html"
    soup = BeautifulSoup(page.read_text(), "html.parser")
    charts = soup.select("article svg.kitchen-flowchart")
    assert len(charts) == 1
    chart = charts[0]
    assert chart.find("title").text and len(chart.find("desc").text) > 200
    assert len(chart.find_all("rect")) >= 8
    assert soup.select("article details.kitchen-flowchart-text li")
