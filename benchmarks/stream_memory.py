"""Peak memory and speed of a streaming read against the in-memory read (issue #15).

Writes a generated email CSV of about ``--gb`` GB to /tmp (one row per
message, 1-3 recipients, ISO times, 20,000 people), then reads it in a fresh
child process per mode and reports each child's peak resident size
(the child's resource.getrusage(RUSAGE_SELF).ru_maxrss) and messages per second:

- ``memory``: ``_core.read_email_csv`` (the whole file mapped, every message kept);
- ``stream``: ``_core.stream_email_csv`` into a sink that keeps nothing
  (the reader's own cost: people, one chunk, one 64 MB window);
- with ``--graph`` also ``memory+graph`` (``ona.read_email_csv`` then
  ``ona.build_graph``) and ``stream+graph`` (``ona.stream_ties``: the reader
  feeding the stream builder), when the build has them; these import the
  façade (pandas), ~100 MB of the figure.

Usage:  PYTHONPATH=build/dev/python python benchmarks/stream_memory.py [--gb 3] [--threads 2] [--graph]
The file is removed at the end unless --keep.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time

CHILD = r"""
import sys, time, resource
from onakit import _core
mode, path, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
kw = dict(path=path, sender="sender", recipients="recipients", timestamp="timestamp", role=None, message_id=None,
          sep=",", recipient_sep=";", errors="strict", threads=threads)
t = time.perf_counter()
if mode == "memory":
    log = _core.read_email_csv(**kw); n = log.num_messages
elif mode == "memory+graph":
    import onakit as ona
    log = ona.read_email_csv(path, threads=threads); n = log.num_messages
    g = ona.build_graph(log, threads=threads)
elif mode == "stream":
    sink = _core.CollectingSink(keep=False)
    rest = _core.stream_email_csv(**kw, sink=sink, chunk_messages=1 << 20); n = rest.report["messages"]
elif mode == "stream+graph":
    import onakit as ona
    g = ona.stream_ties(path, format="csv", threads=threads, chunk_messages=1 << 20)
    n = g.build_report["messages_in"]
dt = time.perf_counter() - t
print(n, dt, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # peak RSS of this child, KB
"""


def write_csv(path: str, gb: float, seed: int = 7) -> int:
    """An email CSV of about `gb` GB: returns the number of messages."""
    rng = random.Random(seed)
    people = [f"person{k:05d}@example.org" for k in range(20000)]
    target = int(gb * 1e9)
    block = []
    for _ in range(100_000):  # one block of rows, repeated with shifted times
        s = rng.choice(people)
        rs = ";".join(rng.sample(people, rng.randint(1, 3)))
        block.append((s, rs))
    n = size = 0
    day = 0
    with open(path, "w") as f:
        f.write("sender,recipients,timestamp\n")
        while size < target:
            lines = []
            for k, (s, rs) in enumerate(block):
                sec = day * 86400 + k % 86400
                lines.append(f"{s},{rs},2020-{1 + (sec // 2419200) % 12:02d}-{1 + (sec // 86400) % 28:02d}T"
                             f"{(sec // 3600) % 24:02d}:{(sec // 60) % 60:02d}:{sec % 60:02d}Z\n")
            text = "".join(lines)
            f.write(text)
            size += len(text)
            n += len(block)
            day += 1
    return n


def run(mode: str, path: str, threads: int) -> tuple[int, float, float]:
    """(messages, seconds, peak RSS in MB) of `mode` in a fresh child (its own getrusage)."""
    out = subprocess.run([sys.executable, "-c", CHILD, mode, path, str(threads)], check=True, capture_output=True,
                         text=True).stdout.split()
    return int(out[0]), float(out[1]), int(out[2]) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gb", type=float, default=3.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--graph", action="store_true", help="also read + build the graph both ways")
    ap.add_argument("--keep", action="store_true", help="keep the generated file")
    ap.add_argument("--path", default="/tmp/onakit_stream_memory.csv")
    a = ap.parse_args()
    from onakit import _core  # noqa: F401 (fail early when the build is not importable)
    if not os.path.exists(a.path):
        t = time.perf_counter()
        n = write_csv(a.path, a.gb)
        print(f"wrote {a.path}: {os.path.getsize(a.path) / 1e9:.2f} GB, {n:,} messages "
              f"({time.perf_counter() - t:.0f} s)")
    modes = ["stream", "memory"]
    if a.graph and hasattr(_core, "StreamBuilder"):  # ona.stream_ties (issue #15)
        modes = ["stream", "stream+graph", "memory", "memory+graph"]
    print(f"{'mode':14} {'messages':>12} {'seconds':>8} {'msg/s':>12} {'peak RSS MB':>12}")
    rows = {}
    for mode in modes:
        n, dt, mb = run(mode, a.path, a.threads)
        rows[mode] = (n, dt, mb)
        print(f"{mode:14} {n:12,} {dt:8.2f} {n / dt:12,.0f} {mb:12,.0f}")
    s, m = rows["stream"], rows["memory"]
    print(f"stream / memory: peak RSS x{s[2] / m[2]:.3f}, speed x{(s[0] / s[1]) / (m[0] / m[1]):.2f}")
    if not a.keep:
        os.remove(a.path)


if __name__ == "__main__":
    main()
