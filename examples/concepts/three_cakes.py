"""Concurrency: one cook juggles three cakes. Parallelism: twins decorate."""

import asyncio
import multiprocessing
# kitchen: hide-start

import functools
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import (
    Clock, add_start_method, allowed_cores, chop, cores_seen, kitchen_parser, linux_only,
    positive_float, positive_int, report, timed, units_for,
)

JUGGLE = "one cook juggles three cakes"
TWINS = "twins decorate at the same moment"


def watched(decorate):
    """In a twin's process: note its CPU time and the cores it was seen on while it
    decorates, and leave them in the folder the parent named in KITCHEN_TWINS.
    Nothing pins a twin to a core."""
    @functools.wraps(decorate)
    def watching(who: str, what: str, units: int) -> None:
        if multiprocessing.parent_process() is None:
            return decorate(who, what, units)  # the cook, not a twin
        with cores_seen() as seen:  # a second thread looks every few milliseconds
            cpu, begin = time.thread_time(), time.perf_counter()
            decorate(who, what, units)
            end, cpu = time.perf_counter(), time.thread_time() - cpu
        row = [who, os.getpid(), begin, end, cpu, sorted(seen), allowed_cores()]
        Path(os.environ["KITCHEN_TWINS"], f"{os.getpid()}.json").write_text(json.dumps(row))
    return watching
# kitchen: hide-end


@timed("{who}", "{what}", kind="work")  # kitchen: hide
@watched  # kitchen: hide
def by_hand(who: str, what: str, units: int) -> None:
    chop(units)  # the cook's hands: nothing else happens meanwhile


@timed("{who}", "baking", kind="wait")  # kitchen: hide
async def bake(who: str, seconds: float) -> None:
    await asyncio.sleep(seconds)  # the oven works; the cook is free


async def cake(who: str, bake_s: float, mix_units: int, deco_units: int):
    by_hand(who, "mixing", mix_units)
    await bake(who, bake_s)  # kitchen: highlight
    by_hand(who, "decorating", deco_units)


async def one_cook(*recipe) -> None:  # one thread, one loop, three cakes
    await asyncio.gather(*(cake(f"cake {n}", *recipe) for n in "ABC"))


def twin(who: str, units: int, barrier) -> None:
    barrier.wait(timeout=60)  # both twins pick up their piping bags together
    by_hand(who, "decorating", units)
# kitchen: hide-start


def parse_args():
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    add = parser.add_argument
    add("--mix", type=positive_float, default=3, help="mixing minutes (default: 3)")
    add("--bake", type=positive_float, default=15, help="baking minutes (default: 15)")
    add("--decorate", type=positive_float, default=6, help="decorating minutes (default: 6)")
    add("--twins", type=positive_int, default=2, help="how many twins (default: 2)")
    add_start_method(parser)
    return parser.parse_args()


def juggled(took: float, cpu: float) -> None:
    print(f"three cakes took {took:.2f} s; the cook's hands were busy for {cpu:.2f} s of it")
    JUGGLED.update(juggle_s=took, juggle_cpu_s=cpu)
    print(f"\n-- {TWINS}")
    os.environ["KITCHEN_TWINS"] = tempfile.mkdtemp(prefix="twins-")  # before any twin starts
    Clock(args.scale, phase=TWINS)


JUGGLED: dict = {}


def show(twins) -> None:
    if failed := [p.exitcode for p in twins if p.exitcode != 0]:
        raise SystemExit(f"{len(failed)} twin(s) failed, exit codes {failed}")
    folder = Path(os.environ["KITCHEN_TWINS"])
    rows = sorted(json.loads(path.read_text()) for path in folder.glob("*.json"))
    for path in folder.glob("*.json"):
        path.unlink()
    folder.rmdir()
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
        **JUGGLED, twins_wall_s=wall,
        twins_cpu_s=cpu_total, twins_cores_busy=cpu_total / wall,
        twin_pids=[r[1] for r in rows], twin_seen=[r[5] for r in rows],
        twin_allowed=[r[6] for r in rows], parent_allowed=allowed_cores(),
    )
# kitchen: hide-end


if __name__ == "__main__":
    args = parse_args()  # kitchen: hide
    linux_only("the twins' cores")  # kitchen: hide
    bake_s = args.bake * args.scale  # kitchen: hide
    mix_units = units_for(args.mix * args.scale)  # kitchen: hide
    deco_units = units_for(args.decorate * args.scale)  # kitchen: hide
    print(f"-- {JUGGLE}")  # kitchen: hide
    clock, cpu = Clock(args.scale, phase=JUGGLE), time.process_time()  # kitchen: hide
    asyncio.run(one_cook(bake_s, mix_units, deco_units))
    juggled(clock.elapsed(), time.process_time() - cpu)  # kitchen: hide
    context = multiprocessing.get_context(args.start_method)
    barrier = context.Barrier(args.twins)
    twins = [context.Process(target=twin, daemon=True,  # they stop if we fail
                             args=(f"twin {n}", deco_units, barrier))
             for n in range(1, args.twins + 1)]
    for process in twins:
        process.start()  # kitchen: highlight
    for process in twins:
        process.join()
    show(twins)  # kitchen: hide
