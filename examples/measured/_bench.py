"""A shared measuring stick for the measured pages: how many cores are free right now.

Parallel speed-ups are bounded by the cores that other programs leave free, so the
showdown and the scaling runs measure that first and print it next to their results.
"""

import time

from _kitchen import chop


def _spin(ready, go, units: int) -> None:
    ready.release()
    go.wait()
    chop(units)


def spare_cores(context, units: int, processes: int) -> float:
    """How many times as fast `processes` busy processes chop as one does, right now.

    Equal to `processes` when that many cores are idle, less when something else is using
    them. Timed from the go signal, so starting the processes does not count.
    """

    def wall(k: int) -> float:
        ready, go = context.Semaphore(0), context.Event()
        workers = [context.Process(target=_spin, args=(ready, go, units)) for _ in range(k)]
        for w in workers:
            w.start()
        for _ in workers:
            ready.acquire()
        began = time.perf_counter()
        go.set()
        for w in workers:
            w.join()
        return time.perf_counter() - began

    return processes * min(wall(1) for _ in range(2)) / min(wall(processes) for _ in range(2))
