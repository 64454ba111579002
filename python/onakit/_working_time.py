"""Working hours and local clocks: the ``business_hours=`` and ``tz=`` keywords.

One place turns what a user types into what the C++ kernels take
(``onakit/temporal/working_hours.hpp``): ``business_hours=("09:00", "17:00")``
into seconds after midnight, and ``tz=`` (a zone name, or a Series giving
each person's zone, e.g. a column of the HR table) into each event's UTC
offset in seconds, looked up in the IANA zone database (``zoneinfo``) at the
event's own instant, so daylight saving is followed. Response times and work
patterns both use these; neither parses hours or zones itself.
"""

from __future__ import annotations

import datetime
import warnings
import zoneinfo
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from ._groups import _stacklevel, align_groups
from ._labels import describe_labels

__all__: list[str] = []

DEFAULT_HOURS = ("09:00", "17:00")


def _clock_seconds(value: Any, keyword: str) -> int:
    """'09:00', '9:30:15', datetime.time or a number of hours as seconds after midnight."""
    if isinstance(value, datetime.time):
        return value.hour * 3600 + value.minute * 60 + value.second
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        if 0 <= float(value) <= 24:
            return int(round(float(value) * 3600))
    elif isinstance(value, str):
        parts = value.strip().split(":")
        if 2 <= len(parts) <= 3 and all(p.isdigit() for p in parts):
            h, m = int(parts[0]), int(parts[1])
            s = int(parts[2]) if len(parts) == 3 else 0
            if (0 <= h < 24 and 0 <= m < 60 and 0 <= s < 60) or (h == 24 and m == 0 and s == 0):
                return h * 3600 + m * 60 + s
    raise _core.OptionError(f"{keyword}: {value!r} is not a time of day; give 'HH:MM' (e.g. '09:00'), "
                            "a datetime.time, or hours as a number from 0 to 24")


def parse_business_hours(value: Any, keyword: str = "business_hours") -> tuple[int, int] | None:
    """``business_hours=`` as (start, end) seconds after local midnight, or None.

    ``None`` means no working-hours rule; ``True`` means 09:00-17:00;
    otherwise a pair such as ``("09:00", "17:30")``. Raises OptionError
    naming ``keyword`` for anything else or an end not after the start.
    """
    if value is None or value is False:
        return None
    if value is True:
        value = DEFAULT_HOURS
    if isinstance(value, str) or not hasattr(value, "__len__") or len(value) != 2:
        raise _core.OptionError(f"{keyword}={value!r}: give a (start, end) pair such as ('09:00', '17:00')")
    start, end = (_clock_seconds(v, keyword) for v in value)
    if start >= end:
        raise _core.OptionError(f"{keyword}={tuple(value)!r}: the start must come before the end "
                                "(hours that cross midnight are not supported)")
    return start, end


def _zone(name: Any, keyword: str) -> zoneinfo.ZoneInfo | datetime.tzinfo:
    if isinstance(name, datetime.tzinfo):
        return name
    if isinstance(name, str):
        try:
            return zoneinfo.ZoneInfo(name.strip())
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    raise _core.OptionError(f"{keyword}: {name!r} is not a time zone; give an IANA name such as "
                            "'Europe/Berlin' or 'America/New_York' (or 'UTC')")


def _offsets_in_zone(times_us: np.ndarray, zone) -> np.ndarray:
    """UTC offset in seconds of each instant (int64 microseconds, UTC) in ``zone``."""
    if len(times_us) == 0:
        return np.zeros(0, dtype=np.int32)
    utc = pd.DatetimeIndex(np.asarray(times_us, dtype="datetime64[us]")).tz_localize("UTC")
    local = utc.tz_convert(zone).tz_localize(None)
    return ((local - utc.tz_localize(None)) // pd.Timedelta(seconds=1)).to_numpy(dtype=np.int64).astype(np.int32)


def person_zones(people: pd.Index, tz: Any, keyword: str = "tz") -> np.ndarray | Any:
    """Each person's zone (object array over ``people``), or one zone for all.

    ``tz`` is None (UTC), a zone name or tzinfo (everyone), or a Series /
    mapping person -> zone matched to ``people`` by the group rule (17 and
    '17' match). Nobody matching is an error; people without a zone are on
    UTC, with a warning that counts them.
    """
    if tz is None:
        return zoneinfo.ZoneInfo("UTC")
    if not isinstance(tz, (pd.Series, Mapping)):
        return _zone(tz, keyword)
    aligned = align_groups(people, tz)
    missing = aligned.isna().to_numpy()
    if len(people) and missing.all():
        keys = list(tz.keys())
        raise ValueError(f"{keyword}: no person of the log has a time zone: 0 of {len(people):,} people match the "
                         f"{len(keys):,} keys (people are {describe_labels(people)}; keys are "
                         f"{describe_labels(keys)}); index the zones by the people of the log (.people)")
    if missing.any():
        warnings.warn(f"{keyword}: {int(missing.sum()):,} of {len(people):,} people have no time zone "
                      f"({describe_labels(people[missing])}); their times are taken as UTC",
                      UserWarning, stacklevel=_stacklevel())
    zones = aligned.to_numpy(dtype=object)
    cache: dict[Any, Any] = {}
    out = np.empty(len(people), dtype=object)
    for i, z in enumerate(zones):
        key = "UTC" if missing[i] else z
        if key not in cache:
            cache[key] = _zone(key, keyword)
        out[i] = cache[key]
    return out


def local_offsets(zones: np.ndarray | Any, person: np.ndarray, times_us: np.ndarray) -> np.ndarray:
    """The UTC offset (int32 seconds) of each event: ``person[i]``'s clock at ``times_us[i]``.

    ``zones`` is what :func:`person_zones` returned. Events with no time get
    offset 0. Vectorised per distinct zone: O(events) plus pandas' zone
    conversion.
    """
    times_us = np.asarray(times_us, dtype=np.int64)
    out = np.zeros(len(times_us), dtype=np.int32)
    valid = times_us != np.iinfo(np.int64).min
    if not isinstance(zones, np.ndarray):
        out[valid] = _offsets_in_zone(times_us[valid], zones)
        return out
    person = np.asarray(person, dtype=np.int64)
    # Group people by zone object (identical names share one ZoneInfo).
    codes, uniques = pd.factorize(pd.Series([str(z) for z in zones], dtype=object))
    zone_of = {c: zones[np.flatnonzero(codes == c)[0]] for c in range(len(uniques))}
    event_code = codes[person]
    for c, zone in zone_of.items():
        sel = valid & (event_code == c)
        if sel.any():
            out[sel] = _offsets_in_zone(times_us[sel], zone)
    return out
