"""Executor.map with and without buffersize (3.14+): orders taken ahead.

The same evening twice through ThreadPoolExecutor.map: once as before 3.14,
which takes every order before the first dish is served, and once with
buffersize=, which reads the order generator only as far as the buffer allows.
Each order carries its paperwork (bytes), so the orders held at once show up
as memory too (traced by tracemalloc). Needs Python 3.14+ (older: one line,
exit code 3).
"""

# kitchen: hide-start
# /// script
# requires-python = ">=3.14"
# ///
import platform
import sys
import tracemalloc
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import kitchen_parser, positive_int, positive_float, report

if sys.version_info < (3, 14):  # Executor.map(buffersize=) is new in 3.14
    print(f"needs Python 3.14+ (this is {platform.python_version()})", file=sys.stderr)
    sys.exit(3)
# kitchen: hide-end
import time
from concurrent.futures import ThreadPoolExecutor


def take_orders(customers, taken, paperwork):
    for ticket in range(1, customers + 1):
        taken.append(ticket)  # the waiter writes the ticket
        yield ticket, bytes(paperwork)  # and its paperwork


def cook(order, boil_s):
    ticket, _ = order
    time.sleep(boil_s)  # the dish boils: a wait
    return ticket


def service(customers, chefs, boil_s, paperwork, buffersize=None):
    taken, ahead = [], []
    orders = take_orders(customers, taken, paperwork)
    with ThreadPoolExecutor(max_workers=chefs) as pool:
        dishes = pool.map(cook, orders, [boil_s] * customers,
                          buffersize=buffersize)  # kitchen: highlight
        for served, ticket in enumerate(dishes, 1):
            ahead.append(len(taken) - served)  # taken, not yet served
    return ahead


# kitchen: hide-start
def main():
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.005)
    parser.add_argument("--customers", type=positive_int, default=60, help="orders tonight (default: 60)")
    parser.add_argument("--chefs", type=positive_int, default=2, help="threads in the pool (default: 2)")
    parser.add_argument("--buffersize", type=positive_int, default=4,
                        help="buffersize for the second evening (default: 4)")
    parser.add_argument("--paperwork-kb", type=positive_int, default=64,
                        help="bytes of paperwork per order, in KB (default: 64)")
    parser.add_argument("--boil", type=positive_float, default=1, help="kitchen minutes per dish (default: 1)")
    args = parser.parse_args()
    results = {}
    tracemalloc.start()
    for name, size in (("map", None), (f"map, buffersize={args.buffersize}", args.buffersize)):
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        began = time.perf_counter()
        ahead = service(args.customers, args.chefs, args.boil * args.scale, args.paperwork_kb * 1000, size)
        wall = time.perf_counter() - began
        peak = tracemalloc.get_traced_memory()[1] - base
        results[name] = {"before_first": ahead[0] + 1, "most_ahead": max(ahead),
                         "peak_mib": peak / 2**20, "wall_s": wall, "served": len(ahead)}
    tracemalloc.stop()
    print(f"Python {platform.python_version()}: {args.customers} orders, {args.chefs} chefs, "
          f"{args.paperwork_kb} KB of paperwork per order\n")
    print(f"{'':22}{'orders taken before':>21}{'most orders taken':>19}{'peak traced':>13}{'time':>8}")
    print(f"{'':22}{'the first was served':>21}{'but not served':>19}{'memory':>13}")
    for name, r in results.items():
        print(f"{name:22}{r['before_first']:>21}{r['most_ahead']:>19}{r['peak_mib']:>9.1f} MiB"
              f"{r['wall_s']:>7.2f}s")
    plain, buffered = results.values()
    report(python=platform.python_version(), customers=args.customers, chefs=args.chefs,
           buffersize=args.buffersize, paperwork_kb=args.paperwork_kb, plain=plain, buffered=buffered)


if __name__ == "__main__":
    main()
# kitchen: hide-end
