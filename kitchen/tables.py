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


def _wrap(table_class: str, label: str, head: str, rows: list[str], notes: list[str]) -> str:
    """The table in a scrolling region that keyboard users can reach, then its notes."""
    return (
        f'<div class="kitchen-table"><div class="kitchen-scroll" role="region" tabindex="0" '
        f'aria-label="{_e(label)}"><table class="{table_class}"><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div>'
        + "".join(f'<p class="kitchen-note">{n}</p>' for n in notes) + "</div>"
    )


TABLES = {"showdown": showdown, "cost": cost}


def render(kind: str, data: dict) -> str:
    if kind not in TABLES:
        raise ValueError(f"unknown table {kind!r}; known: {', '.join(TABLES)}")
    return TABLES[kind](data)
