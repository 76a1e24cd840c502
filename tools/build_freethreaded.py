"""Build a free-threaded CPython 3.13 (`--disable-gil`) into .cache/python-ft for the lab page.

usage: python tools/build_freethreaded.py [--force] [--jobs N]

Source: Debian 13 (trixie)'s source package `python3.13`, fetched with
`apt-get source --download-only` through a private apt configuration in a
temporary folder, so the machine's own apt lists, caches and sources are never
touched. The mirror is the machine's own Debian mirror, read from its apt
sources (override with KITCHEN_DEBIAN_MIRROR=URI); no host name is written here.

Trust: apt checks the trixie Release file's signature against
/usr/share/keyrings/debian-archive-keyring.gpg (the `signed-by` option) and
every downloaded file against the hashes in that signed index. If the keyring
lacks the trixie signing key (debian-archive-keyring older than 2023.3+deb12u2),
this script stops and says so rather than turning verification off.

What is built: the upstream tarball inside the source package (`*.orig.tar.xz`),
without Debian's patches. Those adapt CPython to Debian's file layout
(dist-packages, multiarch paths), which a private prefix does not want.

Atomic: `make install DESTDIR=<staging>` fills a staging folder next to the
target, which is then renamed into place, so a killed build never leaves a
half-installed interpreter behind. A working interpreter already in place means
there is nothing to do.

Stdlib only, Python 3.9+, so it can run before any virtualenv exists.
"""

from __future__ import annotations

import argparse
import fcntl
import glob
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache"
PREFIX = CACHE / "python-ft"
EXECUTABLE = PREFIX / "bin" / "python3.13t"
WORK = CACHE / "python-ft-build"  # sources, objects, staging; removed after success
LOG = CACHE / "python-ft-build.log"

SUITE = "trixie"
PACKAGE = "python3.13"
KEYRING = Path("/usr/share/keyrings/debian-archive-keyring.gpg")
KEY_UID = "(13/trixie)"  # in the user id of Debian's trixie archive signing key

# The core interpreter needs these; optional modules (_ssl, _sqlite3, ...) are skipped when
# their headers are missing, and configure says which.
BUILD_TOOLS = {"gcc": "gcc", "make": "make", "tar": "tar", "xz": "xz-utils"}
BUILD_HEADERS = {"/usr/include/stdio.h": "libc6-dev"}
OPTIONAL_HEADERS = {
    "zlib.h": "zlib (zlib1g-dev)",
    "ffi.h": "ctypes (libffi-dev)",
    "openssl/ssl.h": "ssl (libssl-dev)",
    "sqlite3.h": "sqlite3 (libsqlite3-dev)",
    "bzlib.h": "bz2 (libbz2-dev)",
    "lzma.h": "lzma (liblzma-dev)",
}

CHECK_FREETHREADED = (
    "import sys, sysconfig;"
    "ok = sysconfig.get_config_var('Py_GIL_DISABLED') == 1 and not sys._is_gil_enabled();"
    "sys.exit(0 if ok else 1)"
)


class BuildError(Exception):
    """One line for the user; details are in the log."""


# --- output ------------------------------------------------------------------------------

_began = time.monotonic()


def say(message: str) -> None:
    print(f"[build-freethreaded {time.monotonic() - _began:6.1f} s] {message}", flush=True)


def run_logged(cmd: list[str], what: str, cwd: Path | None = None, env: dict | None = None) -> None:
    """Run with all output appended to the log; on failure the log's tail explains."""
    with open(LOG, "a", encoding="utf-8") as log:
        log.write(f"\n$ {' '.join(cmd)}\n")
        log.flush()
        # Its own process group, so that stopping this script stops make's compilers too.
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            returncode = proc.wait()
        except BaseException:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise
    if returncode:
        raise BuildError(f"{what} failed (exit code {returncode})")


