#!/usr/bin/env python3
"""Turns the raw results of bench/fanout.sh into the table of docs/benchmarks-fanout.md.

Reads bench/results-fanout/<server>/fanout-<subscribers>-<size>.<rep>.json (torsion bench --mode fanout --json),
takes the median over repetitions, and rewrites the part of docs/benchmarks-fanout.md between
"<!-- fanout.sh results begin -->" and "<!-- fanout.sh results end -->" (the rest of the file is kept; the
markers are appended if missing). Standard library only.
"""
import argparse
import datetime
import glob
import os
import platform
import re

from report import java_version, load_json, median  # same folder: the shared helpers

BEGIN = "<!-- fanout.sh results begin -->"
END = "<!-- fanout.sh results end -->"
SERVERS = ["torsion-once", "torsion-per-subscriber", "netty-fanout"]
NAMES = {"torsion-once": "Torsion, frame once (TopicRegistry)",
         "torsion-per-subscriber": "Torsion, frame per subscriber (sendText loop)",
         "netty-fanout": "Netty, ChannelGroup.writeAndFlush"}
BASE = "torsion-once"
# bench/fanout.sh --backplanes
BACKPLANE_MARKERS = ("<!-- fanout.sh backplane results begin -->", "<!-- fanout.sh backplane results end -->")
BACKPLANES = ["memory-1", "redis-1", "redis-3"]
BACKPLANE_NAMES = {"memory-1": "1 node, in memory", "redis-1": "1 node, through Redis",
                   "redis-3": "3 nodes, through Redis"}


def runs(results, server, n, size):
    return load_json(f"{results}/{server}/fanout-{n}-{size}.*.json")


def fmt_int(v):
    return "n/a" if v is None else f"{v:,.0f}"


def fmt_ms(us):
    return "n/a" if us is None else f"{us / 1000:.1f}"


def share(cpu, seconds):
    return None if cpu is None or cpu < 0 or not seconds else 100.0 * cpu / seconds


def per_delivery(rs):
    vals = [1e6 * r["server_cpu_s"] / (r["deliveries_per_s"] * r["seconds"]) for r in rs
            if r.get("server_cpu_s", -1) >= 0 and r.get("deliveries_per_s") and r.get("seconds")]
    v = median(vals) if vals else None
    return "n/a" if v is None else f"{v:.1f}"


def fmt_pct(v):
    return "n/a" if v is None else f"{v:.0f}%"


def size_bytes(size):
    m = re.fullmatch(r"(\d+)([kKmM]?)", size)
    return int(m.group(1)) * {"": 1, "k": 1024, "K": 1024, "m": 1 << 20, "M": 1 << 20}[m.group(2)]


def size_label(size):
    b = size_bytes(size)
    return f"{b // 1024} KiB" if b >= 1024 and b % 1024 == 0 else f"{b} B"


