"""Kitchen utensils shared by the examples: a clock, honest CPU work and option checks.

Nothing in here is concurrent. Every example does its own threading, asyncio or
multiprocessing in plain sight; this module only keeps time and checks options.

When the site is built, two environment variables name files to write:
KITCHEN_TRACE gets one JSON line per step (for the timeline drawings) and
KITCHEN_RESULT gets the final measurements (for the tests and the captions).
Run an example by hand and neither is written.
"""

from __future__ import annotations

import argparse
import functools
import inspect
import json
import math
import os
import sys
import threading
import time
from contextlib import contextmanager, nullcontext

_lock = threading.Lock()

# --- options -------------------------------------------------------------------------


def positive_float(text: str) -> float:
    """An argparse type: a finite number above zero."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text}")
    return value


def non_negative_int(text: str) -> int:
    """An argparse type: a whole number of at least 0 (seeds, for example)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {text}")
    return value


def kitchen_parser(description: str, *, scale: float, unit: str = "kitchen minute"):
    """A parser with the --scale option every example shares."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--scale",
        type=positive_float,
        default=scale,
        metavar="SECONDS",
        help=f"real seconds per {unit} (default: %(default)s)",
    )
    return parser


def add_start_method(parser, *, default: str | None = None, omitted: str | None = None) -> None:
    """--start-method for examples with processes, so each can be tried under all three.

    Left out, the option is `default` (None: the platform's own default). An example
    that does something else without it (tries every method in turn, say) describes
    that in `omitted`, for --help.
    """
    if omitted is None:
        omitted = default or "this platform's default"
    parser.add_argument(
        "--start-method",
        choices=("fork", "spawn", "forkserver"),
        default=default,
        help=f"how child processes start (default: {omitted})",
    )


# --- time ----------------------------------------------------------------------------


class Clock:
    """Kitchen time since the service started.

    `scale` real seconds make one kitchen unit. A child process can share the
    parent's clock by passing `start`: perf_counter reads the same monotonic
    clock in every process on Linux and macOS.
    """

    def __init__(
        self, scale: float, unit: str = "min", start: float | None = None, phase: str = ""
    ):
        self.scale = scale
        self.unit = unit
        self.phase = phase  # names this run in the timeline when an example has several
        self.start = time.perf_counter() if start is None else start
        global _active
        _active = self  # the clock that @timed steps record on, until the next one starts
        # Processes started from now on (spawn, forkserver) find it here; fork copies _active.
        os.environ["KITCHEN_CLOCK"] = json.dumps([scale, unit, self.start, phase])

    def elapsed(self) -> float:
        """Real seconds since the start."""
        return time.perf_counter() - self.start

    def log(self, who: str, what: str) -> None:
        with _lock:  # one write per line, so lines from different threads never interleave
            stamp = f"{self.elapsed() / self.scale:5.1f} {self.unit}"  # read under the lock: lines stay in time order
            sys.stdout.write(f"[{stamp}] {who:<10} {what}\n")
            sys.stdout.flush()

    @contextmanager
    def step(self, who: str, what: str, kind: str):
        """Log the start and end of a step; `kind` is "wait" (I/O) or "work" (CPU)."""
        if kind not in ("wait", "work"):
            raise ValueError(f"kind must be 'wait' or 'work', not {kind!r}")
        begin = self.elapsed()
        self.log(who, f"starts {what}")
        # Read after `begin`: reading a file lets go of the GIL, and a thread that wants it
        # back behind a busy one waits a switch interval, which would delay the start.
        queued = run_queue_seconds()
        cpu = time.thread_time()
        try:
            yield
        finally:
            cpu = time.thread_time() - cpu
            end = self.elapsed()
            self.log(who, f"finishes {what}")
            event = {"phase": self.phase, "lane": who, "label": what, "kind": kind,
                     "start": begin, "end": end}
            if kind == "work":  # a wait that awaits would count other coroutines' CPU time
                event["cpu"] = cpu  # seconds this thread really ran: wall time hides waits for the GIL
            if queued is not None:
                event["queued"] = queued
            _trace(event)


def run_queue_seconds() -> float | None:
    """Seconds this thread has spent ready to run but left without a core, where Linux says.

    A busy machine shows here, and a lock or the GIL does not: a thread waiting for those
    sleeps, it is not queued. None where the system does not tell.
    """
    fields = (read_proc("/proc/thread-self/schedstat") or "").split()
    return int(fields[1]) / 1e9 if len(fields) > 1 else None


_active: Clock | None = None


def _inherited_clock() -> Clock | None:
    """The clock of the parent that started this process, if it had one."""
    shared = os.environ.get("KITCHEN_CLOCK")
    return Clock(*json.loads(shared)) if shared else None


def current_clock() -> Clock | None:
    """The latest Clock: this process's, or the one its parent had when it started it."""
    return _active or _inherited_clock()


def worker_name() -> str:
    """The process's name in a pool process, else the thread's name."""
    import multiprocessing  # here: most examples never start a process

    process = multiprocessing.current_process().name
    return process if process != "MainProcess" else threading.current_thread().name


def log(who: str, what: str) -> None:
    """One line of the latest Clock's log (plain, with no clock): for hidden narration."""
    clock = _active or _inherited_clock()
    if clock is None:
        print(f"{who:<10} {what}", flush=True)
    else:
        clock.log(who, what)


def timed(lane: str, label: str, kind: str):
    """Record every call of a function as a step of the latest Clock, from outside it.

    A decorator for the functions an example teaches, so they take no clock:
    `lane` and `label` are filled in from the call's arguments ("pot {pot}"), and
    "{thread}" from the name of the thread that makes the call, "{worker}" from the pool
    process's name (the thread's in the main process).
    Works on plain functions and coroutine functions; with no clock, it only calls.
    """

    def wrap(fn):
        signature = inspect.signature(fn)

        def step(args, kwargs, clock=None):
            call = signature.bind(*args, **kwargs)
            call.apply_defaults()
            clock = clock or _active or _inherited_clock()
            if clock is None:
                return nullcontext()
            named = {"thread": threading.current_thread().name, "pid": os.getpid(),
                     "worker": worker_name(),
                     **call.arguments}  # {thread}: the chef, {pid}: the kitchen
            return clock.step(lane.format(*call.args, **named),
                              label.format(*call.args, **named), kind)

        if inspect.iscoroutinefunction(fn):
            @functools.wraps(fn)
            async def timed_coroutine(*args, **kwargs):
                with step(args, kwargs):
                    return await fn(*args, **kwargs)

            return timed_coroutine

        return _TimedCall(fn, step)

    return wrap


class _TimedCall:
    """A plain function under @timed. Sent to another process (a Process target, a pool job)
    it goes by name, as a function does, and takes the clock of that moment along: a pool
    started under an earlier clock, or a forkserver started for an earlier phase, still
    draws on the current one."""

    def __init__(self, fn, step, clock: Clock | None = None):
        functools.update_wrapper(self, fn)
        self._fn, self._step, self._clock = fn, step, clock

    def __call__(self, *args, **kwargs):
        with self._step(args, kwargs, self._clock):
            return self._fn(*args, **kwargs)

    def __reduce__(self):
        return _timed_by_name, (self.__module__, self.__qualname__, self._clock or _active)


def _timed_by_name(module: str, qualname: str, clock: Clock | None) -> _TimedCall:
    found = sys.modules[module]  # in a spawned child "__main__" is the script, imported again
    for part in qualname.split("."):
        found = getattr(found, part)
    return _TimedCall(found._fn, found._step, clock)


class InFlight:
    """Counts what is in progress (calls, tickets on a rail) and the most there were at once.

    A measuring tool: threads enter and leave it at any moment, so it keeps its own lock.
    Use it as `with counter:` around a call, or `enter()` and `leave()` where one thread
    starts what another ends. The latest one made is the one `in_flight` counts on.
    """

    latest: InFlight | None = None

    def __init__(self) -> None:
        self.now = self.most = 0
        self._lock = threading.Lock()
        InFlight.latest = self

    def enter(self) -> int:
        """One more in progress; returns how many are now."""
        with self._lock:
            self.now += 1
            self.most = max(self.most, self.now)
            return self.now

    def leave(self) -> int:
        with self._lock:
            self.now -= 1
            return self.now

    def __enter__(self) -> InFlight:
        self.enter()
        return self

    def __exit__(self, *exc) -> None:
        self.leave()


def in_flight(fn):
    """Count every call of fn in progress on the latest InFlight (a coroutine function counts
    while it awaits); with none made yet, it only calls."""

    def counter():
        return InFlight.latest or nullcontext()

    if inspect.iscoroutinefunction(fn):
        @functools.wraps(fn)
        async def counted_coroutine(*args, **kwargs):
            with counter():
                return await fn(*args, **kwargs)

        return counted_coroutine

    @functools.wraps(fn)
    def counted(*args, **kwargs):
        with counter():
            return fn(*args, **kwargs)

    return counted


def precise_loop():
    """An asyncio event loop whose timers count microseconds, for a finely scaled clock.

    The default loop on Linux waits with epoll, which rounds every timeout up to a whole
    millisecond; select() takes microseconds. Pass it as asyncio.Runner(loop_factory=...).
    """
    import asyncio
    import selectors

    return asyncio.SelectorEventLoop(selectors.SelectSelector())


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def warm_up(pool, workers: int) -> None:
    """Start every worker of a process pool before the clock starts.

    A task goes to whichever worker is free, so one round of tasks can miss a worker that is
    still starting: ask again until each one has answered.
    """
    ready: set[int] = set()
    while len(ready) < workers:
        ready.update(pool.map(_pid_after, [0.05] * workers))


def press_ctrl_c_after(seconds: float) -> None:
    """Send this process SIGINT after `seconds`, as a person at the keyboard would.

    The Ctrl-C examples' `--interrupt-after` stands in for a keyboard with this. Started in
    the background, a process may have inherited "ignore SIGINT"; at a terminal it would
    have Python's usual handler, which raises KeyboardInterrupt. Make sure of that, and
    keep a handler the example installed itself.
    """
    import signal  # here: only the Ctrl-C examples need it

    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGALRM, lambda signum, frame: os.kill(os.getpid(), signal.SIGINT))
    signal.setitimer(signal.ITIMER_REAL, seconds)


