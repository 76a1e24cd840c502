"""Repository rules: exact, hashed pins, and no package registry's host name in any committed file."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Spelled in parts, so that this file does not itself name the hosts it looks for.
REGISTRY_HOSTS = [
    ".".join(parts) for parts in [
        ("pypi", "org"), ("pypi", "python", "org"), ("files", "pythonhosted", "org"),
        ("test", "pypi", "org"), ("deb", "debian", "org"), ("security", "debian", "org"),
        ("snapshot", "debian", "org"), ("ftp", "debian", "org"), ("registry", "npmjs", "org"),
        ("registry", "yarnpkg", "com"),
    ]
]


def committed_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [ROOT / name for name in listed.decode().split("\0") if name]


def test_no_symlink_is_committed():
    """A symlink becomes a text file in a ZIP extracted by Python's zipfile or on Windows."""
    staged = subprocess.run(["git", "ls-files", "-s"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert [line.split("\t")[1] for line in staged.stdout.splitlines() if line.startswith("120000")] == []


def test_no_committed_file_names_a_package_registry():
    found = []
    for path in committed_files():
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", "replace").lower()
        found += [f"{path.relative_to(ROOT)}: {host}" for host in REGISTRY_HOSTS if host in text]
    assert found == []


def test_every_locked_package_is_pinned_exactly_with_hashes():
    for lock in ("requirements/site.txt", "requirements/test.txt"):
        text = (ROOT / lock).read_text()
        entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])  # one entry per package
        packages = [e for e in entries if not e.startswith("#") and e.strip()]
        assert len(packages) > 20, lock
        for entry in packages:
            first = entry.splitlines()[0]
            assert re.match(r"^[A-Za-z0-9_.\-\[\]]+==[^\s=]+ \\$", first), f"{lock}: {first}"
            assert "--hash=sha256:" in entry, f"{lock}: {first} has no hash"


def test_the_site_lock_agrees_with_the_test_lock():
    def pins(lock):
        return dict(re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)", (ROOT / lock).read_text(), re.MULTILINE))

    site, test = pins("requirements/site.txt"), pins("requirements/test.txt")
    assert {name: version for name, version in site.items() if test.get(name) != version} == {}
