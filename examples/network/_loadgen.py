"""A small load generator: C clients ask one URL again and again, then report latencies.

Written with aiohttp: on this site's own measurements (the four-clients table) httpx
spends several times more CPU per request, and a load generator that runs short of
CPU measures itself instead of the service.

    python _loadgen.py http://127.0.0.1:8000/async-sleep?boil=0.02 --concurrency 50 --seconds 2

Each of the C clients sends its next request as soon as its last one is answered (a
closed loop, like C users clicking as fast as the site answers). It stops sending after
--requests in all or --seconds, whichever comes first, and prints one JSON line.
It runs in its own process, so its CPU work does not slow the service it measures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from urllib.parse import urlsplit

import aiohttp


async def load(url: str, concurrency: int, requests: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    sent = 0
    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout, trust_env=False) as client:
        async with client.get(url) as response:  # one request off the clock: the first connection
            await response.read()
        began = time.perf_counter()
        deadline = began + seconds

        async def user() -> None:
            nonlocal sent
            while sent < requests and time.perf_counter() < deadline:
                sent += 1
                start = time.perf_counter()
                try:
                    async with client.get(url) as response:
                        response.raise_for_status()
                        await response.read()
                except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                    continue
                latencies.append(time.perf_counter() - start)

        await asyncio.gather(*(user() for _ in range(concurrency)))
        wall = time.perf_counter() - began
    cuts = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else latencies * 99
    return {"answered": len(latencies), "errors": errors, "wall_s": wall, "per_s": len(latencies) / wall,
            "p50_s": cuts[49], "p99_s": cuts[98], "max_s": max(latencies, default=0.0)}


def drive(url: str, concurrency: int, requests: int, seconds: float) -> dict:
    """Run this load generator in a process of its own against `url`; return what it measured."""
    import subprocess

    command = [sys.executable, __file__, url, "--concurrency", str(concurrency),
               "--requests", str(requests), "--seconds", str(seconds)]
    out = subprocess.run(command, stdout=subprocess.PIPE, text=True, timeout=120)
    if out.returncode:
        raise SystemExit(f"error: the load generator failed on {url} (exit {out.returncode})")
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="an http://127.0.0.1 URL")
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--requests", type=int, default=1000, help="most requests in all")
    parser.add_argument("--seconds", type=float, default=2.0, help="stop sending after this long")
    args = parser.parse_args()
    if urlsplit(args.url).hostname != "127.0.0.1":
        parser.error("the load generator only talks to 127.0.0.1")
    if args.concurrency < 1 or args.requests < 1 or not 0 < args.seconds <= 60:
        parser.error("concurrency and requests must be at least 1, seconds between 0 and 60")
    print(json.dumps(asyncio.run(load(args.url, args.concurrency, args.requests, args.seconds))))


if __name__ == "__main__":
    sys.exit(main())