# --- work ----------------------------------------------------------------------------


def chop(units: int) -> int:
    """Pure-Python CPU work. It holds the GIL the whole time, like real chopping holds a cook."""
    total = 0
    for i in range(units):
        total += i * i % 7
    return total


_rate: float | None = None


def cpu_seconds() -> float:
    """CPU time of this process (all its threads) and of its children that have been joined."""
    t = os.times()
    return time.process_time() + t.children_user + t.children_system


def units_for(seconds: float) -> int:
    """How many `chop` units take about `seconds` of CPU here, measured once per process.

    Measured in CPU time, which other programs on a busy machine cannot inflate.
    Measure in the parent and hand the number to workers, so every worker does
    the same amount of work whatever else is running.
    """
    global _rate
    if _rate is None:
        best = math.inf
        for _ in range(3):  # best of three: the least disturbed sample
            began = time.thread_time()
            chop(100_000)
            best = min(best, time.thread_time() - began)
        _rate = 100_000 / best
    return max(1, round(_rate * seconds))


# --- Linux-only measurements ----------------------------------------------------------
# /proc and sched_getaffinity exist on Linux only. Read them through these helpers, so that
# on macOS and Windows an example still runs and says in one line what it cannot measure.

NO_PROC_ENV = "KITCHEN_PRETEND_NO_PROC"  # =1: behave as if there were no /proc (for tests)


