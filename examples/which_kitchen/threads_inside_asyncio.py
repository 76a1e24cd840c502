"""asyncio runs on one thread but keeps helper threads: lookups, to_thread."""

import asyncio
import socket
import threading
# kitchen: hide-start

import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import Clock, chop, kitchen_parser, log, positive_float, report, timed, units_for

SEEN: dict[str, list[str]] = {}  # moment -> the threads of the process then
RESOLVED_IN: list[str] = []  # the thread of each getaddrinfo call


def note(moment: str) -> None:
    SEEN[moment] = sorted(t.name for t in threading.enumerate())
    log("MainThread", f"threads: {', '.join(SEEN[moment])}")


def spy_on_getaddrinfo() -> None:
    """Wrap socket.getaddrinfo so each call notes its thread (the loop looks it up on every call)."""
    real = socket.getaddrinfo

    @timed("{thread}", "getaddrinfo({host!r})", kind="wait")
    def getaddrinfo(host, *args, **kwargs):
        RESOLVED_IN.append(threading.current_thread().name)
        return real(host, *args, **kwargs)

    socket.getaddrinfo = getaddrinfo
# kitchen: hide-end


async def answer(reader, writer) -> None:  # the server's side
    await reader.readline()
    writer.write(b"served\n")
    writer.close()  # sends what is buffered, then closes


@timed("MainThread", "connecting to {host}", kind="wait")  # kitchen: hide
async def connect(host: str, port: int) -> None:
    reader, writer = await asyncio.open_connection(host, port,
                                                   family=socket.AF_INET)
    writer.write(b"order\n")
    await writer.drain()
    await reader.readline()
    writer.close()
    await writer.wait_closed()


@timed("{thread}", "chopping, sent with to_thread", kind="work")  # kitchen: hide
def chop_in_helper(units: int) -> str:
    chop(units)  # pure-Python CPU work (from _kitchen)
    return threading.current_thread().name


async def service(units: int) -> str:
    server = await asyncio.start_server(answer, "127.0.0.1", 0)  # no lookup
    port = server.sockets[0].getsockname()[1]
    async with server:
        await connect("127.0.0.1", port)  # an address: no lookup needed
        note("after connecting by address")  # kitchen: hide
        await connect("localhost", port)  # a name: getaddrinfo  # kitchen: highlight
        note("after connecting by name")  # kitchen: hide
    chopped_in = await asyncio.to_thread(chop_in_helper, units)  # kitchen: highlight
    note("after to_thread")  # kitchen: hide
    return chopped_in
# kitchen: hide-start


def show(chopped_in: str) -> None:
    print()
    for moment, names in SEEN.items():
        print(f"{moment:28} {len(names)} thread(s): {', '.join(names)}")
    print(f"getaddrinfo ran in: {', '.join(RESOLVED_IN) or 'no thread at all'}")
    print(f"to_thread ran in:   {chopped_in}")
    report(seen=SEEN, resolved_in=RESOLVED_IN, chopped_in=chopped_in)
# kitchen: hide-end


if __name__ == "__main__":
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.02)  # kitchen: hide
    parser.add_argument("--chop", type=positive_float, default=3, help="CPU minutes (default: 3)")  # kitchen: hide
    args = parser.parse_args()  # kitchen: hide
    units = units_for(args.chop * args.scale)  # kitchen: hide
    Clock(args.scale)  # kitchen: hide
    note("at the start")  # kitchen: hide
    spy_on_getaddrinfo()  # kitchen: hide
    chopped_in = asyncio.run(service(units))
    show(chopped_in)  # kitchen: hide
