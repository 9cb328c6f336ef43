#!/usr/bin/env python3
"""Turns the raw results of bench/compare.sh into the tables of docs/benchmarks.md and a chart.

Reads bench/results/<server>/<scenario>.<rep>.json (torsion bench --json), idle-memory.<rep>.json and
http.<rep>.txt (wrk), takes the median over repetitions, and rewrites the part of docs/benchmarks.md
between "<!-- compare.sh results begin -->" and "<!-- compare.sh results end -->" (the rest of the file
is kept; the markers are appended if missing). Draws docs/benchmarks/throughput.png with gnuplot.
Standard library only.
"""
import argparse
import datetime
import glob
import json
import os
import platform
import re
import statistics
import subprocess

BEGIN = "<!-- compare.sh results begin -->"
END = "<!-- compare.sh results end -->"
WS_SERVERS = ["torsion", "netty-ws", "java-websocket", "jetty-ws"]
NAMES = {"torsion": "Torsion", "netty-ws": "Netty", "java-websocket": "Java-WebSocket", "jetty-ws": "Jetty",
         "torsion-http": "Torsion", "netty-http": "Netty"}


def load_json(pattern):
    out = []
    for path in sorted(glob.glob(pattern)):
        try:
            with open(path) as f:
                text = f.read().strip()
            if text:
                out.append(json.loads(text.splitlines()[-1]))
        except (OSError, ValueError):
            pass
    return out


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def wrk_rate(path):
    with open(path) as f:
        m = re.search(r"Requests/sec:\s+([0-9.]+)", f.read())
    return float(m.group(1)) if m else None


class Figures:
    """Medians per (server, metric)."""

    def __init__(self, results):
        self.results = results
        self.values = {}
        self.errors = {}

    def echo(self, server, scenario):
        runs = load_json(f"{self.results}/{server}/{scenario}.*.json")
        if not runs:
            return
        key = (server, scenario)
        self.errors[key] = sum(r["errors"] for r in runs)
        self.values[key + ("rate",)] = median([r["rate"] for r in runs])
        self.values[key + ("mbps",)] = median([r["mb_per_s"] for r in runs])
        for p in ("p50", "p99", "p99_9", "max"):
            self.values[key + (p,)] = median([r["latency_us"][p] for r in runs])
        self.values[key + ("client_cpu",)] = median([r["client_cpu_s"] for r in runs])
        self.values[key + ("server_cpu",)] = median([r["server_cpu_s"] for r in runs])
        self.values[key + ("seconds",)] = median([r["seconds"] for r in runs])

    def idle(self, server):
        runs = load_json(f"{self.results}/{server}/idle-memory.*.json")
        bench_runs = load_json(f"{self.results}/{server}/idle.*.json")
        if bench_runs:
            self.errors[(server, "idle")] = sum(r["errors"] for r in bench_runs)
        if not runs:
            return
        self.values[(server, "idle", "open")] = median([r["open"] for r in runs])
        self.values[(server, "idle", "rss_mib")] = median([r["rss_kib"] / 1024 for r in runs])
        self.values[(server, "idle", "rss_per_conn")] = median(
            [(r["rss_kib"] - r["base_rss_kib"]) * 1024 / max(1, r["open"]) for r in runs])
        self.values[(server, "idle", "heap_per_conn")] = median(
            [(r["heap_kib"] - r["base_heap_kib"]) * 1024 / max(1, r["open"]) for r in runs])

    def http(self, server):
        rates = [wrk_rate(p) for p in sorted(glob.glob(f"{self.results}/{server}/http.*.txt"))]
        self.values[(server, "http", "rate")] = median(rates)

    def get(self, server, scenario, metric):
        return self.values.get((server, scenario, metric))


# (label, scenario, metric, unit, higher is better, format)
ROWS = [
    ("32 B echo, 100 conn., 1 in flight", "echo-32-d1", "rate", "msg/s", True, "{:,.0f}"),
    ("32 B echo, 100 conn., 16 in flight", "echo-32-d16", "rate", "msg/s", True, "{:,.0f}"),
    ("16 KiB echo, 100 conn., 1 in flight", "echo-16k", "mbps", "MB/s", True, "{:,.1f}"),
    ("1 MiB echo, 10 conn., 1 in flight", "echo-1m", "mbps", "MB/s", True, "{:,.1f}"),
    ("16 KiB text echo, permessage-deflate", "echo-16k-deflate", "mbps", "MB/s", True, "{:,.1f}"),
    ("handshakes, 16 at a time", "handshake", "rate", "handshakes/s", True, "{:,.0f}"),
    ("10,000 idle conn.: server RSS", "idle", "rss_mib", "MiB", False, "{:,.0f}"),
    ("10,000 idle conn.: RSS per conn.", "idle", "rss_per_conn", "bytes", False, "{:,.0f}"),
    ("10,000 idle conn.: heap per conn.", "idle", "heap_per_conn", "bytes", False, "{:,.0f}"),
]


