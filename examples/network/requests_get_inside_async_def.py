# kitchen: hide-start
# /// script
# requires-python = ">=3.11"
# dependencies = ["requests>=2.31", "httpx>=0.27", "uvicorn>=0.30", "starlette>=0.37"]
# ///
# kitchen: hide-end
"""requests.get in async def freezes the chef; an async client doesn't."""

import asyncio
import functools
import time

import httpx
import requests

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import kitchen_parser, non_negative_int, positive_float, positive_int, report
from _service import service, timed
# kitchen: hide-end


@timed  # kitchen: hide
async def blocking_get(session, url, n):  # the mistake: no await inside
    response = session.get(f"{url}/order/{n}", timeout=10)  # kitchen: highlight
    return response.json()


@timed  # kitchen: hide
async def sleeping(seconds, url, n):  # the same mistake, without a network
    time.sleep(seconds)  # kitchen: highlight
    return {"order": n}


@timed  # kitchen: hide
async def async_client(client, url, n):  # fix 1: a client that awaits
    response = await client.get(f"{url}/order/{n}")
    return response.json()


@timed  # kitchen: hide
async def in_a_thread(session, url, n):  # fix 2: the blocking call in a helper
    get = functools.partial(session.get, timeout=10)
    response = await asyncio.to_thread(get, f"{url}/order/{n}")
    return response.json()


async def all_orders(way, ctx, url, orders):
    return await asyncio.gather(*(way(ctx, url, n) for n in range(orders)))


# kitchen: hide-start
async def ticker(every: float, ticks: list[float], stop: asyncio.Event) -> None:
    """Tick every `every` seconds; the gaps between ticks show how long the loop froze."""
    ticks.append(time.perf_counter())
    while not stop.is_set():
        await asyncio.sleep(every)
        ticks.append(time.perf_counter())


async def measured(way, ctx, url, orders: int, every: float) -> dict:
    ticks: list[float] = []
    stop = asyncio.Event()
    timer = asyncio.create_task(ticker(every, ticks, stop))
    phase, timed.phase = timed.phase, ""
    await way(ctx, url, orders)  # a first order off the clock: first-use imports and connections
    timed.phase = phase
    await asyncio.sleep(2 * every)  # the ticker is running before the first order goes out
    began = time.perf_counter()
    answers = await all_orders(way, ctx, url, orders)
    wall = time.perf_counter() - began
    stop.set()
    await timer
    assert sorted(a["order"] for a in answers) == list(range(orders))
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    inside = sum(began < t < began + wall for t in ticks)
    return {"wall_s": wall, "longest_freeze_s": max(gaps), "ticks_during": inside}


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.01)
    parser.add_argument("--orders", type=positive_int, default=5, help="orders to fetch (default: 5)")
    parser.add_argument("--boil", type=positive_float, default=5,
                        help="kitchen minutes each order waits at the stall (default: 5)")
    parser.add_argument("--tick", type=positive_float, default=0.5,
                        help="kitchen minutes between the ticker's ticks (default: 0.5)")
    parser.add_argument("--port", type=non_negative_int, default=0,
                        help="port for the stall on 127.0.0.1 (default: 0, a free one)")
    args = parser.parse_args()
    boil, every = args.boil * args.scale, args.tick * args.scale

    results = {}
    with service(boil=boil, port=args.port) as url, requests.Session() as session:
        session.trust_env = False  # ignore proxy settings: loopback only
        ways = {
            "requests.get in async def": (blocking_get, session),
            "time.sleep in async def": (sleeping, boil),
            "httpx.AsyncClient": (async_client, None),
            "asyncio.to_thread(requests.get)": (in_a_thread, session),
        }
        for name, (way, ctx) in ways.items():
            timed.phase = name

            async def run(way=way, ctx=ctx):  # this round's way, not the last one's
                if way is async_client:
                    async with httpx.AsyncClient(trust_env=False, timeout=10) as client:
                        return await measured(way, client, url, args.orders, every)
                return await measured(way, ctx, url, args.orders, every)

            results[name] = asyncio.run(run())
    timed.phase = ""

    print(f"{args.orders} orders of {boil * 1000:.0f} ms each; the ticker ticks every {every * 1000:.0f} ms")
    print(f"\n{'':34}{'wall':>8}{'longest freeze':>16}{'ticks meanwhile':>17}")
    for name, r in results.items():
        print(f"{name:34}{r['wall_s']:7.2f}s{r['longest_freeze_s'] * 1000:13.0f} ms{r['ticks_during']:17}")
    report(ways=results, orders=args.orders, boil_s=boil, tick_s=every)


if __name__ == "__main__":
    main()
# kitchen: hide-end
