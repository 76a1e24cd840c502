"""Fresh kitchens after so many orders: max_tasks_per_child, maxtasksperchild.

A worker that leaks memory, or keeps state it should not, can be replaced after
a fixed number of orders. ProcessPoolExecutor(max_tasks_per_child=) (3.11+)
and multiprocessing.Pool(maxtasksperchild=) both retire a worker after that
many tasks and start a new one.
"""

import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import kitchen_parser, positive_int, report
# kitchen: hide-end


def cook(order: int) -> int:
    return os.getpid()  # which kitchen cooked it


def with_executor(orders: int, per_child: int, method: str) -> list[int]:
    # ValueError under fork: replacing workers needs spawn or forkserver
    ctx = get_context(method)
    with ProcessPoolExecutor(2, mp_context=ctx,
                             max_tasks_per_child=per_child) as pool:
        return list(pool.map(cook, range(orders)))


def with_pool(orders: int, per_child: int, method: str) -> list[int]:
    with get_context(method).Pool(2, maxtasksperchild=per_child) as pool:
        return pool.map(cook, range(orders), chunksize=1)


# kitchen: hide-start
def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.01)
    parser.add_argument("--orders", type=positive_int, default=8, help="orders (default: 8)")
    parser.add_argument("--per-child", type=positive_int, default=1,
                        help="orders a worker cooks before it is replaced (default: 1)")
    parser.add_argument("--start-method", choices=("spawn", "forkserver"), default="spawn",
                        help="how workers start; fork cannot replace them (default: spawn)")
    args = parser.parse_args()
    kitchens = {}
    for name, way in (("ProcessPoolExecutor(max_tasks_per_child)", with_executor),
                      ("Pool(maxtasksperchild)", with_pool)):
        if way is with_executor and args.per_child > 1 and sys.version_info < (3, 14):
            print(f"{name:42} skipped: with more than 1 it can hang before 3.14 "
                  f"(CPython gh-115634; this is {sys.version.split()[0]})")
            continue
        pids = way(args.orders, args.per_child, args.start_method)
        most = max(pids.count(p) for p in set(pids))
        kitchens[name] = {"kitchens": len(set(pids)), "most_orders": most}
        print(f"{name:42} {args.orders} orders, {len(set(pids))} kitchens, "
              f"at most {most} per kitchen")
    report(orders=args.orders, per_child=args.per_child, kitchens=kitchens)


if __name__ == "__main__":
    main()
# kitchen: hide-end
