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
import os
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import chop, kitchen_parser, non_negative_int, positive_float, positive_int, report, units_for
from _service import count_in_flight, service, stall_stats
import _loadgen  # the load generator, run as a process of its own
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
count_in_flight(app)  # GET /stats: what the service saw, per endpoint

ENDPOINTS = {  # what each endpoint is called on the page
    "/async-sleep": "async def + await asyncio.sleep",
    "/async-blocking": "async def + time.sleep (the bug)",
    "/plain-def": "def + time.sleep (thread pool)",
    "/cpu-bound": "def + chopping (CPU)",
}


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
    rows = []
    with service(f"{Path(__file__).resolve()}:app", port=args.port) as url:
        for path, name in ENDPOINTS.items():
            query = f"units={units}" if path == "/cpu-bound" else f"boil={boil}"
            measured = _loadgen.drive(f"{url}{path}?{query}", args.concurrency, args.requests, args.seconds)
            row = {"path": path, "endpoint": name, **measured}
            seen = stall_stats(url)
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
