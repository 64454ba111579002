"""Conversions between Python/pandas times and onakit's int64 microseconds (UTC)."""

from __future__ import annotations

import numpy as np
import pandas as pd

NO_TIME = np.iinfo(np.int64).min


def to_micros(value) -> int | None:
    """A point in time as Unix microseconds (UTC).

    Accepts ``None``, a string (ISO 8601 and the like), ``datetime``,
    ``pandas.Timestamp``, ``numpy.datetime64`` or a number of Unix seconds.
    Naive times are taken as UTC.
    """
    if value is None:
        return None
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return int(round(float(value) * 1_000_000))
    ts = pd.Timestamp(value)
    if ts.tzinfo is None:
        ts = ts.tz_localize("UTC")
    return int(ts.value // 1000)


def to_seconds(duration) -> float | None:
    """A duration in seconds: a number of seconds, or anything ``pandas.Timedelta`` reads ("30D", "12h")."""
    if duration is None:
        return None
    if isinstance(duration, (int, float, np.integer, np.floating)) and not isinstance(duration, bool):
        return float(duration)
    return pd.Timedelta(duration).total_seconds()


def micros_to_datetime(values) -> pd.DatetimeIndex:
    """int64 microseconds (NO_TIME for missing) -> tz-aware UTC DatetimeIndex with NaT."""
    arr = np.asarray(values, dtype=np.int64)
    out = arr.astype("datetime64[us]").astype("datetime64[ns]")
    out[arr == NO_TIME] = np.datetime64("NaT")
    return pd.DatetimeIndex(out).tz_localize("UTC")


def series_to_micros(values: pd.Series, errors: str, field: str):
    """A column of times -> (int64 microseconds, mask of unparseable rows).

    Numbers are Unix seconds, or milliseconds when their magnitude is >= 1e11
    (the same rule as the C++ readers); strings and datetimes go through
    ``pandas.to_datetime`` with naive times taken as UTC.
    """
    s = pd.Series(values)
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        x = s.astype("float64").to_numpy()
        bad = ~np.isfinite(x)
        millis = np.abs(x) >= 1e11
        micros = np.where(millis, x * 1_000, x * 1_000_000)
        out = np.where(bad, 0, np.round(micros)).astype(np.int64)
        return out, bad
    if pd.api.types.is_datetime64_any_dtype(s):
        dt = s if getattr(s.dt, "tz", None) is not None else s.dt.tz_localize("UTC")
    else:
        dt = pd.to_datetime(s, utc=True, errors="coerce", format="mixed")
    bad = dt.isna().to_numpy()
    ns = dt.dt.tz_convert("UTC").dt.tz_localize(None).astype("datetime64[ns]").to_numpy().astype(np.int64)
    out = np.where(bad, 0, ns // 1000).astype(np.int64)
    return out, bad


def span_to_datetimes(span) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """A core ``(lo, hi)`` pair of microseconds -> UTC Timestamps, or (None, None) without times."""
    lo, hi = span
    if lo == NO_TIME:
        return (None, None)
    dt = micros_to_datetime([lo, hi])
    return (dt[0], dt[1])
