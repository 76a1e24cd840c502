"""Run one example script in a fresh subprocess, measure it, and cache the result.

Examples are never executed in the build process: `if __name__ == "__main__":`
blocks, spawn/forkserver pools and `asyncio.run` all need a real interpreter of
their own. Each run gets its own session, so a timeout can kill the whole
process group, pool workers included.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
# KITCHEN_CACHE_DIR moves the cache, e.g. for the build-time benchmark's cold builds.
CACHE_DIR = Path(os.environ.get("KITCHEN_CACHE_DIR") or ROOT / ".cache" / "kitchen")
DEFAULT_TIMEOUT = 60.0

# What the example itself may hand back besides its stdout (see examples/_kitchen.py).
TRACE_ENV = "KITCHEN_TRACE"
RESULT_ENV = "KITCHEN_RESULT"

# How long processes left in the group after a normal exit get to finish on their own.
LEFTOVER_GRACE = 1.0


class RunError(Exception):
    """An example did not end the way its page said it would."""


@dataclass(frozen=True)
class Request:
    script: str  # relative to ROOT, e.g. "examples/asyncio/boil_three_pastas.py"
    args: tuple[str, ...] = ()
    timeout: float = DEFAULT_TIMEOUT
    python: str | None = None  # None: the interpreter running the build
    env: tuple[tuple[str, str], ...] = ()
    expect_exit: int = 0

    @property
    def command_line(self) -> str:
        """What a reader types to run the same thing."""
        prefix = " ".join(f"{k}={shlex.quote(v)}" for k, v in self.env)
        python = "python" if self.python is None else Path(self.python).name
        cmd = shlex.join([python, self.script, *self.args])
        return f"{prefix} {cmd}" if prefix else cmd


@dataclass
class Result:
    script: str
    args: list[str]
    command_line: str
    returncode: int
    expect_exit: int
    stdout: str
    stderr: str
    wall_s: float
    cpu_s: float  # user + system, waited-for children included
    peak_rss_mb: float  # largest resident set among the process and its waited-for children
    python: str  # e.g. "CPython 3.11.7"
    gil_disabled: bool
    cpus: int
    timed_out: bool = False
    timeout_s: float = DEFAULT_TIMEOUT
    leftover: list[str] = field(default_factory=list)  # processes still alive after exit
    events: list[dict] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    cached: bool = False
    key: str = ""
    run_id: str = ""  # every process of the run carried KITCHEN_RUN_ID=<run_id>

    @property
    def ok(self) -> bool:
        return not self.timed_out and self.returncode == self.expect_exit and not self.leftover

    def problem(self) -> str | None:
        """One sentence naming the file and what went wrong, or None."""
        if self.timed_out:
            return (
                f"{self.script} timed out after {self.timeout_s:g} s; "
                "its whole process group was killed"
            )
        if self.returncode != self.expect_exit:
            return f"{self.script} exited with code {self.returncode} (expected {self.expect_exit})"
        if self.leftover:
            return f"{self.script} left {len(self.leftover)} process(es) running: " + "; ".join(
                self.leftover
            )
        return None


# --- what makes a cached result valid -------------------------------------------------


def local_modules(script: Path) -> list[Path]:
    """The script's own local imports, recursively: modules next to it (sys.path[0]) and,
    for an example, in examples/ (which its hidden preamble appends to sys.path)."""
    found: dict[Path, None] = {}
    pending = [script]
    bases = [script.parent]
    examples = (ROOT / "examples").resolve()
    if examples in script.resolve().parents:
        bases.append(examples)
    while pending:
        current = pending.pop()
        try:
            tree = ast.parse(current.read_text(encoding="utf-8"), filename=str(current))
        except SyntaxError:
            continue  # the run itself will report it
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                candidates = [c for base in bases for c in (base / f"{top}.py", base / top / "__init__.py")]
                candidate = next((c for c in candidates if c.is_file()), None)  # the first wins, as on sys.path
                if candidate is not None and candidate not in found and candidate != script:
                    found[candidate] = None
                    if candidate.name == "__init__.py":
                        package = sorted(candidate.parent.rglob("*.py"))
                        found.update(dict.fromkeys(package))
                        pending.extend(package)
                    else:
                        pending.append(candidate)
    return sorted(found)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


_PROBE = (
    "import json, os, platform, sys, sysconfig;"
    "print(json.dumps({"
    "'implementation': platform.python_implementation(),"
    "'version': platform.python_version(),"
    "'full_version': sys.version,"
    "'abiflags': getattr(sys, 'abiflags', ''),"
    "'gil_disabled': bool(sysconfig.get_config_var('Py_GIL_DISABLED')),"
    "'debug': bool(sysconfig.get_config_var('Py_DEBUG')),"
    "'executable': sys.executable}))"
)


@lru_cache(maxsize=None)
def interpreter_info(python: str) -> dict:
    """Version, implementation and build flags of an interpreter, asked of the interpreter itself."""
    try:
        out = subprocess.run(
            [python, "-c", _PROBE], capture_output=True, text=True, timeout=120, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise RunError(f"cannot start the interpreter {python!r}: {exc}") from None
    return json.loads(out)


def resolve_python(python: str | None) -> str:
    return sys.executable if python is None else python


def cache_key(req: Request) -> str:
    script = ROOT / req.script
    interp = interpreter_info(resolve_python(req.python))
    parts = {
        "script": [req.script, _sha256(script)],
        "modules": [[str(p.relative_to(ROOT)), _sha256(p)] for p in local_modules(script)],
        "interpreter": interp,
        "cpus": os.cpu_count(),
        "runner": _sha256(Path(__file__)),
        "args": list(req.args),
        "timeout": req.timeout,
        "env": [list(pair) for pair in req.env],
        "expect_exit": req.expect_exit,
    }
    blob = json.dumps(parts, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()


def cache_mode() -> str:
    """KITCHEN_CACHE: "on" (default), "refresh" (re-run, then store) or "off" (no reads, no writes)."""
    mode = os.environ.get("KITCHEN_CACHE", "on").strip().lower() or "on"
    if mode not in {"on", "refresh", "off"}:
        raise RunError(f"KITCHEN_CACHE must be on, refresh or off, not {mode!r}")
    return mode


def _cache_path(key: str) -> Path:
    return CACHE_DIR / f"{key}.json"


def load_cached(key: str) -> Result | None:
    path = _cache_path(key)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        result = Result(**data)
    except (OSError, ValueError, TypeError):
        return None  # missing or unreadable: run again
    result.cached = True
    return result


def store(result: Result) -> None:
    """Write atomically: a reader sees the old entry, the new one, or none, never half of one."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    data = asdict(result)
    data["cached"] = False
    fd, tmp = tempfile.mkstemp(dir=CACHE_DIR, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, _cache_path(result.key))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- process groups -------------------------------------------------------------------


