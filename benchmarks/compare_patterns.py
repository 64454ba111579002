"""Side by side: ona.work_patterns and ona.burstiness vs the same computations in pandas / numpy.

Inputs (in one process, best of ``--repeat`` runs):

* SNAP's email-Eu-core-temporal (332,334 messages, 986 people), from
  ``<data>/email-Eu-core-temporal``;
* the seeded synthetic organisation (``ona.synthetic_org``, 10,000 people,
  12 weeks: 1.2M messages, 2.0M (message, recipient) pairs), with ``--synthetic``.

Cases, each with the same inputs on both sides:

* ``work_patterns``: per-person zones (a Series over 6 IANA zones), weekly
  periods, 09:00-17:00. onakit: ``ona.work_patterns(log, tz=zones, freq="W")``
  (offsets by pandas' zone conversion, the rest in C++). pandas: per-zone
  ``tz_convert``, then groupby (period, sender, day) for spans and
  (period, sender) for counts and shares -- the oracle of
  tests/python/test_work_patterns.py.
* ``burstiness`` by person and by tie: onakit ``ona.burstiness(log, by=...)``;
  numpy: a stable sort by (key, time), ``np.diff`` per group and B and M by
  the formula with ``np.add.reduceat`` (vectorised, no Python loop per key).

Ratios are pandas time / onakit time (wall clock; CPU time in brackets,
since the machine may be shared). Results are checked equal before timing.

    PYTHONPATH=build/dev/python .venv/bin/python benchmarks/compare_patterns.py [--repeat 3] [--synthetic]
"""

from __future__ import annotations

import argparse
import gzip
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd

import onakit as ona

ZONES = ["Europe/Warsaw", "America/New_York", "Asia/Tokyo", "UTC", "America/Los_Angeles", "Asia/Kolkata"]


def best(fn, repeat: int):
    wall = cpu = float("inf")
    out = None
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        wall = min(wall, time.perf_counter() - w0)
        cpu = min(cpu, time.process_time() - c0)
    return wall, cpu, out


# ---- pandas / numpy references ----------------------------------------------------
def pandas_work_patterns(df: pd.DataFrame, zone_of: pd.Series) -> pd.DataFrame:
    """df: sender (str), utc (tz-aware). Weekly periods, 09:00-17:00, per-person zones."""
    zone = df["sender"].map(zone_of)
    local = pd.Series(pd.NaT, index=df.index, dtype="datetime64[us]")
    for z, idx in df.groupby(zone).indices.items():
        local.iloc[idx] = df["utc"].iloc[idx].dt.tz_convert(z).dt.tz_localize(None).to_numpy()
    clock = local.dt.hour * 3600 + local.dt.minute * 60 + local.dt.second
    weekend = local.dt.day_of_week >= 5
    after = weekend | (clock < 9 * 3600) | (clock >= 17 * 3600)
    t = pd.DataFrame({"period": df["utc"].dt.tz_localize(None).dt.to_period("W"), "sender": df["sender"],
                      "day": local.dt.floor("D"), "local": local, "after": after, "weekend": weekend})
    days = t.groupby(["period", "sender", "day"])["local"].agg(["min", "max"])
    span = (days["max"] - days["min"]).rename("span").reset_index(level="day", drop=True)
    per = t.groupby(["period", "sender"]).agg(messages=("after", "size"), after_hours=("after", "sum"),
                                              weekend=("weekend", "sum"))
    per["after_hours_share"] = per["after_hours"] / per["messages"]
    per["weekend_share"] = per["weekend"] / per["messages"]
    g = span.groupby(level=["period", "sender"])
    per["active_days"] = g.size()
    per["span_mean"] = g.mean()
    per["span_median"] = g.median()
    return per


def numpy_burstiness(key: np.ndarray, t_us: np.ndarray, min_events: int = 3):
    """B and M per key (int64 codes), vectorised: (keys, events, B, M)."""
    order = np.lexsort((t_us, key))
    k, t = key[order], t_us[order].astype(np.float64) / 1e6
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    counts = np.diff(np.r_[starts, len(k)])
    tau = np.diff(t)
    same = k[1:] == k[:-1]  # interval inside one key
    gid = np.cumsum(np.r_[True, k[1:] != k[:-1]])[1:] - 1
    n_tau = np.bincount(gid[same], minlength=len(starts)).astype(float)
    s = np.bincount(gid[same], weights=tau[same], minlength=len(starts))
    with np.errstate(invalid="ignore", divide="ignore"):
        mu = s / n_tau
        dev = tau[same] - mu[gid[same]]
        sd = np.sqrt(np.bincount(gid[same], weights=dev * dev, minlength=len(starts)) / n_tau)
        b = np.where((counts >= max(min_events, 3)) & (sd + mu > 0), (sd - mu) / (sd + mu), np.nan)
        # M: consecutive pairs of intervals inside one key
        pair = same[:-1] & same[1:]
        pg = gid[:-1][pair]
        x, y = tau[:-1][pair], tau[1:][pair]
        npair = np.bincount(pg, minlength=len(starts)).astype(float)
        mx = np.bincount(pg, weights=x, minlength=len(starts)) / npair
        my = np.bincount(pg, weights=y, minlength=len(starts)) / npair
        dx, dy = x - mx[pg], y - my[pg]
        cxy = np.bincount(pg, weights=dx * dy, minlength=len(starts))
        cxx = np.bincount(pg, weights=dx * dx, minlength=len(starts))
        cyy = np.bincount(pg, weights=dy * dy, minlength=len(starts))
        m = np.where((counts >= max(min_events, 4)) & (cxx > 0) & (cyy > 0), cxy / np.sqrt(cxx * cyy), np.nan)
    return k[starts], counts, b, m


