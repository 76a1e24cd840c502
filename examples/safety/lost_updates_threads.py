"""Four chefs salt one pot with threads: without a lock, pinches go missing."""

import threading
import time

# kitchen: hide-start
import itertools
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, positive_int, report
# kitchen: hide-end
lock = threading.Lock()


def salt_unlocked(pot, pinches: int) -> None:
    for _ in range(pinches):
        seen = pot["pinches"]  # kitchen: highlight
        time.sleep(0)  # another chef may read the same tally now
        pot["pinches"] = seen + 1  # kitchen: highlight


def salt_locked(pot, pinches: int) -> None:
    for _ in range(pinches):
        with lock:  # nobody reads the tally until this pinch is written  # kitchen: highlight
            seen = pot["pinches"]
            time.sleep(0)
            pot["pinches"] = seen + 1


def salt_bare(pot, pinches: int) -> None:
    for _ in range(pinches):
        pot["pinches"] += 1  # one line, but still a read, an add and a write


def salt_together(salt, chefs: int, pinches: int) -> int:
    pot = {"pinches": 0}
    salt = on_timeline(salt)  # kitchen: hide
    start_together = threading.Barrier(chefs)  # every chef starts at once
    def chef() -> None:
        start_together.wait()
        salt(pot, pinches)
    team = [threading.Thread(target=chef) for _ in range(chefs)]
    for t in team:
        t.start()
    for t in team:
        t.join()
    return pot["pinches"]


# kitchen: hide-start
CLOCK: Clock  # the timeline of the service running now, set by main()


def on_timeline(salt):
    """Draw each chef's salting as one step in his lane of the timeline."""
    chefs = itertools.count(1)  # lanes in the order the chefs start

    def timed(pot, pinches: int) -> None:
        lane = f"chef {next(chefs)}"
        with CLOCK.step(lane, f"adding {pinches} pinches", kind="work"):
            salt(pot, pinches)
    return timed


def main() -> None:
    global CLOCK
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.01)
    parser.add_argument("--chefs", type=positive_int, default=4, help="threads (default: 4)")
    parser.add_argument("--pinches", type=positive_int, default=2000,
                        help="pinches per chef, read/turn away/write (default: 2000)")
    parser.add_argument("--bare-pinches", type=positive_int, default=250_000,
                        help="pinches per chef for the bare += 1 (default: 250000)")
    args = parser.parse_args()

    runs = [
        ("no lock", salt_unlocked, args.pinches),
        ("threading.Lock", salt_locked, args.pinches),
        ("bare += 1", salt_bare, args.bare_pinches),
    ]
    results = {}
    for name, salt, pinches in runs:
        print(f"-- {name}")
        CLOCK = Clock(args.scale, phase=name)
        got = salt_together(salt, args.chefs, pinches)
        results[name] = (got, args.chefs * pinches)

    print()
    for name, (got, expected) in results.items():
        lost = expected - got
        print(f"{name:15} tally {got:>9,} after {expected:>9,} pinches: {lost:,} lost")
    lost_bare = results["bare += 1"][1] - results["bare += 1"][0]
    print(f"\nbare += 1 lost {lost_bare:,} this time; that is a measurement, not a guarantee")
    report(
        chefs=args.chefs,
        expected=results["no lock"][1], unlocked=results["no lock"][0],
        locked=results["threading.Lock"][0],
        bare_expected=results["bare += 1"][1], bare=results["bare += 1"][0],
    )


if __name__ == "__main__":
    main()
# kitchen: hide-end
