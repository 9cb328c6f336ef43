#!/usr/bin/env bash
# Smoke test of the benchmark peers: builds peers.jar, starts each WebSocket peer (plain and with
# --deflate) on a free loopback port, checks that a text and a 1 MiB binary message echo back byte
# for byte (echo_check.py on Debian's python3-websockets), checks that netty-fanout broadcasts a text
# message to every client (fanout_check.py), checks netty-http and netty-h2 with curl, stops each
# peer with SIGTERM and checks that it ended cleanly. Exits non-zero on any failure.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=/usr/bin/python3            # Debian's python, not whatever python3 is first on PATH
jar=$here/target/peers.jar
logs=$(mktemp -d)
pid=

cleanup() {
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    rm -rf "$logs"
}
trap cleanup EXIT

fail() { echo "FAIL $*" >&2; exit 1; }

if ! "$py" -c 'import websockets' 2>/dev/null; then
    echo "installing python3-websockets"
    apt-get install -y -q python3-websockets >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q python3-websockets >/dev/null; }
fi
command -v curl >/dev/null || fail "curl is missing"

echo "building $jar"
(cd "$root" && mvn -q -B -Pbench -pl bench/peers -am package -DskipTests) >"$logs/build.log" 2>&1 \
    || { cat "$logs/build.log" >&2; fail "build"; }
[[ -f $jar ]] || fail "no $jar after the build"

free_port() {
    "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start NAME [ARGS...]: starts a peer on a free port, sets $pid, $port, $log, waits for its ready line.
start() {
    local name=$1; shift
    port=$(free_port)
    log=$logs/$name-$port.log
    java -jar "$jar" "$name" --port "$port" --host 127.0.0.1 "$@" >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 200); do
        grep -qx "listening on 127.0.0.1:$port" "$log" && return 0
        kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; fail "$name exited before it was ready"; }
        sleep 0.1
    done
    cat "$log" >&2
    fail "$name printed no ready line within 20 s"
}

# stop NAME: SIGTERM, then expect exit within 10 s with status 143 (or 0) and no exception logged.
stop() {
    local name=$1 status=0
    kill -TERM "$pid"
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then fail "$name still running 10 s after SIGTERM"; fi
    wait "$pid" || status=$?
    pid=
    [[ $status == 143 || $status == 0 ]] || { cat "$log" >&2; fail "$name exited with status $status"; }
    if grep -qiE 'exception|error' "$log"; then cat "$log" >&2; fail "$name logged an error"; fi
    echo "ok   $name stopped cleanly on SIGTERM"
}

for name in netty-ws java-websocket jetty-ws; do
    for mode in plain deflate; do
        if [[ $mode == deflate ]]; then start "$name" --deflate; else start "$name"; fi
        "$py" "$here/echo_check.py" "ws://127.0.0.1:$port/" "$mode" "$name" || { cat "$log" >&2; fail "$name $mode"; }
        stop "$name"
    done
done

start netty-fanout
"$py" "$here/fanout_check.py" "ws://127.0.0.1:$port/" netty-fanout || { cat "$log" >&2; fail "netty-fanout"; }
stop netty-fanout

start netty-http
url=http://127.0.0.1:$port/
headers=$logs/headers
body=$(curl -sS --max-time 10 -D "$headers" "$url") || fail "netty-http: curl failed"
[[ $body == "hello, world" ]] || fail "netty-http: body is '$body'"          # $(...) drops the final newline
[[ $(curl -sS --max-time 10 "$url" | od -An -c | tr -d ' \n') == 'hello,world\n' ]] || fail "netty-http: body lacks its newline"
grep -qi '^content-type: text/plain' "$headers" || fail "netty-http: not text/plain"
connects=$(curl -sS --max-time 10 -w '%{num_connects} ' -o /dev/null "$url" -o /dev/null "$url")
[[ $connects == "1 0 " ]] || fail "netty-http: keep-alive not honoured (connects: $connects)"
status=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' "${url}nope")
[[ $status == 404 ]] || fail "netty-http: /nope answered $status"
echo "ok   netty-http: GET / answers 'hello, world' as text/plain with keep-alive, /nope is 404"
stop netty-http

start netty-h2
url=http://127.0.0.1:$port/
out=$(curl -sS --max-time 10 --http2-prior-knowledge -w ' %{http_version} %{content_type}' "$url") || fail "netty-h2: curl failed"
[[ $out == "hello, world"$'\n'" 2 text/plain" ]] || fail "netty-h2: got '$out'"
status=$(curl -sS --max-time 10 --http2-prior-knowledge -o /dev/null -w '%{http_code}' "${url}nope")
[[ $status == 404 ]] || fail "netty-h2: /nope answered $status"
echo "ok   netty-h2: h2c GET / answers 'hello, world' as text/plain over HTTP/2, /nope is 404"
stop netty-h2

echo "smoke: all peers passed"
