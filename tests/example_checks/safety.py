"""Checks for examples/safety ("Keeping the kitchen safe"); start methods are in start_methods_chapter.py."""

from . import check, claim, max_overlap, spans

# --- races and locks -----------------------------------------------------------------------


@check("safety/lost_updates_threads.py", "--bare-pinches", "20000")
def _(run):
    d = run.data
    # Each time.sleep(0) lets a waiting chef take the GIL between a read and its write; losing
    # none would take 8,000 read/write pairs with no chef ever in between. Runs lose thousands.
    claim(f"without a lock the tally ended at {d['unlocked']:,} of {d['expected']:,} pinches",
          d["unlocked"] < d["expected"])
    claim(f"with threading.Lock it ended at {d['locked']:,} of {d['expected']:,}",
          d["locked"] == d["expected"] == d["chefs"] * (d["expected"] // d["chefs"]))
    # The bare += 1 is reported as measured; the page promises nothing about it.
    claim(f"the bare += 1 counted {d['bare']:,} of {d['bare_expected']:,}",
          0 < d["bare"] <= d["bare_expected"] and "bare += 1 lost" in run.stdout)


@check("safety/lost_updates_asyncio.py")
def _(run):
    d = run.data
    # gather runs every job up to its await before any job writes: all read 0, all write 1.
    claim(f"without a lock {d['jobs']:,} jobs read {d['unlocked_distinct_reads']} tally "
          f"and left it at {d['unlocked']}",
          d["unlocked"] == 1 and d["unlocked_distinct_reads"] == 1)
    claim(f"with asyncio.Lock they read {d['locked_distinct_reads']:,} different tallies "
          f"and left it at {d['locked']:,}",
          d["locked"] == d["jobs"] and d["locked_distinct_reads"] == d["jobs"])


@check("safety/knife_and_board.py", "--scale", "0.01")
def _(run):
    d = run.data
    stuck = spans(run, "each his own order", "wait")
    # Both chefs waited for their second utensil at once, each holding what the other needed.
    claim(f"each his own order: {max_overlap(stuck)} of {len(stuck)} chefs waited at once, "
          f"{d['deadlocked']} gave up",
          len(stuck) == 2 and max_overlap(stuck) == 2 and d["deadlocked"] >= 1
          and "gives up" in run.stdout)
    ordered = spans(run, "knife before board")
    cooking = max_overlap([e for e in ordered if e["kind"] == "work"])
    claim(f"knife before board: {d['dishes_ordered']} dishes, {d['deadlocked_ordered']} "
          f"deadlocks, {cooking} chef chopping at a time",
          d["deadlocked_ordered"] == 0 and d["dishes_ordered"] == 2 and cooking == 1)
    # With one order for everybody, the only wait is for the first utensil, holding nothing.
    waits = {e["label"] for e in ordered if e["kind"] == "wait"}
    claim(f"knife before board: the only waits were {sorted(waits) or 'none'}",
          waits <= {"waiting for the knife"})


# --- the ticket tray -----------------------------------------------------------------


def _check_tray(run):
    d = run.data
    bounded, unbounded = f"tray of {d['tray']}", "tray without limit"
    m = d["minute_s"]
    # A dish takes longer than an order, so a short tray fills: the waiter has to wait at
    # it, and it never holds more than its size.
    blocked = [e for e in spans(run, bounded, "wait") if e["lane"] == "waiter"]
    claim(f"the tray of {d['tray']} held at most {d['bounded_max_depth']} tickets",
          d["bounded_max_depth"] == d["tray"])
    claim(f"the waiter waited at the full tray {len(blocked)} times, "
          f"{d['bounded_blocked_s'] / m:.1f} minutes in all",
          bool(blocked) and d["bounded_blocked_s"] > 0)
    waits = [e for e in spans(run, unbounded, "wait") if e["lane"] == "waiter"]
    claim(f"without a limit the waiter never waited ({len(waits)} waits) and the tray "
          f"grew to {d['unbounded_max_depth']} tickets",
          not waits and d["unbounded_max_depth"] > d["tray"])
    claim(f"the longest a ticket waited in the tray: {d['unbounded_longest_in_tray_s'] / m:.1f} minutes "
          f"without a limit, {d['bounded_longest_in_tray_s'] / m:.1f} with one",
          d["unbounded_longest_in_tray_s"] > d["bounded_longest_in_tray_s"])
    # Either way the cook never waits for a ticket after the first, so the limit costs no
    # dishes (ideal: busy all but the first minute, about 97%; 0.8 leaves room for noise).
    claim(f"the cook was busy {d['bounded_busy']:.0%} of the evening with the limit, "
          f"{d['unbounded_busy']:.0%} without",
          d["bounded_busy"] > 0.8 and d["unbounded_busy"] > 0.8)


@check("safety/ticket_tray_threads.py", "--scale", "0.01")
def _(run):
    _check_tray(run)
    for phase in (f"tray of {run.data['tray']}", "tray without limit"):
        n = max_overlap([e for e in spans(run, phase) if e["lane"] == "cook"])
        claim(f"{phase}: the cook had {n} dish in the oven at a time", n == 1)


@check("safety/ticket_tray_asyncio.py", "--scale", "0.01")
def _(run):
    _check_tray(run)


# --- structured concurrency ----------------------------------------------------------------


@check("safety/taskgroup_vs_gather.py")
def _(run):
    d = run.data

    def pan(phase):
        (e,) = [e for e in spans(run, phase) if e["lane"] == "pasta"]
        return e["end"] - e["start"]

    claim(f"after gather raised, {d['gather_still']} pans were still on the stove; "
          f"{d['gather_served']} were served later, {d['gather_cancelled']} cancelled",
          (d["gather_still"], d["gather_served"], d["gather_cancelled"]) == (2, 2, 0))
    claim(f"the TaskGroup left {d['taskgroup_still']} on the stove, served "
          f"{d['taskgroup_served']} and cancelled {d['taskgroup_cancelled']}",
          (d["taskgroup_still"], d["taskgroup_served"], d["taskgroup_cancelled"]) == (0, 0, 2))
    # Kept cooking to the end, for nobody.
    claim(f"with gather the pasta cooked {pan('gather') / d['cook_s']:.2f}x its full time",
          pan("gather") >= 0.95 * d["cook_s"])
    # Taken off the stove when the sauce burnt (ideal 2 of 10 minutes; 5 leaves 90 ms of slack).
    claim(f"with the TaskGroup it cooked {pan('TaskGroup') / d['cook_s']:.2f}x its time",
          pan("TaskGroup") < 0.5 * d["cook_s"])


@check("safety/timeout_and_cleanup.py")
def _(run):
    d = run.data
    claim("with time to spare the roast did not time out; with the short deadline it did",
          not d["spare_timed_out"] and d["short_timed_out"])
    claim("both evenings ended with the stove off: finally ran both times",
          not d["spare_stove_on"] and not d["short_stove_on"])
    steps = sorted(spans(run, "deadline too short"), key=lambda e: e["start"])
    labels = [e["label"] for e in steps]
    claim(f"under the short deadline the roast's lane shows {labels}",
          labels == ["roasting", "wiping the tray"])
    roast = steps[0]["end"] - steps[0]["start"]
    # Cancelled at the deadline (4 of 10 minutes), never before it.
    claim(f"the roast was cancelled after {roast / d['short_deadline_s']:.2f}x the deadline",
          0.95 * d["short_deadline_s"] <= roast < 0.7 * d["roast_s"]
          and "cancelled while roasting" in run.stdout)


@check("safety/bounded_with_semaphore.py", "--scale", "0.02")
def _(run):
    d = run.data
    cooking = spans(run)
    claim(f"{len(cooking)} orders cooked", len(cooking) == d["orders"])
    n = max_overlap(cooking)
    claim(f"at most {n} orders cooked at once on {d['burners']} burners",
          n == d["burners"] == d["most_lit"])


@check("safety/keep_task_references.py")
def _(run):
    d = run.data
    claim(f"{d['done']} of {d['tables']} tables wiped, {d['held_at_end']} jobs held at closing",
          d["done"] == d["tables"] and d["held_at_end"] == 0)
    # Back after 4 minutes: the 2-minute job has let go, the 6-minute one (a sleep never ends
    # early) has not.
    claim(f"back from taking orders, the set held {d['midway']} of {d['tables']} jobs",
          0 < d["midway"] < d["tables"])


# --- Ctrl-C ---------------------------------------------------------------------------------
# The dishes take at least 0.6 s (thread pool, asyncio: sleeps) or 0.9 s of calibrated CPU
# (process pool), so an interrupt well before that always leaves dishes unstarted.


def _quiet_exit(run):
    last = run.stdout.splitlines()[-1]
    claim(f"it ended quietly with exit code {run.returncode} and one line: {last!r}",
          "Traceback" not in run.stderr and "KeyboardInterrupt" not in run.stderr
          and last.startswith("Ctrl-C: kitchen") and run.data["interrupted"] is True)


@check("safety/ctrl_c_thread_pool.py", "--interrupt-after", "0.3", expect_exit=130)
def _(run):
    _quiet_exit(run)
    d = run.data
    claim(f"{d['never_started']} dishes never started and {d['threads_left']} chefs stayed",
          d["never_started"] > 0 and d["threads_left"] == 0)


@check("safety/ctrl_c_process_pool.py", "--interrupt-after", "0.2", expect_exit=130)
def _(run):
    _quiet_exit(run)  # the runner has already checked that no process was left behind
    d = run.data
    claim(f"{d['never_started']} dishes never started and {d['workers_left']} workers stayed",
          d["never_started"] > 0 and d["workers_left"] == 0)


@check("safety/ctrl_c_asyncio.py", "--interrupt-after", "0.3", expect_exit=130)
def _(run):
    _quiet_exit(run)
    d = run.data
    claim(f"{d['served']} of 12 dishes served, {d['lit']} burners left on, "
          f"{run.stdout.count('cancelled')} dishes cancelled",
          d["served"] < 12 and d["lit"] == 0 and "cancelled" in run.stdout)

