#!/usr/bin/env bash
# Fan-out over real sockets: messages delivered per second to 1,000 and 10,000 subscribers by Torsion framing
# once (TopicRegistry.publish), Torsion framing per subscriber (sendText in a loop) and Netty broadcasting
# through a ChannelGroup, side by side under one load generator (torsion bench --mode fanout).
#
#   bench/fanout.sh            full run: 5 s warm-up, 10 s windows, 3 repetitions (about 12 minutes)
#   bench/fanout.sh --quick    2 s warm-up, 4 s windows, 1 repetition (about 2 minutes)
#   bench/fanout.sh --backplanes [--quick]
#                              the topic backplanes instead: one Torsion node in memory, one node through Redis,
#                              three nodes through Redis (a local redis-server), 1,000 subscribers
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

quick=0 build=1 backplanes=0
while [[ $# -gt 0 ]]; do
    case $1 in
        --quick) quick=1 ;;
        --skip-build) build=0 ;;
        --backplanes) backplanes=1 ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
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
results=$root/bench/results-fanout
port=18700
me=fanout.sh
. "$root/bench/common.sh"

command -v taskset >/dev/null || { echo "fanout.sh: taskset (util-linux) is missing" >&2; exit 1; }
if [[ $backplanes == 1 ]]; then
    . "$root/bench/fanout-backplanes.sh"
    exit 0
fi
build_jars
require_fds 10500 "10,000 subscribers on each side"

launch_server() {  # launch_server NAME PORT OUT
    case $1 in
        torsion-once) taskset -c 0 java $SERVER_JVM -jar "$torsion_jar" bench-fanout-server --port "$2" >"$3" 2>&1 & ;;
        torsion-per-subscriber) taskset -c 0 java $SERVER_JVM -jar "$torsion_jar" bench-fanout-server --port "$2" \
            --per-subscriber >"$3" 2>&1 & ;;
        *) taskset -c 0 java $SERVER_JVM -jar "$peers_jar" "$1" --port "$2" >"$3" 2>&1 & ;;
    esac
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
