"""Every internal link and fragment of the built site resolves; external links are listed."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent


def test_internal_links_and_fragments_resolve_and_external_ones_are_listed(built_site, request):
    site = built_site.site
    soups = {p: BeautifulSoup(p.read_text(), "html.parser") for p in site.rglob("*.html")}
    ids = {p: {t["id"] for t in s.find_all(id=True)} | {t["name"] for t in s.find_all("a", attrs={"name": True})}
           for p, s in soups.items()}
    broken, external = [], set()
    for page, soup in soups.items():
        base = "/" + page.relative_to(site).as_posix()
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for node in soup.find_all(tag, attrs={attr: True}):
                url = node[attr]
                parts = urlsplit(url)
                if parts.scheme in ("http", "https", "mailto") or parts.netloc:
                    external.add(url)
                    continue
                if parts.scheme or url.startswith("#") and len(url) == 1:
                    continue
                target = urlsplit(urljoin(base, url))
                path = site / unquote(target.path).lstrip("/")
                if target.path.endswith("/") or path.is_dir():
                    path = path / "index.html"
                if not path.is_file():
                    broken.append(f"{base}: {url} (no {path.relative_to(site)})")
                elif target.fragment and path in ids and unquote(target.fragment) not in ids[path]:
                    broken.append(f"{base}: {url} (no #{target.fragment})")
    assert broken == []
    listing = ROOT / ".cache" / "external-links.txt"
    listing.write_text("\n".join(sorted(external)) + "\n")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter:
        reporter.write_line(f"{len(external)} external links, not fetched, listed in {listing}")