RUN_ID_ENV = "KITCHEN_RUN_ID"


def run_members(pgid: int, run_id: str) -> list[tuple[int, str]]:
    """Live (non-zombie) processes of one run, with their command lines.

    A process belongs to the run if it is in the run's process group, or if it
    carries the run's id in its environment: that also catches a child that
    moved to a session of its own.
    """
    marker = f"{RUN_ID_ENV}={run_id}".encode()
    members = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
            fields = stat[stat.rfind(")") + 2 :].split()
            if fields[0] in {"Z", "X"}:
                continue
            ours = int(fields[2]) == pgid or marker in Path(f"/proc/{entry.name}/environ").read_bytes().split(b"\0")
            cmdline = Path(f"/proc/{entry.name}/cmdline").read_bytes() if ours else b""
        except (OSError, IndexError):
            continue  # gone meanwhile, or not ours to read
        if ours:
            members.append((int(entry.name), cmdline.replace(b"\0", b" ").decode().strip()))
    return members


def _kill_run(pgid: int, run_id: str) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    for pid, _ in run_members(pgid, run_id):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _wait_run_empty(pgid: int, run_id: str, seconds: float) -> list[tuple[int, str]]:
    deadline = time.monotonic() + seconds
    while (members := run_members(pgid, run_id)) and time.monotonic() < deadline:
        time.sleep(0.02)
    return members


# --- running --------------------------------------------------------------------------

# Started in place of the example, it forks and execs the example, then reports the example's
# own rusage. Linux copies the exec-ing process's memory high-water mark into the child's
# ru_maxrss, so an example started straight from the (large) build process would report the
# build's memory as its own; started from this small process, it reports its own.
_LAUNCHER = """
import os, sys
fd, argv = int(sys.argv[1]), sys.argv[2:]
pid = os.fork()
if pid == 0:
    os.close(fd)
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
os.write(fd, repr((os.waitstatus_to_exitcode(status), ru.ru_utime, ru.ru_stime, ru.ru_maxrss)).encode())
"""


def _read_events(path: Path) -> list[dict]:
    if not path.exists():
        return []
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            events.append(json.loads(line))
    return events


