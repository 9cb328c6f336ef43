#!/usr/bin/env bash
# What an idle WebSocket connection costs `torsion echo`, plain and over TLS: RSS and live heap per
# connection, and the classes that make up the heap (a histogram of the live objects, per connection).
#
#   bench/idle-memory.sh [--conns N] [--tls] [--skip-build] [--jvm "FLAGS"] [--jar TORSION-JAR]
#   (--jar measures another build of torsion.jar, e.g. one of main, with this checkout's client)
#
# The server runs alone, pinned to core 0 with the flags of bench/perf.sh ("-XX:+UseSerialGC -Xms64m
# -Xmx1g" by default); N (10,000) connections are opened and held from core 1: plain ones by the C load
# generator of ../shared/perf (loadgen connect), TLS ones by bench/IdleTlsClient.java in a JVM of its own
# (the load generator speaks no TLS), against a development certificate made with `torsion cert`. Before
# and while holding: VmRSS (/proc), and the heap in use after a full GC (jcmd GC.run, GC.heap_info); while
# holding also `jmap -histo:live`. Per connection = (holding - before) / connections held. It also splits the
# RSS growth into Java heap pages and the rest (bench/rss_split.py over /proc/PID/smaps) and, when the JVM
# flags include -XX:NativeMemoryTracking=summary, the native growth by NMT category. Not part of CI.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
conns=10000 tls=0 build=1 jvm="-XX:+UseSerialGC -Xms64m -Xmx1g"
jar=$root/torsion-cli/target/torsion.jar
perf=$root/../shared/perf
[[ -d $perf ]] || perf=/work/shared/perf
while [[ $# -gt 0 ]]; do
    case $1 in
        --conns) conns=$2; shift ;;
        --tls) tls=1 ;;
        --skip-build) build=0 ;;
        --jvm) jvm=$2; shift ;;
        --jar) jar=$2; build=0; shift ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "idle-memory.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
client_jar=$root/torsion-cli/target/torsion.jar
[[ $build == 1 ]] && mvn -q -B -DskipTests package
[[ -f $jar ]] || { echo "idle-memory.sh: build torsion.jar first (drop --skip-build)" >&2; exit 1; }
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

work=$(mktemp -d)
server=
client=
cleanup() {
    [[ -n $client ]] && kill "$client" 2>/dev/null || true
    [[ -n $server ]] && kill "$server" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

rss_kib() { awk '$1 == "VmRSS:" {print $2}' "/proc/$server/status"; }
heap_kib() {
    jcmd "$server" GC.run >/dev/null
    jcmd "$server" GC.heap_info | sed -n 's/.*total [0-9]*K, used \([0-9]*\)K.*/\1/p' | awk '{s += $1} END {print s}'
}

port=$((19000 + RANDOM % 1000))
tls_args=
scheme=ws
if [[ $tls == 1 ]]; then
    java -jar "$jar" cert --out "$work/cert" >/dev/null
    tls_args="--cert $work/cert/cert.pem --key $work/cert/key.pem"
    scheme=wss
fi
# shellcheck disable=SC2086
taskset -c 0 java $jvm -jar "$jar" echo --port "$port" --no-deflate --quiet $tls_args >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do grep -q "on " "$work/server.log" 2>/dev/null && break; sleep 0.1; done
sleep 1
heap0=$(heap_kib)
rss0=$(rss_kib)
snapshot() {  # NAME: smaps, heap layout and (with NMT on) native memory, for rss_split.py
    cat "/proc/$server/smaps" >"$work/$1.smaps"
    jcmd "$server" GC.heap_info >"$work/$1.heap"
    jcmd "$server" VM.native_memory summary >"$work/$1.nmt" 2>&1 || true
}
snapshot before
ready=$work/ready
if [[ $tls == 1 ]]; then
    taskset -c 1 java -Xmx3g -cp "$client_jar" bench/IdleTlsClient.java "$conns" "$scheme://127.0.0.1:$port/" "$ready" 40 \
        >"$work/client.log" 2>&1 &
else
    lg=${LG_BUILD:-/tmp/perf-loadgen-$(id -u)}/loadgen
    [[ -x $lg ]] || { mkdir -p "$(dirname "$lg")"; gcc -O2 -o "$lg" "$perf/loadgen/loadgen.c"; }
    taskset -c 1 "$lg" connect -c "$conns" -t 40 -P $(((conns + 18999) / 19000)) "ws://127.0.0.1:$port/" \
        >"$work/client.log" 2>&1 &
fi
client=$!
for _ in $(seq 1 9000); do
    grep -q '^HOLDING' "$work/client.log" 2>/dev/null && break
    kill -0 "$client" 2>/dev/null || { cat "$work/client.log" >&2; echo "idle-memory.sh: the client ended early" >&2; exit 1; }
    sleep 0.1
done
sleep 3
held=$(sed -n 's/^HOLDING conns=\([0-9]*\).*/\1/p' "$work/client.log" | head -1)
[[ -n $held && $held -gt 0 ]] || { cat "$work/client.log" >&2; echo "idle-memory.sh: no connection held" >&2; exit 1; }
rss1=$(rss_kib)
snapshot holding
heap1=$(heap_kib)
jmap -histo:live "$server" >"$work/histo.txt"
echo "torsion echo ($scheme) from $jar, $held idle connections, server JVM: $jvm"
awk -v n="$held" -v r0="$rss0" -v r1="$rss1" -v h0="$heap0" -v h1="$heap1" 'BEGIN {
    printf "RSS per connection:  %.0f B (%d -> %d KiB)\n", (r1 - r0) * 1024 / n, r0, r1
    printf "heap per connection: %.0f B (%d -> %d KiB, live after a full GC)\n", (h1 - h0) * 1024 / n, h0, h1 }'
nmt_files=
grep -q committed= "$work/holding.nmt" && nmt_files="$work/before.nmt $work/holding.nmt"
# shellcheck disable=SC2086
python3 "$root/bench/rss_split.py" "$work/holding.heap" "$work/before.smaps" "$work/holding.smaps" "$held" $nmt_files
echo "largest classes of the live heap while holding, per connection (instances / bytes):"
awk -v n="$held" 'NR > 3 && $1 ~ /^[0-9]+:$/ && $3 / n >= 8 {
    printf "  %-60s %6.2f %7.0f B\n", $4, $2 / n, $3 / n }' "$work/histo.txt" | head -25