# ---- one data set -------------------------------------------------------------------
def run(name: str, log: ona.MessageLog, df: pd.DataFrame, pairs: pd.DataFrame, repeat: int) -> None:
    people = log.people
    zone_of = pd.Series([ZONES[i % len(ZONES)] for i in range(len(people))], index=people.astype(str))
    zones = pd.Series(zone_of.to_numpy(), index=people)
    print(f"\n{name}: {log.num_messages:,} messages, {len(pairs):,} (message, recipient) pairs, "
          f"{len(people):,} people; load average {os.getloadavg()[0]:.1f}")
    print(f"  {'case':28s} {'onakit s (cpu)':>18s} {'pandas s (cpu)':>18s} {'ratio wall (cpu)':>18s}")

    def line(case, o, p):
        print(f"  {case:28s} {o[0]:8.3f} ({o[1]:7.3f}) {p[0]:8.3f} ({p[1]:7.3f}) "
              f"{p[0] / o[0]:7.1f}x ({p[1] / o[1]:6.1f}x)")

    o = best(lambda: ona.work_patterns(log, tz=zones, freq="W"), repeat)
    p = best(lambda: pandas_work_patterns(df, zone_of), repeat)
    got, want = o[2], p[2]
    assert len(got) == len(want), (len(got), len(want))
    np.testing.assert_array_equal(np.sort(got["after_hours"].to_numpy()), np.sort(want["after_hours"].to_numpy()))
    line("work_patterns tz W", o, p)
    o_utc = best(lambda: ona.work_patterns(log, freq="W"), repeat)
    print(f"  {'  (onakit, tz=None)':28s} {o_utc[0]:8.3f} ({o_utc[1]:7.3f})")

    codes = pd.Index(people.astype(str))
    for by, key, t in (("person", codes.get_indexer(df["sender"]), df["us"].to_numpy()),
                       ("tie", codes.get_indexer(pairs["sender"]).astype(np.int64) * len(codes)
                        + codes.get_indexer(pairs["recipient"]), pairs["us"].to_numpy())):
        o = best(lambda: ona.burstiness(log, by=by), repeat)
        p = best(lambda: numpy_burstiness(np.asarray(key, dtype=np.int64), np.asarray(t, dtype=np.int64)), repeat)
        got_b = o[2]["burstiness"].to_numpy()
        want_b = p[2][2]
        assert len(got_b) == len(want_b), (by, len(got_b), len(want_b))
        np.testing.assert_allclose(np.sort(got_b[~np.isnan(got_b)]), np.sort(want_b[~np.isnan(want_b)]),
                                   rtol=1e-6, atol=1e-9)
        line(f"burstiness by {by}", o, p)


def eu_core(data: Path):
    path = data / "email-Eu-core-temporal" / "email-Eu-core-temporal.txt.gz"
    log = ona.read_edgelist(path, third="time")
    with gzip.open(path, "rt") as f:
        raw = pd.read_csv(f, sep=" ", header=None, names=["sender", "recipient", "t"],
                          dtype={"sender": str, "recipient": str})
    raw["us"] = raw["t"].to_numpy(dtype=np.int64) * 1_000_000
    raw["utc"] = pd.to_datetime(raw["us"], unit="us", utc=True)
    pairs = raw[raw["sender"] != raw["recipient"]]  # one message per line: no dedup
    return log, raw, pairs


def synthetic():
    log, _ = ona.synthetic_org(people=10_000, departments=12, weeks=12, seed=42)
    core = log._core
    senders = np.asarray(core.senders, dtype=np.int64)
    us = np.asarray(core.times, dtype=np.int64)
    off = np.asarray(core.offsets, dtype=np.int64)
    rec = np.asarray(core.recipients, dtype=np.int64)
    labels = log.people.astype(str).to_numpy()
    df = pd.DataFrame({"sender": labels[senders], "us": us})
    df["utc"] = pd.to_datetime(df["us"], unit="us", utc=True)
    msg = np.repeat(np.arange(len(senders)), np.diff(off))
    pairs = pd.DataFrame({"sender": labels[senders[msg]], "recipient": labels[rec], "us": us[msg], "m": msg})
    pairs = pairs[pairs["sender"] != pairs["recipient"]].drop_duplicates(["m", "recipient"])
    return log, df, pairs


def main() -> None:
    here = Path(__file__).resolve().parent
    default_data = os.environ.get("ONAKIT_DATA_DIR", str(here.parents[1] / "shared" / "data"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=default_data)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--synthetic", action="store_true", help="also the synthetic 10,000-person, 1.2M-message log")
    a = ap.parse_args()
    log, df, pairs = eu_core(Path(a.data))
    run("email-Eu-core-temporal", log, df, pairs, a.repeat)
    if a.synthetic:
        run("synthetic_org 10k people x 12 weeks", *synthetic(), a.repeat)


if __name__ == "__main__":
    main()
