#!/usr/bin/env bash
# Torsion against its peers, side by side, under one load generator (`torsion bench`) and wrk.
#
#   bench/compare.sh            full run: 5 s warm-up, 15 s windows, 3 repetitions (about 30 minutes)
#   bench/compare.sh --quick    2 s warm-up, 4 s windows, 1 repetition (about 6 minutes)
#   options: --skip-build, --servers "torsion netty-ws ..." (default: all)
#
# Each server runs alone, pinned to core 0 (taskset -c 0), with the same JVM flags ($SERVER_JVM); the load
# generator is pinned to core 1. Repetitions go round all servers in turn, so a burst of noise from
# elsewhere on the machine hits them alike; the report takes medians. The results go into
# docs/benchmarks.md (between the markers "<!-- compare.sh results begin/end -->"; the rest of the file is
# kept) and docs/benchmarks/throughput.png. Raw JSON per run: bench/results/ (not committed).
# Needs Linux (taskset, /proc), Java 17, Maven, wrk and gnuplot (installed with apt-get if missing).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

quick=0 build=1
servers="torsion netty-ws java-websocket jetty-ws"
while [[ $# -gt 0 ]]; do
    case $1 in
        --quick) quick=1 ;;
        --skip-build) build=0 ;;
        --servers) servers=$2; shift ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

if [[ $quick == 1 ]]; then
    warmup=2s duration=4s reps=1 hold=12s
else
    warmup=5s duration=15s reps=3 hold=20s
fi
results=$root/bench/results
port=18600
me=compare.sh
. "$root/bench/common.sh"

need() {  # need COMMAND DEBIAN-PACKAGE
    command -v "$1" >/dev/null && return 0
    log "installing $2"
    apt-get install -y -q "$2" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "$2" >/dev/null; }
}
need wrk wrk
need gnuplot gnuplot-nox
need taskset util-linux
need jcmd openjdk-17-jdk-headless

build_jars
require_fds 12000 "the idle scenario"

launch_server() {  # launch_server NAME PORT OUT
    case $1 in
        torsion) taskset -c 0 java $SERVER_JVM -jar "$torsion_jar" echo --port "$2" --quiet ${torsion_args:-} >"$3" 2>&1 & ;;
        torsion-http) taskset -c 0 java $SERVER_JVM -jar "$torsion_jar" bench-http-server --port "$2" >"$3" 2>&1 & ;;
        *) taskset -c 0 java $SERVER_JVM -jar "$peers_jar" "$1" --port "$2" ${peer_args:-} >"$3" 2>&1 & ;;
    esac
}

bench() {  # bench OUTPUT-FILE ARGS...: one load-generator run, pinned to core 1, JSON kept
    local file=$1; shift
    taskset -c 1 java $CLIENT_JVM -jar "$torsion_jar" bench --json --quiet --server-pid "$server_pid" "$@" >"$file" \
        || log "  (errors counted: see $file)"
}

heap_used_kib() {  # live heap after a full GC, in KiB
    jcmd "$server_pid" GC.run >/dev/null
    jcmd "$server_pid" GC.heap_info | sed -n 's/.*total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -1
}

rss_kib() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$server_pid/status"; }

idle_run() {  # idle_run NAME REP: 10,000 idle connections, server RSS and heap per connection
    local name=$1 rep=$2 ready=$results/ready.$$ base_heap base_rss
    rm -f "$ready"
    base_heap=$(heap_used_kib)
    base_rss=$(rss_kib)
    taskset -c 1 java $CLIENT_JVM -jar "$torsion_jar" bench --mode idle -c 10000 -d "$hold" --json --quiet \
        --ready-file "$ready" "$url" >"$results/$name/idle.$rep.json" &
    local client=$!
    for _ in $(seq 1 600); do [[ -f $ready ]] && break; sleep 0.1; done
    sleep 2
    local rss heap open
    rss=$(rss_kib)
    heap=$(heap_used_kib)
    open=$(cat "$ready" 2>/dev/null || echo 0)
    wait "$client" || true
    printf '{"open":%s,"rss_kib":%s,"base_rss_kib":%s,"heap_kib":%s,"base_heap_kib":%s}\n' \
        "${open:-0}" "$rss" "$base_rss" "$heap" "$base_heap" >"$results/$name/idle-memory.$rep.json"
    rm -f "$ready"
}

wrk_run() {  # wrk_run FILE: requests/s of a small keep-alive GET, after a warm-up
    taskset -c 1 wrk -t1 -c100 -d"$warmup" "http://127.0.0.1:$port/" >/dev/null
    taskset -c 1 wrk -t1 -c100 -d"$duration" --latency "http://127.0.0.1:$port/" >"$1"
}

rm -rf "$results"
mkdir -p "$results"
for rep in $(seq 1 "$reps"); do
    for name in $servers; do
        mkdir -p "$results/$name"
        log "rep $rep/$reps: $name"
        start_server "$name"
        common=(--warmup "$warmup" -d "$duration")
        bench "$results/$name/echo-32-d1.$rep.json" "${common[@]}" -c 100 -s 32 --depth 1 "$url"
        bench "$results/$name/echo-32-d16.$rep.json" "${common[@]}" -c 100 -s 32 --depth 16 "$url"
        bench "$results/$name/echo-16k.$rep.json" "${common[@]}" -c 100 -s 16k --depth 1 "$url"
        bench "$results/$name/echo-1m.$rep.json" "${common[@]}" -c 10 -s 1m --depth 1 "$url"
        bench "$results/$name/handshake.$rep.json" "${common[@]}" --mode handshake -c 16 "$url"
        stop_server
        start_server "$name"   # a fresh server for the memory figures
        idle_run "$name" "$rep"
        stop_server
    done
    # permessage-deflate: 16 KiB text through the session client that offers compression; Torsion keeping
    # context both ways as Netty's compression handler (--deflate) does, so both agree on the same thing
    for name in torsion netty-ws; do
        log "rep $rep/$reps: $name (permessage-deflate)"
        peer_args=--deflate
        torsion_args=--deflate-context-takeover
        start_server "$name"
        peer_args=
        torsion_args=
        bench "$results/$name/echo-16k-deflate.$rep.json" --warmup "$warmup" -d "$duration" \
            --client session --deflate --text -c 100 -s 16k --depth 1 "$url"
        stop_server
    done
    for name in torsion-http netty-http; do
        mkdir -p "$results/$name"
        log "rep $rep/$reps: $name (wrk)"
        start_server "$name"
        wrk_run "$results/$name/http.$rep.txt"
        stop_server
    done
done

command="bench/compare.sh$([[ $quick == 1 ]] && echo ' --quick' || true)"
"$py" "$root/bench/report.py" --results "$results" --doc "$root/docs/benchmarks.md" \
    --chart-dir "$root/docs/benchmarks" --command "$command" --server-jvm "$SERVER_JVM" \
    --warmup "$warmup" --duration "$duration" --reps "$reps"
log "raw results in $results"
log "done: docs/benchmarks.md and docs/benchmarks/throughput.png"
