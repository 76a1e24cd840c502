"""The `kitchen` fence: a markdown-exec formatter that runs an example file and shows what it did.

A page names the file and its arguments once:

    ```kitchen file="examples/asyncio/boil_three_pastas.py" args="--pots 3"
    ```

The formatter reads that file, runs it through the runner, checks the run with the
example's own check (tests/example_checks), and renders source, real output, a measurement
line and the claims the check verified. Every run goes into the build's Records
(kitchen/build.py). The older form, a body that is exactly the file pulled in by Snippets
(`--8<-- "examples/..."`), still works until every page is converted.
"""

from __future__ import annotations

import dataclasses
import html
import logging
import os
import posixpath
import re
import shlex
import sys

import markdown_exec
from markdown_exec import MarkdownConverter, code_block, tabbed

from kitchen import checking, compare, downloads, interpreters, runner, source_view
from kitchen.build import BUILD

log = logging.getLogger("mkdocs.plugins.kitchen")

# Options of the run itself; the renderers in EXTRAS add their own.
OPTIONS = {"file", "args", "timeout", "python", "env", "title", "source_tab", "show"}


def _timeline(result: runner.Result, value: str) -> str:
    from kitchen import timeline

    cache = None if runner.cache_mode() == "off" else runner.CACHE_DIR / "svg"
    return timeline.figure(result.events, f"Timeline of {result.command_line}", cache)


def _table(result: runner.Result, value: str) -> str:
    from kitchen import tables

    return tables.render(value, result.data)


def _plot(result: runner.Result, value: str) -> str:
    from kitchen import plots

    cache = None if runner.cache_mode() == "off" else runner.CACHE_DIR / "svg"
    return plots.figure(value, result.data, f"Chart of {result.command_line}", cache)


# Renderers for what a run recorded besides its output: fence option -> (result, value) -> HTML.
EXTRAS = {"timeline": _timeline, "table": _table, "plot": _plot}

# The same, for a fence that could not run here: fence option -> (what was wanted, value) -> HTML.
EXTRAS_NOT_RUN: dict = {}

# The side-by-side table of one example on several interpreters (the free-threading lab).
EXTRAS.update(compare.EXTRAS)
EXTRAS_NOT_RUN.update(compare.EXTRAS_NOT_RUN)


def execution_enabled() -> bool:
    """KITCHEN_EXECUTE=off renders sources only: the baseline for build-time benchmarks."""
    return os.environ.get("KITCHEN_EXECUTE", "on").lower() not in {"off", "0", "no"}


def _normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


_INDEX: dict[str, list[str]] | None = None


def reset_index() -> None:
    """Forget the examples' contents (called at the start of each build)."""
    global _INDEX
    _INDEX = None


def _example_index() -> dict[str, list[str]]:
    global _INDEX
    if _INDEX is None:
        _INDEX = {}
        for path in sorted(runner.EXAMPLES.rglob("*.py")):
            text = _normalise(path.read_text(encoding="utf-8"))
            _INDEX.setdefault(text, []).append(str(path.relative_to(runner.ROOT)))
    return _INDEX


def find_example(code: str) -> str:
    """The one file under examples/ whose text is exactly this fence's body."""
    matches = _example_index().get(_normalise(code), [])
    if len(matches) != 1:
        first = code.strip().splitlines()[0] if code.strip() else "(empty)"
        why = "matches no file" if not matches else f"matches {len(matches)} files"
        raise runner.RunError(
            f"kitchen fence starting {first!r} {why} under examples/: "
            'its body must be exactly one --8<-- "examples/..." include'
        )
    return matches[0]


def named_file(value: str, body: str) -> tuple[str, str]:
    """The example a `file=` fence names, and its text: what the page shows is that file."""
    if body.strip():
        raise runner.RunError(f'kitchen fence file="{value}": give the file or a body, not both')
    path = (runner.ROOT / value).resolve()
    if not value.startswith("examples/") or not path.is_relative_to(runner.EXAMPLES) or path.suffix != ".py":
        raise runner.RunError(f'kitchen fence file="{value}": name a .py file under examples/')
    if not path.is_file():
        raise runner.RunError(f'kitchen fence file="{value}": no such file')
    return value, path.read_text(encoding="utf-8")


