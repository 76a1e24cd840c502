"""The kitchen fence inside a real (miniature) MkDocs build: failures must fail a strict build."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from kitchen import fence, runner

ROOT = Path(__file__).resolve().parent.parent

MINI_CONFIG = """
site_name: mini
docs_dir: docs
theme: {name: material, font: false}
plugins: [search, markdown-exec]
hooks: [kitchen/hook.py]
markdown_extensions:
  - pymdownx.snippets: {check_paths: true, base_path: ["."]}
  - pymdownx.superfences:
      custom_fences:
        - name: kitchen
          class: kitchen
          validator: !!python/name:kitchen.fence.validator
          format: !!python/name:kitchen.fence.formatter
  - pymdownx.tabbed: {alternate_style: true}
"""


def mini_build(
    tmp_path: Path, page: str, examples: dict[str, str], checks: str | None = None
) -> subprocess.CompletedProcess:
    """Build a one-page site that uses this project's hook, with the cache off; log in stdout.

    `checks`: the text of a check module, installed beside the real tests/example_checks/__init__.py.
    """
    shutil.copytree(ROOT / "kitchen", tmp_path / "kitchen", ignore=shutil.ignore_patterns("__pycache__"))
    if checks is not None:
        package = tmp_path / "tests" / "example_checks"
        package.mkdir(parents=True)
        shutil.copy(ROOT / "tests" / "example_checks" / "__init__.py", package)
        (package / "mini.py").write_text(textwrap.dedent(checks))
    (tmp_path / "mkdocs.yml").write_text(MINI_CONFIG)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(textwrap.dedent(page))
    for name, text in examples.items():
        path = tmp_path / "examples" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    env = {**os.environ, "KITCHEN_CACHE": "off", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120,
    )


PAGE = """
# Page

```kitchen {options}
--8<-- "examples/{name}"
```
"""


def test_a_failing_example_fails_the_strict_build_and_is_named(tmp_path):
    page = PAGE.format(options="", name="oops.py")
    built = mini_build(tmp_path, page, {"oops.py": "raise ValueError('burnt the sauce')\n"})
    assert built.returncode != 0
    assert "examples/oops.py exited with code 1 (expected 0)" in built.stdout
    assert "ValueError: burnt the sauce" in built.stdout  # the traceback is in the log
    assert "Aborted with 1 warnings in strict mode" in built.stdout


def test_a_hanging_example_fails_the_build_naming_file_and_timeout(tmp_path):
    page = PAGE.format(options='timeout="1.5"', name="stuck.py")
    built = mini_build(tmp_path, page, {"stuck.py": "import time\ntime.sleep(60)\n"})
    assert built.returncode != 0
    assert "examples/stuck.py timed out after 1.5 s; its whole process group was killed" in built.stdout


def test_a_declared_failure_builds_and_shows_its_real_error(tmp_path):
    page = PAGE.format(options='returncode="1"', name="meant_to_fail.py")
    script = "print('about to fail')\nraise SystemExit('the real error')\n"
    built = mini_build(tmp_path, page, {"meant_to_fail.py": script})
    assert built.returncode == 0, built.stdout
    html = (tmp_path / "site" / "index.html").read_text()
    assert "about to fail" in html and "the real error" in html
    assert "exit code 1" in html


def test_a_working_example_shows_source_output_and_measurements(tmp_path):
    page = PAGE.format(options='args="--name cook"', name="hello.py")
    script = """
        import argparse
        parser = argparse.ArgumentParser()
        parser.add_argument("--name")
        print("hello", parser.parse_args().name)
    """
    built = mini_build(tmp_path, page, {"hello.py": script})
    assert built.returncode == 0, built.stdout
    html = (tmp_path / "site" / "index.html").read_text()
    assert "hello cook" in html
    assert ">Source</label>" in html and ">Output</label>" in html
    assert re.search(r"python[0-9.t]* examples/hello\.py --name cook", html)  # the site's interpreter
    for label in ("wall ", "CPU ", "peak memory ", "CPython ", " cores"):
        assert label in html
    assert "kitchen: 1 example runs, 1 executed and 0 from the cache" in built.stdout


def test_a_fence_that_is_not_an_include_fails_the_build(tmp_path):
    page = "```kitchen\nprint('pasted, not included')\n```\n"
    built = mini_build(tmp_path, page, {})
    assert built.returncode != 0
    assert "matches no file under examples/" in built.stdout


def test_an_unknown_fence_option_fails_the_build(tmp_path):
    page = PAGE.format(options='timout="3"', name="hello.py")
    built = mini_build(tmp_path, page, {"hello.py": "print('hi')\n"})
    assert built.returncode != 0
    assert "unknown kitchen fence option(s): timout" in built.stdout


def test_build_request_reads_the_fence_options():
    req = fence.build_request(
        "examples/x.py", {"args": "--pots 5 --scale 0.01", "timeout": "9", "env": "PYTHON_GIL=1"}, 2
    )
    assert req == runner.Request(
        script="examples/x.py",
        args=("--pots", "5", "--scale", "0.01"),
        timeout=9.0,
        env=(("PYTHON_GIL", "1"),),
        expect_exit=2,
    )
    assert req.command_line == "PYTHON_GIL=1 python examples/x.py --pots 5 --scale 0.01"
    with pytest.raises(runner.RunError, match="timeout must be a number"):
        fence.build_request("examples/x.py", {"timeout": "soon"}, 0)


def test_the_source_tab_shows_the_core_view_and_the_page_links_a_zip_that_exists(tmp_path):
    page = PAGE.format(options="", name="pots/boil.py")
    script = """
        \"\"\"Boil.\"\"\"
        # kitchen: hide-start
        import sys
        # kitchen: hide-end

        print("boiling")  # kitchen: highlight
        print("done", file=sys.stdout)  # kitchen: hide
    """
    built = mini_build(tmp_path, page, {"pots/boil.py": script, "_kitchen.py": "X = 1\n"})
    assert built.returncode == 0, built.stdout
    html = (tmp_path / "site" / "index.html").read_text()
    assert ">Source</label>" in html and ">Full script</label>" in html
    assert html.count("kitchen: hide-start") == 1  # in the Full script tab only
    # ...which waits in a <template> until a reader opens the tab (docs/assets/kitchen.js)
    # ...and out of the search index (data-search-exclude): the Source tab has the lines that teach
    deferred = r'<template class="kitchen-deferred" data-search-exclude>.*?kitchen: hide-start.*?</template>'
    assert re.search(deferred, html, re.S)
    assert "KITCHENDEFERRED" not in html
    links = re.findall(r'class="kitchen-downloads">.*?</p>', html)
    assert len(links) == 1 and 'href="downloads/pots/boil.zip"' in links[0], links
    with zipfile.ZipFile(tmp_path / "site" / "downloads" / "pots" / "boil.zip") as zf:
        assert sorted(zf.namelist()) == ["boil/README.txt", "boil/boil.py"]
    assert (tmp_path / "site" / "downloads" / "pots.zip").is_file()


FILE_PAGE = """
# Page

