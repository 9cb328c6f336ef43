#!/usr/bin/python3
"""An echo server on Python `websockets` (Debian python3-websockets), for the Torsion client's interop tests.

Usage: /usr/bin/python3 interop/python_server.py PORT [--compression | --window N]
Prints "listening PORT" when ready; echoes every message; runs until killed.
--window N asks every client for client_max_window_bits=N (and requires that the client offered it) and
compresses with a window of max(N, 9) bits (zlib cannot compress raw DEFLATE with 8); for each connection it
prints "agreed " and the permessage-deflate parameters in force, or "agreed none".
"""
import asyncio
import sys

import websockets
from websockets.extensions.permessage_deflate import ServerPerMessageDeflateFactory


async def echo(ws, path=None):
    if WINDOW:
        agreed = [e for e in ws.extensions if e.name == "permessage-deflate"]
        print("agreed", "client_max_window_bits=%d server_max_window_bits=%d"
              % (agreed[0].remote_max_window_bits, agreed[0].local_max_window_bits) if agreed else "none",
              flush=True)
    async for message in ws:
        await ws.send(message)


async def main(port, compression):
    kwargs = dict(max_size=32 * 1024 * 1024, ping_interval=None)
    if WINDOW:
        kwargs["compression"] = None
        kwargs["extensions"] = [ServerPerMessageDeflateFactory(
            server_max_window_bits=max(WINDOW, 9), client_max_window_bits=WINDOW,
            require_client_max_window_bits=True)]
    elif not compression:
        kwargs["compression"] = None
    async with websockets.serve(echo, "127.0.0.1", port, **kwargs) as server:
        print("listening", server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    WINDOW = int(sys.argv[sys.argv.index("--window") + 1]) if "--window" in sys.argv else 0
    asyncio.run(main(int(sys.argv[1]), "--compression" in sys.argv))