def build_request(script: str, extra: dict, returncode: int) -> runner.Request:
    unknown = set(extra) - OPTIONS - set(EXTRAS) - set(EXTRAS_NOT_RUN)
    if unknown:
        raise runner.RunError(f"{script}: unknown kitchen fence option(s): {', '.join(sorted(unknown))}")
    try:
        timeout = float(extra.get("timeout", runner.DEFAULT_TIMEOUT))
    except ValueError:
        raise runner.RunError(f"{script}: timeout must be a number of seconds") from None
    env = []
    for pair in shlex.split(extra.get("env", "")):
        name, sep, value = pair.partition("=")
        if not sep:
            raise runner.RunError(f"{script}: env entries look like NAME=value, not {pair!r}")
        env.append((name, value))
    return runner.Request(
        script=script,
        args=tuple(shlex.split(extra.get("args", ""))),
        timeout=timeout,
        python=extra.get("python") or None,
        env=tuple(env),
        expect_exit=returncode,
    )


def measurement_line(result: runner.Result) -> str:
    source = "cached result" if result.cached else "ran in this build"
    parts = [
        f"<code>{html.escape(result.command_line)}</code>",
        f"wall {result.wall_s:.2f} s",
        f"CPU {result.cpu_s:.2f} s",
        f"peak memory {result.peak_rss_mb:.0f} MB",
        html.escape(result.python),
        f"{result.cpus} cores",
        source,
    ]
    if result.returncode:
        parts.insert(1, f"exit code {result.returncode}")
    return '<p class="kitchen-run">' + " · ".join(parts) + "</p>"


def claims_list(claims: list[dict]) -> str:
    """What the check verified on this very run, and what this machine could not show."""
    shown = [c for c in claims if c["shown"]]
    hidden = [c for c in claims if not c["shown"]]
    parts = []
    if shown:
        items = "".join(f"<li>{html.escape(c['text'])}</li>" for c in shown)
        parts.append(f"<p>Checked on this run:</p><ul>{items}</ul>")
    if hidden:
        items = "".join(f"<li>{html.escape(c['text'])} ({html.escape(c['reason'])})</li>" for c in hidden)
        parts.append(f"<p>Not shown on this machine:</p><ul>{items}</ul>")
    return f'<div class="kitchen-claims">{"".join(parts)}</div>' if parts else ""


def reader_command(result: runner.Result) -> str:
    """The command a reader types for this run: `python`, whatever interpreter the build used."""
    words = shlex.split(result.command_line)  # [NAME=value ...] interpreter script args...
    at = words.index(result.script)
    return shlex.join([*words[: at - 1], "python", *words[at:]])


def render(script: str, code: str, result: runner.Result, extra: dict, claims: list[dict] = (),
           defer=None) -> str:
    show = extra.get("show", "source")
    if show not in {"source", "command"}:
        raise runner.RunError(f'{script}: show must be "source" or "command", not {show!r}')
    tabs = []
    lead = []
    if show == "command":  # a "Try it" run: the command to type, then what it printed here
        lead.append(code_block("sh", reader_command(result)))
    elif extra.get("source_tab", "yes") != "no":  # the same file is already shown above
        try:
            tabs.extend(source_view.tabs(script, code, defer))
        except source_view.MarkerError as exc:
            raise runner.RunError(str(exc)) from None
    tabs.append(("Output", code_block("text", result.stdout.rstrip() or "(no output)")))
    if result.stderr.strip():
        tabs.append(("stderr", code_block("text", result.stderr.rstrip())))
    parts = [*lead, tabbed(*tabs), downloads.links(script, BUILD.links_from), measurement_line(result)]
    if claims:
        parts.append(claims_list(claims))
    for option, renderer in EXTRAS.items():
        if option in extra:
            try:
                parts.append(renderer(result, extra[option]))
            except (ValueError, KeyError) as exc:  # unknown kind, or data the run did not report
                raise runner.RunError(f"{script}: cannot draw {option}={extra[option]!r}: {exc!r}") from None
    return "\n\n".join(parts)


