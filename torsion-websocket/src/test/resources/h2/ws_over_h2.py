#!/usr/bin/python3
"""WebSocket over HTTP/2 (RFC 8441) against a Torsion server, at the frame level, with Python's h2 (Debian's
python3-h2) and WebSocket frames built here by hand.

usage: ws_over_h2.py HOST PORT SCENARIO [tls]
The server has a WebSocket echo at /echo (subprotocol chat) and a page at /page. Prints one line per finding
and "ok SCENARIO" at the end; exits 1 on the first surprise.
"""
import os
import socket
import ssl
import struct
import sys

import h2.config
import h2.connection
import h2.errors
import h2.events
import h2.settings

HOST, PORT, SCENARIO = sys.argv[1], int(sys.argv[2]), sys.argv[3]
TLS = len(sys.argv) > 4 and sys.argv[4] == "tls"


def fail(message):
    print("FAIL " + message)
    sys.exit(1)


class Peer:
    """One HTTP/2 connection to the server, with the events seen so far."""

    def __init__(self, window=None):
        sock = socket.create_connection((HOST, PORT), timeout=10)
        if TLS:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            context.set_alpn_protocols(["h2"])
            sock = context.wrap_socket(sock, server_hostname="localhost")
            if sock.selected_alpn_protocol() != "h2":
                fail("ALPN chose %r, not h2" % sock.selected_alpn_protocol())
        self.sock = sock
        self.conn = h2.connection.H2Connection(config=h2.config.H2Configuration(
            client_side=True, header_encoding="utf-8", validate_outbound_headers=False))
        self.conn.initiate_connection()
        if window is not None:
            self.conn.update_settings({h2.settings.SettingCodes.INITIAL_WINDOW_SIZE: window})
        self.flush()
        self.events = []
        self.data = {}
        self.pump(lambda: any(isinstance(e, h2.events.RemoteSettingsChanged) for e in self.events))
        self.settings = {int(k): v.new_value for e in self.events if isinstance(e, h2.events.RemoteSettingsChanged)
                         for k, v in e.changed_settings.items()}

    def flush(self):
        out = self.conn.data_to_send()
        if out:
            self.sock.sendall(out)

    def pump(self, until, limit=2000, credit=True):
        for _ in range(limit):
            if until():
                return
            data = self.sock.recv(65536)
            if not data:
                if until():
                    return
                fail("the server closed the connection; events so far: %r" % self.events[-5:])
            for e in self.conn.receive_data(data):
                self.events.append(e)
                if isinstance(e, h2.events.DataReceived):
                    self.data[e.stream_id] = self.data.get(e.stream_id, b"") + e.data
                    if credit:
                        self.conn.acknowledge_received_data(e.flow_controlled_length, e.stream_id)
            self.flush()
        fail("no end in sight; events so far: %r" % self.events[-5:])

    def of(self, stream_id, kind):
        return [e for e in self.events if isinstance(e, kind) and getattr(e, "stream_id", None) == stream_id]

    def connect(self, path="/echo", protocol="websocket", version="13", extra=()):
        sid = self.conn.get_next_available_stream_id()
        headers = [(":method", "CONNECT"), (":scheme", "https" if TLS else "http"), (":path", path),
                   (":authority", "localhost")]
        if protocol is not None:
            headers.insert(1, (":protocol", protocol))
        if version is not None:
            headers.append(("sec-websocket-version", version))
        self.conn.send_headers(sid, headers + list(extra), end_stream=False)
        self.flush()
        return sid

    def response(self, sid):
        self.pump(lambda: self.of(sid, h2.events.ResponseReceived) or self.of(sid, h2.events.StreamReset))
        got = self.of(sid, h2.events.ResponseReceived)
        return dict(got[0].headers) if got else None

    def send(self, sid, data, end=False):
        sent = 0
        while sent < len(data):
            window = min(self.conn.local_flow_control_window(sid), self.conn.max_outbound_frame_size)
            if window <= 0:
                self.pump(lambda: self.conn.local_flow_control_window(sid) > 0)
                continue
            self.conn.send_data(sid, data[sent:sent + window])
            sent += window
        if end:
            self.conn.end_stream(sid)
        self.flush()

    def frames(self, sid, count):
        """The first count WebSocket frames the server sent on sid: (opcode, payload)."""
        out = []

        def parse():
            out.clear()
            buf = self.data.get(sid, b"")
            while len(buf) >= 2:
                opcode, n = buf[0] & 0x0F, buf[1] & 0x7F
                if buf[1] & 0x80:
                    fail("the server masked a frame")
                at = 2
                if n == 126:
                    if len(buf) < 4:
                        break
                    n, at = struct.unpack("!H", buf[2:4])[0], 4
                elif n == 127:
                    if len(buf) < 10:
                        break
                    n, at = struct.unpack("!Q", buf[2:10])[0], 10
                if len(buf) < at + n:
                    break
                out.append((opcode, buf[at:at + n]))
                buf = buf[at + n:]
            return len(out) >= count

        self.pump(parse)
        return out[:count]


