"""A roast with a deadline: asyncio.timeout cancels it, and finally still runs.

`asyncio.timeout(seconds)` (Python 3.11+) cancels the code inside it when the
deadline passes and turns that cancellation into a TimeoutError at the `async
with`. Cancellation arrives as a CancelledError at the roast's current await,
so its `finally` block runs, and that block may itself await a short cleanup.
The roast is tried twice: once with time to spare, once with too little.
"""

import asyncio

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, kitchen_parser, positive_float, record, report

CLOCK: Clock  # the timeline of the evening running now, set by main()
BEGAN: dict = {}  # step -> when it began


def begin(what: str) -> None:
    """Start a step of the roast's lane; end() draws it."""
    if what == "roasting":
        CLOCK.log("roast", "stove on")
    BEGAN[what] = CLOCK.elapsed()
    CLOCK.log("roast", f"starts {what}")


def end(what: str) -> None:
    if what == "roasting":
        cancelled = asyncio.current_task().cancelling()  # a cancel is on its way out
        CLOCK.log("roast", "cancelled while roasting" if cancelled else "ready")
    CLOCK.log("roast", f"finishes {what}")
    record(phase=CLOCK.phase, lane="roast", label=what, kind="wait",
           start=BEGAN.pop(what), end=CLOCK.elapsed())
    if what == "roasting":
        CLOCK.log("roast", "stove off")
# kitchen: hide-end


async def roast(stove: dict, roast_s: float, wipe_s: float) -> None:
    stove["on"] = True
    try:
        begin("roasting")  # kitchen: hide
        await asyncio.sleep(roast_s)  # kitchen: highlight
    finally:  # runs when ready, when failed and when cancelled  # kitchen: highlight
        end("roasting")  # kitchen: hide
        stove["on"] = False
        begin("wiping the tray")  # kitchen: hide
        await asyncio.sleep(wipe_s)  # cleanup may await, briefly
        end("wiping the tray")  # kitchen: hide


async def dinner(deadline: float, roast_s: float, wipe_s: float) -> dict:
    stove = {"on": False}
    timed_out = False
    try:
        async with asyncio.timeout(deadline):  # kitchen: highlight
            await roast(stove, roast_s, wipe_s)
    except TimeoutError:
        timed_out = True
        CLOCK.log("chef", "the deadline passed: TimeoutError")  # kitchen: hide
    CLOCK.log("chef", f"the stove is {'on' if stove['on'] else 'off'}")  # kitchen: hide
    return {"timed_out": timed_out, "stove_on": stove["on"]}


# kitchen: hide-start
def main() -> None:
    global CLOCK
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.03)
    parser.add_argument("--roast", type=positive_float, default=10,
                        help="minutes the roast needs (default: 10)")
    parser.add_argument("--wipe", type=positive_float, default=1,
                        help="minutes of cleanup in the finally block (default: 1)")
    parser.add_argument("--short", type=positive_float, default=4,
                        help="the deadline that is too short, in minutes (default: 4)")
    args = parser.parse_args()
    if args.short >= args.roast:
        parser.error("--short must be shorter than --roast")
    m = args.scale

    results = {}
    plans = [("time to spare", args.roast + args.wipe + 5), ("deadline too short", args.short)]
    for name, deadline in plans:
        print(f"-- {name}: deadline {deadline:g} minutes, the roast needs {args.roast:g}")
        CLOCK = Clock(args.scale, phase=name)
        results[name] = asyncio.run(dinner(deadline * m, args.roast * m, args.wipe * m))
        results[name]["took_s"] = CLOCK.elapsed()

    print()
    for name, r in results.items():
        print(f"{name:19} timed out: {'yes' if r['timed_out'] else 'no ':3}  "
              f"stove left on: {'yes' if r['stove_on'] else 'no'}  "
              f"took {r['took_s'] / args.scale:.1f} min")
    spare, short = results["time to spare"], results["deadline too short"]
    report(spare_timed_out=spare["timed_out"], spare_stove_on=spare["stove_on"],
           spare_s=spare["took_s"],
           short_timed_out=short["timed_out"], short_stove_on=short["stove_on"],
           short_s=short["took_s"],
           roast_s=args.roast * args.scale, short_deadline_s=args.short * args.scale,
           wipe_s=args.wipe * args.scale)


if __name__ == "__main__":
    main()
# kitchen: hide-end
