"""Side by side: a Parquet message export -> MessageLog / tie table.

Generates (seeded) a ``sender, recipient, timestamp`` Parquet file with one
row per (message, recipient) -- 10^7 rows by default, 10,000 people as
addresses, times as an Arrow ``timestamp[us, UTC]``, row groups of 10^6 rows,
strings dictionary-encoded as pyarrow writes them -- then times, best of
``--repeat`` runs, wall clock, in one process:

* onakit: ``ona.read_parquet(path, recipient_sep=None)`` (Arrow buffers
  straight into the C++ row stage), and the same + ``build_graph`` +
  ``to_pandas`` (the labelled tie table);
* pandas: ``pandas.read_parquet`` + ``MessageLog.from_pandas`` (the
  DataFrame route: a Python object per cell);
* DuckDB (when installed): ``SELECT sender, recipient, count(*) ... GROUP BY``
  on the file, the aggregation a tie table needs (no identity rules, no
  checks: a floor, not an equal).

It checks that both onakit routes give the same log, and that the tie table
equals DuckDB's counts; prints the times and the ratios.

    .venv/bin/python benchmarks/compare_parquet.py                 # 10^7 rows
    .venv/bin/python benchmarks/compare_parquet.py --rows 1e6 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

import onakit as ona


def write_parquet(path: str, rows: int, people: int, seed: int) -> float:
    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)
    labels = np.array([f"person{i:05d}@corp.example" for i in range(people)], dtype=object)
    # Skewed activity (some people write far more), recipients anywhere.
    weight = rng.zipf(1.6, people).astype(float)
    s = rng.choice(people, rows, p=weight / weight.sum())
    r = rng.integers(0, people, rows)
    t = np.sort(rng.integers(1_700_000_000_000_000, 1_731_536_000_000_000, rows))
    table = pa.table({
        "sender": pa.DictionaryArray.from_arrays(pa.array(s, pa.int32()), pa.array(labels, pa.string())),
        "recipient": pa.DictionaryArray.from_arrays(pa.array(r, pa.int32()), pa.array(labels, pa.string())),
        "timestamp": pa.array(t, pa.timestamp("us", tz="UTC")),
    })
    pq.write_table(table, path, row_group_size=1_000_000)
    return time.perf_counter() - t0


def best(fn, repeat: int):
    out, times = None, []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=float, default=1e7)
    ap.add_argument("--people", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--seed", type=int, default=15)
    a = ap.parse_args()
    rows = int(a.rows)
    opts = dict(sender="sender", recipients="recipient", timestamp="timestamp", recipient_sep=None)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "messages.parquet")
        gen = write_parquet(path, rows, a.people, a.seed)
        size = os.path.getsize(path)
        print(f"{rows:,} rows, {a.people:,} people, {size / 2**20:.0f} MiB Parquet (written in {gen:.1f} s); "
              f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, pyarrow {pa.__version__}")

        t_read, log = best(lambda: ona.read_parquet(path, **opts), a.repeat)
        t_e2e, ties = best(lambda: ona.build_graph(ona.read_parquet(path, **opts)).to_pandas(), a.repeat)
        t_pd, log_pd = best(lambda: ona.MessageLog.from_pandas(pd.read_parquet(path), **opts), 1)
        for f in ("senders", "times", "offsets", "recipients"):
            assert np.array_equal(np.asarray(getattr(log._core, f)), np.asarray(getattr(log_pd._core, f))), f
        assert list(log.people) == list(log_pd.people)

        print(f"{'route':52s} {'seconds':>8s} {'rows/s':>12s} {'ratio':>7s}")
        print(f"{'onakit read_parquet':52s} {t_read:8.2f} {rows / t_read:12,.0f} {1:7.2f}")
        print(f"{'pandas.read_parquet + MessageLog.from_pandas':52s} {t_pd:8.2f} {rows / t_pd:12,.0f} "
              f"{t_pd / t_read:7.2f}  (pandas route / read_parquet)")
        print(f"{'onakit read_parquet + build_graph + to_pandas':52s} {t_e2e:8.2f} {rows / t_e2e:12,.0f}")
        try:
            import duckdb
        except ImportError:
            print("DuckDB: not installed (pip install duckdb): skipped")
            return
        q = (f"SELECT sender, recipient, count(*) AS n FROM read_parquet('{path}') "
             "WHERE sender <> recipient GROUP BY ALL")
        t_db, db = best(lambda: duckdb.sql(q).df(), a.repeat)
        got = ties.set_index(["source", "target"])["weight"].sort_index()
        want = db.set_index(["sender", "recipient"])["n"].astype(float).sort_index()
        assert np.array_equal(got.to_numpy(), want.to_numpy()) and got.index.equals(want.index)
        print(f"{'DuckDB GROUP BY sender, recipient (tie counts)':52s} {t_db:8.2f} {rows / t_db:12,.0f} "
              f"{t_db / t_e2e:7.2f}  (DuckDB / onakit tie table)")


if __name__ == "__main__":
    main()
