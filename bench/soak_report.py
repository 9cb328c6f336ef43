#!/usr/bin/python3
"""Judges a bench/soak.sh run and writes its figures (soak.md) and plot (soak.png, gnuplot).

  soak_report.py bench/results/soak --minutes 60 [--publish docs/soak]

The run passes when, over the steady part (after a warm-up of 30% of the run, at most 5 minutes):
  - heap after a full GC: the mean of the last third of the samples is at most 10% + 8 MiB above the mean of
    the first third (a leak of a few hundred bytes per connection churned shows up as a steady climb);
  - RSS: likewise, at most 10% + 32 MiB (the JIT's code cache and the heap's sizing move it a little);
  - open file descriptors: last third within 5% of the first third (the churn makes them move, a leak climbs);
  - threads: at most 2 apart over the whole steady part;
  - every load generator finished, with no error and no echo lost or different (torsion bench checks every
    echo byte for byte; soak_clients.py likewise), and the 5,000 idle connections were all open.
Exit status 0 when it passed, 1 otherwise. --publish copies soak.md and soak.png into a folder (docs/soak).
"""
import argparse
import csv
import glob
import json
import os
import shutil
import subprocess
import sys

MIB = 1024 * 1024


def mean(xs):
    return sum(xs) / len(xs) if xs else 0.0


def thirds(rows, key):
    n = max(1, len(rows) // 3)
    return mean([r[key] for r in rows[:n]]), mean([r[key] for r in rows[-n:]])


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("results")
    p.add_argument("--minutes", type=float, required=True)
    p.add_argument("--publish")
    a = p.parse_args()

    with open(os.path.join(a.results, "samples.csv")) as f:
        rows = [{k: float(v) for k, v in r.items()} for r in csv.DictReader(f)]
    warmup = min(300.0, 0.3 * a.minutes * 60)
    steady = [r for r in rows if r["seconds"] >= warmup]
    checks = []

    def bound(name, key, rel, absolute, unit=1.0, label=""):
        first, last = thirds(steady, key)
        limit = first * (1 + rel) + absolute
        ok = last <= limit
        checks.append((ok, "%s: %.1f%s at the start, %.1f%s at the end (bound %.1f%s)"
                       % (name, first / unit, label, last / unit, label, limit / unit, label)))

    if len(steady) < 2:
        checks.append((False, "too few samples after the warm-up (%d)" % len(steady)))
    else:
        bound("heap after full GC", "heap_after_gc_bytes", 0.10, 8 * MIB, MIB, " MiB")
        bound("RSS", "rss_bytes", 0.10, 32 * MIB, MIB, " MiB")
        first, last = thirds(steady, "fds")
        checks.append((abs(last - first) <= 0.05 * first,
                       "open file descriptors: %.0f at the start, %.0f at the end (bound +-5%%)" % (first, last)))
        t = [r["threads"] for r in steady]
        checks.append((max(t) - min(t) <= 2, "threads: %d to %d (bound: at most 2 apart)" % (min(t), max(t))))

    clients = []
    for path in sorted(glob.glob(os.path.join(a.results, "*.json"))):
        name = os.path.basename(path)[:-5]
        try:
            with open(path) as f:
                r = json.loads(f.read().strip().splitlines()[-1])
        except (ValueError, IndexError):
            checks.append((False, "%s: no result (see %s.log)" % (name, name)))
            continue
        if "client" in r:  # soak_clients.py
            ok = r["errors"] == 0 and r["mismatches"] == 0
            what = "%d ok, %d different, %d errors" % (r["ok"], r["mismatches"], r["errors"])
        else:  # torsion bench
            ok = r["errors"] == 0
            if r["mode"] == "idle":
                ok = ok and r["operations"] >= r["connections"]
                what = "%d of %d idle connections held, %d errors" % (r["operations"], r["connections"], r["errors"])
            else:
                what = "%d %s (%.0f/s), %d errors" % (r["operations"],
                                                      "handshakes" if r["mode"] == "handshake" else "echoes checked",
                                                      r["rate"], r["errors"])
        if r.get("first_error"):
            what += "; first: " + str(r["first_error"])
        clients.append((name, what))
        checks.append((ok, "%s: %s" % (name, what)))

    # How the server's connections ended (torsion echo --verbose: "- ADDRESS closed CODE [REASON] ..."):
    # the first thing to read when a client lost connections.
    endings = {}
    server_log = os.path.join(a.results, "server.log")
    if os.path.exists(server_log):
        with open(server_log, errors="replace") as f:
            for line in f:
                if line.startswith("- ") and " closed " in line:
                    why = line.split(" closed ", 1)[1].rsplit(" (", 1)[0].strip()
                    endings[why] = endings.get(why, 0) + 1

    passed = all(ok for ok, _ in checks)
    plot = os.path.join(a.results, "soak.png")
    data = os.path.join(a.results, "samples.dat")
    with open(data, "w") as f:
        for r in rows:
            f.write("%.2f %.2f %.2f %d %d\n" % (r["seconds"] / 60, r["heap_after_gc_bytes"] / MIB,
                                                r["rss_bytes"] / MIB, r["fds"], r["threads"]))
    script = """set terminal pngcairo size 1000,700 font ",10"
set output '%s'
set multiplot layout 2,2 title 'torsion echo under the soak load (%g min)'
set xlabel 'minutes'
set grid
set yrange [0:*]
set title 'heap after full GC (MiB)'
plot '%s' using 1:2 with linespoints notitle
set title 'RSS (MiB)'
plot '%s' using 1:3 with linespoints notitle
set title 'open file descriptors'
plot '%s' using 1:4 with linespoints notitle
set title 'threads'
plot '%s' using 1:5 with linespoints notitle
unset multiplot
""" % (plot, a.minutes, data, data, data, data)
    subprocess.run(["gnuplot"], input=script.encode(), check=True)

    md = ["# Soak: %g minutes on one `torsion echo`" % a.minutes, "",
          "Verdict: **%s**." % ("passed" if passed else "FAILED"), "",
          "![heap after GC, RSS, fds and threads over the run](soak.png)", "",
          "| check | result |", "| --- | --- |"]
    md += ["| %s | %s |" % ("ok" if ok else "FAIL", text) for ok, text in checks]
    if endings:
        md += ["", "How the server's connections ended (from its log):", "", "| closed | connections |",
               "| --- | ---: |"]
        md += ["| %s | %d |" % (why.replace("|", "/"), n) for why, n in sorted(endings.items(), key=lambda e: -e[1])[:10]]
    md += ["", "Samples (every %s):" % ("minute" if len(rows) < 2 or rows[1]["seconds"] - rows[0]["seconds"] >= 59
                                        else "%.0f s" % (rows[1]["seconds"] - rows[0]["seconds"])), "",
           "| minute | heap after GC (MiB) | RSS (MiB) | fds | threads |", "| ---: | ---: | ---: | ---: | ---: |"]
    step = max(1, len(rows) // 30)
    for r in rows[::step] + ([rows[-1]] if (len(rows) - 1) % step else []):
        md.append("| %.1f | %.1f | %.1f | %d | %d |" % (r["seconds"] / 60, r["heap_after_gc_bytes"] / MIB,
                                                        r["rss_bytes"] / MIB, r["fds"], r["threads"]))
    report = os.path.join(a.results, "soak.md")
    with open(report, "w") as f:
        f.write("\n".join(md) + "\n")
    print("\n".join(md))
    if a.publish:
        os.makedirs(a.publish, exist_ok=True)
        shutil.copy(report, os.path.join(a.publish, "soak.md"))
        shutil.copy(plot, os.path.join(a.publish, "soak.png"))
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