def stop_on_term() -> None:
    """A TERM unwinds like Ctrl-C, so the running step's process group is stopped, not orphaned."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))


# --- is it there already? ----------------------------------------------------------------


def works(python: Path) -> bool:
    try:
        proc = subprocess.run([str(python), "-c", CHECK_FREETHREADED], capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return False
    return proc.returncode == 0


# --- build dependencies ------------------------------------------------------------------


def missing_build_packages() -> list[str]:
    missing = [pkg for tool, pkg in BUILD_TOOLS.items() if shutil.which(tool) is None]
    missing += [pkg for header, pkg in BUILD_HEADERS.items() if not Path(header).exists()]
    return sorted(set(missing))


def ensure_build_dependencies() -> None:
    """Install what the core interpreter needs, and only if something is missing."""
    missing = missing_build_packages()
    if not missing:
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise BuildError(f"missing build dependencies: {' '.join(missing)}; install them and rerun")
    say(f"installing missing build dependencies with apt-get: {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run_logged(["apt-get", "install", "-y", "--no-install-recommends", *missing], "apt-get install", env=env)
    if still := missing_build_packages():
        raise BuildError(f"still missing after apt-get install: {' '.join(still)}")


def skipped_optional_modules() -> list[str]:
    return [
        module for header, module in OPTIONAL_HEADERS.items()
        if not glob.glob(f"/usr/include/{header}") and not glob.glob(f"/usr/include/*/{header}")
    ]


# --- the machine's Debian mirror -------------------------------------------------------------


def _one_line_entries(text: str):
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        words = re.sub(r"\[[^\]]*\]", " ", line).split()  # drop [options]
        if len(words) >= 3 and words[0] in {"deb", "deb-src"}:
            yield {"uris": [words[1]], "suites": [words[2]], "options": line}


def _deb822_entries(text: str):
    for paragraph in re.split(r"\n\s*\n", text):
        fields: dict[str, str] = {}
        key = None
        for line in paragraph.splitlines():
            if line.startswith("#") or not line.strip():
                continue
            if line[0].isspace() and key:
                fields[key] += " " + line.strip()
                continue
            key, _, value = line.partition(":")
            key = key.strip().lower()
            fields[key] = value.strip()
        if fields.get("enabled", "yes").lower() == "no" or "uris" not in fields:
            continue
        yield {
            "uris": fields["uris"].split(),
            "suites": fields.get("suites", "").split(),
            "options": fields.get("signed-by", ""),
        }


def apt_source_files(etc: Path = Path("/etc/apt")) -> list[Path]:
    return [
        etc / "sources.list",
        *sorted((etc / "sources.list.d").glob("*.list")),
        *sorted((etc / "sources.list.d").glob("*.sources")),
    ]


def debian_mirror(files: list[Path] | None = None) -> str:
    """The URI of the main Debian archive in this machine's apt sources."""
    if configured := os.environ.get("KITCHEN_DEBIAN_MIRROR"):
        return configured.rstrip("/")
    entries = []
    for path in apt_source_files() if files is None else files:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        parse = _deb822_entries if path.suffix == ".sources" else _one_line_entries
        entries.extend(parse(text))
    for entry in entries:
        # The main archive: its path ends in /debian (not debian-security, not a third party),
        # and it serves a release suite rather than only -updates or -security.
        for uri in entry["uris"]:
            parsed = urlparse(uri)
            if parsed.scheme in {"http", "https"} and parsed.path.rstrip("/").endswith("/debian"):
                if any("-" not in suite and "/" not in suite for suite in entry["suites"]):
                    return uri.rstrip("/")
    raise BuildError(
        "no Debian archive found in /etc/apt/sources.list{,.d}; set KITCHEN_DEBIAN_MIRROR=URI"
    )


def keyring_has_trixie_key() -> bool | None:
    """True or False when gpg can tell; None without gpg (apt still verifies, and fails loudly)."""
    if not KEYRING.exists():
        return False
    if shutil.which("gpg") is None:
        return None
    proc = subprocess.run(
        ["gpg", "--batch", "--with-colons", "--show-keys", str(KEYRING)],
        capture_output=True, text=True,
    )
    return KEY_UID in proc.stdout


# --- phases --------------------------------------------------------------------------------


