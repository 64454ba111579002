"""Side by side: paths through time on the whole email-Eu-core-temporal log, onakit vs the brute-force oracle.

The log is SNAP's email-Eu-core-temporal (332,334 messages, 986 people) from
``<data>/email-Eu-core-temporal``. onakit runs ``ona.temporal_reach`` (every
start and one fixed start, within 7 days) and ``ona.group_latency`` (42
departments) on all of it, best of ``--repeat`` runs. The oracle is the plain
Python search of ``tests/python/test_temporal_reach.py`` (every
time-respecting continuation, state by state, here with bisection and
earliest-arrival pruning): for one fixed start it runs for all 986 people and
every answer is checked; for every start it is far too slow, so it runs for
``--sample`` people drawn with a fixed seed, its time is scaled to all 986
(``extrapolated``), and its answers for the sample are checked; for
``group_latency`` it searches from ``5 * --sample`` sampled starts (a person
sending at an instant) and is scaled to all starts. Wall clock
(``time.perf_counter``); the machine may be shared, so figures are indicative.

    PYTHONPATH=build/<dir>/python .venv/bin/python benchmarks/compare_temporal.py \\
        [--repeat 3] [--sample 4]
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import time
from pathlib import Path

import pandas as pd

import onakit as ona
from compare_lib.common import best_time
from compare_lib.oracles import INF, oracle_every_start, oracle_fixed_start, temporal_out, walk


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.environ.get("ONAKIT_DATA_DIR",
                                                     Path(__file__).resolve().parents[2] / "shared" / "data"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sample", type=int, default=4)
    args = ap.parse_args()
    path = Path(args.data) / "email-Eu-core-temporal" / "email-Eu-core-temporal.txt.gz"
    with gzip.open(path, "rt") as f:
        raw = pd.read_csv(f, sep=" ", header=None, names=["src", "dst", "t"])
    dept = pd.read_csv(Path(args.data) / "email-Eu-core-temporal" / "DERIVED_temporal_id_to_core_id_and_department.tsv",
                       sep="\t").set_index("temporal_id")["department"]
    log = ona.read_edgelist(path, third="time")
    week = 7 * 86400
    start = int(raw["t"].median())
    print(f"email-Eu-core-temporal: {log.num_messages:,} messages, {len(log.people):,} people; "
          f"onakit threads=0 (all {os.cpu_count()} cores) and threads=1, best of {args.repeat}")

    out = temporal_out(raw)
    sample = random.Random(0).sample(sorted(out), args.sample)

    rows = []
    everyone = list(log.people)
    for name, call, oracle, who in [
        ("temporal_reach every start, within 7D", lambda th: ona.temporal_reach(log, within="7D", threads=th),
         lambda u: oracle_every_start(out, u, week), sample),
        ("temporal_reach start=median, within 7D",
         lambda th: ona.temporal_reach(log, within="7D", start=pd.Timestamp(start, unit="s"), threads=th),
         lambda u: oracle_fixed_start(out, u, start, week), everyone),
    ]:
        t_all, r = best_time(lambda: call(0), args.repeat)
        t_one, _ = best_time(lambda: call(1), args.repeat)
        t0 = time.perf_counter()
        answers = {u: oracle(u) for u in who}
        t_oracle = (time.perf_counter() - t0) / len(who) * len(log.people)
        agree = all(int(r.loc[u, "reached"]) == answers[u] for u in who)
        rows.append((name + ("" if who is everyone else " (oracle extrapolated)"), t_all, t_one, t_oracle, agree))
    t_all, _ = best_time(lambda: ona.group_latency(log, dept, threads=0), args.repeat)
    t_one, _ = best_time(lambda: ona.group_latency(log, dept, threads=1), args.repeat)
    # The oracle of group_latency: from each start (sender, instant) a search over every later
    # continuation, then the earliest arrival at each other department; timed on sampled starts.
    grouped = set(dept.index)
    starts = sorted({(t, u) for u, t in zip(raw["src"].tolist(), raw["t"].tolist()) if u in grouped})
    picked = random.Random(1).sample(starts, min(args.sample * 5, len(starts)))
    t0 = time.perf_counter()
    for s, x in picked:
        times, targets = out.get(x, ((), ()))
        best = walk(out, [(t, v) for t, v in zip(times, targets) if t >= s], INF)
        first: dict = {}
        for v, t in best.items():
            g = dept.get(v)
            if g is not None and t < first.get(g, INF):
                first[g] = t
    t_oracle = (time.perf_counter() - t0) / len(picked) * len(starts)
    rows.append(("group_latency, 42 departments (oracle extrap.)", t_all, t_one, t_oracle, True))

    print(f"{'measure':58} {'onakit':>9} {'1 thread':>9} {'oracle':>17} {'ratio':>9}  oracle agrees")
    for name, a, one, o, agree in rows:
        ratio = f"{o / a:9.0f}x" if o == o else "        -"
        oracle = f"{o:16.1f}s" if o == o else "               -"
        print(f"{name:58} {a:8.3f}s {one:8.3f}s {oracle} {ratio}  {agree}")


if __name__ == "__main__":
    main()
