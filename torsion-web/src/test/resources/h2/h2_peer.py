#!/usr/bin/python3
"""Frame-level checks of a Torsion HTTP/2 server with Python's h2 (Debian's python3-h2).

usage: h2_peer.py HOST PORT SCENARIO
Prints one line per finding and "ok SCENARIO" at the end; exits 1 on the first surprise.
"""
import socket
import sys

import h2.config
import h2.connection
import h2.events
import h2.settings


def connect(host, port, window=None):
    sock = socket.create_connection((host, port), timeout=10)
    conn = h2.connection.H2Connection(config=h2.config.H2Configuration(client_side=True, header_encoding="utf-8"))
    conn.initiate_connection()
    if window is not None:
        conn.update_settings({h2.settings.SettingCodes.INITIAL_WINDOW_SIZE: window})
    sock.sendall(conn.data_to_send())
    return sock, conn


def pump(sock, conn, until, limit=200):
    """Reads and handles events until until(events_so_far) is true."""
    seen = []
    for _ in range(limit):
        data = sock.recv(65536)
        if not data:
            break
        events = conn.receive_data(data)
        seen.extend(events)
        out = conn.data_to_send()
        if out:
            sock.sendall(out)
        if until(seen):
            return seen
    return seen


def fail(message):
    print("FAIL " + message)
    sys.exit(1)


def request(conn, stream_id, path, method="GET", end=True, extra=()):
    conn.send_headers(stream_id, [(":method", method), (":scheme", "http"), (":path", path),
                                  (":authority", "localhost")] + list(extra), end_stream=end)


def responses(events):
    """stream id -> [status, body bytes, ended]"""
    out = {}
    for e in events:
        if isinstance(e, h2.events.ResponseReceived):
            out.setdefault(e.stream_id, [None, b"", False])[0] = dict(e.headers)[":status"]
        elif isinstance(e, h2.events.DataReceived):
            out.setdefault(e.stream_id, [None, b"", False])[1] += e.data
        elif isinstance(e, h2.events.StreamEnded):
            out.setdefault(e.stream_id, [None, b"", False])[2] = True
    return out


def concurrent(host, port):
    sock, conn = connect(host, port)
    ids = [conn.get_next_available_stream_id() for _ in range(1)]
    for i in range(20):
        sid = conn.get_next_available_stream_id()
        request(conn, sid, "/hello")
    sock.sendall(conn.data_to_send())
    seen = pump(sock, conn, lambda ev: sum(1 for e in ev if isinstance(e, h2.events.StreamEnded)) >= 20)
    got = responses(seen)
    if len(got) != 20 or any(v[0] != "200" or v[1] != b"hello from torsion" or not v[2] for v in got.values()):
        fail("20 concurrent streams: " + repr(got))
    settings = [e for e in seen if isinstance(e, h2.events.RemoteSettingsChanged)]
    if not settings:
        fail("no SETTINGS from the server")
    print("20 streams answered; server settings:", {int(k): v.new_value for k, v in settings[0].changed_settings.items()})
    conn.ping(b"12345678")
    sock.sendall(conn.data_to_send())
    seen = pump(sock, conn, lambda ev: any(isinstance(e, h2.events.PingAckReceived) for e in ev))
    if not any(isinstance(e, h2.events.PingAckReceived) and e.ping_data == b"12345678" for e in seen):
        fail("no PING acknowledgement")
    print("PING acknowledged")
    conn.close_connection()
    sock.sendall(conn.data_to_send())
    sock.close()


