"""Judit Polgár's simultaneous exhibition, scaled: who is the bottleneck?"""

import asyncio
import time
# kitchen: hide-start

import functools
import sys
from pathlib import Path
from typing import Callable, NamedTuple

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, chop, kitchen_parser, positive_float, positive_int, precise_loop
from _kitchen import report, timed


class Desk:
    """What the story measures: her time at the boards, and how many moves at once."""

    def __init__(self):
        self.busy = 0.0  # real seconds spent making moves
        self.moving = self.most_at_once = 0


DESK = Desk()


def counted(move):
    """Counts her moves in progress, and the real time her moves (the work) took."""
    def start():
        DESK.moving += 1
        DESK.most_at_once = max(DESK.most_at_once, DESK.moving)

    if asyncio.iscoroutinefunction(move):
        @functools.wraps(move)
        async def waiting(board, what, seconds):
            if what.startswith("her move"):
                start()
            try:
                return await move(board, what, seconds)
            finally:
                if what.startswith("her move"):
                    DESK.moving -= 1
        return waiting

    @functools.wraps(move)
    def working(board, n, seconds):
        start()
        began = time.perf_counter()
        try:
            return move(board, n, seconds)
        finally:
            DESK.busy += time.perf_counter() - began
            DESK.moving -= 1
    return working


def shown(step):
    """Record every move for the timeline only with --show-moves (24 boards make thousands)."""
    recorded = timed(*step)
    def wrap(move):
        both = recorded(move)
        if asyncio.iscoroutinefunction(move):
            @functools.wraps(move)
            async def maybe_async(*args):
                chosen = both if SHOW else move
                return await chosen(*args)
            return maybe_async

        @functools.wraps(move)
        def maybe(*args):
            chosen = both if SHOW else move
            return chosen(*args)
        return maybe
    return wrap


SHOW = False
# kitchen: hide-end


@shown(("board {board}", "her move {n}", "work"))  # kitchen: hide
@counted  # kitchen: hide
def her_move(board: int, n: int, seconds: float) -> None:
    deadline = time.perf_counter() + seconds  # she thinks exactly this long
    while time.perf_counter() < deadline:
        chop(100)  # work: it holds the one thread  # kitchen: highlight


@shown(("board {board}", "{what}", "wait"))  # kitchen: hide
@counted  # kitchen: hide
async def wait(board: int, what: str, seconds: float) -> None:
    await asyncio.sleep(seconds)  # she is free to play elsewhere


async def game(board, pairs, her_s, their_s, move_is_work=True) -> None:
    for n in range(1, pairs + 1):
        if move_is_work:
            her_move(board, n, her_s)  # no await: nobody else moves meanwhile
        else:  # the wrong model: as if she could think at every board at once
            await wait(board, f"her move {n} (a sleep)", her_s)
        await wait(board, f"reply {n}", their_s)  # the opponent thinks


async def one_game_at_a_time(boards: int, *rules) -> None:
    for board in range(1, boards + 1):
        await game(board, *rules)


async def board_to_board(boards: int, *rules) -> None:
    await asyncio.gather(*(game(b, *rules) for b in range(1, boards + 1)))  # kitchen: highlight
# kitchen: hide-start


class Scenario(NamedTuple):
    name: str
    plan: Callable  # one_game_at_a_time or board_to_board
    their_move: float
    move_is_work: bool
    seconds: float  # what the arithmetic says
    formula: str
    note: str


def board_to_board_bound(boards: int, pairs: int, her: float, their: float) -> tuple[float, str, str]:
    """The larger of two lower bounds: all her moves, or the last board's whole game."""
    hers = boards * pairs * her + their
    last_board = (boards - 1) * her + pairs * (her + their)
    if hers >= last_board:
        return hers, f"{boards} × {pairs} × {her:g} s + {their:g} s", "she is the bottleneck"
    formula = f"{boards - 1} × {her:g} s + {pairs} × ({her:g} s + {their:g} s)"
    return last_board, formula, "the opponents are"


def scenarios(b: int, p: int, h: float, t: float, slow: float) -> list[Scenario]:
    return [
        Scenario("one game at a time", one_game_at_a_time, t, True,
                 b * p * (h + t), f"{b} × {p} × ({h:g} s + {t:g} s)", "she waits for every reply"),
        Scenario("board to board", board_to_board, t, True, *board_to_board_bound(b, p, h, t)),
        Scenario(f"board to board, {slow:g} s replies", board_to_board, slow, True,
                 *board_to_board_bound(b, p, h, slow)),
        Scenario("her move as a sleep (wrong)", board_to_board, t, False,
                 p * (h + t), f"{p} × ({h:g} s + {t:g} s)", "every board at once"),
    ]


