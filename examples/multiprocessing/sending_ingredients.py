"""Sending ingredients to another kitchen: a big buffer pickled through a pool, against a SharedMemory name.

A worker process computes a checksum of a large buffer. Sent as an argument,
the buffer is pickled, pushed through a pipe and unpickled: copied several
times before the worker even looks at it. Put in shared memory, it stays where it is;
the worker gets only its name and reads the same physical pages.
"""

import multiprocessing
import os
import pickle
import time
import zlib
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.shared_memory import SharedMemory

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, add_start_method, kitchen_parser, positive_int, report
# kitchen: hide-end


def checksum_of(data: bytes) -> tuple[int, int]:
    return zlib.crc32(data), os.getpid()


def checksum_shared(name: str, size: int) -> tuple[int, int]:
    shared = SharedMemory(name=name)  # attach: maps the pages, copies nothing
    try:
        with shared.buf[:size] as view:  # released before close(), which refuses while views exist
            return zlib.crc32(view), os.getpid()
    finally:
        shared.close()


def timed(repeats: int, call) -> tuple[float, object]:
    """The fastest of `repeats` calls (the least disturbed), and the last call's result."""
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - began)
    return min(times), result


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.001, unit="unit of the log's clock")
    parser.add_argument("--megabytes", type=positive_int, default=32,
                        help="size of the buffer in MiB (default: 32)")
    parser.add_argument("--repeats", type=positive_int, default=5,
                        help="timed sends per way; the fastest counts (default: 5)")
    add_start_method(parser)
    args = parser.parse_args()

    size = args.megabytes * 2**20
    data = bytes(range(256)) * (size // 256)  # the same bytes every run
    expected = zlib.crc32(data)
    context = multiprocessing.get_context(args.start_method)
    clock = Clock(args.scale, unit="ms" if args.scale == 0.001 else "units")  # the log's stamps
    print(f"head chef: process {os.getpid()}, start method {context.get_start_method()}, "
          f"{args.megabytes} MiB of ingredients")
    ms = {}

    ms["work alone, in this process"], _ = timed(args.repeats, lambda: zlib.crc32(data))
    ms["pickling alone, in this process"], pickled = timed(
        args.repeats, lambda: pickle.dumps(data, pickle.HIGHEST_PROTOCOL))
    clock.log("head chef", f"crc32 here: {ms['work alone, in this process'] * 1000:.1f} ms; "
              f"pickling: {ms['pickling alone, in this process'] * 1000:.1f} ms")

    # The shared block exists before the pool: a worker forked earlier would, on Python 3.11
    # and 3.12, start a resource tracker of its own that "cleans up" the block when it exits.
    shared = SharedMemory(create=True, size=size)
    try:  # unlink in every case: shared memory outlives the process that made it
        began = time.perf_counter()
        shared.buf[:size] = data
        fill = time.perf_counter() - began
        clock.log("head chef", f"copied the buffer into shared memory {shared.name} once: "
                  f"{fill * 1000:.1f} ms")

        with ProcessPoolExecutor(1, mp_context=context) as pool:
            pool.submit(int).result()  # the kitchen is open before any timing starts

            ms["sent as an argument (pickled)"], (crc_sent, pid) = timed(
                args.repeats, lambda: pool.submit(checksum_of, data).result())
            clock.log(f"kitchen {pid}", f"checksum of the pickled copy: "
                      f"{ms['sent as an argument (pickled)'] * 1000:.1f} ms a round trip")

            ms["shared memory, name sent"], (crc_shared, pid) = timed(
                args.repeats, lambda: pool.submit(checksum_shared, shared.name, size).result())
            clock.log(f"kitchen {pid}", f"checksum of the shared pages: "
                      f"{ms['shared memory, name sent'] * 1000:.1f} ms a round trip")
        sent_shared = len(pickle.dumps((checksum_shared, shared.name, size), pickle.HIGHEST_PROTOCOL))
    finally:
        shared.close()
        shared.unlink()

    sent_bytes = len(pickle.dumps((checksum_of, data), pickle.HIGHEST_PROTOCOL))
    print(f"\n{'':34}{'fastest':>9}")
    for name, seconds in ms.items():
        print(f"{name:34}{seconds * 1000:6.1f} ms")
    print(f"\npickled, each task carried {sent_bytes:,} bytes to the kitchen; "
          f"with shared memory, {sent_shared:,} bytes")
    saved = ms["sent as an argument (pickled)"] - ms["shared memory, name sent"]
    print(f"shared memory saved {saved * 1000:.1f} ms per task, after one fill of {fill * 1000:.1f} ms")
    ok = crc_sent == crc_shared == expected
    print(f"both kitchens computed checksum {expected:#010x}: {'yes' if ok else 'NO'}")
    report(size=size, seconds=ms, fill_s=fill, sent_bytes=sent_bytes, shared_sent_bytes=sent_shared,
           pickled_bytes=len(pickled), checksums_match=ok, shm_name=shared.name,
           start_method=context.get_start_method())
    if not ok:
        raise SystemExit("the checksums differ")


if __name__ == "__main__":
    main()
