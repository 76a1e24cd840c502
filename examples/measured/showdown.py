"""The showdown: orders in turn, by threads, asyncio, to_thread, processes."""

import asyncio
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

# kitchen: hide-start
import json
import multiprocessing
import os
import platform
import subprocess
import sys
import sysconfig
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py, _bench.py
from _bench import spare_cores
from _kitchen import (Clock, add_start_method, chop, cpu_seconds, kitchen_parser, linux_only,
                      positive_float, positive_int, read_proc, report, units_for)
# kitchen: hide-end


def cook(workload: str, wait_s: float, units: int) -> None:
    if workload in ("io", "mixed"):
        time.sleep(wait_s)  # blocking I/O: the thread lets go of the GIL
    if workload in ("cpu", "mixed"):
        chop(units)


async def cook_async(workload: str, wait_s: float, units: int) -> None:
    if workload in ("io", "mixed"):
        await asyncio.sleep(wait_s)  # kitchen: highlight
    if workload in ("cpu", "mixed"):
        chop(units)  # no await inside: the loop waits for it


def sequential(job, n, pools, context) -> None:
    for _ in range(n):
        cook(*job)

def threads(job, n, pools, context) -> None:
    with ThreadPoolExecutor(pools["threads"]) as pool:
        for future in [pool.submit(cook, *job) for _ in range(n)]:
            future.result()

async def with_asyncio(job, n, pools, context) -> None:
    await asyncio.gather(*(cook_async(*job) for _ in range(n)))

async def with_to_thread(job, n, pools, context) -> None:
    await asyncio.gather(*(asyncio.to_thread(cook, *job) for _ in range(n)))  # kitchen: highlight

def processes(job, n, pools, context) -> None:  # pool start-up counts too
    with ProcessPoolExecutor(pools["processes"], mp_context=context) as pool:
        for future in [pool.submit(cook, *job) for _ in range(n)]:
            future.result()


# kitchen: hide-start
WORKLOADS = {"io": "waiting (I/O-bound)", "cpu": "chopping (CPU-bound)",
             "mixed": "mixed (wait, then chop)"}
MODES = {
    "sequential": "sequential",
    "threads": "threads",
    "asyncio": "asyncio",
    "to_thread": "asyncio + to_thread",
    "processes": "processes",
}
FREE_THREADED = "free-threaded threads"
RUNNERS = {
    "sequential": sequential, "threads": threads, "asyncio": with_asyncio,
    "to_thread": with_to_thread, "processes": processes,
}


def run_kitchen(mode: str, *args) -> None:
    """Run one kitchen; an asyncio one in a loop of its own, started and stopped in the timing
    (the loop's default thread pool, which to_thread uses, starts and stops with it)."""
    runner = RUNNERS[mode]
    if asyncio.iscoroutinefunction(runner):
        asyncio.run(runner(*args))
    else:
        runner(*args)


def default_to_thread_pool() -> int:
    """How many threads asyncio.to_thread gets: the size ThreadPoolExecutor picks by default."""
    cpus = os.process_cpu_count() if hasattr(os, "process_cpu_count") else os.cpu_count()
    return min(32, (cpus or 1) + 4)  # ThreadPoolExecutor's own default


def machine() -> dict:
    model = platform.processor() or platform.machine()
    cpuinfo = read_proc("/proc/cpuinfo") or ""  # Linux names the model there
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                  if line.startswith("model name")), model)
    free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "build": "free-threaded" if free_threaded else "standard (with the GIL)",
        "free_threaded": free_threaded,
        "gil_enabled": sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else True,
    }


# --- measuring -------------------------------------------------------------------------


