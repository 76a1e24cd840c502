"""The market stall the network examples phone: a real HTTP service in its own process.

    with service() as url:    # uvicorn serving a Starlette app on 127.0.0.1, a free port
        requests.get(f"{url}/order/7?boil=0.05")   # answers after 50 ms

The service runs in a child process (its own interpreter, its own GIL, its own event
loop), so what the clients measure is their own waiting, not the server's. It stays in
the example's process group and watches its stdin: when the example ends, however it
ends, the service goes too.

Run it yourself with `python _service.py` (port 8000) and try `curl
'127.0.0.1:8000/order/1?boil=0.5'`.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import functools
import importlib.util
import inspect
import os
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

HOST = "127.0.0.1"  # loopback only: nothing leaves this machine
URL_ENV = "KITCHEN_SERVICE_URL"  # set for the example's own child processes: use this service
MAX_BOIL = 10.0  # seconds: an order never keeps the stall longer than this


# --- the stall: one order takes `boil` seconds of waiting ---------------------------------

def stall_app(boil: float = 0.0):
    """A Starlette app: GET /order/{n} waits `boil` seconds (or ?boil=SECONDS) and answers;
    GET /stats says what the stall saw."""
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    seen = {"served": 0, "in_flight": 0, "peak_in_flight": 0}

    async def order(request):
        wait = min(float(request.query_params.get("boil", boil)), MAX_BOIL)
        seen["in_flight"] += 1  # one event loop: no lock needed between awaits
        seen["peak_in_flight"] = max(seen["peak_in_flight"], seen["in_flight"])
        try:
            await asyncio.sleep(wait)
        finally:
            seen["in_flight"] -= 1
        seen["served"] += 1
        return JSONResponse({"order": request.path_params["n"], "boiled": wait})

    async def stats(request):
        answer = dict(seen)
        if request.query_params.get("reset"):
            seen.update(served=0, peak_in_flight=seen["in_flight"])
        return JSONResponse(answer)

    return Starlette(routes=[Route("/order/{n:int}", order), Route("/stats", stats)])


def stall_stats(url: str, reset: bool = False) -> dict:
    """What the stall saw (GET /stats); reset=True starts a new count."""
    import json
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxy: loopback only
    with opener.open(f"{url}/stats" + ("?reset=1" if reset else ""), timeout=5) as response:
        return json.load(response)


# --- starting and stopping it -------------------------------------------------------------

def listen(port: int) -> socket.socket:
    """Bind 127.0.0.1:port here (0: a free port), so a port in use is one clear error."""
    sock = socket.socket()
    try:
        sock.bind((HOST, port))
    except OSError as exc:
        sock.close()
        raise SystemExit(f"error: cannot listen on {HOST}:{port}: {exc.strerror}") from None
    sock.listen(4096)
    return sock


def _wait_until_up(proc: subprocess.Popen, port: int, seconds: float) -> None:
    """Ask for / until any HTTP answer comes back (a 404 will do), the child dies, or time is up."""
    deadline = time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        if proc.poll() is not None:
            raise SystemExit(f"error: the service exited with code {proc.returncode} before it answered")
        if left <= 0:
            raise SystemExit(f"error: the service on {HOST}:{port} did not answer within {seconds:g} s")
        conn = http.client.HTTPConnection(HOST, port, timeout=min(0.25, left))
        try:
            conn.request("GET", "/")
            conn.getresponse().read()
            return
        except OSError:  # refused, reset or timed out: not up yet
            time.sleep(0.02)
        finally:
            conn.close()


@contextmanager
def service(app: str = "stall", *, boil: float = 0.0, port: int = 0, startup_timeout: float = 10.0,
            limit_concurrency: int | None = None, threads: int | None = None):
    """Start `app` ("stall", or "path/to/file.py:name") under uvicorn; yield its base URL.

    boil: seconds the stall waits before it answers an order.
    limit_concurrency: uvicorn answers 503 beyond this many connections at once.
    threads: the size of the pool that runs plain `def` endpoints (Starlette's default: 40).
    """
    if url := os.environ.get(URL_ENV):  # a child of an example: its parent's service is up
        if urlsplit(url).hostname != HOST:
            raise SystemExit(f"error: {URL_ENV} must point at {HOST}, not {url}")
        yield url
        return
    sock = listen(port)
    command = [sys.executable, __file__, "--app", app, "--fd", str(sock.fileno()), "--boil", str(boil)]
    if limit_concurrency:
        command += ["--limit-concurrency", str(limit_concurrency)]
    if threads:
        command += ["--threads", str(threads)]
    # Same process group as the example: a kill of the example's group takes the service too.
    proc = subprocess.Popen(command, pass_fds=[sock.fileno()], stdin=subprocess.PIPE)
    port = sock.getsockname()[1]
    sock.close()  # the child holds its own copy
    try:
        _wait_until_up(proc, port, startup_timeout)
        yield f"http://{HOST}:{port}"
    finally:
        proc.stdin.close()  # the service's signal to stop
        try:
            proc.wait(3)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- measuring the clients ---------------------------------------------------------------

def timed(fetch):
    """Record each call's real start and end on the timeline, lane "order N" (N: last argument).

    Set `timed.phase` to a name to record; left empty, nothing is recorded.
    """
    from _kitchen import record

    def log(args, began):
        if timed.phase:
            timed.spans.append((timed.phase, began, time.perf_counter()))
            record(phase=timed.phase, lane=f"order {args[-1]}", label="waiting for the stall",
                   kind="wait", start=began, end=time.perf_counter())

    if inspect.iscoroutinefunction(fetch):
        async def wrapper(*args):
            began = time.perf_counter()
            try:
                return await fetch(*args)
            finally:
                log(args, began)
    else:
        def wrapper(*args):
            began = time.perf_counter()
            try:
                return fetch(*args)
            finally:
                log(args, began)
    return functools.wraps(fetch)(wrapper)


timed.phase = ""
timed.spans = []  # (phase, start, end) of every recorded call, for measurements in the example


def _status_mib(field: str) -> float | None:
    """A field of /proc/self/status (VmRSS, VmHWM) in MiB; None without Linux's /proc."""
    from _kitchen import read_proc

    text = read_proc("/proc/self/status")
    for line in (text or "").splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return None


def _reset_peak_rss() -> bool:
    """Start a new peak: Linux sets VmHWM back to the current VmRSS when told "5"."""
    from _kitchen import has_proc

    if not has_proc():
        return False
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:  # an old kernel, or not allowed
        return False


def measure(fetch) -> dict:
    """Call `fetch()`; its answers, wall and CPU seconds, and the most resident memory it added
    (the process's peak while fetching, less what it held before; None where Linux's /proc
    cannot say)."""
    before = _status_mib("VmRSS") if _reset_peak_rss() else None
    began, cpu = time.perf_counter(), time.process_time()
    answers = fetch()
    wall, cpu = time.perf_counter() - began, time.process_time() - cpu
    peak = _status_mib("VmHWM")
    grown = None if before is None or peak is None else peak - before
    return {"answers": answers, "wall_s": wall, "cpu_s": cpu, "memory_mb": grown}


def run_fresh(argv: list[str], url: str) -> dict:
    """Run `python *argv` in a fresh interpreter that phones the stall at `url`.

    Echo its first line of output; return the JSON it printed after "RESULT " on its last.
    """
    import json

    out = subprocess.run([sys.executable, *argv], env={**os.environ, URL_ENV: url}, text=True,
                         stdout=subprocess.PIPE, timeout=120)
    if out.returncode:
        raise SystemExit(f"error: {' '.join(argv[1:])} failed (exit {out.returncode})")
    lines = out.stdout.splitlines()
    print(lines[0])
    return json.loads(lines[-1].removeprefix("RESULT "))


async def watch_loop(coro, every: float) -> dict:
    """Await `coro` while a ticker asks to tick every `every` s; return its result and the ticks.

    Between two ticks the loop ran something else: a long gap is a frozen loop.
    """
    ticks: list[float] = []
    stop = asyncio.Event()

    async def ticker() -> None:
        ticks.append(time.perf_counter())
        while not stop.is_set():
            await asyncio.sleep(every)
            ticks.append(time.perf_counter())

    timer = asyncio.create_task(ticker())
    await asyncio.sleep(2 * every)  # the ticker is running before the first order goes out
    result = await coro
    stop.set()
    await timer
    return {"result": result, "ticks": ticks}


def freeze_while_out(ticks: list[float], phase: str) -> dict:
    """From the first order of `phase` going out to the last coming back (timed's spans): how long
    that took, the longest stretch without a tick inside it, and how many ticks fell in it."""
    mine = [(start, end) for p, start, end in timed.spans if p == phase]
    first, last = min(s for s, _ in mine), max(e for _, e in mine)
    gaps = [min(b, last) - max(a, first) for a, b in zip(ticks, ticks[1:]) if b > first and a < last]
    return {"wall_s": last - first, "longest_freeze_s": max(gaps),
            "ticks_during": sum(first < t < last for t in ticks)}


class _InFlight:
    """ASGI middleware: per path, the most requests in progress at once, the most of the
    framework's pool threads busy and requests queued for one, and the stall's CPU seconds
    (user time, every thread) from the first request's start to the last one's end. GET /stats
    returns and resets."""

    def __init__(self, inner):
        self.inner, self.now, self.peak, self.cpu = inner, {}, {}, {}

    def clock(self, path: str, end: bool) -> None:
        import os
        import time

        now = (time.perf_counter(), os.times().user)
        first = self.cpu.setdefault(path, now)
        if end:
            seen = self.peak[path]
            seen["stall_wall_s"], seen["stall_cpu_s"] = now[0] - first[0], now[1] - first[1]

    def sample(self, path: str) -> None:
        import anyio.to_thread

        pool = anyio.to_thread.current_default_thread_limiter().statistics()
        seen = self.peak.setdefault(path, {"in_progress": 0, "threads_busy": 0, "queued": 0})
        seen["in_progress"] = max(seen["in_progress"], self.now[path])
        seen["threads_busy"] = max(seen["threads_busy"], pool.borrowed_tokens)
        seen["queued"] = max(seen["queued"], pool.tasks_waiting)

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "")
        if path == "/stats":
            import anyio.to_thread
            from starlette.responses import JSONResponse

            limiter = anyio.to_thread.current_default_thread_limiter()
            stats, self.peak, self.cpu = {"peak": self.peak, "threads": limiter.total_tokens}, {}, {}
            return await JSONResponse(stats)(scope, receive, send)
        self.now[path] = self.now.get(path, 0) + 1
        self.clock(path, end=False)
        self.sample(path)
        try:
            await self.inner(scope, receive, send)
        finally:
            self.sample(path)
            self.clock(path, end=True)
            self.now[path] -= 1


