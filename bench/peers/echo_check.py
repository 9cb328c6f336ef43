"""Checks one WebSocket echo peer: a text and a 1 MiB binary message come back byte for byte.

Usage: echo_check.py URI (plain|deflate) [LABEL]
The client always offers permessage-deflate; 'plain' requires the server to decline it,
'deflate' requires the server to accept it. Exits non-zero with a message on any failure.
Runs on Debian's python3-websockets (10.x legacy client API).
"""
import asyncio
import os
import sys

import websockets


async def check(uri, mode):
    async with websockets.connect(uri, max_size=2**24, compression="deflate",
                                  open_timeout=10, close_timeout=5) as ws:
        extensions = ws.response_headers.get("Sec-WebSocket-Extensions", "")
        negotiated = "permessage-deflate" in extensions
        if negotiated != (mode == "deflate"):
            raise AssertionError(f"mode {mode} but Sec-WebSocket-Extensions is {extensions!r}")

        text = "hello, torsion \u2713 \U0001F600"
        await ws.send(text)
        echoed = await asyncio.wait_for(ws.recv(), 10)
        if not isinstance(echoed, str) or echoed.encode() != text.encode():
            raise AssertionError(f"text echo differs: {echoed!r}")

        blob = os.urandom(1 << 20)
        await ws.send(blob)
        echoed = await asyncio.wait_for(ws.recv(), 20)
        if not isinstance(echoed, bytes) or echoed != blob:
            raise AssertionError(f"binary echo differs: {type(echoed).__name__} of {len(echoed)}")


def main():
    uri, mode = sys.argv[1], sys.argv[2]
    label = sys.argv[3] if len(sys.argv) > 3 else uri
    try:
        asyncio.run(check(uri, mode))
    except Exception as e:  # report any failure as one line
        print(f"FAIL {label} {mode}: {type(e).__name__}: {e}")
        sys.exit(1)
    print(f"ok   {label} {mode}: text and 1 MiB binary echoed")


if __name__ == "__main__":
    main()
