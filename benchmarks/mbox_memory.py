"""Peak memory of reading a generated 1 GB mbox: memory grows with people and ties, not messages (issue #16).

Writes an mbox of about ``--gb`` GB to /tmp (``--people`` senders, each
writing to 1-4 of their ``--contacts`` fixed correspondents, so the ties stay
at most people x contacts whatever the file size; a ``Message-ID``, ``In-Reply-To`` on a third of
the messages, a body of 300-1,500 bytes), then reads it in a fresh child
process per mode and reports the child's peak resident size (its own
``VmHWM``, from /proc/self/status) and messages per second:

- ``stream``: ``ona.stream_ties(path, format="mbox")``: the reader hands each
  chunk of messages to the graph builder and keeps none; the bound below is
  about this mode;
- ``memory``: ``ona.read_mbox`` then ``ona.build_graph``: every message is
  kept (its columns, the Message-IDs and reply links), so this one grows
  with the message count;
- ``stream (2x people)``: the stream again on a file of the same size with
  twice the people, to show what the memory does grow with.

The stated bound (benchmarks/README.md, "Mail: memory"): ``stream`` peaks
below 450 MiB for this 1 GB mbox of 20,000 people (measured 355 MiB: the
interpreter with pandas and numpy, ~110 MiB, the people and ties, one chunk of
messages (``--chunk-messages``, ~160 bytes a message), a 16-byte fingerprint
per Message-ID seen and the mapped pages of the file not yet released). Run
``--gb 2 --chunk-messages 100000`` to see what grows with the file: only the
fingerprints.

Usage:  PYTHONPATH=build/dev/python python benchmarks/mbox_memory.py [--gb 1] [--people 20000]
        [--chunk-messages 1000000] [--keep]
Exit status 1 when ``stream`` breaks the bound (``--bound-mib``).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time

CHILD = r"""
import sys, time
import onakit as ona
mode, path, chunk = sys.argv[1], sys.argv[2], int(sys.argv[3])
t = time.perf_counter()
if mode == "memory":
    log = ona.read_mbox(path, errors="skip")
    g = ona.build_graph(log, threads=2)
    n = log.num_messages
else:
    g = ona.stream_ties(path, format="mbox", errors="skip", threads=2, chunk_messages=chunk)
    n = g.ingest_report["messages"]
dt = time.perf_counter() - t
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))  # KiB
print(n, dt, hwm, g.number_of_people, g.number_of_ties)
"""

WORDS = ("the quarterly plan review budget team meeting notes draft agenda follow up thanks please see attached "
         "regards project status update customer shipment schedule").split()


def write_mbox(path: str, gb: float, people: int, contacts: int = 10, seed: int = 16) -> int:
    """An mbox of about `gb` GB: returns the number of messages. Each person writes to 1-4 of their own
    `contacts` fixed correspondents, so the ties (at most people x contacts) saturate early and a larger file
    holds more messages over the same ties."""
    rng = random.Random(seed)
    names = [f"person{k:06d}@example.org" for k in range(people)]
    circle = {s: rng.sample(names, contacts) for s in names}
    bodies = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(50, 250))) for _ in range(500)]
    target = int(gb * 1e9)
    n = size = 0
    with open(path, "w") as f:
        while size < target:
            parts = []
            for _ in range(10_000):
                s = rng.choice(names)
                to = ", ".join(rng.sample(circle[s], rng.randint(1, 4)))
                sec = n * 7
                day = 1 + (sec // 86400) % 28
                month = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")[
                    (sec // (86400 * 28)) % 12]
                hms = f"{(sec // 3600) % 24:02d}:{(sec // 60) % 60:02d}:{sec % 60:02d}"
                reply = f"In-Reply-To: <m{rng.randrange(n)}@example.org>\n" if n and n % 3 == 0 else ""
                parts.append(f"From {s} Mon Jan  1 00:00:00 2024\nFrom: {s}\nTo: {to}\n"
                             f"Date: Mon, {day} {month} 2024 {hms} +0000\nMessage-ID: <m{n}@example.org>\n{reply}"
                             f"Subject: message {n}\n\n{bodies[n % len(bodies)]}\n\n")
                n += 1
            text = "".join(parts)
            f.write(text)
            size += len(text)
    return n


def run(mode: str, path: str, chunk: int) -> tuple[int, float, float, int, int]:
    """(messages, seconds, peak RSS in MiB, people, ties) of `mode` in a fresh child."""
    out = subprocess.run([sys.executable, "-c", CHILD, mode, path, str(chunk)], check=True, capture_output=True,
                         text=True).stdout.split()
    return int(out[0]), float(out[1]), int(out[2]) / 1024, int(out[3]), int(out[4])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gb", type=float, default=1.0)
    ap.add_argument("--people", type=int, default=20_000)
    ap.add_argument("--contacts", type=int, default=10, help="correspondents per person (ties <= people x contacts)")
    ap.add_argument("--bound-mib", type=float, default=450.0, help="the stated bound of the stream's peak RSS")
    ap.add_argument("--chunk-messages", type=int, default=1_000_000,
                    help="stream_ties(chunk_messages=): messages per chunk (default as stream_ties)")
    ap.add_argument("--keep", action="store_true", help="keep the generated files")
    ap.add_argument("--path", default="/tmp/onakit_mbox_memory.mbox")
    a = ap.parse_args()
    import onakit  # noqa: F401 (fail early when the build is not importable)

    files = [(a.path, a.people), (a.path.replace(".mbox", "-2x.mbox"), 2 * a.people)]
    for path, people in files:
        if not os.path.exists(path):
            t = time.perf_counter()
            n = write_mbox(path, a.gb, people, a.contacts)
            print(f"wrote {path}: {os.path.getsize(path) / 1e9:.2f} GB, {n:,} messages, {people:,} people "
                  f"({time.perf_counter() - t:.0f} s)")
    print(f"{'mode':20} {'messages':>11} {'people':>8} {'ties':>10} {'seconds':>8} {'msg/s':>10} {'peak RSS MiB':>13}")
    rows = {}
    for mode, path in [("stream", files[0][0]), ("memory", files[0][0]), ("stream (2x people)", files[1][0])]:
        n, dt, mib, people, ties = run(mode.split()[0], path, a.chunk_messages)
        rows[mode] = mib
        print(f"{mode:20} {n:11,} {people:8,} {ties:10,} {dt:8.1f} {n / dt:10,.0f} {mib:13,.0f}")
    ok = rows["stream"] <= a.bound_mib
    print(f"stream peak RSS {rows['stream']:,.0f} MiB {'<=' if ok else '>'} the bound {a.bound_mib:,.0f} MiB")
    if not a.keep:
        for path, _ in files:
            os.remove(path)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
