"""HTML tables drawn from what an example measured (`table="..."` in a kitchen fence).

Each renderer takes a run's `report(...)` data and returns HTML. Numbers are
formatted here, never typed into a page, so the table always shows the last run.
"""

from __future__ import annotations

import html


def _e(value) -> str:
    return html.escape(str(value))


def machine_line(machine: dict) -> str:
    """The machine in one sentence: CPU model, cores, Python version and build."""
    gil = "with the GIL" if machine.get("gil_enabled", True) else "GIL disabled"
    return (
        f"{_e(machine['cpu'])}, {machine['cores']} cores; {_e(machine['python'])}, "
        f"{_e(machine['build'])}" + ("" if "GIL" in machine["build"] else f" ({gil})")
    )


# --- the showdown ---------------------------------------------------------------------------


def showdown(data: dict) -> str:
    """Rows are workloads, columns are kitchens; each cell is the best wall time and the speed-up."""
    columns = [tuple(c) for c in data["columns"]]
    free = data.get("freethreaded")
    head = ['<th scope="col">Workload</th>']
    for key, label in columns:
        if free and key == "free-threaded threads":
            ft = free["machine"]
            label = f"{label} ({ft['python']}{'' if ft['gil_enabled'] else ', no GIL'})"
        head.append(f'<th scope="col" class="num">{_e(label)}</th>')
    rows = []
    for workload in data["workloads"]:
        best = data["best"][workload]
        base = best.get("sequential")
        fastest = min(best[key] for key, _ in columns)
        cells = [f'<th scope="row">{_e(data["workload_labels"][workload])}</th>']
        for key, _ in columns:
            seconds = best[key]
            text = f"{seconds:.3f} s"
            if base:
                ratio = base / seconds
                text += f' <span class="kitchen-speedup">×{ratio:.{2 if ratio < 0.1 else 1}f}</span>'
            if seconds == fastest:
                text = f"<strong>{text}</strong>"
            cells.append(f'<td class="num">{text}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")

    pools = data["pools"]
    cores = data["machine"]["cores"]
    notes = [
        f"Measured on {machine_line(data['machine'])}. Just before the race, {cores} busy processes "
        f"chopped ×{data['spare_cores']:.2f} as fast as one: that is how much parallel work the machine "
        f"had to offer (×{cores} would be {cores} idle cores).",
        f"{data['tasks']} orders per workload: each waits {data['wait_s']:.3f} s, chops "
        f"{data['chop_s']:.3f} s of CPU, or both. Best of {data['repeat']} runs (sequential: of "
        f"{2 * data['repeat']}, one at each end of every round); "
        "×2.0 means twice as fast as sequential; the fastest in each row is in bold.",
        f"Pool sizes: threads {pools['threads']}; asyncio + to_thread {pools['to_thread']} "
        f"(the loop's default pool); processes {pools['processes']}, started by {_e(data['start_method'])}, "
        "with pool start-up and shut-down inside the timing.",
    ]
    if free:
        notes.append(
            f"Free-threaded threads: the same threads, the same work and the same pool, run by "
            f"{_e(free['machine']['python'])} ({_e(free['machine']['build'])}); the speed-up is against "
            "the sequential column of the standard build."
        )
    return _wrap("kitchen-showdown", "Showdown: wall time and speed-up per kitchen",
                 "".join(head), rows, notes)


# --- the cost of a chef -----------------------------------------------------------------------


def cost(data: dict) -> str:
    head = "".join(
        f'<th scope="col"{cls}>{label}</th>'
        for label, cls in [
            ("Workers", ""), ("How many", ' class="num"'), ("Running after", ' class="num"'),
            ("Waits took", ' class="num"'), ("Gone after", ' class="num"'), ("In all", ' class="num"'),
            ("Memory added", ' class="num"'), ("Per worker", ' class="num"'),
            ("Processes", ' class="num"'), ("Re-imported", ' class="num"'),
        ]
    )
    rows = []
    for r in data["rows"]:
        name = f'<th scope="row">{_e(r["label"])}</th><td class="num">{r["count"]}</td>'
        if "skipped" in r:
            rows.append(f'<tr>{name}<td colspan="8">not run: {_e(r["skipped"])}</td></tr>')
            continue
        added = round(r["added_mb"], 1) + 0.0  # + 0.0 turns -0.0 into 0.0
        per_kb = r["added_mb"] * 1024 / r["count"]
        per = f"{per_kb / 1024:+.1f} MB" if abs(per_kb) >= 1024 else f"{round(per_kb) + 0:+d} kB"
        rows.append(
            f"<tr>{name}"
            f'<td class="num">{r["startup_s"] * 1000:.1f} ms</td>'
            f'<td class="num">{r["waits_s"]:.3f} s</td>'
            f'<td class="num">{r["teardown_s"] * 1000:.1f} ms</td>'
            f'<td class="num">{r["total_s"]:.3f} s</td>'
            f'<td class="num">{added:+.1f} MB</td>'
            f'<td class="num">{per}</td>'
            f'<td class="num">{r["processes"]}</td>'
            f'<td class="num">{r["imported_again"]}</td></tr>'
        )
    notes = [
        f"Each configuration ran in a fresh interpreter on {data['cores']} cores. Every worker waited "
        f"{data['wait_s']:.3f} s for one delivery. Processes were capped at {data['max_processes']}.",
        "Memory added: proportional set size (PSS) summed over the measuring interpreter and every "
        "process below it, helper processes included, minus the same sum before the first worker.",
    ]
    return _wrap("kitchen-cost", "The cost of a chef: start-up and memory per kind of worker",
                 head, rows, notes)


# --- the network chapter ---------------------------------------------------------------------


def _head(*labels: str) -> str:
    """Header cells; every column after the first holds numbers."""
    num = ' class="num"'
    return "".join(f'<th scope="col"{num if i else ""}>{_e(label)}</th>' for i, label in enumerate(labels))


def clients(data: dict) -> str:
    """One row per client and number of orders: wall time, orders per second, CPU, memory."""
    head = _head("Client", "Orders", "Wall time", "Orders per second", "Client CPU", "Peak memory added")
    rows = []
    for r in data["rows"]:
        name = f'<th scope="row">{_e(r["client"])}</th><td class="num">{r["orders"]:,}</td>'
        if "skipped" in r:
            rows.append(f'<tr>{name}<td colspan="4">not run: {_e(r["skipped"])}</td></tr>')
            continue
        memory = "not measured" if r["memory_mb"] is None else f'{r["memory_mb"]:+.1f} MB'
        rows.append(
            f"<tr>{name}"
            f'<td class="num">{r["wall_s"]:.2f} s</td>'
            f'<td class="num">{r["per_s"]:,.0f}</td>'
            f'<td class="num">{r["cpu_s"]:.2f} s</td>'
            f'<td class="num">{memory}</td></tr>'
        )
    notes = [
        f"Every order waited {data['boil_s'] * 1000:.0f} ms at the stall (a uvicorn service in its own "
        f"process on 127.0.0.1). The thread pool had {data['workers']} threads; httpx and aiohttp "
        "kept at most 100 orders in flight, the size of their connection pools.",
        "Each client ran in a fresh interpreter. Peak memory added: the most resident memory that "
        "process held while it fetched, less what it held just before (Linux's peak counter, reset "
        "before fetching). Client CPU: that process's own CPU time, all threads.",
    ]
    if data.get("load_average") is not None:
        notes.append(f"The machine's load average was {data['load_average']:.1f} on "
                     f"{data['cores']} cores when the run ended.")
    return _wrap("kitchen-clients", "Four clients: wall time, throughput and memory", head, rows, notes)


def limits(data: dict) -> str:
    """One row per way of sending the orders: what the client got back and what the stall saw."""
    head = _head("Client", "Wall time", "Answered", "Refused (503)", "Timed out", "Other errors",
                 "Stall: most at once")
    rows = []
    for r in data["rows"]:
        out = r["outcomes"]
        other = sum(n for what, n in out.items() if what not in ("answered", "HTTP 503", "timed out"))
        rows.append(
            f'<tr><th scope="row">{_e(r["way"])}</th>'
            f'<td class="num">{r["wall_s"]:.2f} s</td>'
            f'<td class="num">{out.get("answered", 0):,}</td>'
            f'<td class="num">{out.get("HTTP 503", 0):,}</td>'
            f'<td class="num">{out.get("timed out", 0):,}</td>'
            f'<td class="num">{other:,}</td>'
            f'<td class="num">{r["peak_in_flight"]:,}</td></tr>'
        )
    notes = [
        f"{data['orders']:,} orders sent at once with aiohttp; each waits {data['boil_s'] * 1000:.0f} ms at "
        f"the stall, which uvicorn limits to {data['capacity']} connections at once "
        "(<code>limit_concurrency</code>): beyond that it answers 503 Service Unavailable. "
        f"Every order gives up after {data['timeout_s']:g} s (the last row: {data['short_timeout_s']:g} s), "
        "counted from when it is started, so time spent queueing for a connection counts; "
        "retries: 3 tries in all.",
        "Stall: most at once is counted inside the service: the most orders its app was working on "
        "at one instant. Refused orders never reach the app.",
    ]
    return _wrap("kitchen-limits", "A thousand orders at once: what the client and the stall saw",
                 head, rows, notes)


def endpoints(data: dict) -> str:
    """One row per endpoint under the same load: throughput, p50 and p99, orders in progress at once."""
    head = _head("Endpoint", "Orders per second", "p50 latency", "p99 latency", "Answered",
                 "In progress at once", "Pool threads busy", "Queued for a thread")
    rows = []
    for r in data["rows"]:
        rows.append(
            f'<tr><th scope="row"><code>{_e(r["path"])}</code>: {_e(r["endpoint"])}</th>'
            f'<td class="num">{r["per_s"]:,.0f}</td>'
            f'<td class="num">{r["p50_s"] * 1000:,.0f} ms</td>'
            f'<td class="num">{r["p99_s"] * 1000:,.0f} ms</td>'
            f'<td class="num">{r["answered"]:,}</td>'
            f'<td class="num">{r["in_progress"]}</td>'
            f'<td class="num">{r["threads_busy"]}</td>'
            f'<td class="num">{r["queued"]}</td></tr>'
        )
    notes = [
        f"The load generator (<code>_loadgen.py</code>, aiohttp in its own process) kept "
        f"{data['concurrency']} clients asking each endpoint for {data['seconds']:g} s: each client sends "
        "its next order as soon as the last is answered. Latency is measured by the client, from "
        "sending to the whole answer.",
        f"Each order boils {data['boil_s'] * 1000:.0f} ms, or chops {data['chop_s'] * 1000:.0f} ms of CPU. "
        f"The service is uvicorn with one worker process; Starlette's thread pool for plain "
        f"<code>def</code> endpoints had {data['threads']} threads. The last three columns are the most "
        "seen at once, counted inside the service: requests the app had started and not finished, "
        "pool threads running an endpoint, and requests waiting for a free thread.",
    ]
    if data.get("load_average") is not None:
        notes.append(f"The machine's load average was {data['load_average']:.1f} on "
                     f"{data['cores']} cores when the run ended.")
    return _wrap("kitchen-endpoints", "def against async def: the same load on four endpoints",
                 head, rows, notes)


def _wrap(table_class: str, label: str, head: str, rows: list[str], notes: list[str]) -> str:
    """The table in a scrolling region that keyboard users can reach, then its notes."""
    return (
        f'<div class="kitchen-table"><div class="kitchen-scroll" role="region" tabindex="0" '
        f'aria-label="{_e(label)}"><table class="{table_class}"><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div>'
        + "".join(f'<p class="kitchen-note">{n}</p>' for n in notes) + "</div>"
    )


TABLES = {"showdown": showdown, "cost": cost, "clients": clients, "limits": limits,
          "endpoints": endpoints}


def render(kind: str, data: dict) -> str:
    if kind not in TABLES:
        raise ValueError(f"unknown table {kind!r}; known: {', '.join(TABLES)}")
    return TABLES[kind](data)
