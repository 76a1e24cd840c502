# kitchen: hide-start
# /// script
# requires-python = ">=3.11"
# dependencies = ["httpx>=0.27", "aiohttp>=3.9", "uvicorn>=0.30", "starlette>=0.37"]
# ///
# kitchen: hide-end
"""Orders from a real HTTP service, one chef: httpx and aiohttp."""

import asyncio

import aiohttp
import httpx

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import report
from _service import fetch_parser, run_clients, timed
# kitchen: hide-end


@timed  # kitchen: hide
async def order_httpx(client, limit, url, n):
    async with limit:  # no more orders in flight than the pool's connections
        response = await client.get(f"{url}/order/{n}")
    return response.json()


async def with_httpx(url, orders):
    limit = asyncio.Semaphore(100)  # httpx's default pool: 100 connections
    async with httpx.AsyncClient(trust_env=False, timeout=10) as client:
        async with asyncio.TaskGroup() as tg:
            tasks = [tg.create_task(order_httpx(client, limit, url, n))
                     for n in range(orders)]
    return [t.result() for t in tasks]


@timed  # kitchen: hide
async def order_aiohttp(session, url, n):
    async with session.get(f"{url}/order/{n}") as response:
        return await response.json()


async def with_aiohttp(url, orders):
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(trust_env=False, timeout=timeout) as s:
        return await asyncio.gather(
            *(order_aiohttp(s, url, n) for n in range(orders)))


# kitchen: hide-start
if __name__ == "__main__":
    args = fetch_parser(__doc__).parse_args()
    report(**run_clients(args, {
        "httpx.AsyncClient": lambda url: asyncio.run(with_httpx(url, args.orders)),
        "aiohttp.ClientSession": lambda url: asyncio.run(with_aiohttp(url, args.orders)),
    }))
# kitchen: hide-end