def has_proc() -> bool:
    """Whether Linux's /proc can be read here."""
    return os.environ.get(NO_PROC_ENV) != "1" and os.path.isdir("/proc/self")


def linux_only(what: str) -> bool:
    """True where /proc can be read; elsewhere print one line saying `what` is not measured."""
    if has_proc():
        return True
    print(f"cannot measure {what} on this platform (it needs Linux's /proc)", flush=True)
    return False


def read_proc(path: str) -> str | None:
    """The text of a file under /proc, or None: no /proc here, or the process has gone."""
    if not has_proc():
        return None
    try:
        with open(path, encoding="ascii", errors="replace") as fh:
            return fh.read()
    except OSError:
        return None


def proc_stat_field(path: str, index: int) -> int | None:
    """Field `index` counted after the command name of a /proc/.../stat file (0 is the state)."""
    stat = read_proc(path)
    return None if stat is None else int(stat[stat.rfind(")") + 2 :].split()[index])


@contextmanager
def cores_seen(every: float = 0.002):
    """The cores the calling thread is seen on while the block runs, as a set filled in as it goes.

    A measuring tool: a second thread reads the thread's /proc stat (field "processor") every
    `every` seconds; nothing pins the thread to a core. Without /proc the set stays empty.
    """
    tid, seen, done = threading.get_native_id(), set(), threading.Event()

    def look() -> None:
        while not done.wait(every):
            core = proc_stat_field(f"/proc/self/task/{tid}/stat", 36)
            if core is not None:
                seen.add(core)

    looker = threading.Thread(target=look, name="core watcher", daemon=True)
    looker.start()
    try:
        yield seen
    finally:
        done.set()
        looker.join()