def parse_args():
    parser = kitchen_parser(__doc__.splitlines()[0], scale=1.5e-4, unit="exhibition second")
    parser.add_argument("--boards", type=positive_int, default=24, help="opponents (default: 24)")
    parser.add_argument("--her-move", type=positive_float, default=5,
                        help="seconds per move of hers (default: 5)")
    parser.add_argument("--their-move", type=positive_float, default=55,
                        help="seconds per opponent move (default: 55)")
    parser.add_argument("--slow-move", type=positive_float, default=200,
                        help="seconds per opponent move in the what-if (default: 200)")
    parser.add_argument("--move-pairs", type=positive_int, default=30,
                        help="moves of hers per game, each answered by one (default: 30)")
    parser.add_argument("--games-in-a-row", type=positive_int, default=3,
                        help="games really played one at a time; the others take just as long "
                             "(default: 3)")
    parser.add_argument("--show-moves", action="store_true",
                        help="log every move and record it for a timeline (use few boards)")
    return parser.parse_args()


def arithmetic(plans: list[Scenario]) -> None:
    b, p, h, t, slow = args.boards, args.move_pairs, args.her_move, args.their_move, args.slow_move
    print(f"{b} boards, {p} move pairs each; her move {h:g} s, an opponent's move {t:g} s "
          f"(what-if: {slow:g} s)\n")
    print("The arithmetic, from the options:")
    for s in plans:
        hours = s.seconds / 3600
        print(f"  {s.name:30} {s.formula:34} = {s.seconds:6.0f} s = {hours:5.2f} h  ({s.note})")


RESULTS: dict = {}


def begin(s: Scenario) -> None:
    global DESK
    if SHOW:
        print(f"-- {s.name}")
    DESK = Desk()
    RESULTS[s.name] = Clock(args.scale, unit="s", phase=s.name)


def end(s: Scenario, played: int) -> None:
    real = RESULTS[s.name].elapsed()
    to_hours = args.boards / played / args.scale / 3600  # games in a row are alike: scale up
    RESULTS[s.name] = {
        "hours": real * to_hours, "arithmetic_hours": s.seconds / 3600,
        "her_hours": DESK.busy * to_hours, "busy": DESK.busy / real,
        "at_once": DESK.most_at_once, "games_played": played,
    }


def show(in_a_row: int) -> None:
    b, p, h = args.boards, args.move_pairs, args.her_move
    print(f"\nSimulated, at {args.scale:g} real seconds per exhibition second:")
    print(f"  {'':30} {'simulated':>9} {'arithmetic':>10} {'her moves':>10} {'she was busy':>13} "
          f"{'her moves at once':>18}")
    for name, r in RESULTS.items():
        print(f"  {name:30} {r['hours']:7.2f} h {r['arithmetic_hours']:8.2f} h {r['her_hours']:8.2f} h "
              f"{r['busy']:13.0%} {r['at_once']:18}")
    if in_a_row < b:
        print(f"  (one game at a time: {in_a_row} of the {b} games played, the times multiplied by "
              f"{b / in_a_row:g})")
    planned = b * p * h / 3600
    slowest = max(r["her_hours"] for r in RESULTS.values())
    if slowest > 1.25 * planned:  # the story's conclusions assume her moves keep their length
        print(f"\nNote: her moves took up to {slowest:.2f} h instead of {planned:.2f} h. This machine was "
              "busy with other work,\nso she was slower than the story says, and who waits for whom "
              "may have changed.")
    report(boards=b, move_pairs=p, her_move=h, their_move=args.their_move,
           slow_move=args.slow_move, scale=args.scale,
           scenarios=list(RESULTS), results=list(RESULTS.values()))
# kitchen: hide-end


if __name__ == "__main__":
    args = parse_args()  # kitchen: hide
    SHOW = args.show_moves  # kitchen: hide
    plans = scenarios(args.boards, args.move_pairs, args.her_move, args.their_move, args.slow_move)  # kitchen: hide
    arithmetic(plans)  # kitchen: hide
    in_a_row = min(args.games_in_a_row, args.boards)  # kitchen: hide
    for s in plans:  # four ways to run the evening
        boards = in_a_row if s.plan is one_game_at_a_time else args.boards  # kitchen: hide
        her_s, their_s = args.her_move * args.scale, s.their_move * args.scale  # kitchen: hide
        rules = (args.move_pairs, her_s, their_s, s.move_is_work)
        begin(s)  # kitchen: hide
        with asyncio.Runner(loop_factory=precise_loop) as runner:  # µs timers
            runner.run(s.plan(boards, *rules))
        end(s, boards)  # kitchen: hide
    show(in_a_row)  # kitchen: hide
