"""Scaling: how much faster do 1, 2, 4 and 8 chefs finish the same 8 orders?

The total work is fixed: 8 equal orders. Chopping (CPU) goes to a pool of
processes or threads; waiting (I/O) to a pool of threads or to asyncio tasks
that a Semaphore(n) lets through n at a time. Speed-ups are against in turn.
"""

import asyncio
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

# kitchen: hide-start
import multiprocessing
import os
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py, _bench.py
from _bench import spare_cores
from _kitchen import (Clock, add_start_method, chop, kitchen_parser, positive_float,
                      positive_int, report, units_for)
# kitchen: hide-end


def order(workload: str, wait_s: float, units: int) -> None:
    if workload == "io":
        time.sleep(wait_s)  # waiting: no core needed  # kitchen: highlight
    else:
        chop(units)  # chopping: a core, and its process's GIL  # kitchen: highlight


def in_turn(workload: str, job: tuple, tasks: int) -> None:
    for _ in range(tasks):
        order(workload, *job)


def with_pool(pool_class, chefs: int, workload: str, job: tuple, tasks: int,
              **options) -> None:
    with pool_class(chefs, **options) as pool:  # process start-up counts
        futures = [pool.submit(order, workload, *job) for _ in range(tasks)]
        for future in futures:
            future.result()


async def order_async(limit: asyncio.Semaphore, wait_s: float) -> None:
    async with limit:  # at most n orders past here at once: n chefs  # kitchen: highlight
        await asyncio.sleep(wait_s)


async def with_asyncio(chefs: int, wait_s: float, tasks: int) -> None:
    limit = asyncio.Semaphore(chefs)
    await asyncio.gather(*(order_async(limit, wait_s) for _ in range(tasks)))


# kitchen: hide-start
WORKLOADS = {"cpu": "chopping", "io": "waiting"}
SERIES = {  # (workload, model): label
    ("cpu", "processes"): "chopping, processes",
    ("cpu", "threads"): "chopping, threads",
    ("io", "threads"): "waiting, threads",
    ("io", "asyncio"): "waiting, asyncio + Semaphore(n)",
}


def cook(workload: str, model: str, chefs: int, job: tuple, tasks: int, context) -> None:
    if model == "asyncio":
        asyncio.run(with_asyncio(chefs, job[0], tasks))
    elif model == "processes":
        with_pool(ProcessPoolExecutor, chefs, workload, job, tasks, mp_context=context)
    else:
        with_pool(ThreadPoolExecutor, chefs, workload, job, tasks)


def pool_startup(chefs: int, context) -> None:
    """Start a pool of `chefs` processes, give each a trivial job, and shut it down: no real work."""
    with ProcessPoolExecutor(chefs, mp_context=context) as pool:
        list(pool.map(abs, range(chefs)))


def timed(function, *args) -> float:
    return timed_cpu(function, *args)[0]