def ws_frame(opcode, payload):
    """A client frame: FIN, masked with a random key."""
    key = os.urandom(4)
    n = len(payload)
    head = bytes([0x80 | opcode])
    if n < 126:
        head += bytes([0x80 | n])
    elif n < 65536:
        head += bytes([0x80 | 126]) + struct.pack("!H", n)
    else:
        head += bytes([0x80 | 127]) + struct.pack("!Q", n)
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


TEXT, BINARY, CLOSE, PING, PONG = 1, 2, 8, 9, 10


def close_cleanly(peer, sid, code=1000):
    """Sends a close frame; the server must answer it, then END_STREAM (no reset); then this end ends too."""
    peer.send(sid, ws_frame(CLOSE, struct.pack("!H", code)))
    peer.pump(lambda: peer.of(sid, h2.events.StreamEnded))
    tail = parse_all(peer, sid)
    if not tail or tail[-1] != (CLOSE, struct.pack("!H", code)):
        fail("no close %d echoed before END_STREAM: %r" % (code, tail[-1:]))
    if peer.of(sid, h2.events.StreamReset):
        fail("the server reset the stream instead of ending it")
    peer.conn.end_stream(sid)
    peer.flush()


def parse_all(peer, sid):
    buf = peer.data.get(sid, b"")
    out = []
    while len(buf) >= 2:
        n, at = buf[1] & 0x7F, 2
        if n == 126:
            n, at = struct.unpack("!H", buf[2:4])[0], 4
        elif n == 127:
            n, at = struct.unpack("!Q", buf[2:10])[0], 10
        if len(buf) < at + n:
            break
        out.append((buf[0] & 0x0F, buf[at:at + n]))
        buf = buf[at + n:]
    return out


def settings():
    peer = Peer()
    if peer.settings.get(8) != 1:
        fail("SETTINGS_ENABLE_CONNECT_PROTOCOL is %r, not 1: %r" % (peer.settings.get(8), peer.settings))
    print("server settings:", peer.settings)


def echo():
    peer = Peer()
    sid = peer.connect(extra=[("sec-websocket-protocol", "chat, superchat"), ("origin", "http://www.example.com")])
    head = peer.response(sid)
    if head is None or head.get(":status") != "200":
        fail("extended CONNECT answered %r" % head)
    if head.get("sec-websocket-protocol") != "chat":
        fail("subprotocol %r" % head.get("sec-websocket-protocol"))
    if "sec-websocket-accept" in head or "upgrade" in head:
        fail("HTTP/1.1 upgrade fields in the 200: %r" % head)
    if peer.of(sid, h2.events.StreamEnded):
        fail("the 200 ended the stream")
    print("200 with sec-websocket-protocol chat, the stream open")
    text = "hello over HTTP/2 \u2603".encode()
    message = ws_frame(TEXT, text)
    peer.send(sid, message[:3])   # one WebSocket frame in three DATA frames
    peer.send(sid, message[3:9])
    peer.send(sid, message[9:] + ws_frame(PING, b"p") + ws_frame(BINARY, bytes(range(256)) * 3))
    got = peer.frames(sid, 3)
    if got != [(TEXT, text), (PONG, b"p"), (BINARY, bytes(range(256)) * 3)]:
        fail("echo %r" % got)
    print("text, pong and binary came back in DATA frames")
    close_cleanly(peer, sid)
    print("close 1000 answered, then END_STREAM each way, no RST_STREAM")
    sid2 = peer.connect()
    if peer.response(sid2).get(":status") != "200":
        fail("a second WebSocket on the connection")
    peer.send(sid2, ws_frame(TEXT, b"again"))
    if peer.frames(sid2, 1) != [(TEXT, b"again")]:
        fail("the second WebSocket's echo")
    print("a second WebSocket on the same connection echoes")


