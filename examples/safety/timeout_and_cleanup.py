"""A roast with a deadline: asyncio.timeout cancels it, and its finally block still turns the stove off.

`asyncio.timeout(seconds)` (Python 3.11+) cancels the code inside it when the
deadline passes and turns that cancellation into a TimeoutError at the `async
with`. Cancellation arrives as a CancelledError at the roast's current await,
so its `finally` block runs, and that block may itself await a short cleanup.
The roast is tried twice: once with time to spare, once with too little.
"""

import asyncio

from _kitchen import Clock, kitchen_parser, positive_float, report


async def roast(clock: Clock, args, stove: dict) -> None:
    stove["on"] = True
    clock.log("roast", "stove on")
    try:
        with clock.step("roast", "roasting", kind="wait"):
            await asyncio.sleep(args.roast * clock.scale)
        clock.log("roast", "ready")
    except asyncio.CancelledError:
        clock.log("roast", "cancelled while roasting")
        raise  # let the cancellation finish its journey: asyncio.timeout is waiting for it
    finally:  # runs when the roast is ready, when it fails, and when it is cancelled
        stove["on"] = False
        clock.log("roast", "stove off")
        with clock.step("roast", "wiping the tray", kind="wait"):
            await asyncio.sleep(args.wipe * clock.scale)  # cleanup may await, briefly


async def dinner(clock: Clock, args, deadline: float) -> dict:
    stove = {"on": False}
    timed_out = False
    try:
        async with asyncio.timeout(deadline * clock.scale):
            await roast(clock, args, stove)
    except TimeoutError:
        timed_out = True
        clock.log("chef", f"the {deadline:g}-minute deadline passed: TimeoutError")
    clock.log("chef", f"the stove is {'on' if stove['on'] else 'off'}")
    return {"timed_out": timed_out, "stove_on": stove["on"], "took_s": clock.elapsed()}


def main() -> None:
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

    results = {}
    plans = [("time to spare", args.roast + args.wipe + 5), ("deadline too short", args.short)]
    for name, deadline in plans:
        print(f"-- {name}: deadline {deadline:g} minutes, the roast needs {args.roast:g}")
        clock = Clock(args.scale, phase=name)
        results[name] = asyncio.run(dinner(clock, args, deadline))

    print()
    for name, r in results.items():
        print(f"{name:19} timed out: {'yes' if r['timed_out'] else 'no ':3}  "
              f"stove left on: {'yes' if r['stove_on'] else 'no'}  took {r['took_s'] / args.scale:.1f} min")
    spare, short = results["time to spare"], results["deadline too short"]
    report(spare_timed_out=spare["timed_out"], spare_stove_on=spare["stove_on"], spare_s=spare["took_s"],
           short_timed_out=short["timed_out"], short_stove_on=short["stove_on"], short_s=short["took_s"],
           roast_s=args.roast * args.scale, short_deadline_s=args.short * args.scale,
           wipe_s=args.wipe * args.scale)


if __name__ == "__main__":
    main()
