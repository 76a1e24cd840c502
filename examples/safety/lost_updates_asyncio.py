"""One chef, a thousand asyncio jobs: an await mid-pinch loses their updates.

Each job reads the tally on the pot, awaits `asyncio.sleep(0)` (the chef may
switch to another job there), then writes tally + 1. Every job reads before any
job writes, so a thousand pinches leave a tally of 1. An `asyncio.Lock` around
the three moves makes the count exact.
"""

import asyncio

# kitchen: hide-start
import sys
from collections import Counter
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, positive_int, report
# kitchen: hide-end


async def add_pinch(pot: dict) -> None:
    seen = pot["pinches"]  # kitchen: highlight
    READS[seen] += 1  # kitchen: hide
    await asyncio.sleep(0)  # the chef switches to another job here
    pot["pinches"] = seen + 1  # kitchen: highlight


async def add_pinch_locked(pot: dict, lock: asyncio.Lock) -> None:
    async with lock:  # others wait here, not reading a stale tally  # kitchen: highlight
        seen = pot["pinches"]
        READS[seen] += 1  # kitchen: hide
        await asyncio.sleep(0)
        pot["pinches"] = seen + 1


async def salt(jobs: int, locked: bool) -> int:
    pot = {"pinches": 0}
    lock = asyncio.Lock()  # made inside the running loop
    pinches = [add_pinch_locked(pot, lock) if locked else add_pinch(pot)
               for _ in range(jobs)]
    await asyncio.gather(*pinches)  # kitchen: highlight
    return pot["pinches"]


# kitchen: hide-start
CLOCK: Clock  # the timeline of the service running now, set by main()
READS: Counter  # how many jobs read each tally, for the summary


def main() -> None:
    global CLOCK, READS
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.01)
    parser.add_argument("--jobs", type=positive_int, default=1000,
                        help="salting jobs, one pinch each (default: 1000)")
    args = parser.parse_args()

    results = {}
    for name, locked in [("no lock", False), ("asyncio.Lock", True)]:
        print(f"-- {name}")
        CLOCK, READS = Clock(args.scale, phase=name), Counter()
        with CLOCK.step("chef", f"{args.jobs} salting jobs", kind="work"):
            got = asyncio.run(salt(args.jobs, locked))
        reads = READS
        results[name] = (got, reads)
        if len(reads) == 1:
            print(f"every job read the same tally: {next(iter(reads))}")
        else:
            print(f"the jobs read {len(reads):,} different tallies, "
                  f"from {min(reads)} to {max(reads)}")

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
# kitchen: hide-end
