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
from _service import freeze_while_out, service, timed, watch_loop
# kitchen: hide-end

BOIL = 0.05  # seconds each order boils at the stall (--boil sets it)


@timed  # kitchen: hide
async def blocking_get(session, client, url, n):  # the mistake: no await
    response = session.get(f"{url}/order/{n}", timeout=10)  # kitchen: highlight
    return response.json()


@timed  # kitchen: hide
async def sleeping(session, client, url, n):  # the same mistake, no network
    time.sleep(BOIL)  # kitchen: highlight
    return {"order": n}


@timed  # kitchen: hide
async def async_client(session, client, url, n):  # fix 1: an async client
    response = await client.get(f"{url}/order/{n}")
    return response.json()


@timed  # kitchen: hide
async def in_a_thread(session, client, url, n):  # fix 2: a helper thread
    get = functools.partial(session.get, timeout=10)
    response = await asyncio.to_thread(get, f"{url}/order/{n}")
    return response.json()


async def all_orders(way, url, orders):
    with requests.Session() as session:
        session.trust_env = False  # ignore proxy settings: loopback only
        async with httpx.AsyncClient(trust_env=False, timeout=10) as client:
            jobs = [way(session, client, url, n) for n in range(orders)]
            return await asyncio.gather(*jobs)


# kitchen: hide-start
WAYS = {
    "requests.get in async def": blocking_get,
    "time.sleep in async def": sleeping,
    "httpx.AsyncClient": async_client,
    "asyncio.to_thread(requests.get)": in_a_thread,
}


def main() -> None:
    global BOIL
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.01)
    parser.add_argument("--orders", type=positive_int, default=5, help="orders to fetch (default: 5)")
    parser.add_argument("--boil", type=positive_float, default=5,
                        help="kitchen minutes each order waits at the stall (default: 5)")
    parser.add_argument("--tick", type=positive_float, default=0.5,
                        help="kitchen minutes between the ticker's ticks (default: 0.5)")
    parser.add_argument("--port", type=non_negative_int, default=0,
                        help="port for the stall on 127.0.0.1 (default: 0, a free one)")
    args = parser.parse_args()
    BOIL, every = args.boil * args.scale, args.tick * args.scale

    results = {}
    with service(boil=BOIL, port=args.port) as url:
        for name, way in WAYS.items():
            asyncio.run(all_orders(way, url, 1))  # one order off the clock: first-use imports
            timed.phase = name
            watched = asyncio.run(watch_loop(all_orders(way, url, args.orders), every))
            timed.phase = ""
            assert sorted(a["order"] for a in watched["result"]) == list(range(args.orders))
            results[name] = freeze_while_out(watched["ticks"], name)

    print(f"{args.orders} orders of {BOIL * 1000:.0f} ms each; the ticker ticks every {every * 1000:.0f} ms")
    print(f"\n{'':34}{'wall':>8}{'longest freeze':>16}{'ticks meanwhile':>17}")
    for name, r in results.items():
        print(f"{name:34}{r['wall_s']:7.2f}s{r['longest_freeze_s'] * 1000:13.0f} ms{r['ticks_during']:17}")
    report(ways=results, orders=args.orders, boil_s=BOIL, tick_s=every)


if __name__ == "__main__":
    main()
# kitchen: hide-end
