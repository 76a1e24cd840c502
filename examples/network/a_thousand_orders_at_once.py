# kitchen: hide-start
# /// script
# requires-python = ">=3.11"
# dependencies = ["aiohttp>=3.9", "uvicorn>=0.30", "starlette>=0.37"]
# ///
# kitchen: hide-end
"""A thousand orders at once: no limit, a Semaphore, a pool limit, retries."""

import asyncio
import random

import aiohttp

# kitchen: hide-start
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import kitchen_parser, non_negative_int, positive_float, positive_int, report
from _service import service, stall_stats
# kitchen: hide-end

async def order(session, url, n):
    async with session.get(f"{url}/order/{n}") as response:
        response.raise_for_status()  # 503 "too busy" is an error, not food
        return await response.json()


def bounded(limit):  # at most `limit` orders out at once
    semaphore = asyncio.Semaphore(limit)
    async def get(session, url, n):
        async with semaphore:
            return await order(session, url, n)
    return get


async def with_retries(session, url, n, tries=3):
    for attempt in range(1, tries + 1):
        try:
            return await order(session, url, n)
        except (aiohttp.ClientError, asyncio.TimeoutError):
            if attempt == tries:
                raise
            await asyncio.sleep(random.random() * 0.1 * 2 ** attempt)


async def fetch_all(url, orders, get=order, pool=0, timeout=5.0):
    connector = aiohttp.TCPConnector(limit=pool)  # pool=0: no limit
    give_up = aiohttp.ClientTimeout(total=timeout)  # queueing counts too
    async with aiohttp.ClientSession(
            connector=connector, trust_env=False, timeout=give_up) as s:
        jobs = [get(s, url, n) for n in range(orders)]
        return await asyncio.gather(*jobs, return_exceptions=True)


# kitchen: hide-start
def outcome(answer) -> str:
    if isinstance(answer, dict):
        return "answered"
    if isinstance(answer, aiohttp.ClientResponseError):
        return f"HTTP {answer.status}"
    if isinstance(answer, asyncio.TimeoutError):
        return "timed out"
    return type(answer).__name__


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.01)
    parser.add_argument("--orders", type=positive_int, default=300, help="orders sent at once (default: 300)")
    parser.add_argument("--boil", type=positive_float, default=5,
                        help="kitchen minutes each order waits at the stall (default: 5)")
    parser.add_argument("--capacity", type=positive_int, default=100,
                        help="connections the stall serves at once; beyond, it answers 503 (default: 100)")
    parser.add_argument("--limit", type=positive_int, default=50,
                        help="orders the polite clients keep out at once (default: 50)")
    parser.add_argument("--seed", type=non_negative_int, default=1, help="seed for the retries' back-off")
    parser.add_argument("--port", type=non_negative_int, default=0,
                        help="port for the stall on 127.0.0.1 (default: 0, a free one)")
    args = parser.parse_args()
    random.seed(args.seed)
    boil = args.boil * args.scale
    small, short = max(1, args.limit // 5), 10 * boil  # a small pool, and ten boils to wait
    ways = {
        "no limit": lambda url: fetch_all(url, args.orders),
        "no limit, with retries": lambda url: fetch_all(url, args.orders, with_retries),
        f"Semaphore({args.limit})": lambda url: fetch_all(url, args.orders, bounded(args.limit)),
        f"TCPConnector(limit={args.limit})": lambda url: fetch_all(url, args.orders, pool=args.limit),
        f"TCPConnector(limit={small}), {short:g} s timeout":
            lambda url: fetch_all(url, args.orders, pool=small, timeout=short),
    }
    rows = []
    with service(boil=boil, port=args.port, limit_concurrency=args.capacity) as url:
        for name, run in ways.items():
            stall_stats(url, reset=True)
            began = time.perf_counter()
            answers = asyncio.run(run(url))
            wall = time.perf_counter() - began
            seen = stall_stats(url)
            counts = Counter(outcome(a) for a in answers)
            rows.append({"way": name, "wall_s": wall, "outcomes": dict(counts),
                         "answered": counts["answered"], "served": seen["served"],
                         "peak_in_flight": seen["peak_in_flight"]})
    print(f"{args.orders} orders of {boil * 1000:.0f} ms; the stall serves {args.capacity} connections at once\n")
    print(f"{'':38}{'wall':>7}{'stall: most at once':>21}  client saw")
    for r in rows:
        saw = ", ".join(f"{n} {what}" for what, n in sorted(r["outcomes"].items()))
        print(f"{r['way']:38}{r['wall_s']:6.2f}s{r['peak_in_flight']:21}  {saw}")
    report(rows=rows, orders=args.orders, boil_s=boil, capacity=args.capacity, limit=args.limit,
           timeout_s=5.0, small_pool=small, short_timeout_s=short)


if __name__ == "__main__":
    main()
# kitchen: hide-end
