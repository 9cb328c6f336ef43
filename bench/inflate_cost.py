#!/usr/bin/python3
"""The cost of inflating, seen from outside: a compressed 15 MiB message of zeros echoed by a server, and a
decompression bomb (about 1 MiB that inflates to 1 GiB) that the server must close with 1009.

Usage: python3 bench/inflate_cost.py HOST PORT SERVER_PID [zeros] [bomb]
Prints, per check, the time from the first byte sent to the answer (the echo, or the close frame), the CPU
time the server process used meanwhile (all its threads: JIT compilation and GC included) and the growth of
its resident memory (VmRSS of SERVER_PID), both read from /proc before and after.
The connection offers permessage-deflate with client_no_context_takeover; frames are masked with a zero key.
See docs/permessage-deflate.md ("Inflating") for the figures and how they were taken.
"""
import asyncio, os, sys, time, zlib, socket, base64, struct

def cpu_seconds(pid):
    """User plus system CPU time of the process so far (all its threads), from /proc/PID/stat."""
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid):
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])

async def handshake(host, port):
    r, w = await asyncio.open_connection(host, port)
    key = base64.b64encode(os.urandom(16)).decode()
    w.write((("GET / HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n"
             "Sec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover\r\n\r\n") % (host, port, key)).encode())
    head = await r.readuntil(b"\r\n\r\n")
    assert b" 101 " in head and b"permessage-deflate" in head, head
    return r, w

def frame(payload, rsv1=True, opcode=2):
    b0 = 0x80 | (0x40 if rsv1 else 0) | opcode
    n = len(payload)
    if n < 126: hdr = struct.pack("!BB", b0, 0x80 | n)
    elif n < 65536: hdr = struct.pack("!BBH", b0, 0x80 | 126, n)
    else: hdr = struct.pack("!BBQ", b0, 0x80 | 127, n)
    return hdr + b"\0\0\0\0" + payload  # zero mask key

def deflate_raw(data):
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    out = c.compress(data) + c.flush(zlib.Z_SYNC_FLUSH)
    assert out.endswith(b"\0\0\xff\xff")
    return out[:-4]

async def read_frame(r):
    b0, b1 = await r.readexactly(2)
    n = b1 & 0x7f
    if n == 126: n = struct.unpack("!H", await r.readexactly(2))[0]
    elif n == 127: n = struct.unpack("!Q", await r.readexactly(8))[0]
    return b0, await r.readexactly(n)

async def echo_zeros(host, port, pid, size):
    r, w = await handshake(host, port)
    payload = deflate_raw(bytes(size))
    before, cpu = rss_kib(pid), cpu_seconds(pid)
    t = time.perf_counter()
    w.write(frame(payload)); await w.drain()
    b0, back = await read_frame(r)
    elapsed = time.perf_counter() - t
    d = zlib.decompressobj(-15)
    data = d.decompress(back + b"\0\0\xff\xff") if b0 & 0x40 else back
    assert data == bytes(size), "echo differs"
    print("zeros %d MiB (compressed %d B): echoed in %.3f s, server CPU %.2f s, server RSS %+.1f MiB"
          % (size >> 20, len(payload), elapsed, cpu_seconds(pid) - cpu, (rss_kib(pid) - before) / 1024))
    w.close()

async def bomb(host, port, pid, inflated):
    r, w = await handshake(host, port)
    payload = deflate_raw(bytes(inflated))
    before, cpu = rss_kib(pid), cpu_seconds(pid)
    t = time.perf_counter()
    w.write(frame(payload))
    try:
        await w.drain()
    except ConnectionError:
        pass
    b0, body = await read_frame(r)
    elapsed = time.perf_counter() - t
    code = struct.unpack("!H", body[:2])[0] if len(body) >= 2 else None
    print("bomb %.2f MiB compressed -> %d MiB: opcode %d code %s after %.3f s, server CPU %.2f s, server RSS %+.1f MiB"
          % (len(payload) / 1048576, inflated >> 20, b0 & 0xf, code, elapsed, cpu_seconds(pid) - cpu,
             (rss_kib(pid) - before) / 1024))
    w.close()

async def main():
    host, port, pid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    what = sys.argv[4:] or ["zeros", "bomb"]
    for w in what:
        if w == "zeros":
            await echo_zeros(host, port, pid, 15 << 20)
        else:
            await bomb(host, port, pid, 1 << 30)

asyncio.run(main())