def main():
    ap = argparse.ArgumentParser()
    for opt in ("--results", "--doc", "--command", "--server-jvm", "--warmup", "--duration", "--reps",
                "--publishers"):
        ap.add_argument(opt, required=True)
    ap.add_argument("--backplanes", action="store_true")
    a = ap.parse_args()
    global BEGIN, END, SERVERS, NAMES, BASE
    if a.backplanes:
        BEGIN, END = BACKPLANE_MARKERS
        SERVERS, NAMES, BASE = BACKPLANES, BACKPLANE_NAMES, "memory-1"

    cases = set()
    for path in glob.glob(f"{a.results}/*/fanout-*.json"):
        m = re.fullmatch(r"fanout-(\d+)-(\w+)\.\d+\.json", os.path.basename(path))
        if m:
            cases.add((int(m.group(1)), m.group(2)))
    cases = sorted(cases, key=lambda c: (c[0], size_bytes(c[1])))

    lines = [BEGIN, ""]
    lines.append(f"Produced by `{a.command}` on {datetime.date.today().isoformat()} ({platform.machine()}, "
                 f"{os.cpu_count()} cores, Java {java_version()}): warm-up {a.warmup}, window {a.duration}, "
                 f"{a.reps} repetition(s), medians. Servers: `taskset -c 0 java {a.server_jvm}` (one core, one "
                 f"event loop); load generator: `taskset -c 1`, {a.publishers} publishers in closed loop.")
    lines.append("")
    if a.backplanes:
        lines.append("Every node and redis-server share core 0. × is the row's deliveries/s divided by the in-memory "
                     "row's. Server CPU: every node and redis-server together, as a share of one core; µs/delivery: "
                     "that CPU time divided by the deliveries (the figure least moved by other load on the machine).")
    else:
        lines.append("× is the server's deliveries/s divided by Torsion frame-once's (higher is better). CPU: the "
                     "share of its core each process used over the window (100% = one core busy all the time).")
    lines.append("")
    extra = " server µs/delivery |" if a.backplanes else ""
    lines.append("| subscribers | payload | server | deliveries/s | × | messages/s | latency p50 / p99 ms "
                 "| server CPU |" + extra + " load generator CPU | missed | errors |")
    lines.append("| ---: | ---: | --- | ---: | ---: | ---: | --- | ---: |" + (" ---: |" if a.backplanes else "")
                 + " ---: | ---: | ---: |")
    behind = []
    saturated = []
    for n, size in cases:
        base = median([r["deliveries_per_s"] for r in runs(a.results, BASE, n, size)])
        for server in SERVERS:
            rs = runs(a.results, server, n, size)
            if not rs:
                continue
            rate = median([r["deliveries_per_s"] for r in rs])
            ratio = rate / base if rate is not None and base else None
            server_cpu = median([share(r["server_cpu_s"], r["seconds"]) for r in rs])
            client_cpu = median([share(r["client_cpu_s"], r["seconds"]) for r in rs])
            lines.append(
                f"| {n:,} | {size_label(size)} | {NAMES[server]} | {fmt_int(rate)} | "
                f"{'n/a' if ratio is None else f'{ratio:.2f}'} | "
                f"{fmt_int(median([r['published_per_s'] for r in rs]))} | "
                f"{fmt_ms(median([r['latency_us']['p50'] for r in rs]))} / "
                f"{fmt_ms(median([r['latency_us']['p99'] for r in rs]))} | "
                f"{fmt_pct(server_cpu)} | "
                + (f"{per_delivery(rs)} | " if a.backplanes else "")
                + f"{fmt_pct(client_cpu)} | "
                f"{sum(r['missed'] for r in rs)} | {sum(r['errors'] for r in rs)} |")
            if server != BASE and ratio is not None and ratio > 1.0:
                behind.append(f"- {n:,} subscribers, {size_label(size)}: {NAMES[server]} {fmt_int(rate)} "
                              f"deliveries/s against frame-once's {fmt_int(base)} (× {ratio:.2f})")
            if client_cpu is not None and server_cpu is not None and client_cpu >= 90 and server_cpu < 85:
                saturated.append(f"- {n:,} subscribers, {size_label(size)}, {NAMES[server]}: load generator "
                                 f"{fmt_pct(client_cpu)}, server {fmt_pct(server_cpu)}: the figure is a floor")
    lines.append("")
    if not a.backplanes:
        lines.append("**Where Torsion frame-once is behind in this run:** " + ("none" if not behind else ""))
        lines.extend(behind)
        lines.append("")
    lines.append("**Rows the load generator may have held back** (its core saturated, the server's not): "
                 + ("none" if not saturated else ""))
    lines.extend(saturated)
    lines.append("")
    lines.append(END)
    block = "\n".join(lines)

    with open(a.doc) as f:
        doc = f.read()
    if BEGIN in doc and END in doc:
        doc = doc[:doc.index(BEGIN)] + block + doc[doc.index(END) + len(END):]
    else:
        doc = doc.rstrip("\n") + "\n\n" + block + "\n"
    with open(a.doc, "w") as f:
        f.write(doc)


if __name__ == "__main__":
    main()
