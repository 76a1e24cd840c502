"""One chef, a thousand salting jobs in asyncio: an await between read and write loses them all.

Each job reads the tally on the pot, awaits `asyncio.sleep(0)` (the chef may
switch to another job there), then writes tally + 1. Every job reads before any
job writes, so a thousand pinches leave a tally of 1. An `asyncio.Lock` around
the three moves makes the count exact.
"""

import asyncio
from collections import Counter

from _kitchen import Clock, kitchen_parser, positive_int, report


class Pot:
    def __init__(self) -> None:
        self.pinches = 0


async def add_pinch(pot: Pot, reads: Counter, lock: asyncio.Lock | None) -> None:
    if lock is None:
        seen = pot.pinches
        reads[seen] += 1
        await asyncio.sleep(0)  # the chef switches to another job here
        pot.pinches = seen + 1
    else:
        async with lock:  # other jobs wait here instead of reading a stale tally
            seen = pot.pinches
            reads[seen] += 1
            await asyncio.sleep(0)
            pot.pinches = seen + 1


async def service(name: str, jobs: int, scale: float, locked: bool) -> tuple[int, Counter]:
    clock = Clock(scale, phase=name)
    lock = asyncio.Lock() if locked else None  # made inside the running loop
    pot, reads = Pot(), Counter()
    with clock.step("chef", f"{jobs} salting jobs", kind="work"):
        await asyncio.gather(*(add_pinch(pot, reads, lock) for _ in range(jobs)))
    return pot.pinches, reads


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.01)
    parser.add_argument("--jobs", type=positive_int, default=1000,
                        help="salting jobs, one pinch each (default: 1000)")
    args = parser.parse_args()

    results = {}
    for name, locked in [("no lock", False), ("asyncio.Lock", True)]:
        print(f"-- {name}")
        got, reads = asyncio.run(service(name, args.jobs, args.scale, locked))
        results[name] = (got, reads)
        if len(reads) == 1:
            print(f"every job read the same tally: {next(iter(reads))}")
        else:
            print(f"the jobs read {len(reads):,} different tallies, from {min(reads)} to {max(reads)}")

    print()
    for name, (got, _) in results.items():
        print(f"{name:13} tally {got:>6,} after {args.jobs:,} pinches: {args.jobs - got:,} lost")
    report(
        jobs=args.jobs,
        unlocked=results["no lock"][0], unlocked_distinct_reads=len(results["no lock"][1]),
        locked=results["asyncio.Lock"][0], locked_distinct_reads=len(results["asyncio.Lock"][1]),
    )


if __name__ == "__main__":
    main()
