# Sourced by bench/fanout.sh --backplanes (not run alone): the topic backplanes side by side under one load
# generator, 1,000 subscribers, 64 B and 1 KiB, 4 publishers in closed loop:
#   memory-1  one torsion bench-fanout-server, TopicRegistry on its InMemoryBackplane
#   redis-1   one server with --redis: every message goes to Redis (one EVAL: XADD + PUBLISH) and comes back
#   redis-3   three servers with --redis; the load generator spreads subscribers and publishers over them
#             (--also), so a message published on one node reaches the subscribers of all three through Redis
# The servers (one event loop each) and redis-server share core 0; the load generator has core 1. redis-server
# runs without persistence (save "", appendonly no). Results: bench/results-fanout-backplanes/, then the table
# between "<!-- fanout.sh backplane results begin/end -->" in docs/benchmarks-fanout.md.

if [[ $build == 1 ]]; then
    log "building torsion.jar"
    mvn -q -B -DskipTests package
fi
[[ -f $torsion_jar ]] || { echo "$me: build torsion.jar first (drop --skip-build)" >&2; exit 1; }
results=$root/bench/results-fanout-backplanes
rm -rf "$results"
mkdir -p "$results"
command -v redis-server >/dev/null || { echo "$me: redis-server is missing (apt-get install redis-server)" >&2; exit 1; }

redis_pid= redis_port=18790 node_pids=()
stop_backplane_servers() {
    for pid in "${node_pids[@]}" $redis_pid; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${node_pids[@]}" $redis_pid; do
        wait "$pid" 2>/dev/null || true
    done
    node_pids=() redis_pid=
}
trap 'stop_backplane_servers; stop_server' EXIT

start_redis() {
    redis_port=$((redis_port + 1))
    taskset -c 0 redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
        --daemonize no --dir "$results" >"$results/redis.log" 2>&1 &
    redis_pid=$!
    for _ in $(seq 1 100); do
        grep -qs "Ready to accept connections" "$results/redis.log" && return 0
        sleep 0.1
    done
    echo "$me: redis-server did not start" >&2
    exit 1
}

start_node() {  # start_node [--redis URI]: one bench-fanout-server; appends its pid and url
    port=$((port + 1))
    local out=$results/node-$port.log
    taskset -c 0 java $SERVER_JVM -jar "$torsion_jar" bench-fanout-server --port "$port" --loops 1 "$@" >"$out" 2>&1 &
    node_pids+=($!)
    for _ in $(seq 1 200); do
        grep -qs "listening on" "$out" && { urls+=("ws://127.0.0.1:$port/"); return 0; }
        sleep 0.1
    done
    cat "$out" >&2
    echo "$me: bench-fanout-server did not start" >&2
    exit 1
}

SIZES="64 1k"
CONFIGS="memory-1 redis-1 redis-3"
for rep in $(seq 1 "$reps"); do
    for size in $SIZES; do
        for config in $CONFIGS; do
            mkdir -p "$results/$config"
            log "rep $rep/$reps: $config, 1000 subscribers, $size B"
            urls=()
            case $config in
                memory-1) start_node ;;
                redis-1) start_redis; start_node --redis "redis://127.0.0.1:$redis_port" ;;
                redis-3) start_redis; for _ in 1 2 3; do start_node --redis "redis://127.0.0.1:$redis_port"; done ;;
            esac
            also=()
            for u in "${urls[@]:1}"; do also+=(--also "$u"); done
            for pid in "${node_pids[@]:1}" $redis_pid; do also+=(--also-pid "$pid"); done
            file=$results/$config/fanout-1000-$size.$rep.json
            taskset -c 1 java $CLIENT_JVM -jar "$torsion_jar" bench --mode fanout -c 1000 \
                --publishers "$PUBLISHERS" -s "$size" --warmup "$warmup" -d "$duration" --json --quiet \
                --server-pid "${node_pids[0]}" "${also[@]}" "${urls[0]}" >"$file" \
                || log "  (errors or missed deliveries: see $file)"
            stop_backplane_servers
        done
    done
done

command="bench/fanout.sh --backplanes$([[ $quick == 1 ]] && echo ' --quick' || true)"
"$py" "$root/bench/fanout_report.py" --backplanes --results "$results" --doc "$root/docs/benchmarks-fanout.md" \
    --command "$command" --server-jvm "$SERVER_JVM" --warmup "$warmup" --duration "$duration" --reps "$reps" \
    --publishers "$PUBLISHERS"
log "raw results in $results"
log "done: docs/benchmarks-fanout.md"
