#!/usr/bin/python3
"""Interop check: Python `websockets` (Debian python3-websockets) against a WebSocket echo server.

Usage: /usr/bin/python3 interop/python_client.py ws://127.0.0.1:8080/ [--compression]
Exits 0 and prints "ok ..." when every echo came back unchanged and the close was clean;
exits 1 with the reason otherwise.
"""
import asyncio
import os
import sys

import websockets


async def main(url, compression):
    kwargs = dict(max_size=32 * 1024 * 1024, ping_interval=None, open_timeout=10, close_timeout=10)
    if not compression:
        kwargs["compression"] = None
    async with websockets.connect(url, **kwargs) as ws:
        checks = []
        for text in ["hello", "", "snowman \u2603 and emoji \U0001F600", "x" * 70000]:
            await ws.send(text)
            back = await ws.recv()
            assert back == text, "text echo differs for a message of %d chars" % len(text)
        checks.append("text")
        for size in [0, 1, 125, 126, 65535, 65536, 1 << 20, 16 << 20]:
            data = os.urandom(size)
            await ws.send(data)
            back = await ws.recv()
            assert back == data, "binary echo differs for %d bytes" % size
        checks.append("binary")
        # fragmented message: websockets sends an iterable as fragments
        parts = ["frag", "ment", "ed \u00e9"]
        await ws.send(parts)
        assert await ws.recv() == "".join(parts), "fragmented echo differs"
        checks.append("fragmented")
        for i in range(200):
            await ws.send("message %d" % i)
        for i in range(200):
            assert await ws.recv() == "message %d" % i, "pipelined echoes out of order"
        checks.append("ordered")
        pong = await ws.ping(b"are you there")
        await asyncio.wait_for(pong, 10)
        checks.append("ping")
        extensions = [e.name for e in ws.extensions] if hasattr(ws, "extensions") else []
        await ws.close(1000, "done")
        assert ws.close_code == 1000, "close code %r" % ws.close_code
        checks.append("close")
        print("ok", " ".join(checks), "extensions=%s" % ",".join(extensions))


if __name__ == "__main__":
    url = sys.argv[1]
    try:
        asyncio.run(main(url, "--compression" in sys.argv))
    except Exception as e:  # report, do not trace: the Java test prints this line
        print("FAIL", type(e).__name__, e)
        sys.exit(1)
