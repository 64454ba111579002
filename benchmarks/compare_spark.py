"""Side by side: a tie table from a one-row-per-recipient log, Spark local mode vs onakit on one box.

Generates a seeded log of ``--rows`` rows (default 10^7: ``message_id``,
``sender``, ``recipient``, ``role``, ``time`` in Unix seconds; messages of 1-8
recipients among ``--people`` people, a quarter of the rows ``cc``), writes it
as Parquet to a temporary directory, then times, wall clock
(``time.perf_counter``), best of ``--repeat`` runs, in one process:

* onakit (single box): ``pandas.read_parquet`` + ``ona.MessageLog.from_pandas``
  (rows sharing message_id are one message) + ``ona.build_graph`` +
  ``g.to_pandas()``;
* Spark (``local[T]``, T = ``--threads``): ``spark.read.parquet`` +
  ``onakit.spark.tie_table(message_id=...)`` (shuffle by id, onakit's C++ per
  partition, Spark sums) until the tie table is collected with Arrow.

Both use the same options (``weighting="split"``, ``role_weights={"cc": 0.5}``,
``max_recipients=6``), and the script checks that the two tie tables agree
(same pairs, weights to rel 1e-12) and the build reports are equal. It prints
the times and the ratio spark_time / onakit_time (above 1: Spark in local mode
is slower than one box; Spark's point is the data that one box cannot hold).

    .venv/bin/python benchmarks/compare_spark.py                   # 10^7 rows
    .venv/bin/python benchmarks/compare_spark.py --rows 1e6 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
import warnings

import numpy as np
import pandas as pd

import onakit as ona

OPTIONS = dict(weighting="split", role_weights={"cc": 0.5}, max_recipients=6)


def generate(rows: int, people: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 9, size=rows // 2 + 8)
    ends = np.cumsum(sizes)
    n_messages = int(np.searchsorted(ends, rows)) + 1
    sizes = sizes[:n_messages]
    sizes[-1] -= int(ends[n_messages - 1] - rows)
    message = np.repeat(np.arange(n_messages, dtype=np.int64), sizes)
    # people in teams of 50: most mail stays in the team
    sender_of = rng.integers(0, people, size=n_messages)
    team = (sender_of[message] // 50) * 50
    local = rng.random(rows) < 0.8
    recipient = np.where(local, team + rng.integers(0, 50, size=rows), rng.integers(0, people, size=rows))
    recipient = np.minimum(recipient, people - 1)
    t0 = 1_704_067_200  # 2024-01-01
    times = t0 + np.sort(rng.integers(0, 365 * 86400, size=n_messages))
    names = np.array([f"p{i:06d}@corp.example" for i in range(people)], dtype=object)
    return pd.DataFrame({
        "message_id": message,
        "sender": names[sender_of[message]],
        "recipient": names[recipient],
        "role": np.where(rng.random(rows) < 0.25, "cc", "to"),
        "time": times[message],
    })


def best(fn, repeat: int):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=float, default=1e7)
    ap.add_argument("--people", type=int, default=20_000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--partitions", type=int, default=0, help="Spark shuffle partitions (default 4 x threads)")
    a = ap.parse_args()
    rows = int(a.rows)
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    from pyspark.sql import SparkSession

    import onakit.spark as ons
    from onakit.spark import _to_pandas

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        df = generate(rows, a.people, a.seed)
        path = os.path.join(tmp, "log.parquet")
        df.to_parquet(path, index=False)
        del df
        print(f"generated {rows:,} rows in {time.perf_counter() - t0:.1f}s -> {path}")

        def one_box():
            pdf = pd.read_parquet(path)
            log = ona.MessageLog.from_pandas(pdf, sender="sender", recipients="recipient", timestamp="time",
                                             role="role", message_id="message_id", recipient_sep=None)
            g = ona.build_graph(log, threads=a.threads, **OPTIONS)
            return g.to_pandas(), g.build_report, log.num_messages

        t_one, (ties_one, report_one, messages) = best(one_box, a.repeat)

        parts = a.partitions or 4 * a.threads
        spark = (SparkSession.builder.master(f"local[{a.threads}]").appName("onakit-compare-spark")
                 .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                 .config("spark.sql.shuffle.partitions", str(parts)).config("spark.driver.memory", "6g")
                 .config("spark.sql.session.timeZone", "UTC").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")

        def on_spark():
            sdf = spark.read.parquet(path)
            t = ons.tie_table(sdf, sender="sender", recipients="recipient", timestamp="time", role="role",
                              message_id="message_id", recipient_sep=None, **OPTIONS)
            out = _to_pandas(t.ties), t.report
            t.unpersist()
            return out

        t_spark, (ties_spark, report_spark) = best(on_spark, a.repeat)
        spark.stop()

    a_ = ties_one.astype({"source": str, "target": str}).set_index(["source", "target"])["weight"].sort_index()
    b_ = ties_spark.set_index(["source", "target"])["weight"].sort_index()
    assert a_.index.equals(b_.index), "the tie tables differ"
    np.testing.assert_allclose(b_.to_numpy(), a_.to_numpy(), rtol=1e-12, atol=0)
    assert report_one == report_spark, (report_one, report_spark)

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; threads={a.threads}, "
          f"Spark shuffle partitions={parts}")
    print(f"{rows:,} rows, {messages:,} messages, {len(a_):,} ties (identical tables and reports)")
    print(f"{'path':<46}{'seconds':>10}{'rows/s':>14}")
    print(f"{'onakit one box (read_parquet+from_pandas+build)':<46}{t_one:>10.2f}{rows / t_one:>14,.0f}")
    print(f"{'Spark local tie_table (read+shuffle+collect)':<46}{t_spark:>10.2f}{rows / t_spark:>14,.0f}")
    print(f"ratio spark / onakit: {t_spark / t_one:.1f}x")


if __name__ == "__main__":
    main()
