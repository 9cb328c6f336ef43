#!/usr/bin/env bash
# Torsion against the Netty peer under ../shared/perf/run.sh (the C load generator), alternating them.
#
#   bench/perf.sh [options] [SCENARIO...]      default scenarios: small-d1 small-d16 medium large handshake idle-10k
#   options: --rounds N (3), --skip-build, --perf DIR (the perf rig; default ../shared/perf beside the checkout),
#            --jvm "FLAGS" (the same for both servers; default "-XX:+UseSerialGC -Xms64m -Xmx1g"),
#            --torsion-args "ARGS" (added to `torsion echo`), --peer NAME (netty-ws),
#            --jar JAR (the torsion.jar to measure; default torsion-cli/target/torsion.jar),
#            --base-jar JAR (also measure this torsion.jar, as "torsion-base", in every round: an A/B of
#            two builds against the same peer in one run)
#
# Each round runs every scenario for Torsion and for the peer, one right after the other, and swaps which
# goes first every other round, so that a burst of noise from elsewhere on the machine hits both alike.
# run.sh pins each server to core $SERVER_CPU (0) and its load generator to $LOADGEN_CPU (1) and starts a
# fresh server per scenario; DURATION, WARMUP, IDLE_CONNS... pass through to it. At the end it prints, per
# scenario, the median (and range) of cpu_us_per_msg for both servers and the Torsion / peer ratio of the
# medians, and for idle-10k the same of rss_per_conn_b. Raw rows: $RESULTS/perf.csv (default
# /tmp/perf-results-UID/perf-TIMESTAMP/). Needs Linux (taskset, ss, /proc), gcc, Java 17 and Maven.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

rounds=3 build=1 perf=$root/../shared/perf peer=netty-ws torsion_args= torsion_jar= base_jar=
jvm="-XX:+UseSerialGC -Xms64m -Xmx1g"
[[ -d $perf ]] || perf=/work/shared/perf
scenarios=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --rounds) rounds=$2; shift ;;
        --skip-build) build=0 ;;
        --perf) perf=$2; shift ;;
        --jvm) jvm=$2; shift ;;
        --torsion-args) torsion_args=$2; shift ;;
        --peer) peer=$2; shift ;;
        --jar) torsion_jar=$(realpath "$2"); shift ;;
        --base-jar) base_jar=$(realpath "$2"); shift ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        -*) echo "perf.sh: unknown option $1" >&2; exit 2 ;;
        *) scenarios+=("$1") ;;
    esac
    shift