def execute(req: Request) -> Result:
    """Run the example now, whatever the cache holds."""
    script = ROOT / req.script
    if not script.is_file():
        raise RunError(f"{req.script}: no such example")
    python = resolve_python(req.python)
    interp = interpreter_info(python)

    with tempfile.TemporaryDirectory(prefix="kitchen-run-") as tmp:
        trace, result_file = Path(tmp) / "events.jsonl", Path(tmp) / "result.json"
        run_id = uuid.uuid4().hex
        env = {**os.environ, **dict(req.env)}
        env.update(
            {RUN_ID_ENV: run_id},
            PYTHONUNBUFFERED="1",
            PYTHONDONTWRITEBYTECODE="1",
            PYTHONIOENCODING="utf-8",
            **{TRACE_ENV: str(trace), RESULT_ENV: str(result_file)},
        )
        report_r, report_w = os.pipe()
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(report_w), python, str(script), *req.args],
            pass_fds=(report_w,),
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, so one killpg reaches every worker
        )
        chunks: dict[str, list[bytes]] = {"out": [], "err": []}

        def pump(stream, sink):
            for block in iter(lambda: stream.read1(65536), b""):
                sink.append(block)

        os.close(report_w)
        readers = [
            threading.Thread(target=pump, args=(proc.stdout, chunks["out"]), daemon=True),
            threading.Thread(target=pump, args=(proc.stderr, chunks["err"]), daemon=True),
        ]
        waited: dict = {}
        waiter = threading.Thread(
            target=lambda: waited.update(r=os.wait4(proc.pid, 0)), daemon=True
        )
        for t in (*readers, waiter):
            t.start()
        timed_out = False
        leftover: list[tuple[int, str]] = []
        try:
            waiter.join(req.timeout)
            if waiter.is_alive():
                timed_out = True
                _kill_run(proc.pid, run_id)
                waiter.join()
            wall = time.perf_counter() - start
            # After a normal exit anything still running was left behind: a bug in the example.
            # After a timeout anything still running escaped the kill: a bug in the runner.
            leftover = _wait_run_empty(proc.pid, run_id, 5.0 if timed_out else LEFTOVER_GRACE)
            if leftover:
                _kill_run(proc.pid, run_id)
                _wait_run_empty(proc.pid, run_id, 5.0)
        except BaseException:  # Ctrl-C in the build: take the example down with us
            _kill_run(proc.pid, run_id)
            raise
        for t in readers:
            t.join(5.0)
        _, status, _ = waited["r"]
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped by wait4
        for stream in (proc.stdout, proc.stderr):
            stream.close()
        with os.fdopen(report_r, "rb") as fh:
            report = fh.read()
        if report:  # the launcher saw the example end
            returncode, utime, stime, maxrss_kb = ast.literal_eval(report.decode())
        else:  # killed at the timeout before it could report
            returncode, utime, stime, maxrss_kb = proc.returncode, 0.0, 0.0, 0
        try:
            events = _read_events(trace)
            data = json.loads(result_file.read_text()) if result_file.exists() else {}
        except ValueError as exc:
            raise RunError(f"{req.script}: unreadable trace or result file: {exc}") from None

    return Result(
        script=req.script,
        args=list(req.args),
        command_line=req.command_line,
        returncode=returncode,
        expect_exit=req.expect_exit,
        stdout=b"".join(chunks["out"]).decode("utf-8", "replace"),
        stderr=b"".join(chunks["err"]).decode("utf-8", "replace"),
        wall_s=wall,
        cpu_s=utime + stime,
        peak_rss_mb=maxrss_kb / 1024,
        python=f"{interp['implementation']} {interp['version']}"
        + (" free-threaded" if interp["gil_disabled"] else ""),
        gil_disabled=interp["gil_disabled"],
        cpus=os.cpu_count() or 1,
        timed_out=timed_out,
        timeout_s=req.timeout,
        leftover=[f"pid {pid}: {cmd}" for pid, cmd in leftover],
        events=events,
        data=data,
        run_id=run_id,
    )


def run(req: Request, *, mode: str | None = None) -> Result:
    """Return a result for the request: from the cache when its key matches, else by running it.

    Only runs that ended as expected are stored, so a failure is re-run every time.
    """
    mode = mode or cache_mode()
    key = cache_key(req)
    if mode == "on" and (hit := load_cached(key)) is not None:
        return hit
    result = execute(req)
    result.key = key
    if mode != "off" and result.ok:
        store(result)
    return result
