#!/usr/bin/env bash
# A soak: a mixed load on one `torsion echo` for a given time, sampling the server each minute, checking every
# echo. Not part of CI.
#
#   nice -n 19 bench/soak.sh                      # 60 minutes; results in bench/results/soak/
#   nice -n 19 bench/soak.sh --minutes 60 --publish docs/soak   # the documented run: figures + plot for docs/
#   nice -n 19 bench/soak.sh --minutes 6 --sample-seconds 30 --skip-build   # a short check of the script
#
# The load, all at once on one server (plain ws:// and wss:// from the same process, --tls-port):
#   echo traffic of mixed sizes    torsion bench echo: 32 B (depth 4), 16 KiB and 1 MiB messages, every echo
#                                  checked byte for byte
#   permessage-deflate clients     torsion bench echo --client session --deflate, 16 KiB text
#   handshake churn                torsion bench --mode handshake (connect, handshake, close, repeat)
#   5,000 idle connections         torsion bench --mode idle -c 5000 over 127.0.0.2-5, answering the server's
#                                  pings (the server pings every 30 s); opened first, the clock starts once
#                                  they are all open
#   TLS clients                    soak_clients.py tls-echo: mixed sizes over wss://, echoes checked, reconnecting
#   abrupt disconnects mid-frame   soak_clients.py abrupt: handshake, part of a frame, TCP reset, 5 a second
#
# Each sample (every --sample-seconds, default 60) records the server's heap used right after a full GC
# (jcmd GC.run, the size after it read from the server's GC log), its RSS, open file descriptors and threads. bench/soak_report.py then
# judges the run (the bounds are in its docstring and in docs/testing.md), writes soak.md (figures) and
# soak.png (gnuplot), and the script exits 0 only when the run passed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
me=soak
build=1
results=$root/bench/results/soak
port=0
minutes=60
sample=60
publish=
while [ $# -gt 0 ]; do
    case "$1" in
        --minutes) minutes=$2; shift 2 ;;
        --sample-seconds) sample=$2; shift 2 ;;
        --skip-build) build=0; shift ;;
        --publish) publish=$2; shift 2 ;;
        -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
        *) echo "$me: unknown option $1" >&2; exit 64 ;;
    esac
done
# shellcheck source=bench/common.sh
source "$root/bench/common.sh"
command -v jcmd >/dev/null || { echo "$me: jcmd (the JDK's) is needed to sample the heap" >&2; exit 1; }
command -v gnuplot >/dev/null || { echo "$me: gnuplot is needed for the plot (apt-get install gnuplot-nox)" >&2; exit 1; }
require_fds 12000 "5,000 idle connections plus the rest"

if [[ $build == 1 ]]; then
    log "building torsion.jar"
    mvn -q -B -DskipTests package -pl torsion-cli -am
fi
[[ -f $torsion_jar ]] || { echo "$me: build torsion.jar first (drop --skip-build)" >&2; exit 1; }
rm -rf "$results"
mkdir -p "$results"
seconds=$((minutes * 60))

java -jar "$torsion_jar" cert --out "$results/tls" >/dev/null
out=$results/server.log
# shellcheck disable=SC2086
java $SERVER_JVM -Xlog:gc:file="$results/gc.log" -jar "$torsion_jar" echo --port 0 --tls-port 0 --cert "$results/tls/cert.pem" \
    --key "$results/tls/key.pem" --verbose >"$out" 2>&1 &  # a line per connection: how each one ended
server_pid=$!
for _ in $(seq 1 200); do
    [[ $(grep -c "WebSocket echo on" "$out" || true) -ge 2 ]] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$out" >&2; echo "$me: the server did not start" >&2; exit 1; }
    sleep 0.1
done
wss=$(grep -o 'wss://[^ ]*' "$out" | head -1)
ws=$(grep -o 'ws://[^ ]*' "$out" | head -1)
[[ -n $ws && -n $wss ]] || { cat "$out" >&2; echo "$me: no ready lines" >&2; exit 1; }
log "server $server_pid on $ws and $wss; load for $minutes min, a sample every $sample s"

