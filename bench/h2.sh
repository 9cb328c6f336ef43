#!/usr/bin/env bash
# HTTP/2 requests/s: Torsion's Site against Netty's HTTP/2 frame codec (bench/peers netty-h2), side by side,
# under h2load (nghttp2-client): a small GET (13-byte body) over 10 connections with up to 100 concurrent
# streams each, HTTP/2 with prior knowledge on plain TCP.
#
#   bench/h2.sh            3 repetitions, 5 s warm-up, 15 s windows (about 3 minutes)
#   bench/h2.sh --quick    1 repetition, 2 s warm-up, 5 s window
#   options: --skip-build
#
# Each server runs alone, pinned to core 0 with the same JVM flags ($SERVER_JVM, bench/common.sh); h2load is
# pinned to core 1. Repetitions alternate the servers. Besides requests/s, the server's CPU time per request
# (utime + stime from /proc over the measured window) is reported: the figure to compare on a shared machine.
# The table goes into docs/benchmarks.md between the "h2.sh results" markers. Raw output: bench/results/h2/.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

quick=0 build=1
while [[ $# -gt 0 ]]; do
    case $1 in
        --quick) quick=1 ;;
        --skip-build) build=0 ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "h2.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
if [[ $quick == 1 ]]; then warmup=2 duration=5 reps=1; else warmup=5 duration=15 reps=3; fi
results=$root/bench/results/h2
port=18800
me=h2.sh
. "$root/bench/common.sh"
command -v h2load >/dev/null || { log "installing nghttp2-client"; apt-get install -y -q nghttp2-client >/dev/null; }
command -v taskset >/dev/null || apt-get install -y -q util-linux >/dev/null
build_jars

launch_server() {  # launch_server NAME PORT OUT
    case $1 in
        torsion) taskset -c 0 java $SERVER_JVM -jar "$torsion_jar" bench-http-server --port "$2" --loops 1 >"$3" 2>&1 & ;;
        netty-h2) taskset -c 0 java $SERVER_JVM -jar "$peers_jar" netty-h2 --port "$2" >"$3" 2>&1 & ;;
    esac
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }

rm -rf "$results"
mkdir -p "$results"
load=(-c 10 -m 100 -t 1)
for rep in $(seq 1 "$reps"); do
    for name in torsion netty-h2; do
        log "rep $rep/$reps: $name"
        start_server "$name"
        taskset -c 1 h2load "${load[@]}" -D "$warmup" "http://127.0.0.1:$port/" >/dev/null
        before=$(cpu_ticks)
        taskset -c 1 h2load "${load[@]}" -D "$duration" "http://127.0.0.1:$port/" >"$results/$name.$rep.txt"
        after=$(cpu_ticks)
        echo "$((after - before))" >"$results/$name.$rep.cpu"
        stop_server
    done
done

"$py" - "$results" "$reps" "$duration" "$(getconf CLK_TCK)" "$root/docs/benchmarks.md" "$([[ $quick == 1 ]] && echo ' --quick' || true)" <<'PY'
import re, statistics, sys, pathlib
results, reps, duration, hz, doc, flag = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
rows = {}
for name in ("torsion", "netty-h2"):
    rps, cpu, failed = [], [], 0
    for rep in range(1, reps + 1):
        text = pathlib.Path(f"{results}/{name}.{rep}.txt").read_text()
        m = re.search(r"finished in [\d.]+s, ([\d.]+) req/s", text)
        done = re.search(r"requests: (\d+) total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed", text)
        rps.append(float(m.group(1)))
        failed += int(done.group(4))
        ticks = int(pathlib.Path(f"{results}/{name}.{rep}.cpu").read_text())
        cpu.append(ticks / hz * 1e6 / max(1, int(done.group(3))))
    rows[name] = (statistics.median(rps), statistics.median(cpu), failed)
t, n = rows["torsion"], rows["netty-h2"]
table = [
    "<!-- h2.sh results begin -->",
    f"`bench/h2.sh{flag}`: h2load `-c 10 -m 100 -t 1`, {duration} s windows, median of {reps}; server pinned to core 0,",
    "h2load to core 1, on this 2-core VM shared with other work.",
    "",
    "| server | requests/s | server CPU µs per request | failed |",
    "| --- | ---: | ---: | ---: |",
    f"| Torsion (Site, HTTP/2 prior knowledge) | {t[0]:,.0f} | {t[1]:.2f} | {t[2]} |",
    f"| Netty 4.2 (Http2FrameCodec) | {n[0]:,.0f} | {n[1]:.2f} | {n[2]} |",
    "",
    f"Torsion/Netty: requests/s {t[0] / n[0]:.2f}x, CPU per request {t[1] / n[1]:.2f}x.",
    "<!-- h2.sh results end -->",
]
block = "\n".join(table)
path = pathlib.Path(doc)
text = path.read_text()
if "<!-- h2.sh results begin -->" in text:
    text = re.sub(r"<!-- h2.sh results begin -->.*?<!-- h2.sh results end -->", block, text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n## HTTP/2 requests/s (h2load)\n\n" + block + "\n"
path.write_text(text)
print(block)
PY
log "raw results in $results"
