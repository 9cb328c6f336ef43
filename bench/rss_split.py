#!/usr/bin/env python3
"""Where a JVM's RSS grew between two snapshots of /proc/PID/smaps: Java heap pages against the rest.

    rss_split.py HEAP_INFO SMAPS_BEFORE SMAPS_AFTER CONNECTIONS [NMT_BEFORE NMT_AFTER]

HEAP_INFO is the output of `jcmd PID GC.heap_info` (its [0x...] addresses bound the heap's reservation);
the NMT files, if given, are `jcmd PID VM.native_memory summary` (a JVM started with
-XX:NativeMemoryTracking=summary) and add the committed growth of each native category. For
bench/idle-memory.sh; prints KiB and bytes per connection.
"""
import re
import sys


def heap_range(path):
    addresses = [int(a, 16) for a in re.findall(r"0x([0-9a-f]+)", open(path).read())]
    return min(addresses), max(addresses)


def rss_by_kind(path, heap):
    kinds = {"Java heap": 0, "other anonymous (native)": 0, "mapped files": 0}
    kind = None
    for line in open(path):
        m = re.match(r"^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$", line)
        if m:
            start, name = int(m[1], 16), m[3]
            if heap[0] <= start < heap[1]:
                kind = "Java heap"
            elif name.startswith("/"):
                kind = "mapped files"
            else:
                kind = "other anonymous (native)"
        elif line.startswith("Rss:") and kind:
            kinds[kind] += int(line.split()[1])
    return kinds


def nmt(path):
    return {m[1].strip(): int(m[2]) for m in re.finditer(r"^-\s+(.+?) \(reserved=\d+KB, committed=(\d+)KB", open(path).read(), re.M)}


def main(argv):
    if len(argv) not in (5, 7):
        sys.exit(__doc__)
    heap = heap_range(argv[1])
    n = int(argv[4])
    before, after = rss_by_kind(argv[2], heap), rss_by_kind(argv[3], heap)
    print("RSS growth by kind of mapping:")
    for kind in before:
        grown = after[kind] - before[kind]
        print(f"  {kind:28s} {before[kind]:8d} -> {after[kind]:8d} KiB  {grown:+7d} KiB = {grown * 1024 / n:6.0f} B/conn")
    if len(argv) == 7:
        n0, n1 = nmt(argv[5]), nmt(argv[6])
        print("native memory committed (NMT), categories that grew by 64 KiB or more:")
        for cat in sorted(n1, key=lambda c: n0.get(c, 0) - n1[c]):
            grown = n1[cat] - n0.get(cat, 0)
            if abs(grown) >= 64:
                print(f"  {cat:28s} {n0.get(cat, 0):8d} -> {n1[cat]:8d} KiB  {grown:+7d} KiB = {grown * 1024 / n:6.0f} B/conn")


if __name__ == "__main__":
    main(sys.argv)