def fmt(fmt_spec, v):
    return "n/a" if v is None else fmt_spec.format(v)


def ratio(peer, torsion):
    if peer is None or torsion is None or torsion == 0:
        return None
    return peer / torsion


def main_table(fig, behind):
    head = "| scenario | unit | Torsion | " + " | ".join(
        f"{NAMES[s]} | ×" for s in WS_SERVERS[1:]) + " |"
    lines = [head, "|" + " --- |" * (3 + 2 * (len(WS_SERVERS) - 1))]
    for label, scenario, metric, unit, higher, spec in ROWS:
        t = fig.get("torsion", scenario, metric)
        cells = [label, unit + (" ↑" if higher else " ↓"), fmt(spec, t)]
        for server in WS_SERVERS[1:]:
            v = fig.get(server, scenario, metric)
            r = ratio(v, t)
            cells += [fmt(spec, v), "n/a" if r is None else f"{r:.2f}"]
            if r is not None and ((higher and r > 1.0) or (not higher and r < 1.0)):
                behind.append(f"{label}: {NAMES[server]} {fmt(spec, v)} {unit} against Torsion's "
                              f"{fmt(spec, t)} (× {r:.2f})")
        lines.append("| " + " | ".join(cells) + " |")
    t = fig.get("torsion-http", "http", "rate")
    n = fig.get("netty-http", "http", "rate")
    r = ratio(n, t)
    lines.append("| HTTP GET, keep-alive, 100 conn. (wrk) | req/s ↑ | " + fmt("{:,.0f}", t) + " | "
                 + fmt("{:,.0f}", n) + " | " + ("n/a" if r is None else f"{r:.2f}") + " | | | | |")
    if r is not None and r > 1.0:
        behind.append(f"HTTP GET requests/s: Netty {n:,.0f} against Torsion's {t:,.0f} (× {r:.2f})")
    return lines


def latency_table(fig):
    lines = ["| scenario | " + " | ".join(NAMES[s] for s in WS_SERVERS) + " |",
             "|" + " --- |" * (1 + len(WS_SERVERS))]
    for label, scenario in [("32 B, 1 in flight", "echo-32-d1"), ("32 B, 16 in flight", "echo-32-d16"),
                            ("16 KiB", "echo-16k"), ("1 MiB", "echo-1m"), ("handshake", "handshake")]:
        cells = [label]
        for s in WS_SERVERS:
            p50, p99, p999 = (fig.get(s, scenario, p) for p in ("p50", "p99", "p99_9"))
            cells.append("n/a" if p50 is None else f"{ms(p50)} / {ms(p99)} / {ms(p999)}")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def ms(us):
    return f"{us / 1000:.2f}" if us >= 100 else f"{us / 1000:.3f}"


def cost_table(fig):
    lines = ["| scenario | " + " | ".join(NAMES[s] for s in WS_SERVERS) + " |",
             "|" + " --- |" * (1 + len(WS_SERVERS))]
    for label, scenario in [("32 B, 1 in flight", "echo-32-d1"), ("32 B, 16 in flight", "echo-32-d16"),
                            ("16 KiB", "echo-16k"), ("1 MiB", "echo-1m"), ("handshake", "handshake")]:
        cells = [label]
        for s in WS_SERVERS:
            c, v = fig.get(s, scenario, "client_cpu"), fig.get(s, scenario, "server_cpu")
            t = fig.get(s, scenario, "seconds")
            cells.append("n/a" if c is None or v is None or v <= 0 or not t
                         else f"{100 * c / t:.0f}% / {100 * v / t:.0f}%")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def error_lines(fig):
    bad = [f"{NAMES.get(s, s)} {sc}: {n}" for (s, sc), n in sorted(fig.errors.items()) if n]
    return ["Errors counted by the load generator: " + ("none." if not bad else "; ".join(bad) + ".")]


