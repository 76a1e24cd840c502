"""Four chefs salt one pot with threads: without a lock, pinches go missing.

Each pinch is three moves: read the tally on the pot, turn away for a moment
(`time.sleep(0)`, a point where another thread may run), write tally + 1. Two
chefs who read the same tally both write the same new one, and a pinch is lost.
A `threading.Lock` around the three moves makes the count exact. A bare
`tally += 1` is measured too, and reported as it came out: no promise either way.
"""

import threading
import time

from _kitchen import Clock, kitchen_parser, positive_int, report


class Pot:
    def __init__(self) -> None:
        self.pinches = 0


def salt_turning_away(pot: Pot, pinches: int, lock) -> None:
    for _ in range(pinches):
        if lock is None:
            seen = pot.pinches
            time.sleep(0)  # another chef may read the same tally now
            pot.pinches = seen + 1
        else:
            with lock:  # nobody else reads the tally until this pinch is written
                seen = pot.pinches
                time.sleep(0)
                pot.pinches = seen + 1


def salt_bare(pot: Pot, pinches: int, lock: None) -> None:
    for _ in range(pinches):
        pot.pinches += 1  # one line, but still a read, an add and a write


def service(name: str, salt, chefs: int, pinches: int, scale: float, lock=None) -> int:
    clock = Clock(scale, phase=name)
    pot = Pot()
    start_together = threading.Barrier(chefs)  # every chef starts salting at the same moment

    def chef(n: int) -> None:
        start_together.wait()
        with clock.step(f"chef {n}", f"adding {pinches} pinches", kind="work"):
            salt(pot, pinches, lock)

    team = [threading.Thread(target=chef, args=(n,)) for n in range(1, chefs + 1)]
    for t in team:
        t.start()
    for t in team:
        t.join()
    return pot.pinches


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.01)
    parser.add_argument("--chefs", type=positive_int, default=4, help="threads (default: 4)")
    parser.add_argument("--pinches", type=positive_int, default=2000,
                        help="pinches per chef, read/turn away/write (default: 2000)")
    parser.add_argument("--bare-pinches", type=positive_int, default=250_000,
                        help="pinches per chef for the bare += 1 (default: 250000)")
    args = parser.parse_args()

    runs = [
        ("no lock", salt_turning_away, args.pinches, None),
        ("threading.Lock", salt_turning_away, args.pinches, threading.Lock()),
        ("bare += 1", salt_bare, args.bare_pinches, None),
    ]
    results = {}
    for name, salt, pinches, lock in runs:
        print(f"-- {name}")
        got = service(name, salt, args.chefs, pinches, args.scale, lock)
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
