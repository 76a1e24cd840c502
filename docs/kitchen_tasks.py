"""Work for the Jupyter corner's process pool.

A worker started with spawn or forkserver can import this module by name, which
it cannot do with a function defined in a notebook cell.
"""


def chop(units: int) -> int:
    """Pure-Python CPU work."""
    return sum(i * i % 7 for i in range(units))
