# kitchen: hide-start
# /// script
# requires-python = ">=3.11"
# dependencies = ["requests>=2.31", "httpx>=0.27", "aiohttp>=3.9", "uvicorn>=0.30", "starlette>=0.37"]
# ///
# kitchen: hide-end
"""Four clients fetch the same orders: wall time, orders per second, memory."""

import asyncio

from httpx_and_aiohttp import with_aiohttp, with_httpx
from requests_in_turn_and_in_threads import one_after_another, thread_pool

# kitchen: hide-start
import json
import os
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import kitchen_parser, non_negative_int, positive_float, positive_int, report
from _service import measure, run_fresh, service, stall_stats
# kitchen: hide-end

CLIENTS = {
    "requests in turn": lambda url, a: one_after_another(url, a.orders),
    "requests + threads": lambda url, a: thread_pool(url, a.orders, a.workers),
    "httpx.AsyncClient":
        lambda url, a: asyncio.run(with_httpx(url, a.orders)),
    "aiohttp.ClientSession":
        lambda url, a: asyncio.run(with_aiohttp(url, a.orders)),
}
SEQUENTIAL_LIMIT = 100  # in turn, 1,000 orders of 50 ms would take 50 s


# kitchen: hide-start
def one_client(args) -> None:
    """Fetch --orders with one client (in this fresh process) and print what it took."""
    fetch = CLIENTS[args.client]
    with service(boil=args.boil * args.scale, port=args.port) as url:
        got = measure(lambda: fetch(url, args))
    assert sorted(a["order"] for a in got.pop("answers")) == list(range(args.orders))
    grown = got["memory_mb"]
    memory = "memory not measured here" if grown is None else f"{grown:+.1f} MB peak memory"
    print(f"{args.client}: {args.orders} orders in {got['wall_s']:.2f} s, "
          f"{args.orders / got['wall_s']:.0f} orders/s, {memory}")
    print("RESULT " + json.dumps(got))


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.01)
    parser.add_argument("--boil", type=positive_float, default=5,
                        help="kitchen minutes each order waits at the stall (default: 5)")
    parser.add_argument("--sizes", type=positive_int, nargs="+", default=[10],
                        help="how many orders to fetch, one run per size (default: 10)")
    parser.add_argument("--workers", type=positive_int, default=20,
                        help="threads in the requests pool (default: 20)")
    parser.add_argument("--client", choices=list(CLIENTS),
                        help="run only this client, once, with --orders (default: all of them)")
    parser.add_argument("--orders", type=positive_int, default=10,
                        help="orders for --client (default: 10)")
    parser.add_argument("--port", type=non_negative_int, default=0,
                        help="port for the stall on 127.0.0.1 (default: 0, a free one)")
    args = parser.parse_args()
    if args.client:
        return one_client(args)

    boil_s = args.boil * args.scale
    rows = []
    with service(boil=boil_s, port=args.port) as url:
        for n in sorted(set(args.sizes)):
            for client in CLIENTS:
                row = {"client": client, "orders": n}
                if client == "requests in turn" and n > SEQUENTIAL_LIMIT:
                    row["skipped"] = f"{n} × {boil_s * 1000:.0f} ms in turn ≥ {n * boil_s:.0f} s"
                    print(f"{client}: {n} orders skipped ({row['skipped']})")
                    rows.append(row)
                    continue
                # Each client in a fresh interpreter: its memory is its own, and no warm pool is shared.
                stall_stats(url, reset=True)
                row.update(run_fresh([__file__, "--client", client, "--orders", str(n), "--boil", str(args.boil),
                                      "--scale", str(args.scale), "--workers", str(args.workers)], url))
                row["per_s"] = n / row["wall_s"]
                row["stall_peak"] = stall_stats(url)["peak_in_flight"]  # most orders out at once
                rows.append(row)
    report(rows=rows, boil_s=boil_s, workers=args.workers, sizes=sorted(set(args.sizes)),
           sequential_limit=SEQUENTIAL_LIMIT, cores=os.cpu_count(),
           load_average=os.getloadavg()[0] if hasattr(os, "getloadavg") else None)


if __name__ == "__main__":
    main()
# kitchen: hide-end
