# kitchen: hide-start
# /// script
# requires-python = ">=3.11"
# dependencies = ["dask[distributed]>=2024.1"]
# ///
# kitchen: hide-end
"""The restaurant chain: dishes sent to branch kitchens by Dask, or a pool.

Head office (the Dask scheduler) hands each order to a branch kitchen (a worker
process, possibly on another machine), and a delivery van (the network and
serialisation) carries ingredients there and dishes back. By default this
starts a small chain here: two worker processes on the loopback interface.
"""

import os
from concurrent.futures import ProcessPoolExecutor

# kitchen: hide-start
import multiprocessing
import random
import sys
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (add_start_method, chop, kitchen_parser, non_negative_int,
                      positive_float, positive_int, record, report, units_for)
# kitchen: hide-end


def prepare_dish(order: int, dish: str, units: int) -> tuple[int, str, int]:
    chop(units)  # pure-Python work, wherever it runs
    return order, dish, os.getpid()  # the plate, and who cooked it


def open_chain(scheduler: str | None, workers: int):
    from dask.distributed import Client, LocalCluster

    if scheduler:  # a running chain: tcp://HOST:PORT
        return None, Client(scheduler)
    cluster = LocalCluster(  # kitchen: highlight
        n_workers=workers, threads_per_worker=1, processes=True,
        host="127.0.0.1", dashboard_address=None)
    return cluster, Client(cluster)


def cook_with_dask(client, dishes: list[str], units: int) -> list:
    futures = client.map(prepare_dish, range(len(dishes)), dishes,  # kitchen: highlight
                         [units] * len(dishes), pure=False)
    return client.gather(futures)


def cook_with_pool(pool: ProcessPoolExecutor, dishes: list, units: int):
    return list(pool.map(prepare_dish, range(len(dishes)), dishes,
                         [units] * len(dishes)))


# kitchen: hide-start
def take_orders(customers: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(["risotto", "ramen", "tagine", "paella", "pierogi"])
            for _ in range(customers)]


def tree_cpu_s() -> float:
    """CPU seconds used so far by this process and every live child: scheduler, workers, pool.

    A busy machine stretches wall time but not CPU time, so the cost of handing out a dish
    is compared in CPU seconds. psutil comes with Dask's distributed.
    """
    import psutil

    me = psutil.Process()
    total = 0.0
    for proc in [me, *me.children(recursive=True)]:
        try:
            times = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def with_dask(menus: dict[str, tuple[list[str], int]], args) -> dict:
    from dask.distributed import get_task_stream

    began = time.perf_counter()
    cluster, client = open_chain(args.scheduler, args.workers)
    result = {}
    try:
        client.wait_for_workers(1 if args.scheduler else args.workers)
        result["open_s"] = time.perf_counter() - began
        result["kitchens"] = len(client.scheduler_info()["workers"])
        for size, (dishes, units) in menus.items():
            began, cpu = time.perf_counter(), tree_cpu_s()
            with get_task_stream(client) as stream:
                served = cook_with_dask(client, dishes, units)
            result[size] = (time.perf_counter() - began, served)
            result[f"{size}_cpu_s"] = tree_cpu_s() - cpu
            if size == "large":
                draw(stream.data)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return result


def draw(tasks: list[dict]) -> None:
    """Dask's own task stream (which worker computed what, when) onto the page's timeline."""
    for task in tasks:
        worker = task["worker"].rsplit(":", 1)[-1]
        for span in task["startstops"]:
            kind = "work" if span["action"] == "compute" else "wait"
            record(phase="Dask chain, large dishes", lane=f"branch :{worker}",
                   label=span["action"], kind=kind, start=span["start"], end=span["stop"])


