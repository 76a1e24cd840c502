"""Tiny orders: a process pool loses to one process, until orders are batched.

Every order sent to a pool worker is pickled, sent down a pipe, unpickled, and
its result sent back: tens of microseconds, whatever the order. For orders
smaller than that, the pool spends its time on the delivery van. chunksize=
(or batching by hand) sends many orders per trip.
"""

import time
from concurrent.futures import ProcessPoolExecutor

# kitchen: hide-start
import multiprocessing
import os
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import add_start_method, chop, kitchen_parser, positive_int, report, units_for
# kitchen: hide-end


def cook(units: int) -> int:
    return chop(units)


def cook_batch(batch: list[int]) -> list[int]:
    return [chop(units) for units in batch]


def timed(fn) -> float:
    began = time.perf_counter()
    fn()
    return time.perf_counter() - began


def four_ways(pool, orders: list[int], workers: int) -> dict:
    chunk = max(1, len(orders) // (4 * workers))  # Pool.map's own rule
    batches = [orders[i::4 * workers] for i in range(4 * workers)]
    return {
        "one process": timed(lambda: [cook(u) for u in orders]),
        "map, chunksize=1": timed(lambda: list(pool.map(cook, orders))),
        "map, chunksize=len/4n": timed(
            lambda: list(pool.map(cook, orders, chunksize=chunk))),
        "batches by hand": timed(lambda: list(pool.map(cook_batch, batches))),
    }


# kitchen: hide-start
# CPU seconds of the whole kitchen (this process, its threads, every worker) per timed call:
# unlike wall time, other programs on the machine cannot inflate it.
BARRIER = None
POOL = None
WORKERS = 0
SPENT: list[tuple[float, float]] = []  # (wall, cpu) of each timed() call, in order


def _keep(barrier) -> None:
    global BARRIER
    BARRIER = barrier


def _worker_cpu(_) -> tuple[int, float]:
    BARRIER.wait(timeout=30)  # every worker holds one of these at once: each answers once
    return os.getpid(), time.process_time()


def kitchen_cpu() -> float:
    answers = dict(POOL.map(_worker_cpu, range(WORKERS)))
    assert len(answers) == WORKERS, answers
    return time.process_time() + sum(answers.values())


def with_cpu(timed):
    def measured(fn) -> float:
        before = kitchen_cpu()
        wall = timed(fn)
        SPENT.append((wall, kitchen_cpu() - before))
        return wall
    return measured


timed = with_cpu(timed)


def main() -> None:
    global POOL, WORKERS
    parser = kitchen_parser(__doc__.splitlines()[0], scale=1.0, unit="unit (unused here)")
    parser.add_argument("--workers", type=positive_int, default=2, help="pool workers (default: 2)")
    parser.add_argument("--max-orders", type=positive_int, default=600,
                        help="orders per size at most (default: 600)")
    parser.add_argument("--budget-ms", type=positive_int, default=40,
                        help="chopping per size for one process, in ms (default: 40)")
    parser.add_argument("--sizes", default="5,20,100,500,2500",
                        help="microseconds of chopping per order (default: %(default)s)")
    parser.add_argument("--repeats", type=positive_int, default=3,
                        help="rounds per size; the fastest is kept (default: 3)")
    add_start_method(parser)
    args = parser.parse_args()
    try:
        sizes = [int(s) for s in args.sizes.split(",")]
        assert sizes and all(s > 0 for s in sizes)
    except (ValueError, AssertionError):
        parser.error(f"--sizes: positive whole microseconds separated by commas, got {args.sizes!r}")
    ctx = multiprocessing.get_context(args.start_method)
    WORKERS, rows = args.workers, []
    with ProcessPoolExecutor(args.workers, mp_context=ctx, initializer=_keep,
                             initargs=(ctx.Barrier(args.workers),)) as POOL:
        kitchen_cpu()  # every worker is up before anything is timed
        for size in sizes:
            count = max(args.workers, min(args.max_orders, args.budget_ms * 1000 // size))
            orders = [units_for(size / 1e6)] * count
            rounds = []
            for _ in range(args.repeats):
                SPENT.clear()
                ways = four_ways(POOL, orders, args.workers)
                rounds.append(dict(zip(ways, SPENT)))
            best = {w: min(r[w] for r in rounds) for w in rounds[0]}  # the least disturbed round
            rows.append({"size_us": size, "orders": count,
                         "wall": {w: wall for w, (wall, _) in best.items()},
                         "cpu": {w: cpu for w, (_, cpu) in best.items()}})
    ways = list(rows[0]["wall"])
    n = args.workers
    print(f"Best possible speed-up against one process on {n} idle cores: {n} x its CPU time"
          f" / the pool's\n(all processes' CPU time; other programs cannot inflate it). "
          f"In brackets: measured wall-clock speed-up.\n")
    print(f"{'per order':>10}{'orders':>7}" + "".join(f"{w:>24}" for w in ways[1:]))
    for r in rows:
        cpu, wall = r["cpu"], r["wall"]
        r["bound"] = {w: n * cpu["one process"] / cpu[w] for w in ways[1:]}
        r["speedup"] = {w: wall["one process"] / wall[w] for w in ways[1:]}
        print(f"{r['size_us']:>8}µs{r['orders']:>7}"
              + "".join(f"{'x%.2f (x%.2f)' % (r['bound'][w], r['speedup'][w]):>24}" for w in ways[1:]))
    crossover = next((r["size_us"] for r in rows if r["bound"]["map, chunksize=1"] >= 1), None)
    print(f"\nchunksize=1 can first beat one process at: "
          f"{'none of these sizes' if crossover is None else f'{crossover} µs per order'}")
    report(rows=rows, ways=ways, crossover_us=crossover, workers=n,
           start_method=ctx.get_start_method(), sizes_us=sizes,
           series=[{"label": w, "bound": [r["bound"][w] for r in rows]} for w in ways[1:]])


if __name__ == "__main__":
    main()
# kitchen: hide-end
