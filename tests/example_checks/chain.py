"""Checks for examples/chain: the restaurant chain on Dask."""

from . import check, max_overlap, spans


# 80 ms dishes (--cook 8): for no two to overlap, each branch must sit unscheduled through a whole
# dish of the other. With 20 ms dishes one stress run (one core kept busy) saw exactly that.
@check("chain/branch_kitchens.py", "--customers", "8", "--cook", "8", "--snacks", "40", "--scale", "0.01",
       timeout=120)
def _(run):
    d = run.data
    # Both engines really used both of their worker processes for the large dishes.
    assert d["dask_cooks"] == d["pool_cooks"] == d["workers"] == 2
    computes = [e for e in spans(run, kind="work") if e["label"] == "compute"]
    assert len(computes) == 8 and len({e["lane"] for e in computes}) == 2
    assert max_overlap(computes) == 2  # two branches cooked at the same time
    # A scheduler and workers take longer to open than a pool: typically 20x; 2x leaves room for noise.
    assert d["dask_open_s"] > 2 * d["pool_open_s"]
    # Each tiny Dask task is a scheduler round trip; the local pool hands work over far more cheaply.
    assert d["dask_tiny_s"] > d["pool_tiny_s"]