def measure(args, units: int, pools: dict, clock: Clock | None) -> dict:
    """Wall times of every run: {workload: {mode: [seconds, ...]}}. Rounds interleave the kitchens,
    so a busy moment on the machine hits every column alike; sequential runs at both ends of each
    round, so one busy moment cannot make the baseline look slow."""
    context = multiprocessing.get_context(args.start_method)
    order = list(args.modes)
    if "sequential" in order and len(order) > 1:
        order.append("sequential")
    runs = {w: {m: [] for m in args.modes} for w in args.workloads}
    cores_used = {w: {m: [] for m in args.modes} for w in args.workloads}
    for round_no in range(1, args.repeat + 1):
        for workload in args.workloads:
            job = (workload, args.wait * args.scale, units)
            took = []
            for mode in order:
                cpu, began = cpu_seconds(), time.perf_counter()
                run_kitchen(mode, job, args.tasks, pools, context)
                wall = time.perf_counter() - began
                runs[workload][mode].append(wall)
                cores_used[workload][mode].append((cpu_seconds() - cpu) / wall)
                took.append(f"{MODES[mode]} {wall:.3f} s")
            if clock:
                clock.log(f"round {round_no}", f"{args.tasks} {WORKLOADS[workload].split()[0]} orders: {', '.join(took)}")
    return runs, cores_used


def run_free_threaded(args, units: int, pools: dict) -> dict:
    """Run this script's threads mode under another interpreter and read its JSON."""
    command = [
        args.freethreaded_python, os.path.abspath(__file__), "--json", "--modes", "threads",
        "--workloads", *args.workloads, "--tasks", str(args.tasks), "--threads", str(pools["threads"]),
        "--wait", str(args.wait), "--scale", str(args.scale), "--repeat", str(args.repeat),
        "--chop-units", str(units),  # the same amount of work, not the same number of seconds
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("KITCHEN_")}  # it reports nothing itself
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    if done.returncode != 0:
        sys.exit(f"the free-threaded run failed ({done.returncode}):\n{done.stderr.strip()}")
    result = json.loads(done.stdout)
    if not result["machine"]["free_threaded"]:
        sys.exit(f"{args.freethreaded_python} is not a free-threaded build of Python")
    return result


# --- the table ----------------------------------------------------------------------------


SHORT = {"to_thread": "to_thread", FREE_THREADED: "ft threads"}


