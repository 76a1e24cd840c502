"""Why worker prints come out of order: each kitchen buffers its own stdout."""

import os
import subprocess
import sys
import time
# kitchen: hide-start
import argparse
import re
import threading

sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from _kitchen import kitchen_parser, positive_float, positive_int, report  # noqa: E402
# kitchen: hide-end


def cook(name: str, start: float, minute: float, lines: int, flush: bool):
    for n in range(lines):  # A prints at minutes 0, 2, 4; B at 1, 3, 5
        time.sleep(max(0.0, start + 2 * n * minute - time.monotonic()))
        print(f"{time.monotonic():.4f} {name} line {n + 1}", flush=flush)


def one_pipe(commands: list[list[str]], env: dict) -> list[str]:
    read_end, write_end = os.pipe()  # everyone prints into this one pipe
    cooks = [subprocess.Popen(c, stdout=write_end, env=env) for c in commands]
    os.close(write_end)  # the children hold their own copies
    with os.fdopen(read_end) as pipe:
        arrived = pipe.read().splitlines()  # the lines as they came
    for child in cooks:
        child.wait()
    return arrived


def evening(minute: float, lines: int, lead: float) -> dict:
    def cooks(*names, flags=(), extra=()):  # "AB": one kitchen, two threads
        at = f"--start={time.monotonic() + lead}"  # all children up by then
        return [[sys.executable, *flags, __file__, at, f"--cook={n}", *extra,
                 f"--minute={minute}", f"--lines={lines}"] for n in names]
    plain = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    unbuffered = {**plain, "PYTHONUNBUFFERED": "1"}
    ab = ("A", "B")
    return {
        "two threads, print()": one_pipe(cooks("AB"), plain),
        "two kitchens, print()": one_pipe(cooks(*ab), plain),
        "print(flush=True)": one_pipe(cooks(*ab, extra=["--flush"]), plain),
        "python -u": one_pipe(cooks(*ab, flags=["-u"]), plain),
        "PYTHONUNBUFFERED=1": one_pipe(cooks(*ab), unbuffered),
    }


# kitchen: hide-start
def in_this_kitchen(args) -> None:
    """A child's part: cook A or B, or both as two threads ("AB")."""
    pair = [threading.Thread(target=cook, args=(name, args.start + "AB".index(name) * args.minute,
                                                args.minute, args.lines, args.flush))
            for name in args.cook]
    for t in pair:
        t.start()
    for t in pair:
        t.join()


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.04)
    parser.add_argument("--lines", type=positive_int, default=3,
                        help="lines each cook prints (default: 3)")
    parser.add_argument("--cook", choices=("A", "B", "AB"), help=argparse.SUPPRESS)  # a child's part
    parser.add_argument("--start", type=positive_float, help=argparse.SUPPRESS)
    parser.add_argument("--minute", type=positive_float, help=argparse.SUPPRESS)
    parser.add_argument("--flush", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cook:
        return in_this_kitchen(args)
    rows = {}
    print(f"{'':22}{'who printed, as it came':>24}   in the order printed?")
    # Lead time: three times what starting this script takes now, so a busy machine still
    # has every child up before the first line is due.
    began = time.monotonic()
    subprocess.run([sys.executable, __file__, "--help"], stdout=subprocess.DEVNULL, check=True)
    lead = max(0.3, 3 * (time.monotonic() - began))
    torn_rows = []
    for name, lines in evening(args.scale, args.lines, lead).items():
        # print() writes the text and the newline separately, so two threads' lines can tear:
        # "A line 1B line 1" then an empty line. Read every printed line wherever it landed.
        found = re.findall(r"(\d+\.\d+) ([AB]) line \d+", "\n".join(lines))
        torn = sum(1 for line in lines if len(re.findall(r" line \d+", line)) != 1)
        stamps = [float(stamp) for stamp, _ in found]
        who = " ".join(cook for _, cook in found)
        printed = " ".join(cook for _, cook in sorted(found, key=lambda f: float(f[0])))
        rows[name] = {"arrived": who, "printed": printed, "in_order": stamps == sorted(stamps),
                      "lines": len(found), "torn": torn}
        print(f"{name:22}{who:>24}   {'yes' if rows[name]['in_order'] else 'no'}")
        if torn:
            torn_rows.append(f"{name}: {torn} torn lines (two prints met inside one line)")
    for note in torn_rows:
        print(note)
    if "PYTHONUNBUFFERED" in os.environ:
        print("\nThis shell sets PYTHONUNBUFFERED; the other rows ran without it.")
    report(rows=rows, lines=args.lines)


if __name__ == "__main__":
    main()
# kitchen: hide-end