done
[[ ${#scenarios[@]} -gt 0 ]] || scenarios=(small-d1 small-d16 medium large handshake idle-10k)
[[ -x $perf/run.sh ]] || { echo "perf.sh: no run.sh in $perf (use --perf DIR)" >&2; exit 2; }
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "perf.sh: --rounds needs a positive number, got $rounds" >&2; exit 2; }

[[ -n $torsion_jar ]] || torsion_jar=$root/torsion-cli/target/torsion.jar
peers_jar=$root/bench/peers/target/peers.jar
if [[ $build == 1 ]]; then
    echo "[perf.sh] building torsion.jar and peers.jar" >&2
    mvn -q -B -DskipTests package
    mvn -q -B -Pbench -pl bench/peers -am package -DskipTests
fi
[[ -f $torsion_jar && -f $peers_jar ]] || { echo "perf.sh: build the jars first (drop --skip-build)" >&2; exit 1; }
[[ -z $base_jar || -f $base_jar ]] || { echo "perf.sh: no --base-jar $base_jar" >&2; exit 1; }

out=${RESULTS:-/tmp/perf-results-$(id -u)}/perf-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"
export RESULTS=$out CSV=$out/perf.csv
# Other people's servers on a shared machine often sit on run.sh's default ports: start somewhere else.
export BASE_PORT=${BASE_PORT:-$((20000 + RANDOM % 20000))}
torsion_cmd="java $jvm -jar $torsion_jar echo --port {PORT} --path /bench --no-deflate --quiet $torsion_args"
peer_cmd="java $jvm -jar $peers_jar $peer --port {PORT}"
base_cmd="java $jvm -jar $base_jar echo --port {PORT} --path /bench --no-deflate --quiet $torsion_args"

run() {  # run NAME SCENARIO
    if [[ $1 == torsion ]]; then
        "$perf/run.sh" --cmd torsion "$torsion_cmd" "$2"
    elif [[ $1 == torsion-base ]]; then
        "$perf/run.sh" --cmd torsion-base "$base_cmd" "$2"
    else
        "$perf/run.sh" --cmd "$peer" "$peer_cmd" "$2"
    fi
}

# Packets the kernel dropped because a CPU's input backlog was full (net.core.netdev_max_backlog): on loopback
# a drop stalls that connection for a TCP retransmit timeout (1 s and more), which wrecks a run's figures.
softnet_drops() {
    local n=0 _ dropped _rest
    [[ -r /proc/net/softnet_stat ]] || { echo 0; return; }
    while read -r _ dropped _rest; do n=$((n + 16#$dropped)); done < /proc/net/softnet_stat
    echo "$n"
}
drops_before=$(softnet_drops)

for round in $(seq 1 "$rounds"); do
    for scenario in "${scenarios[@]}"; do
        echo "[perf.sh] round $round/$rounds: $scenario" >&2
        servers=(torsion "$peer")
        [[ -z $base_jar ]] || servers=(torsion torsion-base "$peer")
        if (( round % 2 == 0 )); then   # every other round the other way round
            reversed=()
            for ((k = ${#servers[@]} - 1; k >= 0; k--)); do reversed+=("${servers[k]}"); done
            servers=("${reversed[@]}")
        fi
        for server in "${servers[@]}"; do run "$server" "$scenario"; done
    done
done

drops=$(( $(softnet_drops) - drops_before ))
if (( drops > 0 )); then
    echo "[perf.sh] WARNING: the kernel dropped $drops packets during the runs (/proc/net/softnet_stat: input" \
         "backlog full, net.core.netdev_max_backlog=$(cat /proc/sys/net/core/netdev_max_backlog)); connections that lost" \
         "one waited for TCP retransmits, so these figures are suspect (docs/benchmarks.md: the final figures)" >&2
fi

python3 - "$CSV" "$peer" "$rounds" "${base_jar:+base}" "${scenarios[@]}" <<'EOF'
import csv, statistics, sys

path, peer, rounds, base, scenarios = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "base", sys.argv[5:]
rows = list(csv.DictReader(open(path)))

def values(server, scenario, column):
    out = []
    for r in rows:
        if r["server"] == server and r["scenario"] == scenario and r[column] in ("", None):
            print(f"note: {server}/{scenario} run at {r['started']} has no {column} (did the server start?)", file=sys.stderr)
        if r["server"] == server and r["scenario"] == scenario and r[column] not in ("", None):
            if r["errors"] not in ("0", ""):
                print(f"note: {server}/{scenario} run at {r['started']} counted errors={r['errors']}", file=sys.stderr)
            out.append(float(r[column]))
    return out

def cell(v, digits):
    if not v:
        return "-"
    m = statistics.median(v)
    return f"{m:.{digits}f} ({min(v):.{digits}f}-{max(v):.{digits}f})"

print(f"\nmedians of {rounds} alternated rounds (range in brackets); {path}\n")
print(f"| scenario | column | Torsion | {peer} | Torsion / {peer} |")
print("|---|---|---:|---:|---:|")
for s in scenarios:
    column, digits = ("rss_per_conn_b", 0) if s == "idle-10k" else ("cpu_us_per_msg", 3)
    t, p = values("torsion", s, column), values(peer, s, column)
    ratio = f"{statistics.median(t) / statistics.median(p):.2f}" if t and p and statistics.median(p) > 0 else "-"
    print(f"| {s} | {column} | {cell(t, digits)} | {cell(p, digits)} | {ratio} |")
if base:
    print(f"\n--base-jar: the same for torsion-base (the other build) and torsion / torsion-base\n")
    print(f"| scenario | column | torsion-base | {peer} | torsion-base / {peer} | torsion / torsion-base |")
    print("|---|---|---:|---:|---:|---:|")
    for s in scenarios:
        column, digits = ("rss_per_conn_b", 0) if s == "idle-10k" else ("cpu_us_per_msg", 3)
        t, b, p = values("torsion", s, column), values("torsion-base", s, column), values(peer, s, column)
        med = lambda v: statistics.median(v) if v else 0
        bp = f"{med(b) / med(p):.2f}" if b and p and med(p) > 0 else "-"
        tb = f"{med(t) / med(b):.2f}" if t and b and med(b) > 0 else "-"
        print(f"| {s} | {column} | {cell(b, digits)} | {cell(p, digits)} | {bp} | {tb} |")
EOF
