"""The tables drawn from measured data (kitchen/tables.py), on small hand-made inputs."""

from __future__ import annotations

import copy

import pytest
from bs4 import BeautifulSoup

from kitchen import tables

MACHINE = {"cpu": "Test CPU 3000", "cores": 2, "python": "CPython 3.11.7",
           "build": "standard (with the GIL)", "free_threaded": False, "gil_enabled": True}
MODES = ["sequential", "threads", "asyncio", "to_thread", "processes"]
SHOWDOWN = {
    "tasks": 8, "wait_s": 0.045, "chop_s": 0.03, "repeat": 3, "start_method": "fork",
    "pools": {"threads": 8, "to_thread": 6, "processes": 2}, "machine": MACHINE, "spare_cores": 1.93,
    "workloads": ["io", "cpu"],
    "workload_labels": {"io": "waiting (I/O-bound)", "cpu": "chopping (CPU-bound)", "mixed": "mixed"},
    "columns": [[m, "asyncio + to_thread" if m == "to_thread" else m] for m in MODES],
    "best": {
        "io": {"sequential": 0.4, "threads": 0.05, "asyncio": 0.04, "to_thread": 0.1, "processes": 0.2},
        "cpu": {"sequential": 0.3, "threads": 0.3, "asyncio": 0.3, "to_thread": 0.3, "processes": 0.15},
    },
    "freethreaded": None,
}


def cells(html: str) -> list[list[str]]:
    table = BeautifulSoup(html, "html.parser").find("table")
    return [[c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])] for row in table.find_all("tr")]


def test_the_showdown_table_has_a_row_per_workload_and_a_column_per_kitchen():
    rows = cells(tables.render("showdown", SHOWDOWN))
    assert rows[0] == ["Workload", "sequential", "threads", "asyncio", "asyncio + to_thread", "processes"]
    assert rows[1] == ["waiting (I/O-bound)", "0.400 s ×1.0", "0.050 s ×8.0", "0.040 s ×10.0",
                       "0.100 s ×4.0", "0.200 s ×2.0"]
    assert rows[2][0] == "chopping (CPU-bound)" and rows[2][-1] == "0.150 s ×2.0"
    assert len(rows) == 3


def test_the_fastest_cell_of_each_row_is_bold_and_only_it():
    soup = BeautifulSoup(tables.render("showdown", SHOWDOWN), "html.parser")
    bold = [s.get_text(" ", strip=True) for s in soup.find_all("strong")]
    assert bold == ["0.040 s ×10.0", "0.150 s ×2.0"]


def test_the_showdown_notes_name_the_machine_pools_and_spare_cores():
    text = BeautifulSoup(tables.render("showdown", SHOWDOWN), "html.parser").get_text(" ")
    assert "Test CPU 3000, 2 cores; CPython 3.11.7, standard (with the GIL)" in text
    assert "threads 8; asyncio + to_thread 6" in text and "processes 2, started by fork" in text
    assert "×1.93 as fast as one" in text
    assert "Free-threaded" not in text


def test_a_free_threaded_run_adds_a_labelled_column():
    data = copy.deepcopy(SHOWDOWN)
    data["columns"].append(["free-threaded threads", "free-threaded threads"])
    data["best"]["io"]["free-threaded threads"] = 0.05
    data["best"]["cpu"]["free-threaded threads"] = 0.1
    data["freethreaded"] = {"interpreter": "/x/python3.13t", "runs": {},
                            "machine": {**MACHINE, "python": "CPython 3.13.5", "build": "free-threaded",
                                        "free_threaded": True, "gil_enabled": False}}
    html = tables.render("showdown", data)
    rows = cells(html)
    assert rows[0][-1] == "free-threaded threads (CPython 3.13.5, no GIL)"
    assert rows[2][-1] == "0.100 s ×3.0"  # against the standard build's sequential column
    assert "Free-threaded threads: the same threads" in BeautifulSoup(html, "html.parser").get_text(" ")


COST = {
    "counts": [1, 100], "max_processes": 10, "wait_s": 0.1, "cores": 2,
    "rows": [
        {"model": "coroutines", "label": "coroutines (asyncio)", "count": 1, "startup_s": 0.0004,
         "waits_s": 0.1, "teardown_s": 0.0004, "total_s": 0.1008, "added_mb": 0.0, "processes": 1,
         "imported_again": 0, "before_kb": 1, "after_kb": 1},
        {"model": "coroutines", "label": "coroutines (asyncio)", "count": 100, "startup_s": 0.002,
         "waits_s": 0.101, "teardown_s": 0.001, "total_s": 0.104, "added_mb": 0.1, "processes": 1,
         "imported_again": 0, "before_kb": 1, "after_kb": 103},
        {"model": "spawn", "label": "processes (spawn)", "count": 1, "startup_s": 0.07,
         "waits_s": 0.1, "teardown_s": 0.013, "total_s": 0.183, "added_mb": 19.5, "processes": 3,
         "imported_again": 1, "before_kb": 1, "after_kb": 19969},
        {"model": "spawn", "label": "processes (spawn)", "count": 100, "skipped": "more than 10 processes"},
    ],
}


def test_the_cost_table_shows_each_measured_row_and_says_which_were_not_run():
    rows = cells(tables.render("cost", COST))
    assert rows[0][:3] == ["Workers", "How many", "Running after"] and len(rows[0]) == 10
    assert rows[2] == ["coroutines (asyncio)", "100", "2.0 ms", "0.101 s", "1.0 ms", "0.104 s",
                       "+0.1 MB", "+1 kB", "1", "0"]
    assert rows[3][-4:] == ["+19.5 MB", "+19.5 MB", "3", "1"]
    assert rows[4] == ["processes (spawn)", "100", "not run: more than 10 processes"]


def test_an_unknown_table_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown table 'shodown'; known: showdown, cost"):
        tables.render("shodown", SHOWDOWN)
