"""Checks for examples/chain: the restaurant chain on Dask."""

from . import check, claim, max_overlap, spans


# 80 ms dishes (--cook 8): for no two to overlap, each branch must sit unscheduled through a whole
# dish of the other, which a busy core can do to a 20 ms dish.
@check("chain/branch_kitchens.py", "--customers", "8", "--cook", "8", "--snacks", "40", "--scale", "0.01",
       timeout=120)
def _(run):
    d = run.data
    # Both engines really used all of their worker processes for the large dishes.
    claim(f"Dask's branches and the pool's kitchens: {d['dask_cooks']} and {d['pool_cooks']} "
          f"worker processes cooked large dishes",
          d["dask_cooks"] == d["pool_cooks"] == d["workers"])
    computes = [e for e in spans(run, kind="work") if e["label"] == "compute"]
    branches = {e["lane"] for e in computes}
    # Branches, not tasks: under load Dask's stamps can let one worker's next compute start
    # a few ms before its last one's stop, so each branch's computes are merged first.
    together = max_overlap([busy for lane in branches
                            for busy in _merged([e for e in computes if e["lane"] == lane])])
    claim(f"Dask's task stream shows {len(computes)} computes on {len(branches)} branches, "
          f"{together} branches cooking at the same time",
          len(computes) == d["large_dishes"] and len(branches) == d["workers"]
          and together == d["workers"])
    # A scheduler and workers take longer to open than a pool: typically 20x; 2x leaves room for noise.
    claim(f"the chain took {d['dask_open_s'] / d['pool_open_s']:.0f}x as long as the pool to open",
          d["dask_open_s"] > 2 * d["pool_open_s"])
    # Each tiny Dask task is a scheduler round trip; the local pool hands work over far more cheaply.
    # Counted in CPU seconds of the whole process tree, which another program's load does not
    # stretch as it stretches wall time (a loaded run once saw the pool's wall time above Dask's).
    # Measured about 4x apart; 1.5x leaves room for the chopping both share.
    per_dask, per_pool = (1000 * d[k] / d["tiny_dishes"] for k in ("dask_tiny_cpu_s", "pool_tiny_cpu_s"))
    claim(f"each tiny dish cost {per_dask:.2f} ms of CPU on the chain, {per_pool:.2f} ms in the pool",
          per_dask > 1.5 * per_pool)


def _merged(events: list[dict]) -> list[dict]:
    """One branch's busy stretches: its overlapping or touching spans joined."""
    out: list[dict] = []
    for e in sorted(events, key=lambda e: e["start"]):
        if out and e["start"] <= out[-1]["end"]:
            out[-1]["end"] = max(out[-1]["end"], e["end"])
        else:
            out.append({"start": e["start"], "end": e["end"]})
    return out
