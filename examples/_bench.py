"""A shared measuring stick: how much parallel work the machine gives processes right now.

Parallel speed-ups are bounded by the cores that other programs leave free, so the
measured pages and the free-threading lab measure that next to their results. Processes
share no interpreter, so nothing in Python can hold them back: only the machine can.
"""

import time

from _kitchen import chop


def _spin(ready, go, units: int) -> None:
    ready.release()
    go.wait()
    chop(units)


def parallel_wall(context, units: int, processes: int) -> float:
    """Wall seconds for `processes` processes to chop `units` each, all at once.

    Timed from a go signal given once every process is ready, so starting them does not count.
    """
    ready, go = context.Semaphore(0), context.Event()
    workers = [context.Process(target=_spin, args=(ready, go, units)) for _ in range(processes)]
    for w in workers:
        w.start()
    try:
        for _ in workers:
            ready.acquire()
        began = time.perf_counter()
        go.set()
        for w in workers:
            w.join()
        return time.perf_counter() - began
    finally:
        go.set()  # a worker left waiting (the parent was interrupted) finishes instead of hanging
        for w in workers:
            if w.pid is not None:
                w.join()


def spare_cores(context, units: int, processes: int) -> float:
    """How many times as fast `processes` busy processes chop as one does, right now.

    Equal to `processes` when that many cores are idle, less when something else is using them.
    """
    one = min(parallel_wall(context, units, 1) for _ in range(2))
    return processes * one / min(parallel_wall(context, units, processes) for _ in range(2))
