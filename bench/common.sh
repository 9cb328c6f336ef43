# Shared by bench/compare.sh and bench/fanout.sh (sourced, not run): the JVM flags every server gets, the
# jars, building them, the file-descriptor check, and starting and stopping one pinned server at a time.
# The sourcing script sets $root, $me (its name, for messages), $build, $results and $port before calling
# these, and defines launch_server NAME PORT OUT, which starts the named server in the background.

SERVER_JVM="-Xms256m -Xmx1g -XX:+UseG1GC"   # the same for every server
CLIENT_JVM="-Xmx2g"
torsion_jar=$root/torsion-cli/target/torsion.jar
peers_jar=$root/bench/peers/target/peers.jar
server_pid=
py=/usr/bin/python3
[[ -x $py ]] || py=python3

log() { echo "[$me $(date +%H:%M:%S)] $*" >&2; }

build_jars() {  # builds torsion.jar and peers.jar unless --skip-build, then checks they are there
    if [[ $build == 1 ]]; then
        log "building torsion.jar and peers.jar"
        mvn -q -B -DskipTests package
        mvn -q -B -Pbench -pl bench/peers -am package -DskipTests
    fi
    [[ -f $torsion_jar && -f $peers_jar ]] || { echo "$me: build the jars first (drop --skip-build)" >&2; exit 1; }
}

require_fds() {  # require_fds N WHY: raises the soft limit to the hard one, fails if still under N
    ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    if [[ $(ulimit -n) -lt $1 ]]; then
        echo "$me: $2 needs $1 file descriptors; ulimit -n is $(ulimit -n)" >&2
        exit 1
    fi
}

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

# start_server NAME: launches it (launch_server, pinned to core 0) on a fresh port and waits for its ready
# line; sets $server_pid, $port and $url.
start_server() {
    local name=$1 out
    port=$((port + 1))
    out=$results/$name.server.log
    launch_server "$name" "$port" "$out"
    server_pid=$!
    for _ in $(seq 1 200); do
        if grep -q -e "listening on" -e "WebSocket echo on" "$out"; then
            url=ws://127.0.0.1:$port/
            return 0
        fi
        kill -0 "$server_pid" 2>/dev/null || { cat "$out" >&2; echo "$me: $name did not start" >&2; exit 1; }
        sleep 0.1
    done
    echo "$me: $name printed no ready line within 20 s" >&2
    exit 1
}