def with_pool(menus: dict[str, tuple[list[str], int]], args) -> dict:
    began = time.perf_counter()
    context = multiprocessing.get_context(args.start_method)
    result = {}
    # A kitchen is open once its worker has started: each one waits at the door for the others.
    everyone = context.Barrier(args.workers)
    with ProcessPoolExecutor(args.workers, mp_context=context, initializer=everyone.wait) as pool:
        list(pool.map(int, range(args.workers)))  # one task each, so every worker gets started
        result["open_s"] = time.perf_counter() - began
        result["kitchens"] = args.workers
        for size, (dishes, units) in menus.items():
            began, cpu = time.perf_counter(), tree_cpu_s()
            served = cook_with_pool(pool, dishes, units)
            result[size] = (time.perf_counter() - began, served)
            result[f"{size}_cpu_s"] = tree_cpu_s() - cpu
    return result


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--customers", type=positive_int, default=24,
                        help="large orders (default: 24)")
    parser.add_argument("--cook", type=positive_float, default=2,
                        help="kitchen minutes of CPU work per large dish (default: 2)")
    parser.add_argument("--snacks", type=positive_int, default=200,
                        help="tiny orders, a hundredth of a large one each (default: 200)")
    parser.add_argument("--workers", type=positive_int, default=2,
                        help="branch kitchens to start, and pool size (default: 2)")
    parser.add_argument("--seed", type=non_negative_int, default=7, help="random seed (default: 7)")
    parser.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                        help="use a running Dask scheduler instead of starting a local chain")
    add_start_method(parser)
    args = parser.parse_args()

    work_s = args.cook * args.scale
    menus = {
        "large": (take_orders(args.customers, args.seed), units_for(work_s)),
        "tiny": (take_orders(args.snacks, args.seed + 1), units_for(work_s / 100)),
    }
    print(f"large: {args.customers} dishes of about {work_s * 1000:.0f} ms of cooking each")
    print(f"tiny:  {args.snacks} dishes of about {work_s * 10:.1f} ms each")
    results = {"process pool": with_pool(menus, args), "Dask chain": with_dask(menus, args)}

    print(f"\n{'':14}{'kitchens':>9}{'opening':>9}{'large':>9}{'tiny':>9}{'per tiny dish':>15}")
    for name, r in results.items():
        for size, (dishes, _) in menus.items():
            assert sorted(order for order, _, _ in r[size][1]) == list(range(len(dishes)))
        per_tiny = 1000 * r["tiny"][0] / len(menus["tiny"][0])
        print(f"{name:14}{r['kitchens']:9d}{r['open_s']:8.2f}s{r['large'][0]:8.2f}s"
              f"{r['tiny'][0]:8.2f}s{per_tiny:13.2f}ms")
    ideal = len(menus["large"][0]) * work_s / args.workers
    print(f"\nideal for the large dishes on {args.workers} kitchens: {ideal:.2f} s")
    cooks = {name: len({pid for _, _, pid in r["large"][1]}) for name, r in results.items()}
    print(f"worker processes that cooked large dishes: {cooks}")
    print("CPU per tiny dish, every process of the kitchen together: "
          + ", ".join(f"{name} {1000 * r['tiny_cpu_s'] / len(menus['tiny'][0]):.2f} ms"
                      for name, r in results.items()))
    pool, dask = results["process pool"], results["Dask chain"]
    report(pool_open_s=pool["open_s"], dask_open_s=dask["open_s"],
           pool_large_s=pool["large"][0], dask_large_s=dask["large"][0],
           pool_tiny_s=pool["tiny"][0], dask_tiny_s=dask["tiny"][0],
           pool_tiny_cpu_s=pool["tiny_cpu_s"], dask_tiny_cpu_s=dask["tiny_cpu_s"],
           large_dishes=len(menus["large"][0]), tiny_dishes=len(menus["tiny"][0]),
           ideal_large_s=ideal, workers=args.workers, dask_cooks=cooks["Dask chain"],
           pool_cooks=cooks["process pool"])


if __name__ == "__main__":
    main()
# kitchen: hide-end
