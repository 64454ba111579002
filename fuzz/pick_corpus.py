#!/usr/bin/env python3
"""Picks the committed replay corpus of a target from a fuzzed corpus: the
smallest input per distinct outcome (each error reason, a log with or
without messages and skips), at most LIMIT, into fuzz/corpus/<target>/
(findings, named finding-*, are kept).

    python3 fuzz/pick_corpus.py TARGET [LIMIT]    (after bash scripts/fuzz TARGET)
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

target = sys.argv[1]
limit = int(sys.argv[2]) if len(sys.argv) > 2 else 24
root = Path(__file__).resolve().parent.parent
binary = root / os.environ.get("FUZZ_BUILD", "build/fuzz") / "fuzz" / f"fuzz_{target}"
grown = sorted((root / "build/fuzz/corpus" / target).glob("*"), key=lambda p: p.stat().st_size)
out = root / "fuzz/corpus" / target
out.mkdir(parents=True, exist_ok=True)
for old in out.glob("seed-*"):
    old.unlink()

env = dict(os.environ, ONAKIT_FUZZ_VERBOSE="1")
best: dict[str, Path] = {}
for i in range(0, len(grown), 200):
    batch = [str(p) for p in grown[i:i + 200]]
    run = subprocess.run([str(binary), *batch], env=env, capture_output=True, text=True, errors="replace")
    current = None
    outcomes: dict[str, set[str]] = {}
    for line in run.stderr.splitlines():
        if line.startswith("Running: "):
            current = line[len("Running: "):]
            outcomes[current] = set()
        elif current and (line.startswith("log: ") or line.startswith("error: ")):
            key = re.sub(r"\d+", "N", line)
            key = re.sub(r"'[^']*'", "'...'", key)[:90]
            if line.startswith("log: "):  # a log: with/without messages, skips, drops
                key = "log" + (" msgs" if not line.startswith("log: 0 messages") else "") + \
                      (" skipped" if "skipped (" in line else "") + (" dropped" if "dropped inside" in line else "")
            outcomes[current].add(key)
    for path, keys in outcomes.items():
        for k in keys:
            if k not in best:  # files are sorted by size: the first is the smallest
                best[k] = Path(path)
chosen = sorted(set(best.values()), key=lambda p: p.stat().st_size)[:limit]
for k, p in enumerate(chosen):
    (out / f"seed-{k:03d}").write_bytes(p.read_bytes())
print(f"{target}: {len(best)} outcomes, {len(chosen)} inputs, {sum(p.stat().st_size for p in chosen)} bytes")
