"""Build CPython 3.14, 3.14t, 3.15 or 3.15t from verified Debian sources into a per-user cache.

usage: python tools/build_python.py [--jobs N] [--force] [--list] VARIANT [VARIANT ...]

VARIANT is one of 3.14, 3.14t, 3.15, 3.15t ("t": free-threaded, --disable-gil).

Where: $XDG_CACHE_HOME/concurrent-kitchen/python/<version>[t]-<flags>/ (~/.cache when
XDG_CACHE_HOME is unset), shared by every clone and by CI on the same machine. The folder
name carries the exact source version and a hash of the configure flags, so a change of
either builds anew and nothing else does. A lock per variant keeps two builds that start
at once from touching the same folder: the second waits, then finds the first one's result.

Sources, newest first:
1. whatever `apt-get source` can fetch through Debian's signed indexes (forky, sid), with a
   private apt configuration, so the machine's own apt state is never touched;
2. the maintainers' signed .dsc files in KNOWN_DSC, checked with gpgv against Debian's
   keyrings (the debian-keyring package), then the tarball's SHA-256 against the .dsc.
A file that fails either check is refused with one line; nothing unverified is built.

What is built: the upstream tarball inside the source package, without Debian's patches
(those adapt CPython to Debian's file layout, which a private prefix does not want). The
default and free-threaded builds of a version use the same configure flags, apart from
--disable-gil, so their single-thread comparison is fair. No PGO or LTO: the lab says so.

Atomic: `make install DESTDIR=<staging>` fills a staging folder, which is renamed into
place only once the new interpreter answers correctly. A killed build leaves no
half-installed interpreter; its leftovers are removed by the next run.

Stdlib only, Python 3.9+, so it runs before any virtualenv exists.
"""

from __future__ import annotations

import argparse
import fcntl
import glob
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

VARIANTS = ("3.14", "3.14t", "3.15", "3.15t")

# Same flags for both builds of a version; --disable-gil is added for the "t" variant.
CONFIGURE_FLAGS = ("--without-ensurepip", "--disable-test-modules", "--with-pydebug=no")

# Signed .dsc files the mirror still serves after the Sources index moved on, newest first.
# (3.15.0~rc2 has a tarball there but no .dsc, so it cannot be verified and is not listed.)
KNOWN_DSC = {
    "3.14": ["python3.14/python3.14_3.14.7-1.dsc"],
    "3.15": ["python3.15/python3.15_3.15.0~rc1-1.dsc"],
}
INDEX_SUITES = ("sid", "forky")  # tried with apt-get source first; their files may 404

ARCHIVE_KEYRING = Path("/usr/share/keyrings/debian-archive-keyring.gpg")
MAINTAINER_KEYRINGS = [
    Path("/usr/share/keyrings/debian-keyring.gpg"),
    Path("/usr/share/keyrings/debian-maintainers.gpg"),
    Path("/usr/share/keyrings/debian-nonupload.gpg"),
]

BUILD_TOOLS = {"gcc": "gcc", "make": "make", "tar": "tar", "xz": "xz-utils", "gpgv": "gpgv"}
BUILD_HEADERS = {"/usr/include/stdio.h": "libc6-dev"}
# Headers for the optional modules that pip and the examples' packages need; installed with
# apt when missing (as root), otherwise named in one line and the module is skipped.
OPTIONAL_HEADERS = {
    "zlib.h": ("zlib", "zlib1g-dev"),
    "ffi.h": ("ctypes", "libffi-dev"),
    "openssl/ssl.h": ("ssl", "libssl-dev"),
    "sqlite3.h": ("sqlite3", "libsqlite3-dev"),
    "bzlib.h": ("bz2", "libbz2-dev"),
    "lzma.h": ("lzma", "liblzma-dev"),
    "zstd.h": ("compression.zstd", "libzstd-dev"),
    "uuid/uuid.h": ("uuid", "uuid-dev"),
}

PROBE = (
    "import json, sys, sysconfig, ssl, zlib, ctypes, sqlite3;"
    "print(json.dumps({'version': sys.version.split()[0],"
    "'gil_disabled': sysconfig.get_config_var('Py_GIL_DISABLED') == 1}))"
)


