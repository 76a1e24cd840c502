"""A recipe inside a recipe: one cook takes the station twice, with an RLock.

A Lock does not know who holds it: a thread that asks again waits for itself,
for ever. An RLock counts its owner's acquisitions and lets the owner in again.
"""

import threading

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import kitchen_parser, positive_float, report
# kitchen: hide-end


def make_sauce(station, patience: float) -> bool:
    got = station.acquire(timeout=patience)  # the same cook asks again
    if got:
        station.release()
    return got


def make_dish(station, patience: float) -> bool:
    with station:  # the dish holds the station while it makes its sauce
        return make_sauce(station, patience)


# kitchen: hide-start
def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.05)
    parser.add_argument("--patience", type=positive_float, default=4,
                        help="minutes the sauce waits for the station (default: 4)")
    args = parser.parse_args()
    patience = args.patience * args.scale
    got = {name: make_dish(make(), patience)
           for name, make in (("threading.RLock", threading.RLock), ("threading.Lock", threading.Lock))}
    for name, ok in got.items():
        print(f"{name:16} the sauce {'got the station' if ok else f'waited {patience:.2f} s for its own cook, and gave up'}")
    report(rlock=got["threading.RLock"], lock=got["threading.Lock"], patience_s=patience)


if __name__ == "__main__":
    main()
# kitchen: hide-end