```kitchen file="examples/{name}" {options}
```
"""

HELLO = """
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument("--name")
    print("hello", parser.parse_args().name)
"""


def test_a_fence_that_names_its_file_shows_exactly_that_file_and_runs_it(tmp_path):
    page = FILE_PAGE.format(name="hello.py", options='args="--name cook"')
    built = mini_build(tmp_path, page, {"hello.py": HELLO})
    assert built.returncode == 0, built.stdout
    html = (tmp_path / "site" / "index.html").read_text()
    assert "hello cook" in html and re.search(r"python[0-9.t]* examples/hello\.py --name cook", html)
    assert "parse_args" in html and "add_argument" in html  # the source tab holds the file


def test_a_named_file_outside_examples_or_with_a_body_fails_the_build(tmp_path):
    page = FILE_PAGE.format(name="../mkdocs.yml", options="")
    page += '\n```kitchen file="examples/hello.py"\nprint("pasted too")\n```\n'
    built = mini_build(tmp_path, page, {"hello.py": HELLO})
    assert built.returncode != 0
    assert 'kitchen fence file="examples/../mkdocs.yml": name a .py file under examples/' in built.stdout
    assert 'kitchen fence file="examples/hello.py": give the file or a body, not both' in built.stdout


CHECKS = """
    from . import check, claim, not_shown

    @check("hello.py")
    def _(run):
        name = run.stdout.split()[1]
        claim(f"the cook's name came through: {name}", name == "cook")
        not_shown("a second core chopped", "this mini site measures no cores")