clients=()
cleanup() {  # on any exit: the load generators, then the server
    for pid in "${clients[@]}"; do kill "$pid" 2>/dev/null || true; done
    stop_server
}
trap cleanup EXIT
bench() {  # bench NAME ARGS...: one torsion bench process for the whole run, its JSON in NAME.json
    local name=$1
    shift
    # shellcheck disable=SC2086
    java $CLIENT_JVM -jar "$torsion_jar" bench "$@" --duration "${seconds}s" --warmup 0s --json --quiet \
        >"$results/$name.json" 2>"$results/$name.log" &
    clients+=($!)
}
# The 5,000 idle connections first: opening them takes a while on a busy machine, and the measured time (and
# every other client) starts once they are all open.
ready=$results/idle.ready
bench idle-5000 "$ws" --mode idle -c 5000 --sources 4 -t 1 --ready-file "$ready"
for _ in $(seq 1 1200); do
    [[ -f $ready ]] && break
    kill -0 "${clients[0]}" 2>/dev/null || { cat "$results/idle-5000.log" >&2; echo "$me: the idle load failed" >&2; exit 1; }
    sleep 0.5
done
[[ -f $ready ]] || { echo "$me: 5,000 idle connections not open within 10 minutes" >&2; exit 1; }
log "5,000 idle connections open; starting the rest of the load"
bench echo-32 "$ws" -c 8 -s 32 --depth 4 -t 1
bench echo-16k "$ws" -c 4 -s 16k -t 1
bench echo-1m "$ws" -c 1 -s 1MiB -t 1
bench deflate-16k "$ws" -c 4 -s 16k --text --client session --deflate -t 1
bench handshakes "$ws" --mode handshake -c 2 -t 1
$py "$root/bench/soak_clients.py" tls-echo "$wss" --connections 8 --seconds "$seconds" \
    >"$results/tls-echo.json" 2>"$results/tls-echo.log" &
clients+=($!)
$py "$root/bench/soak_clients.py" abrupt "$ws" --rate 5 --seconds "$seconds" \
    >"$results/abrupt.json" 2>"$results/abrupt.log" &
clients+=($!)

heap_after_gc() {  # bytes of heap in use right after a full GC of the server, as its GC log says
    # (asking for the heap's size afterwards would count what the busy server allocated in between)
    local before
    before=$(grep -c 'Pause Full' "$results/gc.log" || true)
    jcmd "$server_pid" GC.run >/dev/null
    for _ in $(seq 1 100); do  # the log line can trail the command's return a little
        [[ $(grep -c 'Pause Full' "$results/gc.log" || true) -gt $before ]] && break
        sleep 0.1
    done
    grep 'Pause Full' "$results/gc.log" | tail -1 \
        | sed -nE 's/.*[0-9]+([KMG])->([0-9]+)([KMG])\([0-9]+[KMG]\).*/\2 \3/p' \
        | awk '{m = $2 == "K" ? 1024 : $2 == "M" ? 1048576 : 1073741824; print $1 * m}'
}
samples=$results/samples.csv
echo "seconds,heap_after_gc_bytes,rss_bytes,fds,threads" >"$samples"
start=$(date +%s)
while true; do
    now=$(( $(date +%s) - start ))
    kill -0 "$server_pid" 2>/dev/null || { echo "$me: the server died" >&2; cat "$out" >&2; exit 1; }
    heap=$(heap_after_gc || true)
    [[ -n $heap ]] || { echo "$me: no full GC in the server's GC log after jcmd GC.run" >&2; exit 1; }
    rss=$(awk '/^VmRSS:/ {print $2 * 1024}' "/proc/$server_pid/status")
    threads=$(awk '/^Threads:/ {print $2}' "/proc/$server_pid/status")
    fds=$(ls "/proc/$server_pid/fd" | wc -l)
    echo "$now,$heap,$rss,$fds,$threads" >>"$samples"
    log "t=${now}s heap-after-GC=$((heap / 1048576)) MiB rss=$((rss / 1048576)) MiB fds=$fds threads=$threads"
    # the next sample, unless it would fall in the last seconds, when the clients are already winding down
    next=$(( (now / sample + 1) * sample ))
    [[ $next -ge $((seconds - 10)) ]] && break
    sleep $(( next - ($(date +%s) - start) > 0 ? next - ($(date +%s) - start) : 0 ))
done

status=0
for pid in "${clients[@]}"; do
    wait "$pid" || status=1
done
log "clients done (a client's own exit status: ${status}); stopping the server"
stop_server
report_args=("$results" --minutes "$minutes")
[[ -n $publish ]] && report_args+=(--publish "$publish")
$py "$root/bench/soak_report.py" "${report_args[@]}"
