"""Checks one WebSocket broadcast peer: a text message sent by one of three clients reaches all three.

Usage: fanout_check.py URI [LABEL]
Exits non-zero with a message on any failure. Runs on Debian's python3-websockets (10.x legacy client API).
"""
import asyncio
import sys

import websockets


async def check(uri):
    clients = [await websockets.connect(uri, open_timeout=10, close_timeout=5) for _ in range(3)]
    try:
        await asyncio.sleep(0.2)  # the server adds each client to its group right after the handshake
        text = "fan-out \u2713 \U0001F600"
        await clients[1].send(text)
        for i, ws in enumerate(clients):
            got = await asyncio.wait_for(ws.recv(), 10)
            if got != text:
                raise AssertionError(f"client {i} got {got!r}")
    finally:
        for ws in clients:
            await ws.close()


def main():
    uri = sys.argv[1]
    label = sys.argv[2] if len(sys.argv) > 2 else uri
    try:
        asyncio.run(check(uri))
    except Exception as e:  # noqa: BLE001 - any failure is a failed check
        print(f"FAIL {label}: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
    print(f"ok   {label}: a text message from one client reached all three")


if __name__ == "__main__":
    main()