"""


def test_the_check_runs_on_the_page_run_and_its_claims_show_under_it(tmp_path):
    page = FILE_PAGE.format(name="hello.py", options='args="--name cook"')
    built = mini_build(tmp_path, page, {"hello.py": HELLO}, checks=CHECKS)
    assert built.returncode == 0, built.stdout
    html = (tmp_path / "site" / "index.html").read_text()
    assert "Checked on this run:" in html and "the cook&#x27;s name came through: cook" in html
    assert "Not shown on this machine:" in html
    assert "a second core chopped (this mini site measures no cores)" in html
    [record] = json.loads((tmp_path / "site" / "kitchen-runs.json").read_text())
    assert record["check"] == "passed" and record["page"] == "" and record["args"] == ["--name", "cook"]
    assert [c["shown"] for c in record["claims"]] == [True, False]
    assert record["stdout"] == "hello cook\n" and record["python"].startswith("CPython")
    assert "1 runs checked, 0 failed, 1 claims not shown" in built.stdout


def test_a_claim_that_does_not_hold_fails_the_strict_build_naming_file_and_claim(tmp_path):
    page = FILE_PAGE.format(name="hello.py", options='args="--name waiter"')
    built = mini_build(tmp_path, page, {"hello.py": HELLO}, checks=CHECKS)
    assert built.returncode != 0
    assert (
        "examples/hello.py --name waiter: its check failed on this run: "
        "claim did not hold: the cook's name came through: waiter" in built.stdout
    )
    [record] = json.loads((tmp_path / "site" / "kitchen-runs.json").read_text())
    assert record["check"] == "failed" and "waiter" in record["failure"]


def test_a_bare_assert_that_fails_names_the_line_of_the_check(tmp_path):
    checks = """
        from . import check

        @check("hello.py")
        def _(run):
            assert run.stdout == "hello chef\\n"
    """
    built = mini_build(tmp_path, FILE_PAGE.format(name="hello.py", options=""), {"hello.py": HELLO}, checks=checks)
    assert built.returncode != 0
    assert 'tests/example_checks/mini.py:6: assert run.stdout == "hello chef\\n"' in built.stdout


def test_an_example_without_a_check_fails_the_build(tmp_path):
    built = mini_build(tmp_path, FILE_PAGE.format(name="other.py", options=""), {"other.py": "print(1)\n"},
                       checks=CHECKS)
    assert built.returncode != 0
    assert "examples/other.py has no check in tests/example_checks/" in built.stdout


def test_the_conversion_names_the_file_and_keeps_every_option():
    sys.path.insert(0, str(ROOT / "tools"))
    from convert_fences import convert

    page = textwrap.dedent('''
        Text.

        ```kitchen args="--pots 3" timeline="yes"
        --8<-- "examples/asyncio/boil_three_pastas.py"
        ```

        ```kitchen file="examples/x.py"
        ```
    ''')
    new, count = convert(page)
    assert count == 1 and convert(new) == (new, 0)  # a second run changes nothing
    assert '```kitchen file="examples/asyncio/boil_three_pastas.py" args="--pots 3" timeline="yes"\n```' in new
    from kitchen import pages

    assert [f.run for f in pages.fences(new)] == [f.run for f in pages.fences(page)] == [
        ("examples/asyncio/boil_three_pastas.py", ("--pots", "3"), None, ()),
        ("examples/x.py", (), None, ()),
    ]


def test_a_try_it_run_shows_the_command_to_type_its_output_and_its_claims(tmp_path):
    page = FILE_PAGE.format(name="hello.py", options='args="--name cook" show="command"')
    built = mini_build(tmp_path, page, {"hello.py": HELLO}, checks=CHECKS)
    assert built.returncode == 0, built.stdout
    html = (tmp_path / "site" / "index.html").read_text()
    assert ">Source</label>" not in html and "parse_args" not in html  # no source, the command
    text = re.sub(r"<[^>]+>", "", html)  # the command is highlighted word by word
    assert text.index("python examples/hello.py --name cook") < text.index("hello cook")
    assert "Checked on this run:" in html
    [record] = json.loads((tmp_path / "site" / "kitchen-runs.json").read_text())
    assert record["check"] == "passed"


def test_each_code_block_carries_the_number_of_lines_it_shows():
    """kitchen.css sizes an undrawn block from this count: a trailing newline opens no line,
    and a highlighted last line (its newline inside the span) is still one line."""
    block = '<div class="language-{}{}highlight">{}<pre><span></span><code>{}</code></pre></div>'
    html_in = "".join([
        block.format("python", " ", '<span class="filename">a.py</span>', "x = 1\ny = 2\n"),
        block.format("text", " ", "", 'one\n<span class="hll">two\n</span>'),
        block.format("text", " ", "", "\n\nthree\n"),
        "<pre><code>not pygments\n</code></pre>",
    ])
    counts = re.findall(r'<code style="--kitchen-lines: (\d+)">', fence.size_code_blocks(html_in))
    assert counts == ["2", "2", "3"]
    assert "<pre><code>not pygments" in fence.size_code_blocks(html_in)
