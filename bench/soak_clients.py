#!/usr/bin/python3
"""Clients of bench/soak.sh that `torsion bench` does not provide (Debian python3-websockets).

  soak_clients.py tls-echo wss://127.0.0.1:8443/ --connections 20 --seconds 3600
      connections over TLS (certificate not checked: the soak's own self-signed one), each sending messages of
      mixed sizes and kinds and checking every echo byte for byte.
  soak_clients.py abrupt ws://127.0.0.1:8080/ --rate 5 --seconds 3600
      connects, completes the opening handshake, sends part of a frame and drops the connection with a TCP
      reset, RATE times a second: the server must shrug these off without harm to anyone else.

Each prints one JSON line at the end: {"client": ..., "ok": N, "mismatches": N, "errors": N, "first_error": ...}
and exits 1 when an echo came back different or a connection failed.
"""
import argparse
import asyncio
import base64
import json
import os
import random
import socket
import ssl
import struct
import sys
import time
from urllib.parse import urlparse

import websockets

SIZES = [0, 1, 125, 126, 1000, 65535, 65536, 200_000]


async def tls_echo_connection(url, deadline, stats, seed):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        try:
            async with websockets.connect(url, ssl=context, max_size=1 << 24, ping_interval=None,
                                          open_timeout=30, close_timeout=30, compression=None) as ws:
                for _ in range(200):  # then reconnect: TLS handshakes are part of the load
                    if time.monotonic() >= deadline:
                        break
                    size = rng.choice(SIZES)
                    message = os.urandom(size) if rng.random() < 0.5 else "é" * (size // 2)
                    await ws.send(message)
                    echoed = await asyncio.wait_for(ws.recv(), 60)
                    if echoed == message:
                        stats["ok"] += 1
                    else:
                        stats["mismatches"] += 1
                        stats["first_error"] = stats["first_error"] or "echo of %d differs" % size
        except Exception as e:  # noqa: BLE001 - every failure is counted and reported
            stats["errors"] += 1
            stats["first_error"] = stats["first_error"] or "%s: %s" % (type(e).__name__, e)
            await asyncio.sleep(1)


async def tls_echo(args):
    stats = {"client": "tls-echo", "ok": 0, "mismatches": 0, "errors": 0, "first_error": None}
    deadline = time.monotonic() + args.seconds
    await asyncio.gather(*(tls_echo_connection(args.url, deadline, stats, i) for i in range(args.connections)))
    return stats


def abrupt_once(host, port, path):
    key = base64.b64encode(os.urandom(16)).decode()
    s = socket.create_connection((host, port), timeout=30)
    try:
        s.sendall(("GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % (path, host, port, key)).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = s.recv(4096)
            if not chunk:
                raise ConnectionError("closed during the handshake")
            head += chunk
        if not head.startswith(b"HTTP/1.1 101"):
            raise ConnectionError("handshake refused: " + head.split(b"\r\n")[0].decode("latin-1"))
        # a masked binary frame announcing 1000 bytes, of which only 10 are sent
        s.sendall(bytes([0x82, 0x80 | 126]) + struct.pack(">H", 1000) + os.urandom(4) + os.urandom(10))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close sends RST
    finally:
        s.close()


def abrupt(args):
    stats = {"client": "abrupt", "ok": 0, "mismatches": 0, "errors": 0, "first_error": None}
    u = urlparse(args.url)
    deadline = time.monotonic() + args.seconds
    interval = 1.0 / args.rate
    next_at = time.monotonic()
    while time.monotonic() < deadline:
        try:
            abrupt_once(u.hostname, u.port, u.path or "/")
            stats["ok"] += 1
        except Exception as e:  # noqa: BLE001
            stats["errors"] += 1
            stats["first_error"] = stats["first_error"] or "%s: %s" % (type(e).__name__, e)
        next_at += interval
        time.sleep(max(0.0, next_at - time.monotonic()))
    return stats


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("client", choices=["tls-echo", "abrupt"])
    p.add_argument("url")
    p.add_argument("--connections", type=int, default=10)
    p.add_argument("--rate", type=float, default=5)
    p.add_argument("--seconds", type=float, default=60)
    args = p.parse_args()
    stats = asyncio.run(tls_echo(args)) if args.client == "tls-echo" else abrupt(args)
    print(json.dumps(stats))
    sys.exit(1 if stats["mismatches"] or (args.client == "tls-echo" and stats["errors"]) else 0)


if __name__ == "__main__":
    main()