def fetch(into: Path) -> Path:
    """Download the source package with a private apt setup; return the orig tarball."""
    has_key = keyring_has_trixie_key()
    if has_key is False:
        # Never fall back to [trusted=yes]: an unverified compiler input is not worth a lab page.
        raise BuildError(
            f"{KEYRING} does not hold Debian's trixie signing key, so the download cannot be "
            "verified; upgrade debian-archive-keyring (2023.3+deb12u2 or newer) and rerun"
        )
    mirror = debian_mirror()
    into = into.resolve()  # apt reads relative Dir:: paths against its own directories
    apt = into / "apt"
    lists, archives, cache = apt / "lists", apt / "archives", apt / "cache"
    for d in (lists / "partial", archives / "partial", cache):
        d.mkdir(parents=True, exist_ok=True)
    (apt / "sources.list").write_text(f"deb-src [signed-by={KEYRING}] {mirror} {SUITE} main\n")
    options = [
        "-o", f"Dir::Etc::SourceList={apt / 'sources.list'}",
        "-o", "Dir::Etc::SourceParts=/dev/null",
        "-o", f"Dir::State::Lists={lists}",
        "-o", f"Dir::Cache={cache}",
        "-o", f"Dir::Cache::Archives={archives}",
        "-o", "Dir::Cache::pkgcache=",  # no binary caches written anywhere
        "-o", "Dir::Cache::srcpkgcache=",
        "-o", "APT::Update::Error-Mode=any",  # an index that failed to download is an error
    ]
    download = into / "download"
    download.mkdir()
    if os.geteuid() == 0:
        # apt downloads as the unprivileged _apt user when it can; let it write here.
        try:
            import pwd

            uid = pwd.getpwnam("_apt").pw_uid
            for d in (into, apt, lists, lists / "partial", archives, archives / "partial", download):
                os.chown(d, uid, -1)
        except (KeyError, OSError):
            pass
    run_logged(["apt-get", *options, "update"], "apt-get update (private lists)")
    run_logged(["apt-get", *options, "source", "--download-only", PACKAGE], "apt-get source", cwd=download)
    tarballs = sorted(download.glob(f"{PACKAGE}_*.orig.tar.xz"))
    if len(tarballs) != 1:
        raise BuildError(f"expected one {PACKAGE} orig tarball, found {len(tarballs)}")
    return tarballs[0]


def extract(tarball: Path, into: Path) -> Path:
    run_logged(["tar", "-xJf", str(tarball), "-C", str(into)], "extracting the tarball")
    trees = [p for p in into.iterdir() if p.is_dir() and (p / "configure").is_file()]
    if len(trees) != 1:
        raise BuildError("the tarball did not hold exactly one CPython source tree")
    return trees[0]


def build(jobs: int, force: bool) -> None:
    if not force and works(EXECUTABLE):
        say(f"{EXECUTABLE.relative_to(ROOT)} is already a working free-threaded interpreter")
        return
    ensure_build_dependencies()
    if WORK.exists():
        shutil.rmtree(WORK)  # what a killed run left
    WORK.mkdir(parents=True)
    LOG.write_text(f"build of a free-threaded CPython, started {time.ctime()}\n")

    say(f"fetch: Debian {SUITE} source package {PACKAGE} (private apt setup, signatures checked)")
    tarball = fetch(WORK)
    say(f"extract: {tarball.name}")
    source = extract(tarball, WORK)
    if skipped := skipped_optional_modules():
        say(f"note: headers missing, these optional modules will be skipped: {', '.join(skipped)}")
    say("configure: --disable-gil")
    run_logged(
        [
            "./configure",
            "--disable-gil",
            f"--prefix={PREFIX}",
            "--without-ensurepip",
            "--disable-test-modules",  # no test suite installed: faster, smaller
        ],
        "configure",
        cwd=source,
    )
    say(f"build: make -j{jobs} (compiler output goes to {LOG.relative_to(ROOT)})")
    run_logged(["make", f"-j{jobs}"], "make", cwd=source)
    say("install: make install into a staging folder, then rename into place")
    stage = WORK / "stage"
    run_logged(["make", "install", f"DESTDIR={stage}"], "make install", cwd=source)
    staged = stage / PREFIX.relative_to(PREFIX.anchor)
    if not works(staged / "bin" / "python3.13t"):
        # Finds its stdlib next to itself, so the staged copy can be tested where it is.
        raise BuildError("the freshly built interpreter is not free-threaded or does not start")
    old = None
    if PREFIX.exists():
        old = Path(tempfile.mkdtemp(dir=CACHE, prefix=".python-ft-old-"))
        os.rename(PREFIX, old / "python-ft")
    os.rename(staged, PREFIX)
    if old:
        shutil.rmtree(old)
    shutil.rmtree(WORK)
    if not works(EXECUTABLE):
        raise BuildError(f"{EXECUTABLE} does not work after the rename")
    version = subprocess.run(
        [str(EXECUTABLE), "-VV"], capture_output=True, text=True
    ).stdout.strip()
    say(f"done: {EXECUTABLE.relative_to(ROOT)}: {version}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild even if a working one exists")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="parallel make jobs")
    args = parser.parse_args()
    stop_on_term()
    CACHE.mkdir(exist_ok=True)
    with open(CACHE / "python-ft.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two builds in one checkout wait for each other
        try:
            build(max(1, args.jobs), args.force)
        except BuildError as exc:
            if LOG.exists():
                tail = LOG.read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
                print("\n".join(tail), file=sys.stderr)
            print(f"error: building the free-threaded interpreter: {exc} (log: {LOG})", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
