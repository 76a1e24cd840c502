"""asyncio runs coroutines on one thread, but keeps helper threads: name lookups and to_thread use them.

The script opens a tiny local server and connects to it twice: once by
address (127.0.0.1) and once by name (localhost). A name has to be resolved
with socket.getaddrinfo, a blocking C call, and the event loop hands it to its
default thread pool. asyncio.to_thread uses the same pool. After each step the
script lists the threads of the process.
"""

import asyncio
import socket
import threading

# kitchen: hide-start
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, chop, kitchen_parser, positive_float, report, units_for
# kitchen: hide-end


def thread_names() -> list[str]:
    return sorted(t.name for t in threading.enumerate())


def spy_on_getaddrinfo(clock: Clock, calls: list[str]) -> None:
    """Wrap socket.getaddrinfo so each call notes its thread (the loop looks it up on every call)."""
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        calls.append(threading.current_thread().name)
        with clock.step(threading.current_thread().name, f"getaddrinfo({host!r})", kind="wait"):
            return real(host, *args, **kwargs)

    socket.getaddrinfo = getaddrinfo


async def connect(clock: Clock, host: str, port: int) -> None:
    with clock.step("MainThread", f"connecting to {host}", kind="wait"):
        reader, writer = await asyncio.open_connection(host, port, family=socket.AF_INET)
        writer.write(b"order\n")
        await writer.drain()
        await reader.readline()
        writer.close()
        await writer.wait_closed()


def chop_in_helper(clock: Clock, units: int) -> str:
    with clock.step(threading.current_thread().name, "chopping, sent with to_thread", kind="work"):
        chop(units)
    return threading.current_thread().name


async def service(args) -> dict:
    units = units_for(args.chop * args.scale)
    clock = Clock(args.scale)
    seen = {"at the start": thread_names()}
    clock.log("MainThread", f"threads: {', '.join(seen['at the start'])}")

    async def answer(reader, writer):
        await reader.readline()
        writer.write(b"served\n")
        await writer.drain()
        writer.close()

    resolved: list[str] = []
    spy_on_getaddrinfo(clock, resolved)
    server = await asyncio.start_server(answer, "127.0.0.1", 0)  # a number: no lookup needed
    port = server.sockets[0].getsockname()[1]
    async with server:
        await connect(clock, "127.0.0.1", port)
        seen["after connecting by address"] = thread_names()
        clock.log("MainThread", f"threads: {', '.join(seen['after connecting by address'])}")
        await connect(clock, "localhost", port)
        seen["after connecting by name"] = thread_names()
        clock.log("MainThread", f"threads: {', '.join(seen['after connecting by name'])}")
    with clock.step("MainThread", "awaiting to_thread", kind="wait"):
        chopper = await asyncio.to_thread(chop_in_helper, clock, units)
    seen["after to_thread"] = thread_names()
    clock.log("MainThread", f"threads: {', '.join(seen['after to_thread'])}")
    return {"seen": seen, "resolved_in": resolved, "chopped_in": chopper}


def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)
    parser.add_argument("--chop", type=positive_float, default=3, help="CPU minutes (default: 3)")
    args = parser.parse_args()

    result = asyncio.run(service(args))
    print()
    for moment, names in result["seen"].items():
        print(f"{moment:28} {len(names)} thread(s): {', '.join(names)}")
    print(f"getaddrinfo ran in: {', '.join(result['resolved_in']) or 'no thread at all'}")
    print(f"to_thread ran in:   {result['chopped_in']}")
    report(seen=result["seen"], resolved_in=result["resolved_in"], chopped_in=result["chopped_in"])


if __name__ == "__main__":
    main()