def count_in_flight(app):
    """Add the counting middleware to a Starlette app: GET /stats then says what it saw."""
    app.add_middleware(_InFlight)


# --- the client examples' driver --------------------------------------------------------

def fetch_parser(doc: str, *, workers: bool = False):
    """Options every client example shares: how many orders, how long each boils, the port."""
    from _kitchen import kitchen_parser, non_negative_int, positive_float, positive_int

    parser = kitchen_parser(doc.splitlines()[0], scale=0.01)
    parser.add_argument("--orders", type=positive_int, default=10, help="orders to fetch (default: 10)")
    parser.add_argument("--boil", type=positive_float, default=5,
                        help="kitchen minutes each order waits at the stall (default: 5)")
    if workers:
        parser.add_argument("--workers", type=positive_int, default=20,
                            help="threads in the pool (default: 20)")
    parser.add_argument("--port", type=non_negative_int, default=0,
                        help="port for the stall on 127.0.0.1 (default: 0, a free one)")
    return parser


def run_clients(args, clients: dict, draw: bool = True) -> dict:
    """Run each client once against one stall; print and return what each took."""
    boil = args.boil * args.scale
    results = {}
    with service(boil=boil, port=args.port) as url:
        for name, fetch in clients.items():
            timed.phase = name if draw else ""
            began = time.perf_counter()
            answers = fetch(url)
            wall = time.perf_counter() - began
            if sorted(a["order"] for a in answers) != list(range(args.orders)):
                raise SystemExit(f"error: {name} did not get every order back")
            print(f"{name}: {args.orders} orders of {boil * 1000:.0f} ms in {wall:.2f} s "
                  f"({args.orders / wall:.0f} orders/s)")
            results[name] = {"wall_s": wall, "per_s": args.orders / wall}
    timed.phase = ""
    return {"clients": results, "orders": args.orders, "boil_s": boil}