def flow_control():
    # a 1000-byte stream window, given back only as DATA arrives: the server sends the echo of 50 kB within
    # it (h2 itself raises FlowControlError on DATA past the window)
    peer = Peer(window=1000)
    sid = peer.connect()
    peer.response(sid)
    payload = os.urandom(50_000)
    peer.send(sid, ws_frame(BINARY, payload))
    largest, seen = 0, 0

    def data_frames():
        return [e for e in peer.events if isinstance(e, h2.events.DataReceived) and e.stream_id == sid]

    while len(peer.data.get(sid, b"")) < 50_004:
        peer.pump(lambda: len(data_frames()) > seen, credit=False)
        new = data_frames()[seen:]
        seen += len(new)
        for e in new:
            largest = max(largest, len(e.data))
            peer.conn.increment_flow_control_window(e.flow_controlled_length, sid)
        peer.flush()
    if parse_all(peer, sid) != [(BINARY, payload)]:
        fail("the flow-controlled echo differs")
    if largest > 1000:
        fail("a DATA frame of %d bytes exceeded the 1000-byte window" % largest)
    print("50000-byte echo in %d DATA frames of at most %d bytes" % (seen, largest))


def refusals():
    peer = Peer()
    sid = peer.connect(protocol="webtransport")
    head = peer.response(sid)
    if head.get(":status") != "501":
        fail("another :protocol answered %r" % head)
    print("another :protocol: 501")
    sid = peer.connect(version="8")
    head = peer.response(sid)
    if head.get(":status") != "400" or head.get("sec-websocket-version") != "13":
        fail("version 8 answered %r" % head)
    print("Sec-WebSocket-Version 8: 400 with sec-websocket-version 13")
    sid = peer.conn.get_next_available_stream_id()
    peer.conn.send_headers(sid, [(":method", "GET"), (":scheme", "http"), (":path", "/echo"),
                                 (":authority", "localhost")], end_stream=True)
    peer.flush()
    head = peer.response(sid)
    if head.get(":status") != "405" or head.get("allow") != "CONNECT":
        fail("GET to the endpoint answered %r" % head)
    print("GET to the endpoint: 405 with allow CONNECT")
    sid = peer.connect(protocol=None)
    peer.pump(lambda: peer.of(sid, h2.events.StreamReset))
    code = peer.of(sid, h2.events.StreamReset)[0].error_code
    if code != h2.errors.ErrorCodes.PROTOCOL_ERROR:
        fail("CONNECT with :path and without :protocol reset with %r" % code)
    print("CONNECT with :path but without :protocol: RST_STREAM PROTOCOL_ERROR")
    sid = peer.connect()
    if peer.response(sid).get(":status") != "200":
        fail("the connection is not healthy after the refusals")
    print("the connection still opens WebSockets")


def reset():
    peer = Peer()
    sid = peer.connect()
    peer.response(sid)
    peer.conn.reset_stream(sid, h2.errors.ErrorCodes.CANCEL)
    peer.flush()
    sid2 = peer.connect()
    peer.response(sid2)
    peer.send(sid2, ws_frame(TEXT, b"after a reset"))
    if peer.frames(sid2, 1) != [(TEXT, b"after a reset")]:
        fail("echo after a reset")
    print("a WebSocket reset with CANCEL; the next one on the connection echoes")
    # a WebSocket protocol error is a close frame on its stream, not an HTTP/2 error
    peer.send(sid2, ws_frame(TEXT, b"\xff"))
    peer.pump(lambda: len(parse_all(peer, sid2)) >= 2)
    if parse_all(peer, sid2)[1] != (CLOSE, struct.pack("!H", 1007)):
        fail("invalid UTF-8 answered %r" % parse_all(peer, sid2)[1:])
    print("invalid UTF-8: close 1007 on the stream")


def shared():
    # two WebSockets and a page on one connection, interleaved
    peer = Peer()
    a = peer.connect()
    b = peer.connect()
    page = peer.conn.get_next_available_stream_id()
    peer.conn.send_headers(page, [(":method", "GET"), (":scheme", "http"), (":path", "/page"),
                                  (":authority", "localhost")], end_stream=True)
    peer.flush()
    peer.response(a)
    peer.response(b)
    for i in range(20):
        peer.send(a, ws_frame(TEXT, b"a%d" % i))
        peer.send(b, ws_frame(TEXT, b"b%d" % i))
    if [p for _, p in peer.frames(a, 20)] != [b"a%d" % i for i in range(20)]:
        fail("stream a's echoes")
    if [p for _, p in peer.frames(b, 20)] != [b"b%d" % i for i in range(20)]:
        fail("stream b's echoes")
    peer.pump(lambda: peer.of(page, h2.events.StreamEnded))
    if not peer.data.get(page, b"").startswith(b"a page"):
        fail("the page: %r" % peer.data.get(page))
    close_cleanly(peer, a)
    close_cleanly(peer, b, 1001)
    print("two WebSockets and a page shared the connection")


SCENARIOS = {"settings": settings, "echo": echo, "flow-control": flow_control, "refusals": refusals,
             "reset": reset, "shared": shared}

if __name__ == "__main__":
    SCENARIOS[SCENARIO]()
    print("ok " + SCENARIO)
