#!/usr/bin/env bash
# Where a server's CPU goes under one scenario of ../shared/perf's load generator: Linux perf, kernel included.
#
#   bench/profile.sh [--count] [--jar JAR | --netty] SCENARIO [OUT]
#
# Starts `torsion echo` (or, with --netty, the netty-ws peer of bench/peers) pinned to core 0, the load
# generator (built by ../shared/perf/run.sh) pinned to core 1, and after WARMUP (5) seconds records the server
# for SECONDS (8) seconds: `perf record -e cpu-clock -g` (OUT.data, default /tmp/profile-SCENARIO.data; JIT code
# is named through `jcmd PID Compiler.perfmap`, stacks through -XX:+PreserveFramePointer), or with --count
# `perf stat` of its read/writev/epoll system calls. Prints the load generator's RESULT line, the server's
# user and system CPU ticks over the window, and a first reading. Read more with, for example:
#   perf report -i OUT.data --no-children --sort dso,sym --stdio -g none | head -60
#   perf report -i OUT.data --children --sort sym --stdio -g none | grep -E 'do_writev|ksys_read|do_epoll_wait'
# JFR sees only the Java side and cannot tell a thread waiting in epoll_wait from one in a system call; on
# loopback most of an echo server's CPU is in the kernel (a writev also delivers into the peer's socket).
# Needs perf (linux-perf) and the rights to use it (root, or kernel.perf_event_paranoid <= 1).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
jar=$root/torsion-cli/target/torsion.jar netty=0 count=0
while [[ $# -gt 0 ]]; do
    case $1 in
        --jar) jar=$(realpath "$2"); shift ;;
        --netty) netty=1 ;;
        --count) count=1 ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        -*) echo "profile.sh: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
    shift
done
scenario=${1:?usage: bench/profile.sh [--count] [--jar JAR | --netty] SCENARIO [OUT]}
out=${2:-/tmp/profile-$scenario}
case $scenario in
    small-d1) args="echo -c 100 -s 32 -d 1" ;;
    small-d16) args="echo -c 100 -s 32 -d 16" ;;
    medium) args="echo -c 50 -s 16384 -d 4" ;;
    large) args="echo -c 4 -s 1048576 -d 2" ;;
    *) echo "profile.sh: scenario is one of small-d1 small-d16 medium large" >&2; exit 2 ;;
esac
lg=${LG_BUILD:-/tmp/perf-loadgen-$(id -u)}/loadgen
[[ -x $lg ]] || { echo "profile.sh: no load generator at $lg (run ../shared/perf/run.sh once)" >&2; exit 1; }
warmup=${WARMUP:-5} seconds=${SECONDS_RECORDED:-8}
port=$((20000 + RANDOM % 20000))
jvm="-XX:+UseSerialGC -Xms64m -Xmx1g -XX:+PreserveFramePointer"
if [[ $netty == 1 ]]; then
    cmd="java $jvm -jar $root/bench/peers/target/peers.jar netty-ws --port $port"
else
    cmd="java $jvm -jar $jar echo --port $port --path /bench --no-deflate --quiet"
fi
taskset -c 0 $cmd > "$out.server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 1 150); do ss -Hltn "sport = :$port" | grep -q . && break; sleep 0.2; done
pid=$(ss -Hltnp "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
[[ -n $pid ]] || { echo "profile.sh: the server did not listen on $port (see $out.server.log)" >&2; exit 1; }
taskset -c 1 "$lg" $args -t $((warmup + seconds + 3)) -w 2 "ws://127.0.0.1:$port/bench" > "$out.loadgen.log" 2>&1 &
load=$!
sleep "$warmup"
read -r u0 s0 < <(awk '{print $14, $15}' "/proc/$pid/stat")
if [[ $count == 1 ]]; then
    perf stat -e syscalls:sys_enter_read,syscalls:sys_enter_writev,syscalls:sys_enter_write,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_epoll_ctl \
        -p "$pid" -o "$out.count" -- sleep "$seconds"
else
    perf record -e cpu-clock -F 1999 -g -p "$pid" -o "$out.data" -- sleep "$seconds" 2> /dev/null
    jcmd "$pid" Compiler.perfmap > /dev/null
fi
read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$pid/stat")
wait $load || true
grep RESULT "$out.loadgen.log" || tail -3 "$out.loadgen.log"
echo "server CPU over the ${seconds} s window: user $((u1 - u0)) + system $((s1 - s0)) ticks of 1/$(getconf CLK_TCK) s"
if [[ $count == 1 ]]; then
    grep syscalls "$out.count"
else
    perf report -i "$out.data" --no-children --sort dso --stdio -g none 2> /dev/null | grep -v '^#' | grep . | head -5
    perf report -i "$out.data" --children --sort sym --stdio -g none 2> /dev/null \
        | grep -E '\] (do_writev|ksys_read|do_epoll_wait|handle_softirqs)$' || true
    echo "(perf report -i $out.data ... for more)"
fi
