"""Checks for examples/which_kitchen: the 'Which kitchen?' guide."""

from . import check


@check("which_kitchen/threads_inside_asyncio.py", "--scale", "0.01")
def _(run):
    seen = run.data["seen"]
    assert seen["at the start"] == ["MainThread"]
    assert seen["after connecting by address"] == ["MainThread"]  # a numeric address needs no lookup
    helpers = [name for name in seen["after connecting by name"] if name != "MainThread"]
    assert len(helpers) == 1 and helpers[0].startswith("asyncio_")  # the loop's default pool
    assert run.data["resolved_in"] == helpers  # one lookup, in that helper thread
    assert run.data["chopped_in"].startswith("asyncio_")  # to_thread uses the same pool
    lanes = {e["lane"] for e in run.events}
    assert lanes == {"MainThread", helpers[0]} | {run.data["chopped_in"]}
