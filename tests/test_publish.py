"""What publishing needs: the Pages workflow, and a built site that search engines and phones read well.

Lighthouse itself is a benchmark (`make lighthouse`), not a test: its performance score moves
with the machine's load. What its accessibility, best-practices and SEO categories check is
checked here and in test_browser.py without it (see CONTRIBUTING.md, "Fast pages").
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup

from kitchen import publish_hook

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "docs.yml"
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000/")
# Elements per page, counted as Lighthouse counts them (every element of the document). See
# CONTRIBUTING.md, "Fast pages", for how this number was chosen.
DOM_BUDGET = 6000


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def steps() -> list[dict]:
    return [step for job in workflow()["jobs"].values() for step in job["steps"]]


def makefile_targets() -> set[str]:
    return set(re.findall(r"^([A-Za-z][\w-]*):", (ROOT / "Makefile").read_text(), re.MULTILINE))


def test_the_workflow_runs_only_makefile_targets():
    runs = [step["run"].strip() for step in steps() if "run" in step]
    assert runs, "the workflow runs nothing"
    for run in runs:
        assert re.fullmatch(r"make [\w-]+", run), f"not a single Makefile target: {run!r}"
        assert run.split()[1] in makefile_targets(), f"no such Makefile target: {run!r}"
    assert "make test" in runs


def test_every_action_is_pinned_to_a_full_commit():
    for step in steps():
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]


def test_checkout_keeps_no_credentials_and_jobs_ask_for_little():
    for step in steps():
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
    assert workflow()["permissions"] == {}
    for name, job in workflow()["jobs"].items():
        assert set(job["permissions"].values()) <= {"read", "write"}, name
        writes = {k for k, v in job["permissions"].items() if v == "write"}
        assert writes <= {"pages", "id-token"}, f"{name} writes {writes}"


def test_pages_publishes_the_folder_make_test_built():
    test_site = re.search(r"^TEST_SITE \?= (\S+)$", (ROOT / "Makefile").read_text(), re.MULTILINE).group(1)
    uploads = [s for s in steps() if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert [s["with"]["path"] for s in uploads] == [test_site]
    names = [s.get("run") or s.get("uses") for s in workflow()["jobs"]["test"]["steps"]]
    # Uploaded right after the tests, so nothing rebuilds the site in between.
    assert names.index(uploads[0]["uses"]) == names.index("make test") + 1


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    return yaml.safe_load(match.group(1)) if match else {}


def page_sources() -> list[Path]:
    return sorted((ROOT / "docs").glob("*.md")) + sorted((ROOT / "docs").glob("*.ipynb"))


def test_every_page_has_its_own_description():
    found = {}
    for path in page_sources():
        if path.suffix == ".ipynb":
            description = json.loads(path.read_text())["metadata"].get("description")
        else:
            description = front_matter(path).get("description")
        assert description, f"{path.name}: no description (front matter `description:`)"
        # Search results show about 160 characters; a description that says little is no use either.
        assert 60 <= len(description) <= 200, f"{path.name}: {len(description)} characters"
        found[path.name] = description
    assert len(set(found.values())) == len(found), "two pages share a description"


# The built site: the strict build that make test publishes.


def built_pages(site: Path) -> dict[str, Path]:
    """URL path -> file, for every page."""
    return {
        "" if p.parent == site else p.parent.relative_to(site).as_posix() + "/": p
        for p in sorted(site.rglob("index.html"))
    }


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    assert built_site.returncode == 0, "the site did not build; see test_the_strict_build_passes"
    return built_site.site


def test_the_sitemap_lists_every_page_at_the_published_address(site):
    tree = ET.parse(site / "sitemap.xml")
    locs = sorted(e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"))
    assert locs == sorted(urljoin(SITE_URL, path) for path in built_pages(site))


def test_every_page_has_a_canonical_link_title_and_its_description(site):
    sources = {p.stem: p for p in page_sources()}
    for path, file in built_pages(site).items():
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        assert soup.find("link", rel="canonical")["href"] == urljoin(SITE_URL, path), path
        assert soup.html.get("lang") == "en" and soup.title.string.strip(), path
        source = sources["index" if path == "" else path.rstrip("/")]
        expected = (json.loads(source.read_text())["metadata"]["description"] if source.suffix == ".ipynb"
                    else front_matter(source)["description"])
        assert soup.find("meta", attrs={"name": "description"})["content"] == expected, path


def test_links_and_images_say_what_they_are(site):
    """Lighthouse's SEO audits: descriptive link text, crawlable links, image alt text."""
    vague = {"click here", "here", "more", "read more", "link", "this", "start", "go"}
    problems = []
    for path, file in built_pages(site).items():
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        for a in soup.find_all("a", href=True):
            if a.get_text(" ", strip=True).lower() in vague:
                problems.append(f"/{path}: vague link text {a.get_text(strip=True)!r}")
            if a["href"].startswith("javascript:") and not a.get("tabindex") == "-1":
                problems.append(f"/{path}: uncrawlable link {a['href']!r}")
        problems += [f"/{path}: image without alt {img.get('src')}" for img in soup.find_all("img")
                     if img.get("alt") is None]
        robots = soup.find("meta", attrs={"name": "robots"})
        if robots and "noindex" in robots.get("content", ""):
            problems.append(f"/{path}: noindex")
    assert problems == []


