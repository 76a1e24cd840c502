"""MkDocs hook for what every published page needs beyond its content.

- A notebook page's description comes from the notebook's own metadata ("description"):
  mkdocs-jupyter reads no front matter, and Markdown pages carry theirs there.
- Highlighted code keeps its colours for keywords, strings, numbers, comments and function
  names, and drops the spans around plain names, punctuation, operators and spaces: kitchen.css
  draws those in the code's own colour. Pygments wrapped every one of them in a span, which
  made up 60 % of a long page's elements, and the theme's scripts restyle the page dozens of
  times while it loads, each time paying for every element.
- Every plain table sits in a <div class="kitchen-table-slot">. Material's script moves each
  table into its scrolling wrapper at load; a table that was a direct child of the article
  made Chromium restyle the whole article for it (the theme's `table:not([class]) + *` rule),
  about 50 ms of one page's start-up. Inside the slot, the move restyles only the slot.
- Style sheets that mkdocs-jupyter writes into the body move to the head. A <style> parsed
  mid-page restyles every element above it, and the notebook page carried five.
- On a notebook page they keep only the rules that can match something on it: mkdocs-jupyter
  inlines all of JupyterLab's CSS (574 KB), which a phone downloads and parses before the first
  paint, for a page that uses a few per cent of it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import soupsieve
import tinycss2
from bs4 import BeautifulSoup

# Pygments' output: the text inside holds no markup, only escaped characters.
PLAIN_SPAN = re.compile(r'<span class="(?:n|w|p|o)">([^<]*)</span>')
# A real element: inside code or a <template>, "<style" is escaped as "&lt;style".
STYLE = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", flags=re.DOTALL)


# The tables Material wraps (`table:not([class])`); none is nested in another.
PLAIN_TABLE = re.compile(r"<table>.*?</table>", flags=re.DOTALL)


def on_page_content(html, page, config, files):
    html = PLAIN_SPAN.sub(r"\1", html)
    return PLAIN_TABLE.sub(lambda m: f'<div class="kitchen-table-slot">{m[0]}</div>', html)


# What a static page cannot show: states (hover, focus...), generated boxes, and the palette
# and script classes Material sets on <html> and <body> while the page runs.
RUNTIME = re.compile(
    r"::?(?:-[a-z]+-)?(?:hover|focus(?:-visible|-within)?|active|visited|link|target|before|after"
    r"|placeholder|selection|first-line|first-letter|marker|backdrop|scrollbar[a-z-]*"
    r"|(?:-[a-z]+-)[a-z-]+)(?:\([^()]*\))?"
    r"|\[data-md-color-[a-z]+(?:[~|^$*]?=[^\]]*)?\]|\.(?:no-js|js-focus-visible|js)(?![\w-])"
)

FUNCTION = re.compile(r":[a-z-]+\([^()]*\)")
TOP_LEVEL_COMMA = re.compile(r",(?![^()]*\))")  # not inside :is(...) and the like (one level)


def purge_css(css: str, soup: BeautifulSoup) -> str:
    """`css` without the style rules whose selectors match nothing in `soup`.

    Conservative: at-rules other than @media and @supports stay, and so does any rule whose
    selector soupsieve cannot evaluate.
    """

    present = {name for tag in soup.find_all(class_=True) for name in tag["class"]}

    def could_match(part: str) -> bool:  # a quick no: it names a class the page never uses
        while (inner := FUNCTION.sub("", part)) != part:  # :not(.x), :is(.a, .b) prove nothing
            part = inner
        return all(name in present for name in re.findall(r"\.([\w-]+)", part))

    def used(prelude) -> bool:
        selector = RUNTIME.sub("", tinycss2.serialize(prelude)).strip()
        parts = [part.strip() or "*" for part in TOP_LEVEL_COMMA.split(selector)]
        try:
            return any(could_match(part) and soup.select_one(part) is not None for part in parts)
        except (soupsieve.SelectorSyntaxError, NotImplementedError, ValueError):
            return True

    def keep(nodes) -> list:
        kept = []
        for node in nodes:
            if node.type == "qualified-rule":
                if used(node.prelude):
                    kept.append(node)
            elif node.type == "at-rule" and node.lower_at_keyword in {"media", "supports"} and node.content:
                inner = keep(tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True))
                if inner:
                    newline = tinycss2.ast.WhitespaceToken(0, 0, "\n")
                    node.content = [token for rule in inner for token in (rule, newline)]
                    kept.append(node)
            elif node.type != "error":
                kept.append(node)
        return kept

    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "\n".join(tinycss2.serialize([rule]) for rule in keep(rules))


def on_post_page(output, page, config):
    head_end = output.find("</head>")
    if head_end < 0:
        return output
    found = []  # one pass: each <style> is taken out of the body and kept, with its parts
    rest = STYLE.sub(lambda m: found.append(m) or "", output[head_end:])
    styles = [m[0] for m in found]
    if page.file.src_uri.endswith(".ipynb"):
        soup = BeautifulSoup(output[:head_end] + rest, "html.parser")
        styles = [m[1] + css + m[3] for m in found if (css := purge_css(m[2], soup)).strip()]
    return output[:head_end] + "".join(styles) + rest


def on_page_context(context, page, config, nav):
    if page.file.src_uri.endswith(".ipynb") and not page.meta.get("description"):
        notebook = json.loads(Path(page.file.abs_src_path).read_text(encoding="utf-8"))
        description = notebook.get("metadata", {}).get("description")
        if description:
            page.meta["description"] = description
    return context