def chart(fig, chart_dir):
    os.makedirs(chart_dir, exist_ok=True)
    data = os.path.join(chart_dir, "throughput.dat")
    rows = [("32B-depth1", "echo-32-d1", "rate"), ("32B-depth16", "echo-32-d16", "rate"),
            ("16KiB", "echo-16k", "mbps"), ("1MiB", "echo-1m", "mbps"), ("handshakes", "handshake", "rate")]
    with open(data, "w") as f:
        f.write("scenario " + " ".join(NAMES[s] for s in WS_SERVERS) + "\n")
        for label, scenario, metric in rows:
            t = fig.get("torsion", scenario, metric)
            vals = [ratio(fig.get(s, scenario, metric), t) for s in WS_SERVERS]
            f.write(label + " " + " ".join("0" if v is None else f"{v:.3f}" for v in vals) + "\n")
    png = os.path.join(chart_dir, "throughput.png")
    script = f"""
set terminal pngcairo size 900,450 font ",10" noenhanced
set output '{png}'
set title 'Throughput relative to Torsion (Torsion = 1.0; higher is better)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set key top right
set yrange [0:*]
set grid ytics
set ylabel 'peer / Torsion'
plot '{data}' using 2:xtic(1) title columnheader(2), '' using 3 title columnheader(3), \\
     '' using 4 title columnheader(4), '' using 5 title columnheader(5), 1 notitle lt 0 lw 2
"""
    try:
        subprocess.run(["gnuplot"], input=script, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"report.py: no chart ({e})")
    os.remove(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--doc", required=True)
    ap.add_argument("--chart-dir", required=True)
    ap.add_argument("--command", required=True)
    ap.add_argument("--server-jvm", required=True)
    ap.add_argument("--warmup", required=True)
    ap.add_argument("--duration", required=True)
    ap.add_argument("--reps", required=True)
    a = ap.parse_args()

    fig = Figures(a.results)
    for s in WS_SERVERS:
        for scenario in ("echo-32-d1", "echo-32-d16", "echo-16k", "echo-1m", "handshake", "echo-16k-deflate"):
            fig.echo(s, scenario)
        fig.idle(s)
    for s in ("torsion-http", "netty-http"):
        fig.http(s)

    behind = []
    out = [BEGIN, "",
           f"Produced by `{a.command}` on {datetime.date.today().isoformat()} "
           f"({platform.machine()}, {os.cpu_count()} cores, Java {java_version()}): warm-up {a.warmup}, "
           f"window {a.duration}, {a.reps} repetition(s), medians. Servers: `taskset -c 0 java {a.server_jvm}`; "
           "load generator: `taskset -c 1`.", "",
           "× is the peer's figure divided by Torsion's; ↑ higher is better, ↓ lower is better.", ""]
    out += main_table(fig, behind)
    out += ["", "![throughput relative to Torsion](benchmarks/throughput.png)", "",
            "**Where Torsion is behind in this run:** " + ("nowhere." if not behind else ""), ""]
    out += [f"- {b}" for b in behind]
    out += ["", "Latency, p50 / p99 / p99.9 in milliseconds (handshake: connect to open):", ""]
    out += latency_table(fig)
    out += ["", "Load generator cost: the share of its core each process used over the window, client / server "
            "(CPU time from /proc divided by the window; 100% = one core busy all the time):", ""]
    out += cost_table(fig)
    out += [""] + error_lines(fig) + ["", END]
    block = "\n".join(out) + "\n"

    try:
        with open(a.doc) as f:
            doc = f.read()
    except OSError:
        doc = "# Benchmarks\n\n"
    if BEGIN in doc and END in doc:
        start = doc.index(BEGIN)
        end = doc.index(END) + len(END)
        doc = doc[:start] + block.rstrip("\n") + doc[end:]
    else:
        doc = doc.rstrip("\n") + "\n\n" + block
    with open(a.doc, "w") as f:
        f.write(doc)
    chart(fig, a.chart_dir)


def java_version():
    try:
        r = subprocess.run(["java", "-version"], capture_output=True, text=True)
        m = re.search(r'version "([^"]+)"', r.stderr)
        return m.group(1) if m else "?"
    except OSError:
        return "?"


if __name__ == "__main__":
    main()
