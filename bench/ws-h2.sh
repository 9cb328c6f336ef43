#!/usr/bin/env bash
# WebSocket echo over HTTP/2 (RFC 8441) against WebSocket over HTTP/1.1, on Torsion itself: one `torsion echo`
# (one event loop, pinned to core 0) and `torsion bench --client session` (Torsion's WebSocketClient, one event
# loop, pinned to core 1) in three ways, alternated:
#   http1.1      100 WebSockets, each on its own TCP connection (the RFC 6455 upgrade)
#   h2-shared    100 WebSockets as streams of one HTTP/2 connection (h2c with prior knowledge)
#   h2-own       100 WebSockets, each on its own HTTP/2 connection (--http2-streams 1)
# for 32-byte and 16 KiB binary messages, one in flight per WebSocket.
#
#   bench/ws-h2.sh            3 repetitions, 5 s warm-up, 15 s windows (about 10 minutes)
#   bench/ws-h2.sh --quick    1 repetition, 2 s warm-up, 5 s windows
#   options: --skip-build
#
# Reported per way and size: messages/s, the server's CPU time per message (utime + stime from /proc over the
# window, measured by the bench's --server-pid: the figure to compare on a shared machine), and latency p50/p99.
# The table goes into docs/benchmarks.md between the "ws-h2.sh results" markers. Raw output: bench/results/ws-h2/.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

quick=0 build=1
while [[ $# -gt 0 ]]; do
    case $1 in
        --quick) quick=1 ;;
        --skip-build) build=0 ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "ws-h2.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
if [[ $quick == 1 ]]; then warmup=2 duration=5 reps=1; else warmup=5 duration=15 reps=3; fi
results=$root/bench/results/ws-h2
port=18900
me=ws-h2.sh
. "$root/bench/common.sh"
command -v taskset >/dev/null || apt-get install -y -q util-linux >/dev/null
if [[ $build == 1 ]]; then
    log "building torsion.jar"
    mvn -q -B -DskipTests -pl torsion-cli -am package
fi
[[ -f $torsion_jar ]] || { echo "$me: build torsion.jar first (drop --skip-build)" >&2; exit 1; }
require_fds 1000 "100 connections"

launch_server() {  # launch_server NAME PORT OUT
    taskset -c 0 java $SERVER_JVM -jar "$torsion_jar" echo --port "$2" --loops 1 --quiet >"$3" 2>&1 &
}

ways=(http1.1 h2-shared h2-own)
sizes=(32 16384)
way_args() {
    case $1 in
        http1.1) echo "" ;;
        h2-shared) echo "--http2 --http2-streams 100" ;;
        h2-own) echo "--http2 --http2-streams 1" ;;
    esac
}

rm -rf "$results"
mkdir -p "$results"
for rep in $(seq 1 "$reps"); do
    for size in "${sizes[@]}"; do
        for way in "${ways[@]}"; do
            log "rep $rep/$reps: $way, $size B"
            start_server "torsion-$way-$size-$rep"
            # shellcheck disable=SC2046
            taskset -c 1 java $CLIENT_JVM -jar "$torsion_jar" bench --client session $(way_args "$way") -t 1 -c 100 \
                -s "$size" -d "${duration}s" --warmup "${warmup}s" --server-pid "$server_pid" -q --json "$url" \
                >"$results/$way.$size.$rep.json"
            stop_server
        done
    done
done

"$py" - "$results" "$reps" "$duration" "$root/docs/benchmarks.md" "$([[ $quick == 1 ]] && echo ' --quick' || true)" <<'PY'
import json, re, statistics, sys, pathlib
results, reps, duration, doc, flag = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
names = {"http1.1": "HTTP/1.1: 100 TCP connections", "h2-shared": "HTTP/2: 100 streams on 1 connection",
         "h2-own": "HTTP/2: 100 connections, 1 stream each"}
rows, base = [], {}
for size in (32, 16384):
    for way in ("http1.1", "h2-shared", "h2-own"):
        runs = [json.loads(pathlib.Path(f"{results}/{way}.{size}.{rep}.json").read_text()) for rep in range(1, reps + 1)]
        rate = statistics.median(r["rate"] for r in runs)
        cpu = statistics.median(r["server_cpu_s"] * 1e6 / max(1, r["operations"]) for r in runs)
        p50 = statistics.median(r["latency_us"]["p50"] for r in runs)
        p99 = statistics.median(r["latency_us"]["p99"] for r in runs)
        errors = sum(r["errors"] for r in runs)
        if way == "http1.1":
            base[size] = cpu
        rows.append(f"| {size:,} B | {names[way]} | {rate:,.0f} | {cpu:.2f} | {cpu / base[size]:.2f}x | {p50:,.0f} | {p99:,.0f} | {errors} |")
block = "\n".join([
    "<!-- ws-h2.sh results begin -->",
    f"`bench/ws-h2.sh{flag}`: `torsion echo --loops 1` pinned to core 0, `torsion bench --client session -t 1 -c 100`",
    f"pinned to core 1, binary messages, one in flight per WebSocket, {duration} s windows, median of {reps}; this",
    "2-core VM was shared with other work.",
    "",
    "| size | carried by | messages/s | server CPU µs per message | vs HTTP/1.1 | p50 µs | p99 µs | errors |",
    "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    *rows,
    "<!-- ws-h2.sh results end -->",
])
path = pathlib.Path(doc)
text = path.read_text()
if "<!-- ws-h2.sh results begin -->" in text:
    text = re.sub(r"<!-- ws-h2.sh results begin -->.*?<!-- ws-h2.sh results end -->", block, text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n## WebSocket echo over HTTP/2 against HTTP/1.1 (RFC 8441)\n\n" + block + "\n"
path.write_text(text)
print(block)
PY
log "raw results in $results"
