"""Sending ingredients to another kitchen: pickled through a pool, or shared.

A worker process computes a checksum of a large buffer. Sent as an argument,
the buffer is pickled, pushed through a pipe and unpickled before the worker
even looks at it. Put in shared memory, it stays where it is; the worker gets
only its name and reads the same physical pages.
"""

import zlib
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.shared_memory import SharedMemory

# kitchen: hide-start
import multiprocessing
import os
import pickle
import sys
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, add_start_method, kitchen_parser, positive_int, report

CLOCK: Clock  # the log's clock, set by main()
REPEATS = 5  # --repeats
MS: dict[str, float] = {}  # the fastest time of each way, in seconds
NOTES: dict = {}  # what main() reports besides the times


def fastest(name: str, call) -> None:
    """Time `call` REPEATS times; the fastest (the least disturbed) counts."""
    times = []
    for _ in range(REPEATS):
        began = time.perf_counter()
        call()
        times.append(time.perf_counter() - began)
    MS[name] = min(times)


def weigh(name: str, pool, call, what: str) -> None:
    """Time a round trip to the kitchen and log it in the kitchen's lane."""
    fastest(name, call)
    pid = pool.submit(os.getpid).result()
    CLOCK.log(f"kitchen {pid}", f"checksum of {what}: {MS[name] * 1000:.1f} ms a round trip")


def filled(shared: SharedMemory, began: float) -> None:
    NOTES["fill_s"] = time.perf_counter() - began
    NOTES["shm_name"] = shared.name
    CLOCK.log("head chef", f"copied the buffer into shared memory {shared.name} once: "
              f"{NOTES['fill_s'] * 1000:.1f} ms")
# kitchen: hide-end


def checksum_of(data: bytes) -> int:
    return zlib.crc32(data)


def checksum_shared(name: str, size: int) -> int:
    shared = SharedMemory(name=name)  # attach: maps the pages  # kitchen: highlight
    try:
        with shared.buf[:size] as view:  # released before close()
            return zlib.crc32(view)
    finally:
        shared.close()


def send_both_ways(data: bytes, context) -> tuple[int, int]:
    # The block exists before the pool: on 3.11 and 3.12 a worker forked
    # earlier would start a resource tracker that unlinks it when it exits.
    size = len(data)
    shared = SharedMemory(create=True, size=size)  # kitchen: highlight
    try:  # unlink in every case: shared memory outlives its maker
        began = time.perf_counter()  # kitchen: hide
        shared.buf[:size] = data  # one copy, paid once
        filled(shared, began)  # kitchen: hide
        with ProcessPoolExecutor(1, mp_context=context) as pool:
            pool.submit(int).result()  # the kitchen is open before any timing  # kitchen: hide
            sent = pool.submit(checksum_of, data).result()  # kitchen: highlight
            weigh("sent as an argument (pickled)", pool,  # kitchen: hide
                  lambda: pool.submit(checksum_of, data).result(),  # kitchen: hide
                  "the pickled copy")  # kitchen: hide
            named = pool.submit(checksum_shared, shared.name, size).result()  # kitchen: highlight
            weigh("shared memory, name sent", pool,  # kitchen: hide
                  lambda: pool.submit(checksum_shared, shared.name, size).result(),  # kitchen: hide
                  "the shared pages")  # kitchen: hide
        return sent, named
    finally:
        shared.close()
        shared.unlink()


# kitchen: hide-start
def main() -> None:
    global CLOCK, REPEATS
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.001, unit="unit of the log's clock")
    parser.add_argument("--megabytes", type=positive_int, default=32,
                        help="size of the buffer in MiB (default: 32)")
    parser.add_argument("--repeats", type=positive_int, default=5,
                        help="timed sends per way; the fastest counts (default: 5)")
    add_start_method(parser)
    args = parser.parse_args()
    REPEATS = args.repeats

    size = args.megabytes * 2**20
    data = bytes(range(256)) * (size // 256)  # the same bytes every run
    expected = zlib.crc32(data)
    context = multiprocessing.get_context(args.start_method)
    CLOCK = Clock(args.scale, unit="ms" if args.scale == 0.001 else "units")  # the log's stamps
    print(f"head chef: process {os.getpid()}, start method {context.get_start_method()}, "
          f"{args.megabytes} MiB of ingredients")

    fastest("work alone, in this process", lambda: zlib.crc32(data))
    fastest("pickling alone, in this process",
            lambda: pickle.dumps(data, pickle.HIGHEST_PROTOCOL))
    pickled = pickle.dumps(data, pickle.HIGHEST_PROTOCOL)
    CLOCK.log("head chef", f"crc32 here: {MS['work alone, in this process'] * 1000:.1f} ms; "
              f"pickling: {MS['pickling alone, in this process'] * 1000:.1f} ms")

    crc_sent, crc_shared = send_both_ways(data, context)
    sent_shared = len(pickle.dumps((checksum_shared, NOTES["shm_name"], size),
                                   pickle.HIGHEST_PROTOCOL))
    sent_bytes = len(pickle.dumps((checksum_of, data), pickle.HIGHEST_PROTOCOL))
    print(f"\n{'':34}{'fastest':>9}")
    for name, seconds in MS.items():
        print(f"{name:34}{seconds * 1000:6.1f} ms")
    print(f"\npickled, each task carried {sent_bytes:,} bytes to the kitchen; "
          f"with shared memory, {sent_shared:,} bytes")
    saved = MS["sent as an argument (pickled)"] - MS["shared memory, name sent"]
    print(f"shared memory saved {saved * 1000:.1f} ms per task, "
          f"after one fill of {NOTES['fill_s'] * 1000:.1f} ms")
    ok = crc_sent == crc_shared == expected
    print(f"both kitchens computed checksum {expected:#010x}: {'yes' if ok else 'NO'}")
    report(size=size, seconds=MS, fill_s=NOTES["fill_s"], sent_bytes=sent_bytes,
           shared_sent_bytes=sent_shared, pickled_bytes=len(pickled), checksums_match=ok,
           shm_name=NOTES["shm_name"], start_method=context.get_start_method())
    if not ok:
        raise SystemExit("the checksums differ")


if __name__ == "__main__":
    main()
# kitchen: hide-end
