"""tools/build_python.py: where it fetches from, what it refuses, and how it stops."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kitchen import interpreters

ROOT = Path(__file__).resolve().parent.parent

def build_tool():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_python", ROOT / "tools" / "build_python.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_mirror_is_the_main_archive_in_deb822_sources(tmp_path, monkeypatch):
    monkeypatch.delenv("KITCHEN_DEBIAN_MIRROR", raising=False)
    tool = build_tool()
    sources = tmp_path / "debian.sources"
    sources.write_text(textwrap.dedent("""\
        Types: deb
        URIs: https://third-party.example/apt
        Suites: stable
        Components: main

        Types: deb
        # a comment line inside the stanza
        URIs: http://mirror.example/debian-security
        Suites: bookworm-security
        Components: main

        Types: deb
        URIs: http://mirror.example/debian/
        Suites: bookworm bookworm-updates
        Components: main
        Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
        """))
    assert tool.debian_mirror([sources]) == "http://mirror.example/debian"


def test_the_mirror_from_one_line_sources_skips_disabled_and_options(tmp_path, monkeypatch):
    monkeypatch.delenv("KITCHEN_DEBIAN_MIRROR", raising=False)
    tool = build_tool()
    listing = tmp_path / "sources.list"
    listing.write_text(
        "# deb http://old.example/debian bookworm main\n"
        "deb http://mirror.example/debian-security bookworm-security main\n"
        "deb [arch=amd64 signed-by=/k.gpg] http://mirror.example/debian bookworm main\n"
    )
    assert tool.debian_mirror([tmp_path / "missing.list", listing]) == "http://mirror.example/debian"
    disabled = tmp_path / "off.sources"
    disabled.write_text("Enabled: no\nTypes: deb\nURIs: http://mirror.example/debian\nSuites: bookworm\n")
    with pytest.raises(tool.BuildError):
        tool.debian_mirror([disabled])
    monkeypatch.setenv("KITCHEN_DEBIAN_MIRROR", "http://configured.example/debian/")
    assert tool.debian_mirror([disabled]) == "http://configured.example/debian"


def test_the_build_tool_names_no_host():
    text = (ROOT / "tools" / "build_python.py").read_text()
    assert "://" not in text  # every address comes from the machine's own apt sources


def test_stopping_the_build_stops_its_compilers_too(tmp_path):
    # A stand-in for `make -j2`: a shell whose child runs on. TERM to the build must reach both.
    driver = textwrap.dedent(f"""
        import importlib.util, sys
        from pathlib import Path
        spec = importlib.util.spec_from_file_location("b", {str(ROOT / "tools" / "build_python.py")!r})
        tool = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(tool)
        tool.stop_on_term()
        tool.run_logged(["sh", "-c", "sleep 300 & echo $! > {tmp_path / 'pid'}; wait"], "a long step",
                        Path({str(tmp_path / "log")!r}))
    """)
    build = subprocess.Popen([sys.executable, "-c", driver])
    pid_file = tmp_path / "pid"
    deadline = time.monotonic() + 30
    while not (pid_file.exists() and pid_file.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.05)
    compiler = int(pid_file.read_text())
    build.terminate()
    assert build.wait(timeout=30) == 143
    deadline = time.monotonic() + 10
    while running(compiler) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not running(compiler), f"process {compiler} outlived the stopped build"


def running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status  # a zombie has stopped; only its exit status is left


# --- what it refuses: a tampered .dsc or tarball, with one line ----------------------------


def built_dsc() -> Path:
    """The signed .dsc a finished build of this machine was made from (make pythons keeps it)."""
    for d in sorted((interpreters.cache_home() / "python").glob("*/source.dsc")):
        return d
    pytest.skip("no build of tools/build_python.py here yet: `make pythons` makes one")


def test_a_genuine_dsc_passes_the_signature_check(tmp_path):
    tool = build_tool()
    tool.verify_dsc(built_dsc(), tmp_path / "log")
    name, digest = tool.orig_tarball(built_dsc())
    assert name.endswith(".orig.tar.xz") and len(digest) == 64


def test_a_tampered_dsc_is_refused_in_one_line(tmp_path):
    tool = build_tool()
    text = built_dsc().read_text()
    name, digest = tool.orig_tarball(built_dsc())
    forged = digest[:-1] + ("0" if digest[-1] != "0" else "1")
    tampered = tmp_path / "python3.99_3.99.0-1.dsc"
    tampered.write_text(text.replace(digest, forged))  # someone points it at another tarball
    with pytest.raises(tool.BuildError) as refused:
        tool.verify_dsc(tampered, tmp_path / "log")
    assert "signature check failed" in str(refused.value) and "\n" not in str(refused.value)


def test_a_tarball_that_does_not_match_the_signed_hash_is_refused(tmp_path):
    tool = build_tool()
    name, digest = tool.orig_tarball(built_dsc())
    fake = tmp_path / name
    fake.write_bytes(b"not the CPython you were promised")
    with pytest.raises(tool.BuildError, match="SHA-256 does not match the signed .dsc"):
        tool.check_tarball(fake, digest)


def test_the_builder_refuses_an_unknown_variant_in_one_line():
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "build_python.py"), "3.9t"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1].endswith("choose from 3.14, 3.14t, 3.15, 3.15t")


def test_each_build_records_its_time_and_source():
    infos = [json.loads(p.read_text()) for p in (interpreters.cache_home() / "python").glob("*/build-info.json")]
    if not infos:
        pytest.skip("no build of tools/build_python.py here yet")
    for info in infos:
        assert info["build_seconds"] > 0 and info["source"].endswith(".orig.tar.xz")
        assert ("--disable-gil" in info["flags"]) == info["variant"].endswith("t")