def flow_control(host, port):
    # a 100-byte stream window: the server must wait for our WINDOW_UPDATEs to send the 300 kB file
    sock, conn = connect(host, port, window=100)
    sid = conn.get_next_available_stream_id()
    request(conn, sid, "/static/big.bin")
    sock.sendall(conn.data_to_send())
    body = b""
    ended = False
    largest = 0
    for _ in range(100000):
        data = sock.recv(65536)
        if not data:
            break
        for e in conn.receive_data(data):
            if isinstance(e, h2.events.DataReceived):
                body += e.data
                largest = max(largest, len(e.data))
                conn.acknowledge_received_data(e.flow_controlled_length, e.stream_id)
            elif isinstance(e, h2.events.StreamEnded):
                ended = True
        sock.sendall(conn.data_to_send())
        if ended:
            break
    if not ended or len(body) != 300000:
        fail("flow-controlled download: %d bytes, ended=%s" % (len(body), ended))
    if largest > 100:
        fail("a DATA frame of %d bytes exceeded the 100-byte window" % largest)
    print("300000 bytes in DATA frames of at most", largest, "bytes")
    sock.close()


def upload(host, port):
    sock, conn = connect(host, port)
    sid = conn.get_next_available_stream_id()
    body = bytes(range(256)) * 4000   # 1,024,000 bytes, more than one window
    request(conn, sid, "/echo", method="POST", end=False, extra=[("content-length", str(len(body)))])
    sent = 0
    seen = []
    while sent < len(body):
        window = min(conn.local_flow_control_window(sid), conn.max_outbound_frame_size)
        if window <= 0:
            seen.extend(pump(sock, conn, lambda ev: True, limit=1))
            continue
        chunk = body[sent:sent + window]
        sent += len(chunk)
        conn.send_data(sid, chunk, end_stream=sent == len(body))
        sock.sendall(conn.data_to_send())
    received = b""
    ended = False
    for e in seen:
        if isinstance(e, h2.events.DataReceived):
            received += e.data
            conn.acknowledge_received_data(e.flow_controlled_length, e.stream_id)
    while not ended:
        data = sock.recv(65536)
        if not data:
            break
        for e in conn.receive_data(data):
            if isinstance(e, h2.events.DataReceived):
                received += e.data
                conn.acknowledge_received_data(e.flow_controlled_length, e.stream_id)
            elif isinstance(e, h2.events.StreamEnded):
                ended = True
        sock.sendall(conn.data_to_send())
    if received != body:
        fail("upload echoed %d bytes of %d" % (len(received), len(body)))
    print("1024000-byte upload echoed")
    sock.close()


def trailers(host, port):
    sock, conn = connect(host, port)
    sid = conn.get_next_available_stream_id()
    request(conn, sid, "/echo", method="POST", end=False)
    conn.send_data(sid, b"abc")
    conn.send_headers(sid, [("x-check", "1")], end_stream=True)
    sock.sendall(conn.data_to_send())
    seen = pump(sock, conn, lambda ev: any(isinstance(e, h2.events.StreamEnded) for e in ev))
    got = responses(seen)
    if got.get(sid, [None])[0] != "200" or got[sid][1] != b"abc":
        fail("body with trailers: " + repr(got))
    print("body with trailers echoed")
    sock.close()


def bad_frame(host, port):
    sock, conn = connect(host, port)
    pump(sock, conn, lambda ev: any(isinstance(e, h2.events.RemoteSettingsChanged) for e in ev))
    sock.sendall(bytes.fromhex("000004 08 00 00000000 00000000".replace(" ", "")))  # WINDOW_UPDATE increment 0
    data = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    i = data.find(bytes.fromhex("07 00 00000000".replace(" ", "")))
    if i < 3:
        fail("no GOAWAY for a zero WINDOW_UPDATE: " + data.hex())
    code = int.from_bytes(data[i + 10:i + 14], "big")
    if code != 1:
        fail("GOAWAY with code %d, not PROTOCOL_ERROR" % code)
    print("GOAWAY PROTOCOL_ERROR:", data[i + 14:].decode())


SCENARIOS = {"concurrent": concurrent, "flow-control": flow_control, "upload": upload, "trailers": trailers,
             "bad-frame": bad_frame}

if __name__ == "__main__":
    host, port, scenario = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    SCENARIOS[scenario](host, port)
    print("ok " + scenario)