# --- the child: serve an app on the socket it was handed -----------------------------------

def _load(app: str, boil: float):
    if app == "stall":
        return stall_app(boil)
    path, _, name = app.rpartition(":")
    spec = importlib.util.spec_from_file_location("kitchen_app", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # its `if __name__ == "__main__":` part does not run
    return getattr(module, name)


def _serve(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description="Serve an app on 127.0.0.1 with uvicorn.")
    parser.add_argument("--app", default="stall", help="'stall' or path/to/file.py:name")
    parser.add_argument("--fd", type=int, help="a listening socket to serve (default: bind --port)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--boil", type=float, default=0.0, help="seconds the stall waits per order")
    parser.add_argument("--limit-concurrency", type=int)
    parser.add_argument("--threads", type=int)
    args = parser.parse_args(argv)
    import uvicorn

    sock = socket.socket(fileno=args.fd) if args.fd is not None else listen(args.port)
    app = _load(args.app, args.boil)
    config = uvicorn.Config(app, log_level="error", access_log=False, lifespan="off",
                            limit_concurrency=args.limit_concurrency, timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    if args.threads:  # the pool that runs plain `def` endpoints
        import anyio.to_thread

        async def startup(sockets=None, _original=server.startup):
            anyio.to_thread.current_default_thread_limiter().total_tokens = args.threads
            await _original(sockets=sockets)

        server.startup = startup
    if args.fd is not None:  # started by an example: stop when it closes our stdin

        def watch_parent():
            sys.stdin.buffer.read()
            server.should_exit = True

        threading.Thread(target=watch_parent, daemon=True).start()
    else:
        print(f"serving {args.app} on http://{HOST}:{sock.getsockname()[1]} (Ctrl-C stops)")
    server.run(sockets=[sock])


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    _serve(sys.argv[1:])
