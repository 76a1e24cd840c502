# kitchen: hide-start
# /// script
# requires-python = ">=3.11"
# dependencies = ["requests>=2.31", "uvicorn>=0.30", "starlette>=0.37"]
# ///
# kitchen: hide-end
"""Orders from a real HTTP service with requests: in turn, then in threads."""

from concurrent.futures import ThreadPoolExecutor

import requests
from requests.adapters import HTTPAdapter

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import report
from _service import fetch_parser, run_clients, timed
# kitchen: hide-end


@timed  # kitchen: hide
def order(session, url, n):
    return session.get(f"{url}/order/{n}", timeout=10).json()


def one_after_another(url, orders):
    with requests.Session() as session:
        session.trust_env = False  # ignore proxy settings: loopback only
        return [order(session, url, n) for n in range(orders)]


def thread_pool(url, orders, workers):
    with requests.Session() as session, ThreadPoolExecutor(workers) as pool:
        session.trust_env = False
        # One connection per thread (requests keeps 10 by default):
        session.mount("http://", HTTPAdapter(pool_maxsize=workers))
        return list(pool.map(lambda n: order(session, url, n), range(orders)))


# kitchen: hide-start
if __name__ == "__main__":
    args = fetch_parser(__doc__, workers=True).parse_args()
    report(**run_clients(args, {
        "requests in turn": lambda url: one_after_another(url, args.orders),
        f"requests + {args.workers} threads": lambda url: thread_pool(url, args.orders, args.workers),
    }), workers=args.workers)
# kitchen: hide-end