class BuildError(Exception):
    """One line for the user; details are in the log."""


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "concurrent-kitchen" / "python"


def flags_for(variant: str) -> list[str]:
    return [*CONFIGURE_FLAGS, *(["--disable-gil"] if variant.endswith("t") else [])]


def flags_key(variant: str) -> str:
    return hashlib.sha256(" ".join(flags_for(variant)).encode()).hexdigest()[:8]


def executable_name(variant: str) -> str:
    return f"python{variant}"


# --- output ------------------------------------------------------------------------------

_began = time.monotonic()


def say(variant: str, message: str) -> None:
    print(f"[python {variant} {time.monotonic() - _began:6.1f} s] {message}", flush=True)


def run_logged(cmd: list[str], what: str, log: Path, cwd: Path | None = None, env: dict | None = None,
               progress: str | None = None) -> None:
    """Run with all output appended to the log; every 30 s a progress line, if asked."""
    with open(log, "a", encoding="utf-8") as fh:
        fh.write(f"\n$ {' '.join(cmd)}\n")
        fh.flush()
        # Its own process group, so that stopping this script stops make's compilers too.
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=fh, stderr=subprocess.STDOUT,
                                start_new_session=True)
        done = threading.Event()

        def tick() -> None:
            while not done.wait(30):
                lines = sum(1 for _ in open(log, encoding="utf-8", errors="replace"))
                say(progress, f"{what}: still running ({lines} log lines so far)")

        ticker = threading.Thread(target=tick, daemon=True) if progress else None
        if ticker:
            ticker.start()
        try:
            returncode = proc.wait()
        except BaseException:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise
        finally:
            done.set()
    if returncode:
        raise BuildError(f"{what} failed (exit code {returncode})")


def stop_on_term() -> None:
    """A TERM unwinds like Ctrl-C, so the running step's process group is stopped, not orphaned."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))


# --- is it there already? ----------------------------------------------------------------


def probe(python: Path) -> dict | None:
    try:
        proc = subprocess.run([str(python), "-c", PROBE], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode:
        return None
    try:
        return json.loads(proc.stdout)
    except ValueError:
        return None


def works(python: Path, variant: str) -> bool:
    info = probe(python)
    return bool(info and info["version"].startswith(variant.rstrip("t") + ".")
                and info["gil_disabled"] == variant.endswith("t"))


def installed(variant: str, root: Path | None = None) -> list[Path]:
    """Finished installs of this variant with today's flags, newest version first."""
    root = root or cache_root()
    key = flags_key(variant)
    suffix = "t" if variant.endswith("t") else ""
    found = []
    for d in root.glob(f"{variant.rstrip('t')}.*{suffix}-{key}"):
        if (d / "build-info.json").is_file():
            found.append(d)

    def version(d: Path):
        return [int(x) if x.isdigit() else -1 for x in re.split(r"[.a-z]+", d.name.split("-")[0]) if x]

    return sorted(found, key=version, reverse=True)


# --- build dependencies ------------------------------------------------------------------


def _apt_install(packages: list[str], log: Path) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run_logged(["apt-get", "install", "-y", "--no-install-recommends", *packages], "apt-get install", log, env=env)


def _has_header(header: str) -> bool:
    return bool(glob.glob(f"/usr/include/{header}") or glob.glob(f"/usr/include/*/{header}"))


def ensure_build_dependencies(variant: str, log: Path) -> None:
    missing = [pkg for tool, pkg in BUILD_TOOLS.items() if shutil.which(tool) is None]
    missing += [pkg for header, pkg in BUILD_HEADERS.items() if not Path(header).exists()]
    optional = [pkg for header, (_, pkg) in OPTIONAL_HEADERS.items() if not _has_header(header)]
    keyrings = [] if any(k.exists() for k in MAINTAINER_KEYRINGS) else ["debian-keyring"]
    wanted = sorted(set(missing + optional + keyrings))
    if wanted and os.geteuid() == 0 and shutil.which("apt-get"):
        say(variant, f"installing with apt-get: {' '.join(wanted)}")
        try:
            _apt_install(wanted, log)
        except BuildError:
            pass  # what is still missing is reported just below
    still = [pkg for tool, pkg in BUILD_TOOLS.items() if shutil.which(tool) is None]
    still += [pkg for header, pkg in BUILD_HEADERS.items() if not Path(header).exists()]
    if still:
        raise BuildError(f"missing build dependencies: {' '.join(sorted(set(still)))}; install them and rerun")
    if not any(k.exists() for k in MAINTAINER_KEYRINGS):
        raise BuildError("no Debian maintainer keyring to verify sources with; install debian-keyring and rerun")
    skipped = [f"{module} ({pkg})" for header, (module, pkg) in OPTIONAL_HEADERS.items() if not _has_header(header)]
    if skipped:
        say(variant, f"note: headers missing, these optional modules will be skipped: {', '.join(skipped)}")


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


