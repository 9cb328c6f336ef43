#!/usr/bin/python3
"""Interop check of small LZ77 windows (RFC 7692 7.1.2): Python `websockets` (Debian python3-websockets) as a
client that offers server_max_window_bits=N (and client_max_window_bits), against a WebSocket echo server.

Usage: /usr/bin/python3 interop/python_window_client.py ws://127.0.0.1:8080/ N [AGREED]
websockets inflates the server's messages with zlib at exactly the window the server answers, which must be
AGREED bits (default N; a server may answer less than offered). 300 messages of every kind (JSON-like
text, incompressible bytes, blocks repeated at distances around the window, long runs, repeats of earlier
messages) must come back unchanged. Exits 0 and prints "ok ..." with the agreed parameters, or 1 with the reason.
"""
import asyncio
import random
import sys

import websockets
from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory


def messages(seed, count=300):
    rng = random.Random(seed)
    words = ["permessage", "deflate", "window", "bits", '{"id":', '"text":', "}", "quick", "brown", "\u00e9t\u00e9"]
    out = []
    for i in range(count):
        kind = i % 5
        if kind == 0:
            out.append(" ".join(rng.choice(words) + str(rng.randrange(100)) for _ in range(rng.randrange(10, 600))))
        elif kind == 1:
            out.append(rng.randbytes(rng.randrange(3000)))
        elif kind == 2:
            distance = rng.randrange(200, 40000)
            block = rng.randbytes(min(distance, 300))
            middle = rng.randbytes(distance - len(block))
            out.append(block + middle + block)
        elif kind == 3:
            out.append(bytes([rng.randrange(97, 123)]) * rng.randrange(20000))
        else:
            out.append(out[i - 1 - rng.randrange(3)])
    return out


async def main(url, bits, agreed_bits):
    # zlib cannot compress raw DEFLATE with an 8-bit window, so websockets' own compressor asks for at least 9
    factory = ClientPerMessageDeflateFactory(server_max_window_bits=bits, client_max_window_bits=max(bits, 9))
    async with websockets.connect(url, extensions=[factory], compression=None, max_size=32 * 1024 * 1024,
                                  ping_interval=None, open_timeout=10, close_timeout=10) as ws:
        extension = ws.extensions[0] if ws.extensions else None
        assert extension is not None and extension.name == "permessage-deflate", "no permessage-deflate agreed"
        assert extension.remote_max_window_bits == agreed_bits, "server window %r" % extension.remote_max_window_bits
        for i, message in enumerate(messages(bits)):
            await ws.send(message)
            back = await ws.recv()
            assert back == message, "message %d (%d bytes) differs" % (i, len(message))
        await ws.close(1000, "done")
        assert ws.close_code == 1000, "close code %r" % ws.close_code
        print("ok messages=300 server_max_window_bits=%d client_max_window_bits=%d server_no_context_takeover=%s"
              % (extension.remote_max_window_bits, extension.local_max_window_bits,
                 str(extension.remote_no_context_takeover).lower()))


if __name__ == "__main__":
    try:
        bits = int(sys.argv[2])
        asyncio.run(main(sys.argv[1], bits, int(sys.argv[3]) if len(sys.argv) > 3 else bits))
    except Exception as e:  # report, do not trace: the Java test prints this line
        print("FAIL", type(e).__name__, e)
        sys.exit(1)
