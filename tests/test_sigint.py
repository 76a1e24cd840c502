"""Ctrl-C for real: SIGINT to the example's whole process group, as a terminal sends it.

The page shows each Ctrl-C example interrupting itself (`--interrupt-after`),
which signals the parent only. Here every process of the run gets the signal,
pool workers included, and the example must still stop within seconds, with
exit code 130, one line of explanation instead of tracebacks, and no process
left behind.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from kitchen import runner

ROOT = Path(__file__).resolve().parent.parent
LONG = ("--dishes", "1000")  # far more than can be cooked before the signal arrives

# (script, extra arguments, lines that show the kitchen is open and at work). Each example
# says when every order is in; the process pool ignores Ctrl-C until then, while its workers
# start.
CASES = [
    ("examples/safety/ctrl_c_thread_pool.py", (), ("dishes ordered", "starts dish")),
    ("examples/safety/ctrl_c_asyncio.py", (), ("dishes ordered", "burner on")),
    *[
        ("examples/safety/ctrl_c_process_pool.py", ("--start-method", method),
         ("dishes ordered", "starts dish"))
        for method in ("fork", "spawn", "forkserver")
    ],
]

# Seconds from the signal to the exit. The examples need one dish in hand (a fraction of a
# second) to finish; 10 s leaves room for a loaded machine and still fails a hang.
EXIT_WITHIN = 10.0


def _pump(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


@pytest.mark.parametrize(
    "script,extra,working", CASES, ids=[f"{Path(s).stem}{''.join(e)}" for s, e, _ in CASES]
)
def test_ctrl_c_stops_the_whole_kitchen_quietly(script, extra, working):
    run_id = uuid.uuid4().hex
    env = {**os.environ, runner.RUN_ID_ENV: run_id, "PYTHONUNBUFFERED": "1"}
    env.pop(runner.TRACE_ENV, None)
    env.pop(runner.RESULT_ENV, None)
    proc = subprocess.Popen(
        [sys.executable, script, *LONG, *extra], cwd=ROOT, env=env, text=True,
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True,  # a process group of its own, like a job in a terminal
        # A terminal's foreground job gets SIGINT's default action, even when these tests
        # run in the background of a shell that ignores it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True).start()
    stderr: list[str] = []
    err_reader = threading.Thread(target=lambda: stderr.extend(proc.stderr), daemon=True)
    err_reader.start()
    seen: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while not all(any(w in line for line in seen) for w in working):
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            assert line is not None, f"{script} ended before it started cooking:\n{''.join(seen)}"
            seen.append(line)
        sent = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)  # the whole group, as Ctrl-C in a terminal
        code = proc.wait(timeout=EXIT_WITHIN)
        took = time.monotonic() - sent
        err_reader.join(5)
        while (line := lines.get(timeout=5)) is not None:
            seen.append(line)
        # Helpers such as the forkserver and the resource tracker leave when the parent does;
        # give them the runner's grace period.
        left = runner._wait_run_empty(proc.pid, run_id, runner.LEFTOVER_GRACE)
    finally:
        runner._kill_run(proc.pid, run_id)
        proc.wait()

    out, err = "".join(seen), "".join(stderr)
    assert code == 130, f"exit code {code}\n{out[-2000:]}\n{err}"
    assert took < EXIT_WITHIN
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert "Ctrl-C: kitchen" in out.splitlines()[-1], out[-2000:]
    assert left == [], left