# --- fetching and verifying --------------------------------------------------------------


def verify_dsc(dsc: Path, log: Path) -> None:
    """gpgv against the maintainer keyrings: a bad or missing signature is refused."""
    keyrings = [str(k) for k in MAINTAINER_KEYRINGS if k.exists()]
    cmd = ["gpgv", *(arg for k in keyrings for arg in ("--keyring", k)), str(dsc)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    with open(log, "a", encoding="utf-8") as fh:
        fh.write(f"\n$ {' '.join(cmd)}\n{proc.stdout}{proc.stderr}")
    if proc.returncode != 0 or "Good signature" not in proc.stderr:
        raise BuildError(f"{dsc.name}: signature check failed (gpgv exit {proc.returncode}); refusing to build it")


def signed_text(dsc: Path) -> str:
    """The part of the .dsc that the signature covers (not anything appended around it)."""
    text = dsc.read_text(encoding="utf-8", errors="replace")
    match = re.search(r"-----BEGIN PGP SIGNED MESSAGE-----\n.*?\n\n(.*?)\n-----BEGIN PGP SIGNATURE-----",
                      text, re.S)
    if not match:
        raise BuildError(f"{dsc.name}: not a clearsigned .dsc; refusing to build it")
    return match.group(1)


def orig_tarball(dsc: Path) -> tuple[str, str]:
    """(file name, sha256) of the upstream tarball, as the signed part of the .dsc says."""
    body = signed_text(dsc)
    section = re.search(r"^Checksums-Sha256:\n((?: .*\n?)+)", body, re.M)
    if not section:
        raise BuildError(f"{dsc.name}: no Checksums-Sha256 field")
    for line in section.group(1).splitlines():
        digest, _size, name = line.split()
        if re.fullmatch(r"python3\.\d+_[^/]+\.orig\.tar\.xz", name):
            return name, digest
    raise BuildError(f"{dsc.name}: names no .orig.tar.xz")


def check_tarball(tarball: Path, expected: str) -> None:
    digest = hashlib.sha256()
    with open(tarball, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != expected:
        raise BuildError(f"{tarball.name}: SHA-256 does not match the signed .dsc; refusing to build it")


def download(url: str, into: Path) -> None:
    tmp = into.with_suffix(into.suffix + ".part")
    try:
        with urllib.request.urlopen(url, timeout=60) as response, open(tmp, "wb") as fh:
            shutil.copyfileobj(response, fh, 1 << 20)
    except (urllib.error.URLError, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise BuildError(f"download failed: {url.rsplit('/', 1)[-1]}: {exc}") from None
    os.replace(tmp, into)


def fetch_from_index(series: str, work: Path, log: Path) -> Path | None:
    """apt-get source through a signed index, into a private apt tree; None when it cannot."""
    if not ARCHIVE_KEYRING.exists() or shutil.which("apt-get") is None:
        return None
    apt = (work / "apt").resolve()
    lists, archives, cache = apt / "lists", apt / "archives", apt / "cache"
    for d in (lists / "partial", archives / "partial", cache):
        d.mkdir(parents=True, exist_ok=True)
    mirror = debian_mirror()
    (apt / "sources.list").write_text(
        "".join(f"deb-src [signed-by={ARCHIVE_KEYRING}] {mirror} {suite} main\n" for suite in INDEX_SUITES))
    options = [
        "-o", f"Dir::Etc::SourceList={apt / 'sources.list'}", "-o", "Dir::Etc::SourceParts=/dev/null",
        "-o", f"Dir::State::Lists={lists}", "-o", f"Dir::Cache={cache}",
        "-o", f"Dir::Cache::Archives={archives}", "-o", "Dir::Cache::pkgcache=",
        "-o", "Dir::Cache::srcpkgcache=", "-o", "APT::Sandbox::User=root",
    ]
    out = work / "index"
    out.mkdir(exist_ok=True)
    try:
        run_logged(["apt-get", *options, "update"], "apt-get update (private lists)", log)
        run_logged(["apt-get", *options, "source", "--download-only", f"python{series}"], "apt-get source", log,
                   cwd=out)
    except BuildError:
        return None
    tarballs = sorted(out.glob(f"python{series}_*.orig.tar.xz"))
    return tarballs[0] if len(tarballs) == 1 else None


def fetch_known(series: str, work: Path, log: Path) -> tuple[Path, str]:
    mirror = debian_mirror()
    errors = []
    for rel in KNOWN_DSC[series]:
        dsc = work / Path(rel).name
        try:
            download(f"{mirror}/pool/main/p/{rel}", dsc)
            verify_dsc(dsc, log)
            name, digest = orig_tarball(dsc)
            tarball = work / name
            download(f"{mirror}/pool/main/p/{Path(rel).parent}/{name}", tarball)
            check_tarball(tarball, digest)
            return tarball, dsc.name
        except BuildError as exc:
            errors.append(str(exc))
    raise BuildError("; ".join(errors))


def source_version(tarball: Path) -> str:
    """3.14.7 or 3.15.0rc1, from python3.15_3.15.0~rc1.orig.tar.xz."""
    upstream = tarball.name.split("_", 1)[1].split(".orig")[0]
    return upstream.replace("~", "")


# --- building ----------------------------------------------------------------------------


def build(variant: str, jobs: int, force: bool) -> Path:
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    series = variant.rstrip("t")
    with open(root / f".{variant}.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(variant, "another build of this variant is running; waiting for it")
            fcntl.flock(lock, fcntl.LOCK_EX)
        for d in installed(variant):
            exe = d / "bin" / executable_name(variant)
            if not force and works(exe, variant):
                say(variant, f"already built: {exe}")
                return exe
        for stale in root.glob(f".work-{variant}-*"):
            shutil.rmtree(stale, ignore_errors=True)  # what a killed build left
        work = Path(tempfile.mkdtemp(dir=root, prefix=f".work-{variant}-"))
        log = root / f"build-{variant}.log"
        log.write_text(f"build of CPython {variant}, started {time.ctime()}\n")
        began = time.monotonic()
        try:
            exe = _build_in(variant, series, work, log, jobs, began)
        except BuildError as exc:
            raise BuildError(f"{exc} (log: {log})") from None
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return exe


def _build_in(variant: str, series: str, work: Path, log: Path, jobs: int, began: float) -> Path:
    ensure_build_dependencies(variant, log)
    say(variant, f"fetch: Debian's python{series} through the signed index ({', '.join(INDEX_SUITES)})")
    tarball = fetch_from_index(series, work, log)
    origin = "Debian source package via the signed Sources index"
    if tarball is None:
        say(variant, "not fetchable through the index; trying the maintainers' signed .dsc files")
        tarball, dsc = fetch_known(series, work, log)
        origin = f"{dsc}, signature checked with gpgv, tarball SHA-256 checked against it"
    version = source_version(tarball)
    say(variant, f"source: {tarball.name} ({origin})")
    run_logged(["tar", "-xJf", str(tarball), "-C", str(work)], "extracting the tarball", log)
    trees = [p for p in work.iterdir() if p.is_dir() and (p / "configure").is_file()]
    if len(trees) != 1:
        raise BuildError("the tarball did not hold exactly one CPython source tree")
    source = trees[0]
    suffix = "t" if variant.endswith("t") else ""
    prefix = cache_root() / f"{version}{suffix}-{flags_key(variant)}"
    flags = flags_for(variant)
    say(variant, f"configure: {' '.join(flags)} (no PGO/LTO)")
    run_logged(["./configure", f"--prefix={prefix}", *flags], "configure", log, cwd=source, progress=variant)
    say(variant, f"build: make -j{jobs}")
    run_logged(["make", f"-j{jobs}"], "make", log, cwd=source, progress=variant)
    stage = work / "stage"
    run_logged(["make", "install", f"DESTDIR={stage}"], "make install", log, cwd=source, progress=variant)
    staged = stage / prefix.relative_to(prefix.anchor)
    if not works(staged / "bin" / executable_name(variant), variant):
        raise BuildError("the new interpreter does not start, lacks ssl/zlib/ctypes/sqlite3, or is the wrong kind")
    seconds = time.monotonic() - began
    info = {"variant": variant, "version": version, "flags": flags, "source": tarball.name,
            "origin": origin, "build_seconds": round(seconds, 1), "jobs": jobs,
            "built": time.strftime("%Y-%m-%d %H:%M:%S")}
    for dsc in [*work.glob("*.dsc"), *work.glob("index/*.dsc")]:
        shutil.copy(dsc, staged / "source.dsc")  # the signed description it was built from
    (staged / "build-info.json").write_text(json.dumps(info, indent=1))
    if prefix.exists():
        shutil.rmtree(prefix)  # an install without build-info.json: never finished
    os.rename(staged, prefix)
    exe = prefix / "bin" / executable_name(variant)
    say(variant, f"done in {seconds:.0f} s: {exe}")
    return exe


# --- the examples' virtualenv ----------------------------------------------------------------

LOCK = Path(__file__).resolve().parent.parent / "requirements" / "examples.txt"


def lock_key(lock: Path = LOCK) -> str:
    return hashlib.sha256(lock.read_bytes()).hexdigest()[:8]


def lock_entries(text: str) -> list[dict]:
    """The lock's packages: name, their lines, and which packages pulled each in ("# via")."""
    entries, current = [], None
    for line in text.splitlines(keepends=True):
        if re.match(r"^[A-Za-z0-9_.\-]+==", line):
            current = {"name": line.split("==")[0].lower(), "lines": [line], "via": []}
            entries.append(current)
        elif current is not None and line.startswith("    "):
            current["lines"].append(line)
            via = re.match(r"\s+#\s+(?:via\s+)?([A-Za-z0-9_.\-]+)\s*$", line)
            if via and not via.group(1).startswith("-r"):
                current["via"].append(via.group(1).lower())
        else:
            current = None
    return entries


def without(entries: list[dict], missing: str) -> tuple[list[dict], set[str]]:
    """Drop a package that has no wheel here, and every package that needs it, transitively."""
    dropped, pending = set(), [missing.lower()]
    by_name = {e["name"]: e for e in entries}
    while pending:
        name = pending.pop()
        if name in dropped or name not in by_name:
            continue
        dropped.add(name)
        pending.extend(by_name[name]["via"])
    return [e for e in entries if e["name"] not in dropped], dropped


def install_what_has_wheels(variant: str, target: Path, log: Path) -> dict:
    """pip install the lock from wheels; a package without a wheel here is left out with what needs it.

    The marker then names what is missing, and the examples that declare those packages say
    so instead of running on this interpreter.
    """
    entries = lock_entries(LOCK.read_text())
    missing: list[str] = []
    reasons: list[str] = []
    for _ in range(10):
        reduced = target / "kitchen-requirements.txt"
        reduced.write_text("".join(line for e in entries for line in e["lines"]))
        pip = [str(target / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
               "--only-binary", ":all:", "--require-hashes", "-r", str(reduced)]
        try:
            run_logged(pip, "pip install (examples)", log, progress=variant)
            break
        except BuildError:
            errors = [line for line in log.read_text(errors="replace").splitlines() if "ERROR" in line]
            found = re.search(r"No matching distribution found for ([A-Za-z0-9_.\-]+)==", errors[-1] if errors else "")
            if not found:
                why = (errors[-1] if errors else "pip failed").strip()
                return {"packages": False, "missing": ["(all)"], "why": why}
            entries, dropped = without(entries, found.group(1))
            missing.extend(sorted(dropped))
            reasons.append(f"no {found.group(1)} wheel for this interpreter")
            say(variant, f"note: {reasons[-1]}; left out: {', '.join(sorted(dropped))}")
    return {"packages": True, "missing": missing, "why": "; ".join(reasons)}


def ensure_venv(variant: str, exe: Path, jobs_log: Path) -> Path:
    """A virtualenv of this build with the examples' pinned packages (wheels only, hashes checked).

    Keyed by the build and the lock's hash, so every clone with the same lock shares it. The
    marker file `kitchen-ready` is written last: a venv without it is unfinished and redone.
    Where a package has no wheel for this interpreter, it is left out with what needs it, and
    the marker says which; the examples that need them then say so instead of running.
    """
    venvs = cache_root().parent / "venvs"
    venvs.mkdir(parents=True, exist_ok=True)
    target = venvs / f"{exe.parent.parent.name}-{lock_key()}"
    marker = target / "kitchen-ready"
    with open(venvs / f".{target.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.is_file():
            return target
        shutil.rmtree(target, ignore_errors=True)
        began = time.monotonic()
        say(variant, f"venv: {target} (example packages from {LOCK.name}, wheels only)")
        run_logged([str(exe), "-m", "venv", str(target)], "python -m venv", jobs_log)
        status = install_what_has_wheels(variant, target, jobs_log)
        status["seconds"] = round(time.monotonic() - began, 1)
        marker.write_text(json.dumps(status))
    return target


def write_report(out: Path) -> None:
    """The build times recorded by each finished build (build-info.json), as a Markdown table."""
    rows = []
    for variant in VARIANTS:
        for d in installed(variant)[:1]:
            info = json.loads((d / "build-info.json").read_text())
            ready = (cache_root().parent / "venvs").glob(f"{d.name}-{lock_key()}/kitchen-ready")
            venv = next(iter(sorted(ready)), None)
            packages = json.loads(venv.read_text()) if venv else {}
            rows.append(f"| {variant} | {info['version']} | {info['build_seconds']:.0f} s | make -j{info['jobs']} "
                        f"| {packages.get('seconds', 0):.0f} s | {info['built']} | {info['source']} |")
    lines = [
        "| Interpreter | Version | Build | Jobs | Example packages (venv) | Built | Source |",
        "|---|---|---:|---|---:|---|---|",
        *(rows or ["| (none built on this machine) | | | | | | |"]),
        "",
        "Built by `make pythons` (tools/build_python.py) from Debian's signed sources, with "
        f"`{' '.join(CONFIGURE_FLAGS)}` and `--disable-gil` for the free-threaded builds; no PGO "
        "or LTO. A build's time depends on what else the machine was doing while it ran.",
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("variants", nargs="*", metavar="VARIANT", help=f"any of {', '.join(VARIANTS)}")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="parallel make jobs")
    parser.add_argument("--force", action="store_true", help="rebuild even if a working one exists")
    parser.add_argument("--list", action="store_true", help="print what is built, one line each, and exit")
    parser.add_argument("--venvs", action="store_true",
                        help="also make each build's virtualenv with the examples' packages")
    parser.add_argument("--report", type=Path, metavar="FILE",
                        help="write a Markdown table of each build's time and source to FILE, and exit")
    parser.add_argument("--link-dir", type=Path, metavar="DIR",
                        help="put python3.14, python3.14t, ... links in DIR (for a PATH)")
    args = parser.parse_args()
    unknown = [v for v in args.variants if v not in VARIANTS]
    if unknown:
        parser.error(f"unknown variant {unknown[0]!r}; choose from {', '.join(VARIANTS)}")
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if args.report:
        write_report(args.report)
        return 0
    if args.list:
        for variant in VARIANTS:
            found = installed(variant)
            print(f"{variant}: {found[0] / 'bin' / executable_name(variant) if found else 'not built'}")
        return 0
    stop_on_term()
    for variant in args.variants:
        try:
            exe = build(variant, args.jobs, args.force)
            if args.venvs:
                venv = ensure_venv(variant, exe, cache_root() / f"venv-{variant}.log")
                exe = venv / "bin" / executable_name(variant)
            if args.link_dir:
                args.link_dir.mkdir(parents=True, exist_ok=True)
                link = args.link_dir / executable_name(variant)
                tmp = link.with_name(link.name + ".new")
                # A script, not a symlink: a venv is recognised by the path it is started from.
                tmp.write_text(f'#!/bin/sh\nexec "{exe}" "$@"\n')
                tmp.chmod(0o755)
                os.replace(tmp, link)
        except BuildError as exc:
            print(f"error: building CPython {variant}: {exc}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