def smaps_mib(*fields: str, pid: str | int = "self") -> float:
    """The sum of some /proc/<pid>/smaps_rollup fields (Rss, Pss...) in MiB; NaN where unknown,
    so sums and differences still compute and print as nan."""
    text = read_proc(f"/proc/{pid}/smaps_rollup")
    if text is None:
        return math.nan
    kib = 0
    for line in text.splitlines():
        name, _, rest = line.partition(":")
        if name in fields:
            kib += int(rest.split()[0])
    return kib / 1024


def allowed_cores() -> list[int] | None:
    """The cores the OS may run this process on, or None where it does not say (not Linux)."""
    if not has_proc() or not hasattr(os, "sched_getaffinity"):
        return None
    return sorted(os.sched_getaffinity(0))


# --- building ------------------------------------------------------------------------


def compile_extension(source: str, name: str, folder) -> str | None:
    """Build C `source` into the extension module `name` in `folder`, with this interpreter's
    own compiler and flags; return `folder` (to import from), or None when there is no
    compiler. A compile error raises CalledProcessError."""
    import shlex
    import shutil
    import subprocess
    import sysconfig

    cc = shlex.split(sysconfig.get_config_var("CC") or "cc")
    if not cc or shutil.which(cc[0]) is None:
        return None
    c_file = os.path.join(folder, f"{name}.c")
    with open(c_file, "w", encoding="utf-8") as fh:
        fh.write(source)
    target = os.path.join(folder, name + sysconfig.get_config_var("EXT_SUFFIX"))
    subprocess.run([*cc, "-shared", "-fPIC", "-O1", f"-I{sysconfig.get_path('include')}",
                    c_file, "-o", target], check=True)
    return str(folder)


# --- reporting -----------------------------------------------------------------------


def _trace(event: dict) -> None:
    path = os.environ.get("KITCHEN_TRACE")
    if path:
        event["pid"] = os.getpid()
        with _lock, open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(event) + "\n")  # one short append: atomic across processes


def record(*, phase: str, lane: str, label: str, kind: str, start: float, end: float) -> None:
    """Add a step measured some other way (e.g. by Dask) to the timeline; times in seconds."""
    _trace({"phase": phase, "lane": lane, "label": label, "kind": kind, "start": start, "end": end})


def report(**numbers) -> None:
    """Hand the final measurements to the site build (a no-op when run by hand)."""
    path = os.environ.get("KITCHEN_RESULT")
    if path:
        try:
            with open(path, encoding="utf-8") as fh:
                merged = json.load(fh)
        except FileNotFoundError:
            merged = {}
        merged.update(numbers)
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(merged, fh)