def table_text(best: dict, columns: list[tuple[str, str]], workloads: list[str]) -> str:
    """Rows are workloads, columns are kitchens; each cell is wall time and speed-up."""
    width = 14
    lines = [f"{'':24}" + "".join(f"{SHORT[key] if key in SHORT else label:>{width}}"
                                  for key, label in columns)]
    for w in workloads:
        base = best[w]["sequential"] if "sequential" in best[w] else None
        cells = []
        for key, _ in columns:
            seconds = best[w][key]
            speed = f" x{base / seconds:.{2 if base < 0.1 * seconds else 1}f}" if base else ""
            cells.append(f"{f'{seconds:.3f} s{speed}':>{width}}")
        lines.append(f"{WORKLOADS[w]:24}" + "".join(cells))
    return "\n".join(lines)


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.015)
    parser.add_argument("--tasks", type=positive_int, metavar="N", default=8, help="orders per workload (default: 8)")
    parser.add_argument("--wait", type=positive_float, metavar="MINUTES", default=3, help="waiting minutes per order (default: 3)")
    parser.add_argument("--chop", type=positive_float, metavar="MINUTES", default=2, help="chopping minutes of CPU per order (default: 2)")
    parser.add_argument("--repeat", type=positive_int, metavar="N", default=3, help="runs of each; the best counts (default: 3)")
    parser.add_argument("--threads", type=positive_int, metavar="N", help="threads in the thread pool (default: one per order)")
    parser.add_argument("--processes", type=positive_int, metavar="N", help="processes in the pool (default: one per core)")
    parser.add_argument(
        "--modes", nargs="+", choices=list(MODES), default=list(MODES), metavar="MODE",
        help=f"kitchens to run, from {' '.join(MODES)} (default: all)",
    )
    parser.add_argument(
        "--workloads", nargs="+", choices=list(WORKLOADS), default=list(WORKLOADS), metavar="WORKLOAD",
        help=f"workloads to run, from {' '.join(WORKLOADS)} (default: all)",
    )
    parser.add_argument(
        "--freethreaded-python", default="none", metavar="PATH",
        help="also run the threads under this free-threaded interpreter, or 'none' (default: none)",
    )
    parser.add_argument("--chop-units", type=positive_int, metavar="N", help="work units per chop (default: measured from --chop)")
    parser.add_argument("--json", action="store_true", help="print the measurements as JSON instead of a table")
    add_start_method(parser)
    args = parser.parse_args()

    units = args.chop_units or units_for(args.chop * args.scale)  # measured before any kitchen runs
    pools = {
        "threads": args.threads or args.tasks,
        "to_thread": default_to_thread_pool(),
        "processes": args.processes or os.cpu_count() or 1,
    }
    start_method = multiprocessing.get_context(args.start_method).get_start_method()
    if args.json:
        runs, _ = measure(args, units, pools, clock=None)
        best = {w: {m: min(r) for m, r in by_mode.items()} for w, by_mode in runs.items()}
        print(json.dumps({"machine": machine(), "pools": pools, "runs": runs, "best": best}))
        return

    linux_only("the CPU's model name")
    about = machine()
    print(f"{about['cpu']}, {about['cores']} cores; {about['python']}, {about['build']}")
    context = multiprocessing.get_context(args.start_method)
    spare = spare_cores(context, units_for(0.1), about["cores"])  # what the machine offers right now
    print(f"before the race, {about['cores']} busy processes chopped x{spare:.2f} as fast as one")
    print(
        f"{args.tasks} orders per workload: waits of {args.wait * args.scale:.3f} s, "
        f"chops of {args.chop * args.scale:.3f} s of CPU ({units} units); "
        f"best of {args.repeat} runs, sequential at both ends of each round"
    )
    print(
        f"pools: threads {pools['threads']}; asyncio + to_thread {pools['to_thread']} (the loop's default pool); "
        f"processes {pools['processes']} ({start_method}, pool start-up and shut-down included in the time)\n"
    )
    clock = Clock(1.0, unit="s")  # a benchmark: its log is in real seconds
    runs, cores_used = measure(args, units, pools, clock)
    best = {w: {m: min(r) for m, r in by_mode.items()} for w, by_mode in runs.items()}
    columns = [(m, MODES[m]) for m in args.modes]

    free = None
    if args.freethreaded_python != "none":
        clock.log("showdown", f"threads again under {args.freethreaded_python}")
        free = run_free_threaded(args, units, pools)
        free["interpreter"] = args.freethreaded_python
        for w in args.workloads:
            best[w][FREE_THREADED] = free["best"][w]["threads"]
        columns.append((FREE_THREADED, FREE_THREADED))

    print("\nbest wall time and speed-up against sequential (x2.0 = twice as fast)")
    print("to_thread = asyncio + to_thread" + (", ft threads = free-threaded threads" if free else ""))
    print(table_text(best, columns, args.workloads))
    if free:
        ft = free["machine"]
        print(f"\n{FREE_THREADED}: {ft['python']} {ft['build']}, GIL enabled at run time: {ft['gil_enabled']}")

    speedup = {
        w: {key: best[w]["sequential"] / best[w][key] for key, _ in columns}
        for w in args.workloads if "sequential" in best[w]
    }
    report(
        tasks=args.tasks, wait_s=args.wait * args.scale, chop_s=args.chop * args.scale, chop_units=units,
        repeat=args.repeat, start_method=start_method, pools=pools, machine=about, spare_cores=spare,
        workloads=args.workloads, workload_labels=WORKLOADS, columns=[list(c) for c in columns],
        runs=runs, best=best, speedup=speedup, cores_used=cores_used,
        freethreaded=None if free is None else {
            "interpreter": free["interpreter"], "machine": free["machine"], "runs": free["runs"],
        },
    )


if __name__ == "__main__":
    main()
# kitchen: hide-end