def test_the_404_page_leads_back_to_every_chapter_and_search(site):
    soup = BeautifulSoup((site / "404.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article")
    assert article.find("label", attrs={"for": "__search"}), "no way to open search"
    # Absolute links: Pages serves this page at whatever address was not found.
    hrefs = {a["href"] for a in article.find_all("a", href=True)}
    assert all(h.startswith(("/", "http")) for h in hrefs), hrefs
    base = urljoin(SITE_URL, "/").rstrip("/")
    expected = {urljoin(SITE_URL, p).removeprefix(base) for p in built_pages(site)}
    assert expected <= {h.removeprefix(base) for h in hrefs}


def dom_size(file: Path) -> int:
    return len(BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").find_all(True))


def test_every_page_stays_within_the_dom_budget(site):
    sizes = {path or "home": dom_size(file) for path, file in built_pages(site).items()}
    over = {path: n for path, n in sizes.items() if n > DOM_BUDGET}
    assert over == {}, f"pages over {DOM_BUDGET} elements (largest first): " + ", ".join(
        f"{p} {n}" for p, n in sorted(over.items(), key=lambda kv: -kv[1]))


def test_no_style_sheet_sits_in_a_page_body(site):
    """A <style> parsed mid-page restyles every element above it (matplotlib put one in each
    drawing, mkdocs-jupyter five in the notebook page)."""
    late = {}
    for path, file in built_pages(site).items():
        styles = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").body.find_all("style")
        if styles:
            late[path or "home"] = len(styles)
    assert late == {}


def test_every_table_material_moves_at_load_sits_in_a_slot_of_its_own(site):
    """Material moves each plain table into a scrolling wrapper at load; as a direct child of
    the article, the move restyled the whole article (kitchen/publish_hook.py)."""
    tables, loose = 0, {}
    for path, file in built_pages(site).items():
        for table in BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").select(
                "article table:not([class])"):
            tables += 1
            slot = table.parent
            if not (slot.name == "div" and slot.get("class") == ["kitchen-table-slot"]
                    and len(slot.find_all(True, recursive=False)) == 1):
                loose[path or "home"] = loose.get(path or "home", 0) + 1
    assert tables > 20 and loose == {}, (tables, loose)


def test_the_css_purge_keeps_every_rule_that_can_match_and_drops_the_rest():
    soup = BeautifulSoup(
        '<body data-md-color-scheme="default"><div class="jupyter-wrapper"><pre class="out">x</pre>'
        '<a href="#">y</a></div></body>', "html.parser")
    css = """
        .jupyter-wrapper { --kept-variables: 1 }
        .jp-Widget { --dropped-widget: 1 }
        [data-md-color-scheme="slate"] .jupyter-wrapper pre { --kept-dark-scheme: 1 }
        .out:hover, .jp-Missing { --kept-hover: 1 }
        .jupyter-wrapper a::before { --kept-generated: 1 }
        :is(.jp-Missing, .out) { --kept-either: 1 }
        .out:not(.jp-Missing) { --kept-not: 1 }
        .jp-Missing .out { --dropped-missing-ancestor: 1 }
        @media (max-width: 10px) { .jp-Widget { --dropped-in-media: 1 } }
        @media print { .out { --kept-in-media: 1 } }
        @keyframes spin { to { --kept-keyframes: 1 } }
    """
    kept = publish_hook.purge_css(css, soup)
    assert re.findall(r"--kept-[\w-]+", kept) == re.findall(r"--kept-[\w-]+", css)
    assert "--dropped" not in kept
    assert "@media (max-width" not in kept  # an at-rule left empty goes too


def test_headings_never_skip_a_level(site):
    """Lighthouse's heading-order audit: a page's headings go down one level at a time, so a
    screen reader's outline has no holes (start-methods went from h1 to h4)."""
    skips = []
    for path, file in built_pages(site).items():
        article = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").find("article")
        levels = [int(h.name[1]) for h in article.find_all(re.compile(r"^h[1-6]$"))]
        skips += [f"{path or 'home'}: h{a} then h{b}" for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert skips == []
