#!/usr/bin/python3
"""An echo server on Python `websockets` (Debian python3-websockets), for the Torsion client's interop tests.

Usage: /usr/bin/python3 interop/python_server.py PORT [--compression]
Prints "listening PORT" when ready; echoes every message; runs until killed.
"""
import asyncio
import sys

import websockets


async def echo(ws, path=None):
    async for message in ws:
        await ws.send(message)


async def main(port, compression):
    kwargs = dict(max_size=32 * 1024 * 1024, ping_interval=None)
    if not compression:
        kwargs["compression"] = None
    async with websockets.serve(echo, "127.0.0.1", port, **kwargs) as server:
        print("listening", server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), "--compression" in sys.argv))
