"""One cook juggles three cakes (concurrency); twins decorate two at once (parallelism).

The cook is one thread running an asyncio event loop. While a cake bakes he
mixes the next one, so all three cakes are in progress at once, but his hands
only ever do one thing at a time. The twins are two processes: two workers,
each with its own hands, who can decorate at the very same instant when the
machine has two free cores. Which core each twin runs on is the operating
system's choice, moment by moment; nothing pins a twin to a core.
"""

import asyncio
import multiprocessing
import os
import queue
import time

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (
    Clock, add_start_method, allowed_cores, chop, kitchen_parser, linux_only, positive_float,
    positive_int, proc_stat_field, report, units_for,
)
# kitchen: hide-end

JUGGLE = "one cook juggles three cakes"
TWINS = "twins decorate at the same moment"


async def cake(clock: Clock, name: str, bake: float, mix_units: int, deco_units: int) -> None:
    with clock.step(f"cake {name}", "mixing", kind="work"):
        chop(mix_units)  # the cook's hands: nothing else happens meanwhile
    with clock.step(f"cake {name}", "baking", kind="wait"):
        await asyncio.sleep(bake * clock.scale)  # the oven works; the cook is free
    with clock.step(f"cake {name}", "decorating", kind="work"):
        chop(deco_units)


async def one_cook(clock: Clock, bake: float, mix_units: int, deco_units: int) -> None:
    await asyncio.gather(*(cake(clock, name, bake, mix_units, deco_units) for name in "ABC"))


def current_core() -> int | None:
    """The core this thread is running on right now (Linux: field 39 of its stat file)."""
    return proc_stat_field("/proc/thread-self/stat", 36)


def twin(name: str, units: int, scale: float, start: float, barrier, results) -> None:
    """One twin, in a process of its own: decorate a cake, noting which cores it ran on."""
    clock = Clock(scale, start=start, phase=TWINS)
    seen: set[int] = set()
    barrier.wait(timeout=60)  # both twins pick up their piping bags together
    cpu = time.process_time()
    begin = clock.elapsed()
    with clock.step(name, "decorating a cake", kind="work"):
        for _ in range(100):  # a hundred small strokes, with a look at the core after each
            chop(units // 100)
            if (core := current_core()) is not None:
                seen.add(core)
    cpu = time.process_time() - cpu
    end = clock.elapsed()
    results.put((name, os.getpid(), begin, end, cpu, sorted(seen), allowed_cores()))


def collect(results, processes) -> list[tuple]:
    """One result per process, read before joining (a child with a full queue cannot exit).

    A child that dies without sending its result makes this raise instead of waiting forever.
    """
    rows = []
    while len(rows) < len(processes):
        try:
            rows.append(results.get(timeout=0.1))
        except queue.Empty:
            if failed := [p.exitcode for p in processes if p.exitcode not in (None, 0)]:
                raise SystemExit(f"{len(failed)} twin(s) failed, exit codes {failed}")
    return rows


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    add = parser.add_argument
    add("--mix", type=positive_float, default=3, help="mixing minutes (default: 3)")
    add("--bake", type=positive_float, default=15, help="baking minutes (default: 15)")
    add("--decorate", type=positive_float, default=6, help="decorating minutes (default: 6)")
    add("--twins", type=positive_int, default=2, help="how many twins (default: 2)")
    add_start_method(parser)
    args = parser.parse_args()
    linux_only("the twins' cores")

    mix_units = units_for(args.mix * args.scale)
    deco_units = units_for(args.decorate * args.scale)

    print(f"-- {JUGGLE}")
    clock = Clock(args.scale, phase=JUGGLE)
    cpu = time.process_time()
    asyncio.run(one_cook(clock, args.bake, mix_units, deco_units))
    juggle_wall, juggle_cpu = clock.elapsed(), time.process_time() - cpu
    print(f"three cakes took {juggle_wall:.2f} s;"
          f" the cook's hands were busy for {juggle_cpu:.2f} s of it")

    print(f"\n-- {TWINS}")
    context = multiprocessing.get_context(args.start_method)
    barrier, results = context.Barrier(args.twins), context.Queue()
    clock = Clock(args.scale, phase=TWINS)
    twins = [
        context.Process(
            target=twin,
            args=(f"twin {n}", deco_units, args.scale, clock.start, barrier, results),
            daemon=True,  # if the parent gives up, the twins go with it
        )
        for n in range(1, args.twins + 1)
    ]
    for process in twins:
        process.start()
    rows = sorted(collect(results, twins))
    for process in twins:
        process.join()

    wall = max(r[3] for r in rows) - min(r[2] for r in rows)
    cpu_total = sum(r[4] for r in rows)
    print(f"\n{'':8}{'pid':>8}{'CPU':>8}  {'allowed on cores':18}seen on cores")
    for name, pid, _, _, cpu_s, seen, allowed in rows:
        print(f"{name:8}{pid:8}{cpu_s:7.2f}s  {str(allowed or '?'):18}{seen or '?'}")
    print(f"\n{args.twins} twins decorated for {wall:.2f} s of wall time"
          f" and {cpu_total:.2f} s of CPU time:")
    print(f"on average {cpu_total / wall:.2f} cores were decorating at once"
          f" (this machine has {os.cpu_count()})")
    report(
        juggle_s=juggle_wall, juggle_cpu_s=juggle_cpu, twins_wall_s=wall,
        twins_cpu_s=cpu_total, twins_cores_busy=cpu_total / wall,
        twin_pids=[r[1] for r in rows], twin_seen=[r[5] for r in rows],
        twin_allowed=[r[6] for r in rows], parent_allowed=allowed_cores(),
    )


if __name__ == "__main__":
    main()
