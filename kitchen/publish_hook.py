"""MkDocs hook for what every published page needs beyond its content.

- A notebook page's description comes from the notebook's own metadata ("description"):
  mkdocs-jupyter reads no front matter, and Markdown pages carry theirs there.
- Highlighted code keeps its colours for keywords, strings, numbers, comments and function
  names, and drops the spans around plain names, punctuation, operators and spaces: kitchen.css
  draws those in the code's own colour. Pygments wrapped every one of them in a span, which
  made up 60 % of a long page's elements, and the theme's scripts restyle the page dozens of
  times while it loads, each time paying for every element.
- Style sheets that mkdocs-jupyter writes into the body move to the head. A <style> parsed
  mid-page restyles every element above it, and the notebook page carried five.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

# Pygments' output: the text inside holds no markup, only escaped characters.
PLAIN_SPAN = re.compile(r'<span class="(?:n|w|p|o)">([^<]*)</span>')
# A real element: inside code or a <template>, "<style" is escaped as "&lt;style".
STYLE = re.compile(r"<style\b[^>]*>.*?</style>", flags=re.DOTALL)


def on_page_content(html, page, config, files):
    return PLAIN_SPAN.sub(r"\1", html)


def on_post_page(output, page, config):
    head_end = output.find("</head>")
    if head_end < 0:
        return output
    styles = STYLE.findall(output, head_end)
    return output[:head_end] + "".join(styles) + STYLE.sub("", output[head_end:])


def on_page_context(context, page, config, nav):
    if page.file.src_uri.endswith(".ipynb") and not page.meta.get("description"):
        notebook = json.loads(Path(page.file.abs_src_path).read_text(encoding="utf-8"))
        description = notebook.get("metadata", {}).get("description")
        if description:
            page.meta["description"] = description
    return context
