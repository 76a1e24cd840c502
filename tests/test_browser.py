"""The built site in real headless Chromium: every page, both themes, accessibility and privacy."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import mkdocs_jupyter
import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("KITCHEN_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = ROOT / "screenshots"
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000/")  # what the build was told


def pages_of(site: Path) -> list[str]:
    """URL paths of every page: /, /asyncio/, ..."""
    return sorted(
        "/" if p.parent == site else f"/{p.parent.relative_to(site).as_posix()}/"
        for p in site.rglob("index.html")
    )


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(built_site):
    assert built_site.returncode == 0, "the site did not build; see test_the_strict_build_passes"
    handler = functools.partial(QuietHandler, directory=str(built_site.site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


# Module scope: Playwright's sync API runs an event loop in this thread while it is open, and the
# code blocks collected after this file (docs/*.md) must be free to call asyncio.run().
@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"no Chromium at {CHROMIUM}: run `make test` (it installs it) or apt-get install chromium"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)  # under CI a missing browser is an error, never a skip
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


class Visit:
    """A page opened with every outside request blocked and recorded, and every error kept."""

    def __init__(self, browser, server: str, path: str, scheme: str = "light", width: int = 1280,
                 site_at_its_address: bool = False):
        self.context = browser.new_context(
            viewport={"width": width, "height": 900 if width > 600 else 844},
            color_scheme=scheme, service_workers="block",
        )
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.failed: list[str] = []
        self.requested: list[str] = []
        local = urlsplit(server).netloc
        self.page.on("request", lambda r: self.requested.append(r.url))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        self.page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url} ({r.status})"))

        def guard(route):
            url = route.request.url
            if urlsplit(url).netloc == local or url.startswith(("data:", "blob:")):
                route.continue_()
            else:
                self.outside.append(url)
                route.abort()

        self.page.route("**/*", guard)
        if site_at_its_address:
            # Material navigates instantly only to the addresses its sitemap lists, which name
            # SITE_URL; served here on another port, the sitemap must name this server instead.
            def sitemap(route):
                body = route.fetch().text().replace(SITE_URL, server + "/")
                route.fulfill(body=body, content_type="application/xml")

            self.page.route("**/sitemap.xml", sitemap)
        self.page.goto(server + path, wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, server):
    opened = []

    def open_(path, scheme="light", width=1280, site_at_its_address=False):
        v = Visit(browser, server, path, scheme, width, site_at_its_address)
        opened.append(v)
        return v

    yield open_
    for v in opened:
        v.close()


def test_every_page_loads_cleanly_with_no_outside_requests(built_site, visit):
    problems = []
    for path in pages_of(built_site.site):
        v = visit(path)
        broken_images = v.page.evaluate(
            "[...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
        )
        for kind, items in [("console error", v.errors), ("outside request", v.outside),
                            ("failed request", [f for f in v.failed if "outside" not in f]),
                            ("broken image", broken_images)]:
            problems += [f"{path}: {kind}: {item}" for item in items]
        # Inline SVGs must have drawn something: a real box and at least one shape.
        svgs = v.page.evaluate(
            """[...document.querySelectorAll('article svg.kitchen-timeline, article svg.kitchen-plot')]
               .map(s => ({w: s.getBoundingClientRect().width, shapes: s.querySelectorAll('path,rect,use').length}))"""
        )
        problems += [f"{path}: empty or invisible SVG {s}" for s in svgs if s["w"] < 100 or s["shapes"] == 0]
        v.close()
    assert problems == []


def test_content_tabs_switch_between_source_and_output(visit):
    page = visit("/asyncio/").page
    tabs = page.locator(".tabbed-set").first
    labels = tabs.locator(".tabbed-labels label").all_inner_texts()
    source, output = tabs.locator(".tabbed-block").nth(0), tabs.locator(".tabbed-block").nth(labels.index("Output"))
    assert source.is_visible() and not output.is_visible()
    tabs.locator("label", has_text="Output").click()
    assert output.is_visible() and not source.is_visible()
    assert "finishes boiling pasta" in output.inner_text()
    tabs.locator("label", has_text="Source").click()
    assert source.is_visible() and "asyncio.gather" in source.inner_text()


def test_the_full_script_tab_shows_the_whole_file_when_chosen(visit):
    """The whole file waits in a <template> (not among the page's elements) until its tab is
    chosen; linked tabs then fill every Full script tab on the page."""
    v = visit("/asyncio/")
    page = v.page
    waiting = page.locator("template.kitchen-deferred").count()
    assert waiting > 1
    tabs = page.locator(".tabbed-set").filter(has=page.locator("label", has_text="Full script")).first
    labels = tabs.locator(".tabbed-labels label").all_inner_texts()
    tabs.locator("label", has_text="Full script").click()
    full = tabs.locator(".tabbed-block").nth(labels.index("Full script"))
    assert full.is_visible()
    assert "# kitchen: hide" in full.inner_text()  # the markers: only the whole file has them
    assert page.locator("template.kitchen-deferred").count() == 0  # every linked tab filled
    assert v.errors == []


def _search(page, query: str) -> None:
    """Open search as a reader does and type `query` once the index is ready."""
    page.locator("input.md-search__input").click()
    # The worker builds its index once search opens; a query typed before that is lost.
    page.wait_for_function(
        "!document.querySelector('.md-search-result__meta').textContent.includes('Initializing')",
        timeout=60_000,
    )
    # The whole query at once, then one real keystroke: Material reads the query on keyup, which
    # fill() does not send. Typed letter by letter, each prefix was a query of its own, and a
    # late answer to "py-s" could still be on screen when the results were read.
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")


def _index_requests(v: Visit) -> list[str]:
    return [url for url in v.requested if urlsplit(url).path.endswith("/search/search_index.json")]


def test_the_search_index_loads_only_when_a_reader_opens_search(visit):
    # overrides/partials/search.html holds Material's request until search opens.
    v = visit("/concepts/")
    v.page.wait_for_timeout(1_000)
    assert _index_requests(v) == []
    _search(v.page, "GIL")
    v.page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    assert len(_index_requests(v)) == 1
    # A search result's link carries ?h=: that page must highlight the term straight away.
    v = visit("/concepts/?h=gil")
    v.page.locator("mark[data-md-highlight]").first.wait_for(timeout=10_000)
    assert len(_index_requests(v)) == 1
    assert v.errors == []


@pytest.mark.parametrize("term", ["GIL", "forkserver"])
def test_search_finds(visit, term):
    page = visit("/").page
    _search(page, term)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    assert results.count() > 0


# Questions learners ask, and the page (and section) that answers each: it must be among the
# first results the site's own search lists, as a reader would see them.
ANSWERS = {
    "print order processes": "process-pools/#prints-and-logs-from-workers",
    "how many processes": "opening-kitchens/#how-many-kitchens-to-open",
    "chunksize": "process-pools/#tiny-orders-when-a-pool-loses-and-chunksize",
    "BrokenProcessPool": "structured/#a-kitchen-burns-down-brokenprocesspool",
    "as_completed": "#waiting-on-many-",
    "Queue.shutdown": "queues/#closing-the-tray-queueshutdown-313",
    "contextvars": "tasks/#per-task-state-threadinglocal-against-contextvars",
    "faulthandler": "stuck-kitchen/",
    "py-spy": "stuck-kitchen/#py-spy-dump-look-from-outside",
    "asyncio ps": "stuck-kitchen/#python-m-asyncio-ps-and-pstree-python-314",
    # "Why is my asyncio program slow when I call requests.get inside it?"
    "requests": "network/",
    "blocking": "network/",
    "httpx": "network/",
}


@pytest.mark.parametrize("question", ANSWERS)
def test_search_answers_the_questions_learners_ask(visit, question):
    page = visit("/").page
    _search(page, question)
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    # The first three pages listed, each with the sections Material shows under it.
    links = page.evaluate(
        """[...document.querySelectorAll('.md-search-result__item')].slice(0, 3)
           .flatMap(item => [...item.querySelectorAll('a.md-search-result__link')]
           .map(a => { const u = new URL(a.href); return u.pathname + u.hash; }))"""
    )  # the query's ?h= highlight parameter dropped
    assert any(ANSWERS[question] in link for link in links), links


def _contrast(rgb_a: str, rgb_b: str) -> float:
    def luminance(rgb: str) -> float:
        channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(rgb_a), luminance(rgb_b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _timeline_colours(page) -> dict:
    return page.evaluate(
        """() => {
            const svg = document.querySelector('svg.kitchen-timeline');
            const text = svg.querySelector('text');
            const bar = svg.querySelector('path[style*="--kitchen-work"], path[style*="--kitchen-wait"]');
            return {
              scheme: document.body.getAttribute('data-md-color-scheme'),
              background: getComputedStyle(document.body).backgroundColor,
              text: getComputedStyle(text).fill,
              bar: getComputedStyle(bar).stroke !== 'none' ? getComputedStyle(bar).stroke : getComputedStyle(bar).fill,
            };
        }"""
    )


NOTEBOOK_STYLES = """() => [...document.querySelectorAll('.jupyter-wrapper, .jupyter-wrapper *')].map(el => {
    const style = getComputedStyle(el);
    return el.tagName + [...style].map(name => name + ':' + style.getPropertyValue(name)).join(';');
})"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_notebook_page_looks_as_it_would_with_all_of_jupyterlabs_css(visit, scheme):
    # kitchen/publish_hook.py keeps only the rules that can match on the page; adding every
    # rule back must change no computed style of any notebook element.
    every_rule = Path(mkdocs_jupyter.__file__).parent / "templates/mkdocs_html/assets/index.css"
    page = visit("/jupyter-corner/", scheme=scheme).page
    purged = page.evaluate(NOTEBOOK_STYLES)
    page.add_style_tag(content=every_rule.read_text(encoding="utf-8"))
    full = page.evaluate(NOTEBOOK_STYLES)
    assert len(purged) > 100
    assert [i for i, (a, b) in enumerate(zip(purged, full)) if a != b] == []


def test_the_dark_mode_toggle_works_and_timelines_stay_readable(visit):
    page = visit("/asyncio/").page
    light = _timeline_colours(page)
    assert light["scheme"] == "default"
    page.locator("label[title='Switch to dark mode']").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    dark = _timeline_colours(page)
    assert dark["background"] != light["background"] and dark["text"] != light["text"]
    for colours in (light, dark):
        assert _contrast(colours["text"], colours["background"]) >= 4.5, colours  # WCAG AA for text
        assert _contrast(colours["bar"], colours["background"]) >= 3.0, colours  # WCAG for graphics


_SWITCH_AT_ONCE = """() => {
  const fading = [...document.querySelectorAll('body *')].filter(el => {
    const style = getComputedStyle(el);
    return /(^|, )(color|all)(,|$)/.test(style.transitionProperty) && parseFloat(style.transitionDuration) > 0;
  });
  const before = fading.map(el => getComputedStyle(el).color);
  document.querySelector("label[title='Switch to dark mode']").click();
  window.kitchenFading = fading;
  return {before, atOnce: fading.map(el => getComputedStyle(el).color)};
}"""


def test_the_palette_switch_changes_colours_at_once_without_materials_page_load_rule(visit):
    page = visit("/asyncio/").page
    # kitchen/palette.py took Material's rule out (it restyled every element at each load);
    # what remains is kitchen.css's rule under the class kitchen.js sets while a reader switches.
    rules = page.evaluate(
        "() => [...document.styleSheets].flatMap(s => [...s.cssRules]).map(r => r.selectorText || '')"
        ".filter(t => t.includes('switching'))"
    )
    assert rules and all(r.startswith(".kitchen-palette-switching") for r in rules), rules
    switch = page.evaluate(_SWITCH_AT_ONCE)
    page.wait_for_function("!document.documentElement.classList.contains('kitchen-palette-switching')")
    after = page.evaluate("() => window.kitchenFading.map(el => getComputedStyle(el).color)")
    changed = [i for i, (a, b) in enumerate(zip(switch["before"], after)) if a != b]
    assert len(changed) >= 3, "too few elements with a colour transition change colour in dark mode"
    # Read in the same task as the click: a transition would still show the old colour.
    assert [i for i in changed if switch["atOnce"][i] != after[i]] == []


# Material clips the page sideways (html {overflow-x: hidden}), so a too-wide element is cut
# off rather than scrollable: look for elements past the viewport's edge outside a scroll region.
_CUT_OFF = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  for (const e of document.querySelectorAll('.md-content *')) {
    const box = e.getBoundingClientRect();
    if (box.width === 0 || (box.right <= width + 1 && box.left >= -1)) continue;
    let inside = false;  // held by a narrower box that scrolls or clips (code, table wrappers)
    for (let p = e.parentElement; p && p !== document.body && !inside; p = p.parentElement) {
      const r = p.getBoundingClientRect();
      inside = getComputedStyle(p).overflowX !== 'visible' && r.right <= width + 1 && r.left >= -1;
    }
    if (!inside) found.push(`<${e.tagName.toLowerCase()} class="${e.getAttribute('class') || ''}"> ` +
                            `${Math.round(box.left)}..${Math.round(box.right)} px: ` +
                            (e.textContent || '').trim().slice(0, 60));
  }
  return found.slice(0, 5);
}"""


def test_no_page_is_wider_than_a_phone(built_site, visit):
    wide = []
    for path in pages_of(built_site.site):
        v = visit(path, width=390)
        wide += [f"{path}: {item}" for item in v.page.evaluate(_CUT_OFF)]
        v.close()
    assert wide == []


def test_code_blocks_have_a_copy_button(visit):
    """content.lazy: a block gets its button when it first comes into view, so scroll to each."""
    from playwright.sync_api import expect

    page = visit("/asyncio/").page
    visible = page.locator("pre > code:visible")
    assert visible.count() > 3
    copy = page.locator("button.md-code__button[data-md-type='copy']")
    assert copy.count() < visible.count(), "every button was there before scrolling: not lazy"
    for i in range(visible.count()):
        visible.nth(i).scroll_into_view_if_needed()
        expect(visible.nth(i).locator("xpath=..").locator("button[data-md-type='copy']")).to_have_count(1)
    assert copy.first.get_attribute("title") == "Copy to clipboard"


# Scroll down half a screen at a time; wherever a figure, table wrapper or code block is on
# screen and drawn, it must be in the tab order exactly when it scrolls sideways.
_FOCUSABLE_WHERE_IT_SCROLLS = """async () => {
  const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const all = () => [...document.querySelectorAll('.md-typeset__scrollwrap, .kitchen-figure, pre > code')];
  const below = all().filter((el) => el.getBoundingClientRect().top > 2 * innerHeight);
  const unreachable = below.filter((el) => el.getAttribute('tabindex') !== '0').length;
  const checked = new Set(), wrong = new Set();
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
    window.scrollTo(0, y);
    await frames();
    await frames();
    for (const el of all()) {
      const r = el.getBoundingClientRect();
      if (r.bottom < 0 || r.top > innerHeight || r.height === 0) continue;
      if (!el.checkVisibility({contentVisibilityAuto: true})) continue;
      checked.add(el);
      if ((el.scrollWidth > el.clientWidth) !== (el.getAttribute('tabindex') === '0')) {
        wrong.add(`${el.tagName} ${el.scrollWidth}/${el.clientWidth} tabindex=${el.getAttribute('tabindex')}`);
      }
    }
  }
  return {below: below.length, unreachable, checked: checked.size, wrong: [...wrong]};
}"""


# The pages with the most code blocks, figures and tables below the first screen.
LONG_PAGES = ["/structured/", "/ctrl-c/", "/opening-kitchens/"]


@pytest.mark.parametrize("width", [390, 1280])
def test_what_scrolls_sideways_is_in_the_tab_order_and_nothing_else(visit, width):
    """kitchen.js reads no width at load (an off-screen figure is not laid out: kitchen.css), so
    a keyboard user can reach every candidate below the screen, and once one is in view it
    keeps its place in the tab order only if it scrolls."""
    runs = {path: visit(path, width=width).page.evaluate(_FOCUSABLE_WHERE_IT_SCROLLS)
            for path in LONG_PAGES}
    assert sum(r["below"] for r in runs.values()) > 10, runs
    assert sum(r["checked"] for r in runs.values()) > 20, runs
    assert all(r["unreachable"] == 0 and r["wrong"] == [] for r in runs.values()), runs


_BLOCKS_AT_LOAD_AND_DRAWN = """async () => {
  const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const where = () => [...document.querySelectorAll('.md-content :is(pre, h2, h3, table, figure, p)')]
    .map((el) => Math.round(el.getBoundingClientRect().top + scrollY));
  const codes = [...document.querySelectorAll('.md-content pre > code')];
  const skipped = codes.filter((c) => c.firstElementChild &&
    !c.firstElementChild.checkVisibility({contentVisibilityAuto: true})).length;
  const atLoad = where();
  const drawn = document.createElement('style');
  drawn.textContent = 'pre > code { content-visibility: visible !important }';
  document.head.append(drawn);
  await frames();
  const after = where();
  const moved = atLoad.map((y, i) => [i, y, after[i]]).filter(([, y, z]) => y !== z);
  return {blocks: codes.length, skipped, moved: moved.slice(0, 5), count: moved.length};
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_code_blocks_off_screen_wait_in_a_placeholder_of_their_exact_height(visit, width):
    """kitchen.css skips drawing code blocks off screen; the fence's line count sizes each
    placeholder, so drawing every block at once moves nothing on the page."""
    runs = {path: visit(path, width=width).page.evaluate(_BLOCKS_AT_LOAD_AND_DRAWN)
            for path in LONG_PAGES}
    # the rule is in force: blocks below the screen wait
    assert sum(r["skipped"] for r in runs.values()) > 10, runs
    assert all(r["count"] == 0 for r in runs.values()), runs


def test_the_closed_navigation_drawer_is_not_drawn_and_opens_whole(visit):
    """On a phone the navigation is a drawer off screen; kitchen.css leaves it undrawn (and out
    of the tab order) until its button opens it."""
    page = visit("/threading/", width=390).page
    shown = "[...document.querySelectorAll('.md-sidebar--primary a')].filter((a) => a.checkVisibility()).length"
    assert page.evaluate(shown) == 0
    page.click("label.md-header__button[for='__drawer']")
    page.wait_for_timeout(400)  # the drawer slides in over 0.25 s
    assert page.evaluate(shown) > 20
    link = page.locator(".md-sidebar--primary").get_by_role("link", name="Many kitchens (multiprocessing)")
    link.click()
    page.wait_for_url("**/multiprocessing/")


def test_screenshots_for_people_to_look_at(visit):
    """Not a check of looks: it leaves pictures in screenshots/ (git-ignored) for a human."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir()
    for scheme in ("light", "dark"):
        for path, name in [("/", "home"), ("/asyncio/", "asyncio")]:
            file = SCREENSHOTS / f"{name}-{scheme}.png"
            visit(path, scheme).page.screenshot(path=str(file), full_page=True)
            assert file.stat().st_size > 10_000


def test_no_serious_accessibility_violations_on_any_page(built_site, visit):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = []
    for path in pages_of(built_site.site):
        for scheme in ("light", "dark"):
            results = axe.run(visit(path, scheme).page)
            for violation in results.response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [n["target"] for n in violation["nodes"]][:3]
                    found.append(f"{path} ({scheme}): {violation['id']}: {violation['help']} {targets}")
    assert found == []



def test_instant_navigation_keeps_the_pages_scripts_working(visit):
    """navigation.instant swaps pages without a reload: the site's script (kitchen.js) and the
    theme's tabs must still work on a page reached that way, and nothing may log an error."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    v = visit("/", site_at_its_address=True)
    page = v.page
    origin = page.evaluate("performance.timeOrigin")
    for path in ["which-kitchen/", "jupyter-corner/", "asyncio/"]:
        # The address changes on the click, the content only when the page has arrived: wait
        # for the old content to be gone (networkidle was reached long ago, on this document).
        page.evaluate("document.querySelector('.md-content').dataset.kitchenLeft = ''")
        page.locator(f"nav.md-nav--primary a.md-nav__link[href$='{path}']").first.click()
        page.wait_for_url(f"**/{path}")
        page.wait_for_function("!document.querySelector('.md-content[data-kitchen-left]')")
        assert page.evaluate("performance.timeOrigin") == origin, f"{path} was a full reload, not instant"
        try:
            page.wait_for_function(
                """![...document.querySelectorAll('.md-typeset__scrollwrap')]
                   .some(w => w.scrollWidth > w.clientWidth && w.getAttribute('tabindex') !== '0')""",
                timeout=10_000,
            )
        except PlaywrightTimeout:
            pytest.fail(f"{path}: kitchen.js did not label a table that scrolls")
    tabs = page.locator(".tabbed-set").first
    labels = tabs.locator(".tabbed-labels label").all_inner_texts()
    tabs.locator("label", has_text="Output").click()
    assert tabs.locator(".tabbed-block").nth(labels.index("Output")).is_visible()
    assert v.errors == [] and v.outside == [] and v.failed == []
