"""Times MessageLog.from_pandas on a seeded 1e6-row DataFrame (best of N, wall clock).

    PYTHONPATH=build/dev/python .venv/bin/python benchmarks/time_from_pandas.py --rows 1e6 --repeat 3

Rows: sender, a `;`-joined recipients cell (1-3 of 10,000 people), and the
time in three forms: ISO text, datetime64[us, UTC], Unix seconds (float).
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
import pandas as pd

import onakit as ona


def frame(rows: int, people: int = 10_000, seed: int = 42) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    names = np.array([f"p{i}@corp.example" for i in range(people)], dtype=object)
    snd = names[rng.integers(0, people, rows)]
    k = rng.integers(1, 4, rows)
    r = rng.integers(0, people, (rows, 3))
    rcp = [";".join(names[r[i, : k[i]]]) for i in range(rows)]
    secs = 1_704_067_200 + np.sort(rng.integers(0, 365 * 86400, rows))
    dt = pd.to_datetime(secs, unit="s", utc=True)
    return pd.DataFrame({"sender": snd, "recipients": rcp, "iso": dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
                         "dt": dt, "unix": secs.astype(float)})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=float, default=1e6)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    df = frame(int(a.rows))
    print(f"onakit {ona.__file__}, rows {len(df):,}, load {os.getloadavg()[0]:.2f}")
    for col in ("iso", "dt", "unix"):
        best = float("inf")
        for _ in range(a.repeat):
            t0 = time.perf_counter()
            log = ona.MessageLog.from_pandas(df, timestamp=col)
            best = min(best, time.perf_counter() - t0)
        print(f"timestamp={col:5s} best {best:.3f} s  {len(df) / best / 1e6:.2f}M rows/s  "
              f"messages {log.num_messages:,} pairs {log.num_pairs:,}")


if __name__ == "__main__":
    main()