def timed_cpu(function, *args) -> tuple[float, float]:
    """Wall time, and this process's CPU time per second of it: the cores its threads kept busy."""
    cpu, began = time.process_time(), time.perf_counter()
    function(*args)
    wall = time.perf_counter() - began
    return wall, (time.process_time() - cpu) / wall


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.01)
    parser.add_argument("--chefs", type=positive_int, metavar="N", nargs="+", default=[1, 2, 4, 8], help="chef counts to try (default: 1 2 4 8)")
    parser.add_argument("--tasks", type=positive_int, metavar="N", default=8, help="orders in total (default: 8)")
    parser.add_argument("--chop", type=positive_float, metavar="MINUTES", default=3, help="chopping minutes of CPU per order (default: 3)")
    parser.add_argument("--wait", type=positive_float, metavar="MINUTES", default=3, help="waiting minutes per order (default: 3)")
    parser.add_argument("--repeat", type=positive_int, metavar="N", default=3, help="runs of each; the best counts (default: 3)")
    add_start_method(parser)
    args = parser.parse_args()

    chefs = sorted(set(args.chefs))
    units = units_for(args.chop * args.scale)  # measured once, before anything runs in parallel
    jobs = {"cpu": (0.0, units), "io": (args.wait * args.scale, 0)}
    context = multiprocessing.get_context(args.start_method)
    cores = os.cpu_count() or 1
    print(
        f"{args.tasks} orders: chops of {args.chop * args.scale:.3f} s of CPU, waits of "
        f"{args.wait * args.scale:.3f} s; {cores} cores; processes start by {context.get_start_method()}; "
        f"best of {args.repeat} runs (in turn: of {2 * args.repeat}); times below are for {', '.join(map(str, chefs))} chefs"
    )

    spare = spare_cores(context, units_for(0.1), cores)  # what the machine offers right now
    print(f"before the measurements, {cores} busy processes chopped x{spare:.2f} as fast as one\n")
    clock = Clock(1.0, unit="s")  # a benchmark: its log is in real seconds
    baseline = {w: [] for w in jobs}
    runs = {key: {n: [] for n in chefs} for key in SERIES}
    threads_cores = {n: [] for n in chefs}  # chopping on threads: how many cores they kept busy
    startup = {n: [] for n in chefs}
    models = {w: [m for (w2, m) in SERIES if w2 == w] for w in jobs}
    # Rounds interleave the series, so a busy moment on the machine hits all of them alike; the
    # baseline runs at both ends of each round, so one busy moment cannot make it look slow.
    for round_no in range(1, args.repeat + 1):
        for workload, job in jobs.items():
            baseline[workload].append(timed(in_turn, workload, job, args.tasks))
            for n in chefs:
                if workload == "cpu":
                    startup[n].append(timed(pool_startup, n, context))
                for model in models[workload]:
                    wall, busy = timed_cpu(cook, workload, model, n, job, args.tasks, context)
                    runs[workload, model][n].append(wall)
                    if (workload, model) == ("cpu", "threads"):
                        threads_cores[n].append(busy)
            baseline[workload].append(timed(in_turn, workload, job, args.tasks))
            clock.log(
                f"round {round_no}",
                f"{WORKLOADS[workload]}: in turn {baseline[workload][-2]:.3f} and {baseline[workload][-1]:.3f} s; "
                + "; ".join(
                    f"{model} " + " ".join(f"{runs[workload, model][n][-1]:.3f}" for n in chefs) + " s"
                    for model in models[workload]
                ),
            )

    best_base = {w: min(times) for w, times in baseline.items()}
    speedup = {key: [best_base[key[0]] / min(runs[key][n]) for n in chefs] for key in SERIES}
    print(f"\none after another: chopping {best_base['cpu']:.3f} s, waiting {best_base['io']:.3f} s")
    print("speed-up against one after another (x2.0 = twice as fast)")
    print(f"{'chefs':34}" + "".join(f"{n:>8}" for n in chefs))
    for key, label in SERIES.items():
        print(f"{label:34}" + "".join(f"{'x%.2f' % s:>8}" for s in speedup[key]))
    print(f"{'ideal (n chefs, n times as fast)':34}" + "".join(f"{'x%d' % n:>8}" for n in chefs))
    print(f"{'limit for chopping: the cores':34}" + "".join(f"{'x%d' % min(n, cores):>8}" for n in chefs))
    print(f"{'starting the process pool alone':34}" + "".join(f"{min(startup[n]) * 1000:>6.0f}ms" for n in chefs))

    report(
        chefs=chefs, tasks=args.tasks, cores=cores, start_method=context.get_start_method(),
        repeat=args.repeat, chop_s=args.chop * args.scale, wait_s=args.wait * args.scale, spare_cores=spare,
        baseline_s=best_base, baseline_runs=baseline,  # two per round: its start and its end
        series=[
            {"workload": w, "model": m, "label": SERIES[w, m], "speedup": speedup[w, m],
             "best_s": [min(runs[w, m][n]) for n in chefs], "runs": [runs[w, m][n] for n in chefs]}
            for (w, m) in SERIES
        ],
        pool_startup_s=[min(startup[n]) for n in chefs],
        threads_cores_busy=[max(threads_cores[n]) for n in chefs],
    )


if __name__ == "__main__":
    main()
# kitchen: hide-end
