# kitchen: hide-start
# /// script
# requires-python = ">=3.11"
# dependencies = ["starlette>=0.37", "uvicorn>=0.30", "aiohttp>=3.9"]
# ///
# kitchen: hide-end
"""def or async def? One slow order, four endpoints, the same load on each."""

import asyncio
import time

from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

# kitchen: hide-start
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import chop, kitchen_parser, non_negative_int, positive_float, positive_int, report, units_for
from _service import service
import _loadgen  # the load generator runs as its own process: python _loadgen.py URL ...
# kitchen: hide-end


async def async_sleep(request):  # awaits: the chef takes other orders
    await asyncio.sleep(float(request.query_params["boil"]))
    return JSONResponse({"ok": True})


async def async_blocking(request):  # the bug: the chef stands at the pot
    time.sleep(float(request.query_params["boil"]))
    return JSONResponse({"ok": True})


def plain_def(request):  # Starlette hands it to a helper thread
    time.sleep(float(request.query_params["boil"]))
    return JSONResponse({"ok": True})


def cpu_bound(request):  # chopping: the helpers take turns with the knife
    chop(int(request.query_params["units"]))
    return JSONResponse({"ok": True})


app = Starlette(routes=[
    Route("/async-sleep", async_sleep),
    Route("/async-blocking", async_blocking),
    Route("/plain-def", plain_def),
    Route("/cpu-bound", cpu_bound),
])


# kitchen: hide-start
class InFlight:
    """ASGI middleware, for the measurements only: per path, the most requests in progress at once,
    and the most of Starlette's pool threads busy and requests queued for one (GET /stats)."""

    def __init__(self, inner):
        self.inner, self.now, self.peak = inner, {}, {}

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

            stats = {"peak": self.peak,
                     "threads": anyio.to_thread.current_default_thread_limiter().total_tokens}
            self.peak = {}
            return await JSONResponse(stats)(scope, receive, send)
        self.now[path] = self.now.get(path, 0) + 1
        self.sample(path)
        try:
            await self.inner(scope, receive, send)
        finally:
            self.sample(path)
            self.now[path] -= 1


app.add_middleware(InFlight)

ENDPOINTS = {  # what each endpoint is called on the page
    "/async-sleep": "async def + await asyncio.sleep",
    "/async-blocking": "async def + time.sleep (the bug)",
    "/plain-def": "def + time.sleep (thread pool)",
    "/cpu-bound": "def + chopping (CPU)",
}


def stats(url: str) -> dict:
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only
    with opener.open(f"{url}/stats", timeout=5) as response:
        return json.load(response)


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.01)
    parser.add_argument("--boil", type=positive_float, default=4,
                        help="kitchen minutes each order waits (default: 4)")
    parser.add_argument("--chop", type=positive_float, default=0.5,
                        help="kitchen minutes of CPU for the chopping endpoint (default: 0.5)")
    parser.add_argument("--concurrency", type=positive_int, default=50,
                        help="clients asking at once (default: 50)")
    parser.add_argument("--seconds", type=positive_float, default=1,
                        help="real seconds the load lasts on each endpoint (default: 1)")
    parser.add_argument("--requests", type=positive_int, default=2000,
                        help="most requests per endpoint (default: 2000)")
    parser.add_argument("--port", type=non_negative_int, default=0,
                        help="port for the service on 127.0.0.1 (default: 0, a free one)")
    args = parser.parse_args()
    if args.seconds > 30:
        parser.error("--seconds: at most 30, so a run stays bounded")
    boil, units = args.boil * args.scale, units_for(args.chop * args.scale)
    loadgen = Path(_loadgen.__file__)
    rows = []
    with service(f"{Path(__file__).resolve()}:app", port=args.port) as url:
        for path, name in ENDPOINTS.items():
            query = f"units={units}" if path == "/cpu-bound" else f"boil={boil}"
            command = [sys.executable, str(loadgen), f"{url}{path}?{query}",
                       "--concurrency", str(args.concurrency), "--requests", str(args.requests),
                       "--seconds", str(args.seconds)]
            out = subprocess.run(command, stdout=subprocess.PIPE, text=True, timeout=120)
            if out.returncode:
                raise SystemExit(f"error: the load generator failed on {path} (exit {out.returncode})")
            row = {"path": path, "endpoint": name, **json.loads(out.stdout)}
            seen = stats(url)
            row.update(seen["peak"][path], threads=seen["threads"])
            rows.append(row)
    print(f"{args.concurrency} clients at once on each endpoint for {args.seconds:g} s; "
          f"an order boils {boil * 1000:.0f} ms or chops {args.chop * args.scale * 1000:.0f} ms of CPU\n")
    print(f"{'endpoint':36}{'orders/s':>9}{'p50':>9}{'p99':>9}{'at once':>9}{'threads':>9}{'queued':>8}")
    for r in rows:
        print(f"{r['endpoint']:36}{r['per_s']:9.0f}{r['p50_s'] * 1000:7.0f}ms{r['p99_s'] * 1000:7.0f}ms"
              f"{r['in_progress']:9}{r['threads_busy']:9}{r['queued']:8}")
    report(rows=rows, concurrency=args.concurrency, boil_s=boil, chop_s=args.chop * args.scale,
           seconds=args.seconds, threads=rows[0]["threads"], cores=os.cpu_count(),
           load_average=os.getloadavg()[0] if hasattr(os, "getloadavg") else None)


if __name__ == "__main__":
    main()
# kitchen: hide-end
