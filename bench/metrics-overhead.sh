#!/usr/bin/env bash
# What counting costs: `torsion echo` with and without --metrics (and, optionally, a jar built from another
# commit, such as main before the metrics) under ../shared/perf/run.sh, alternated.
#
#   bench/metrics-overhead.sh [--rounds N (5)] [--skip-build] [--baseline JAR] [--perf DIR] [SCENARIO...]
#
# Default scenario: small-d16 (100 connections x 32 B x 16 in flight: the per-message cost is what counting
# adds to). Each round runs every scenario once per server, the order rotating each round so that noise from
# elsewhere hits all alike. At the end it prints per scenario and server the median (and range) of
# cpu_us_per_msg, and each server's median against "off". Raw rows: $RESULTS/overhead.csv (default
# /tmp/perf-results-UID/overhead-TIMESTAMP/). On a shared machine, state its load with the figures. It refuses
# to start while another run.sh runs (two benchmarks on two cores measure each other).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rounds=5 build=1 baseline= perf=$root/../shared/perf scenarios=()
[[ -d $perf ]] || perf=/work/shared/perf
while [[ $# -gt 0 ]]; do
    case $1 in
        --rounds) rounds=$2; shift ;;
        --skip-build) build=0 ;;
        --baseline) baseline=$2; shift ;;
        --perf) perf=$2; shift ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        -*) echo "metrics-overhead.sh: unknown option $1" >&2; exit 2 ;;
        *) scenarios+=("$1") ;;
    esac
    shift
done
[[ ${#scenarios[@]} -gt 0 ]] || scenarios=(small-d16)
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "metrics-overhead.sh: --rounds needs a positive number" >&2; exit 2; }
jar=$root/torsion-cli/target/torsion.jar
if [[ $build == 1 ]]; then
    mvn -q -B -DskipTests package -pl torsion-cli -am
fi
[[ -f $jar ]] || { echo "metrics-overhead.sh: no $jar (drop --skip-build)" >&2; exit 1; }
jvm="-XX:+UseSerialGC -Xms64m -Xmx1g"
declare -A cmd=(
    [off]="java $jvm -jar $jar echo --port {PORT} --path /bench --no-deflate --quiet"
    [on]="java $jvm -jar $jar echo --port {PORT} --path /bench --no-deflate --quiet --metrics"
)
servers=(off on)
if [[ -n $baseline ]]; then
    cmd[baseline]="java $jvm -jar $baseline echo --port {PORT} --path /bench --no-deflate --quiet"
    servers+=(baseline)
fi
out=${RESULTS:-/tmp/perf-results-$(id -u)}/overhead-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"
export RESULTS=$out CSV=$out/overhead.csv BASE_PORT=${BASE_PORT:-28080}   # off the rig's default ports
if pgrep -f 'perf/run.sh' >/dev/null; then
    echo "[metrics-overhead] another run.sh is running: both would measure each other; wait for it" >&2
    exit 1
fi
echo "[metrics-overhead] load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/conditions.txt" >&2
n=${#servers[@]}
for ((r = 0; r < rounds; r++)); do
    for s in "${scenarios[@]}"; do
        for ((k = 0; k < n; k++)); do
            name=${servers[$(((k + r) % n))]}
            "$perf/run.sh" --cmd "$name" "${cmd[$name]}" "$s" >/dev/null
        done
    done
done
echo "[metrics-overhead] load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/conditions.txt" >&2
python3 - "$CSV" <<'PY'
import csv, statistics, sys
rows = list(csv.reader(open(sys.argv[1])))
head = rows[0] if rows and rows[0][0] == 'server' else None
rows = rows[1:] if head else rows
by = {}
for r in rows:
    by.setdefault((r[1], r[0]), []).append(float(r[11]))
for scenario in sorted({k[0] for k in by}):
    off = statistics.median(by.get((scenario, 'off'), [float('nan')]))
    for server in ('off', 'on', 'baseline'):
        v = by.get((scenario, server))
        if not v:
            continue
        m = statistics.median(v)
        print(f"{scenario:10} {server:8} cpu_us_per_msg median {m:.4f} (range {min(v):.4f}-{max(v):.4f}, n={len(v)})"
              f"  vs off {m / off:.3f}")
PY
echo "[metrics-overhead] rows: $CSV" >&2
