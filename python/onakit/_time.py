"""Conversions between Python/pandas times and onakit's int64 microseconds (UTC).

Times stay in microseconds end to end (``datetime64[us]``): nanosecond
pandas times only reach 1677-2262 and would silently move other dates to
another year. The supported range is the C++ one (``onakit/ingest/timestamp.hpp``):
``|t| <= MAX_ABS_TIME`` microseconds from the Unix epoch, about 285,000
years either way, so every ISO date with years 0000-9999 fits; anything
beyond is a bad timestamp (counted, or an error in strict mode).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, overload

import numpy as np
import pandas as pd

from . import _core

if TYPE_CHECKING:
    import datetime
    from typing import Union

    # What to_micros reads (Timestamp is a datetime, datetime a date; int is a float to mypy).
    TimeLike = Union[str, datetime.date, np.datetime64, float, np.integer, np.floating]

NO_TIME = np.iinfo(np.int64).min
MAX_ABS_TIME = int(_core.max_abs_timestamp)


def _check_range(us: int, value, keyword: str = "time") -> int:
    if abs(us) > MAX_ABS_TIME:
        raise _core.OptionError(f"{keyword}={value!r} is out of range (at most {MAX_ABS_TIME} microseconds, "
                                "about 285,000 years, from 1970)")
    return us


@overload
def to_micros(value: None, keyword: str = "time") -> None: ...
@overload
def to_micros(value: TimeLike, keyword: str = "time") -> int: ...


def to_micros(value: TimeLike | None, keyword: str = "time") -> int | None:
    """A point in time as Unix microseconds (UTC).

    Accepts ``None``, a string (ISO 8601 and the like), ``datetime``,
    ``pandas.Timestamp``, ``numpy.datetime64`` or a number of Unix seconds.
    Naive times are taken as UTC. Anything else raises
    :class:`onakit.OptionError` naming ``keyword`` (the caller's parameter).
    """
    if value is None:
        return None
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        x = float(value) * 1_000_000
        if not np.isfinite(x):
            raise _core.OptionError(f"{keyword}={value!r} is not a finite number of seconds")
        return _check_range(int(round(x)), value, keyword)
    ts: pd.Timestamp | None
    try:
        ts = pd.Timestamp(value)  # NaT for "NaT", "" and None (pandas-stubs type it as Timestamp)
    except (ValueError, TypeError, OverflowError):
        ts = None
    if ts is None or pd.isna(ts):
        raise _core.OptionError(f"{keyword}={value!r} is not a time: use ISO 8601 such as '2024-03-01' or "
                                "'2024-03-01T09:00:00Z', or Unix seconds")
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    # Through datetime64[us], not Timestamp.value (nanoseconds: overflows outside 1677-2262).
    return int(ts.to_datetime64().astype("datetime64[us]").astype(np.int64))


def to_seconds(duration, keyword: str = "duration") -> float | None:
    """A duration in seconds: a number of seconds, or anything ``pandas.Timedelta`` reads ("30D", "12h").

    Anything else raises :class:`onakit.OptionError` naming ``keyword``.
    """
    if duration is None:
        return None
    if isinstance(duration, (int, float, np.integer, np.floating)) and not isinstance(duration, bool):
        return float(duration)
    td: pd.Timedelta | None
    try:
        td = pd.Timedelta(duration)  # NaT for "NaT" (pandas-stubs type it as Timedelta)
    except (ValueError, TypeError, OverflowError):
        td = None
    if td is None or pd.isna(td):
        raise _core.OptionError(f"{keyword}={duration!r} is not a duration: use seconds or a duration such as "
                                "'30D', '12h' or '90min'")
    return td.total_seconds()


def micros_to_datetime(values) -> pd.DatetimeIndex:
    """int64 microseconds (NO_TIME for missing) -> tz-aware UTC DatetimeIndex with NaT."""
    arr = np.asarray(values, dtype=np.int64)
    out = arr.astype("datetime64[us]")  # NO_TIME is numpy's NaT already; kept explicit
    out[arr == NO_TIME] = np.datetime64("NaT")
    return pd.DatetimeIndex(out).tz_localize("UTC")


def span_to_datetimes(span) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """A core ``(lo, hi)`` pair of microseconds -> UTC Timestamps, or (None, None) without times."""
    lo, hi = span
    if lo == NO_TIME:
        return (None, None)
    dt = micros_to_datetime([lo, hi])
    return (dt[0], dt[1])