def deferred(converter, stash: dict[str, str]):
    """`defer` for source_view.tabs: the whole file goes into a <template>, parsed with the page
    but not styled, laid out or counted among its elements until a reader opens the tab
    (docs/assets/kitchen.js). The Full script tabs were half the elements of a long page."""

    def defer(markdown_text: str) -> str:
        token = f"KITCHENDEFERRED{len(stash)}"
        stash[f"<p>{token}</p>"] = (
            f'<template class="kitchen-deferred" data-search-exclude>{converter.convert(markdown_text)}</template>'
            '<p class="kitchen-deferred-note">The whole file appears here when this tab is chosen'
            " (with JavaScript on); the download below has it too.</p>"
        )
        return token

    return defer


def _failure(script: str, message: str, detail: str = "") -> str:
    log.warning("%s%s", message, f"\n{detail}" if detail else "")
    body = html.escape(message) + (f"<pre>{html.escape(detail)}</pre>" if detail else "")
    return f'<div class="admonition failure"><p class="admonition-title">{html.escape(script)}</p><p>{body}</p></div>'


def expand_interpreters(args: tuple[str, ...]) -> tuple[str, ...]:
    """Replace {freethreaded} (any name in interpreters.NAMED) with its path, or "none".

    An example can then be handed another interpreter to compare against without the
    page typing a machine-specific path. When the build requires that interpreter
    (its environment variable is 1), its absence is an error instead.
    """
    expanded = []
    for arg in args:
        for name, (finder, what, required_by) in interpreters.NAMED.items():
            token = "{" + name + "}"
            if token in arg:
                found = finder()
                if found is None and required_by and os.environ.get(required_by) == "1":
                    raise runner.RunError(f"no {what} on this machine, and {required_by}=1 requires one")
                arg = arg.replace(token, found or "none")
        expanded.append(arg)
    return tuple(expanded)


def _not_run(script: str, code: str, req: runner.Request, extra: dict, converter) -> str:
    """The source and a plain note, nothing measured; a warning only when the build requires it."""
    _, what, required_by = interpreters.NAMED[req.python]
    if required_by and os.environ.get(required_by) == "1":
        return _failure(script, f"{script}: no {what} on this machine, and {required_by}=1 requires one")
    BUILD.not_run.append((script, what))
    log.info("kitchen: %s not run: no %s on this machine", script, what)
    wanted = what + "".join(f", {name}={value}" for name, value in req.env)
    note = (
        f'<div class="admonition note kitchen-not-run"><p class="admonition-title">Not run on this machine</p>'
        f"<p>The machine that built this page has no {html.escape(what)}, so this run did not happen "
        "and there is no output or measurement to show.</p></div>"
    )
    stash: dict[str, str] = {}
    try:
        source = tabbed(*source_view.tabs(script, code, deferred(converter, stash)))
    except source_view.MarkerError as exc:
        return _failure(script, str(exc))
    parts = [source, downloads.links(script, BUILD.links_from), note]
    for option, renderer in EXTRAS_NOT_RUN.items():
        if option in extra:
            parts.append(renderer(wanted, extra[option]))
    return converter.convert("\n\n".join(parts), stash=stash)


def _engine_page(md) -> None:
    """Under Zensical (no hooks), learn the page from its rendering context on `md`.

    MkDocs' hook sets the page on page_markdown instead; there `md` carries no context.
    """
    context = sys.modules.get("zensical.extensions.context")  # loaded only under Zensical
    found = context and context.ContextPreprocessor.from_markdown(md)
    if found:
        page, url = found.page, found.page.url.lstrip("/")  # as MkDocs writes it: "asyncio/"
        BUILD.save_to = os.path.join(found.config["root_dir"], found.config["site_dir"])  # as Zensical does
        if url != BUILD.page_url:
            BUILD.enter_page(url, page.title or url)
            # Zensical rewrites relative links in a page's HTML as if written in its Markdown file.
            BUILD.links_from = posixpath.dirname(page.path) + "/" if "/" in page.path else ""
            BUILD.write(BUILD.save_to)  # even a build that runs nothing shows the fence was here


# A highlighted block as Pygments writes it, up to its code: the language, an optional title.
_CODE = re.compile(r'(<div class="language-[\w-]+ highlight">(?:<span class="filename">[^<]*</span>)?'
                   r'<pre><span></span>)<code>(.*?)</code>', re.S)


