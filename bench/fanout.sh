#!/usr/bin/env bash
# Fan-out over real sockets: messages delivered per second to 1,000 and 10,000 subscribers by Torsion framing
# once (TopicRegistry.publish), Torsion framing per subscriber (sendText in a loop) and Netty broadcasting
# through a ChannelGroup, side by side under one load generator (torsion bench --mode fanout).
#
#   bench/fanout.sh            full run: 5 s warm-up, 10 s windows, 3 repetitions (about 12 minutes)
#   bench/fanout.sh --quick    2 s warm-up, 4 s windows, 1 repetition (about 2 minutes)
#   options: --skip-build
#
# Each server runs alone and fresh, pinned to core 0 (taskset -c 0) with the JVM flags of compare.sh; the load
# generator is pinned to core 1. Repetitions go round all servers in turn; the report takes medians. The table
# goes into docs/benchmarks-fanout.md between "<!-- fanout.sh results begin/end -->" (the rest of the file is
# kept). Raw JSON: bench/results-fanout/ (not committed). Needs Linux (taskset, /proc), Java 17, Maven, and
# 10,500 file descriptors per process (ulimit -n).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

quick=0 build=1
while [[ $# -gt 0 ]]; do
    case $1 in
        --quick) quick=1 ;;
        --skip-build) build=0 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "fanout.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

if [[ $quick == 1 ]]; then
    warmup=2s duration=4s reps=1
else
    warmup=5s duration=10s reps=3
fi
SUBSCRIBERS="1000 10000"
SIZES="64 1k"
PUBLISHERS=4                                 # closed loop each: the server always has a message waiting
SERVERS="torsion-once torsion-per-subscriber netty-fanout"
SERVER_JVM="-Xms256m -Xmx1g -XX:+UseG1GC"   # the same for every server, as in compare.sh
CLIENT_JVM="-Xmx2g"
torsion_jar=$root/torsion-cli/target/torsion.jar
peers_jar=$root/bench/peers/target/peers.jar
results=$root/bench/results-fanout
port=18700
server_pid=

log() { echo "[fanout $(date +%H:%M:%S)] $*" >&2; }

command -v taskset >/dev/null || { echo "fanout.sh: taskset (util-linux) is missing" >&2; exit 1; }
py=/usr/bin/python3
[[ -x $py ]] || py=python3

if [[ $build == 1 ]]; then
    log "building torsion.jar and peers.jar"
    mvn -q -B -DskipTests package
    mvn -q -B -Pbench -pl bench/peers -am package -DskipTests
fi
[[ -f $torsion_jar && -f $peers_jar ]] || { echo "fanout.sh: build the jars first (drop --skip-build)" >&2; exit 1; }

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [[ $(ulimit -n) -lt 10500 ]]; then
    echo "fanout.sh: 10,000 subscribers need 10500 file descriptors on each side; ulimit -n is $(ulimit -n)" >&2
    exit 1
fi

stop_server() {
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    server_pid=
}
trap stop_server EXIT

# start_server NAME: starts it pinned to core 0 on a fresh port; sets $server_pid and $url.
start_server() {
    local name=$1 out
    port=$((port + 1))
    out=$results/$name.server.log
    case $name in
        torsion-once) taskset -c 0 java $SERVER_JVM -jar "$torsion_jar" bench-fanout-server --port "$port" >"$out" 2>&1 & ;;
        torsion-per-subscriber) taskset -c 0 java $SERVER_JVM -jar "$torsion_jar" bench-fanout-server --port "$port" \
            --per-subscriber >"$out" 2>&1 & ;;
        *) taskset -c 0 java $SERVER_JVM -jar "$peers_jar" "$name" --port "$port" >"$out" 2>&1 & ;;
    esac
    server_pid=$!
    for _ in $(seq 1 200); do
        if grep -q "listening on" "$out"; then
            url=ws://127.0.0.1:$port/
            return 0
        fi
        kill -0 "$server_pid" 2>/dev/null || { cat "$out" >&2; echo "fanout.sh: $name did not start" >&2; exit 1; }
        sleep 0.1
    done
    echo "fanout.sh: $name printed no ready line within 20 s" >&2
    exit 1
}

rm -rf "$results"
mkdir -p "$results"
for rep in $(seq 1 "$reps"); do
    for n in $SUBSCRIBERS; do
        for size in $SIZES; do
            for name in $SERVERS; do
                mkdir -p "$results/$name"
                log "rep $rep/$reps: $name, $n subscribers, $size B"
                start_server "$name"
                file=$results/$name/fanout-$n-$size.$rep.json
                taskset -c 1 java $CLIENT_JVM -jar "$torsion_jar" bench --mode fanout -c "$n" \
                    --publishers "$PUBLISHERS" -s "$size" --warmup "$warmup" -d "$duration" --json --quiet \
                    --server-pid "$server_pid" "$url" >"$file" || log "  (errors or missed deliveries: see $file)"
                stop_server
            done
        done
    done
done

command="bench/fanout.sh$([[ $quick == 1 ]] && echo ' --quick' || true)"
"$py" "$root/bench/fanout_report.py" --results "$results" --doc "$root/docs/benchmarks-fanout.md" \
    --command "$command" --server-jvm "$SERVER_JVM" --warmup "$warmup" --duration "$duration" --reps "$reps" \
    --publishers "$PUBLISHERS"
log "raw results in $results"
log "done: docs/benchmarks-fanout.md"
