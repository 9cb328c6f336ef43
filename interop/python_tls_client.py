#!/usr/bin/python3
"""Interop check over TLS: Python `websockets` (Debian python3-websockets) against a wss:// echo server whose
certificate is trusted through a CA file (e.g. the one `torsion cert` makes), with host-name checking on.

Usage: /usr/bin/python3 interop/python_tls_client.py wss://localhost:8443/ cert.pem
Exits 0 and prints "ok ..." (with the TLS version) when every echo came back unchanged and the close was
clean; exits 1 with the reason otherwise.
"""
import asyncio
import os
import ssl
import sys

import websockets


async def main(url, cafile):
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=cafile)
    kwargs = dict(ssl=context, max_size=32 * 1024 * 1024, ping_interval=None, open_timeout=10,
                  close_timeout=10, compression=None)
    async with websockets.connect(url, **kwargs) as ws:
        await ws.send("hello over tls \u2603")
        assert await ws.recv() == "hello over tls \u2603", "text echo differs"
        for size in [0, 125, 65536, 4 << 20]:
            data = os.urandom(size)
            await ws.send(data)
            assert await ws.recv() == data, "binary echo differs for %d bytes" % size
        await ws.send(["frag", "mented"])
        assert await ws.recv() == "fragmented", "fragmented echo differs"
        version = ws.transport.get_extra_info("ssl_object").version()
        await ws.close(1000, "done")
        assert ws.close_code == 1000, "close code %r" % ws.close_code
        print("ok", version)


if __name__ == "__main__":
    try:
        asyncio.run(main(sys.argv[1], sys.argv[2]))
    except Exception as e:  # report, do not trace: the Java test prints this line
        print("FAIL", type(e).__name__, e)
        sys.exit(1)