def size_code_blocks(rendered: str) -> str:
    """Give each code block its line count (`--kitchen-lines`), for kitchen.css to reserve its
    exact height while the browser skips drawing it off screen."""
    def sized(m: re.Match) -> str:
        text = re.sub(r"<[^>]+>", "", m.group(2))
        lines = text.count("\n") + (0 if text.endswith("\n") else 1)  # a last newline opens no line
        return f'{m.group(1)}<code style="--kitchen-lines: {lines}">{m.group(2)}</code>'
    return _CODE.sub(sized, rendered)


def format_kitchen(code: str, md, returncode: int = 0, extra: dict | None = None, **options) -> str:
    return size_code_blocks(_format_kitchen(code, md, returncode, extra, **options))


def _format_kitchen(code: str, md, returncode: int = 0, extra: dict | None = None, **_options) -> str:
    extra = dict(extra or {})
    _engine_page(md)
    converter = MarkdownConverter(md, update_toc=False)
    try:
        if "file" in extra:
            script, code = named_file(extra["file"], code)
        else:
            script = find_example(code)
        req = build_request(script, extra, returncode)
    except runner.RunError as exc:
        return _failure("kitchen fence", str(exc))
    if not execution_enabled():
        note = '<p class="kitchen-run">Not run: this build had example execution switched off.</p>'
        stash: dict[str, str] = {}
        try:
            source = tabbed(*source_view.tabs(script, code, deferred(converter, stash)))
        except source_view.MarkerError as exc:
            return _failure(script, str(exc))
        return converter.convert("\n\n".join([source, downloads.links(script, BUILD.links_from), note]),
                                 stash=stash)
    if req.python is None:  # the site's default: the newest stable CPython on this machine
        try:
            req = dataclasses.replace(req, python=interpreters.default_python())
        except runner.RunError as exc:
            return _failure(script, f"{script}: {exc}")
    elif req.python in interpreters.NAMED:
        found = interpreters.NAMED[req.python][0]()
        if found is None:
            return _not_run(script, code, req, extra, converter)
        req = dataclasses.replace(req, python=found)
    try:
        req = dataclasses.replace(req, args=expand_interpreters(req.args))
    except runner.RunError as exc:
        return _failure(script, f"{script}: {exc}")
    log.info("kitchen: %s", req.command_line)
    try:
        result = runner.run(req)
    except runner.RunError as exc:
        return _failure(script, str(exc))
    record = BUILD.add(result)
    try:
        return _show(script, code, result, extra, record, converter)
    finally:
        if BUILD.save_to:
            BUILD.write(BUILD.save_to)


def _show(script, code, result, extra, record, converter) -> str:
    if problem := result.problem():
        return _failure(script, problem, result.stderr.strip()[-4000:])
    failed = _check(record)
    stash: dict[str, str] = {}
    try:
        html_out = render(script, code, result, extra, record.claims, deferred(converter, stash))
    except runner.RunError as exc:
        return _failure(script, str(exc))
    return (failed or "") + converter.convert(html_out, stash=stash)


def _check(record) -> str | None:
    """Run the example's check on this run; a failure is a warning that names file and claim."""
    result = record.result
    if not checking.available():
        return None  # a site built outside this repository has no checks to run
    try:
        verdict = checking.judge(result)
    except checking.NoCheck as exc:
        return _failure(result.script, str(exc))
    except Exception as exc:  # a check module that does not even import
        return _failure(result.script, f"{result.script}: its checks could not be loaded: {exc!r}")
    record.claims, record.failure = verdict.claims, verdict.failure
    record.check = "passed" if verdict.passed else "failed"
    if not verdict.passed:
        checking.drop_run(result)  # the next build runs it again instead of judging the same run
        return _failure(result.script, f"{result.command_line}: its check failed on this run: {verdict.failure}")
    return None


def validator(language, inputs, options, attrs, md) -> bool:
    inputs.setdefault("exec", "on")  # a kitchen fence always runs: that is its whole point
    return markdown_exec.validator(language, inputs, options, attrs, md)


# mkdocs.yml declares the fence under pymdownx.superfences' custom_fences with
# !!python/name:kitchen.fence.validator and kitchen.fence.formatter, which both MkDocs and
# Zensical resolve when they load the config: that import registers the formatter here.
markdown_exec.formatters["kitchen"] = format_kitchen
formatter = markdown_exec.formatter  # dispatches on the fence's language to format_kitchen


def reset() -> None:
    """A new build: forget the previous one's runs, the examples' texts and the loaded checks."""
    BUILD.start()
    reset_index()
    checking.forget()
