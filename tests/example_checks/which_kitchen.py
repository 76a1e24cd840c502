"""Checks for examples/which_kitchen: the 'Which kitchen?' guide."""

from . import check, claim


@check("which_kitchen/threads_inside_asyncio.py", "--scale", "0.01")
def _(run):
    seen = run.data["seen"]
    claim(f"at the start: {', '.join(seen['at the start'])}",
          seen["at the start"] == ["MainThread"])
    # A numeric address needs no lookup.
    claim(f"after connecting by address: {', '.join(seen['after connecting by address'])}",
          seen["after connecting by address"] == ["MainThread"])
    helpers = [name for name in seen["after connecting by name"] if name != "MainThread"]
    claim(f"connecting by name added {', '.join(helpers)}, a thread of the loop's default pool",
          len(helpers) == 1 and helpers[0].startswith("asyncio_"))
    claim(f"getaddrinfo ran in {', '.join(run.data['resolved_in'])}",
          run.data["resolved_in"] == helpers)  # one lookup, in that helper thread
    claim(f"to_thread ran in {run.data['chopped_in']}, a thread of the same pool",
          run.data["chopped_in"].startswith("asyncio_"))
    lanes = {e["lane"] for e in run.events}
    claim(f"the timeline's threads: {', '.join(sorted(lanes))}",
          lanes == {"MainThread", helpers[0]} | {run.data["chopped_in"]})
