"""Paths through time: who information can reach, and how fast it crosses between groups.

A message from u to v at time t lets what u knows pass to v at t; information
travels u -> v -> w only when the v -> w message comes *strictly after* the
u -> v one (two messages of the same instant never chain: one mail to several
people, or two in the same second, is a single hand-off). The kernels are in
C++ (``onakit/temporal/temporal_reach.hpp``, ``group_latency.hpp``); this
module turns ``within=``, ``start=`` and ``groups=`` into their options and
labels the results.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from ._groups import Groups, _stacklevel, min_size
from ._log import MessageLog
from ._progress import core_progress
from ._time import to_micros

__all__: list[str] = ["group_latency", "temporal_reach"]


def _within_micros(within: Any) -> int | None:
    """``within=`` as microseconds (None = no limit): anything pandas.Timedelta reads, or seconds."""
    if within is None:
        return None
    td: Any
    if isinstance(within, (int, float, np.integer, np.floating)) and not isinstance(within, bool):
        if not np.isfinite(float(within)):
            raise _core.OptionError(f"within={within!r} is not a finite number of seconds")
        us = int(round(float(within) * 1_000_000))
    else:
        try:
            td = pd.Timedelta(within)
        except (ValueError, TypeError, OverflowError):
            td = None
        if td is None or pd.isna(td):
            raise _core.OptionError(f"within={within!r} is not a duration: use a duration such as '7D', "
                                    "'7 days', '36h' or '90min', a number of seconds, or None for no limit")
        us = int(td.to_numpy().astype("timedelta64[us]").astype(np.int64))
    if us < 0:
        raise _core.OptionError(f"within={within!r} is negative: give a duration >= 0 (or None for no limit)")
    return us


def _check_log(log: Any, caller: str) -> None:
    if not isinstance(log, MessageLog):
        raise TypeError(f"{caller} expects an onakit.MessageLog, not {type(log).__name__}")


def _check_timed(log: MessageLog, contacts: int, untimed: int, caller: str) -> None:
    """Nothing to walk along: an error, never a quiet table of zeros."""
    if contacts == 0 and untimed == log.num_messages:
        raise ValueError(f"{caller}: none of the {log.num_messages:,} messages of the log has a time, so no "
                         "path through time exists; read the log with its timestamp column")


def temporal_reach(log: MessageLog, within: Any = "7D", start: Any = None, *, groups: Any = None,
                   min_group_size: int | None = 5, threads: int = 0, progress: bool = False) -> pd.DataFrame:
    """How many people (and groups) a message from each person can reach, passing from hand to hand, within a window.

    A time-respecting path hands information on along messages, each one
    sent strictly after the one before it (messages of the same instant do
    not chain). Roles and weights are not used; messages without a time and
    messages to oneself are left out.

    * ``start=None`` (every start): ``v`` counts for ``u`` when some
      time-respecting path from ``u`` to ``v`` takes at most ``within`` from
      its first message to its arrival, whenever it happens: the
      fastest-path duration from ``u`` to ``v`` is ``<= within``.
    * ``start=<time>``: information leaves everyone at ``start``; ``v``
      counts for ``u`` when a time-respecting path from ``u`` to ``v`` has
      all its messages in ``[start, start + within]`` (both ends included).

    Both are exact (one pass over the time-sorted messages per 64 people,
    in C++, in parallel).

    Parameters
    ----------
    log : MessageLog
    within : str, pandas.Timedelta, datetime.timedelta, float or None
        Longest duration: anything ``pandas.Timedelta`` reads (``"7D"``,
        ``"7 days"``, ``"36h"``) or seconds; ``None`` for no limit.
    start : str, datetime, pandas.Timestamp, float or None
        ``None`` for every start (fastest paths), else the instant the
        information leaves everyone (naive times are UTC).
    groups : Series, mapping or array, optional
        Each person's group (the rule of :func:`onakit.mixing_matrix`): adds
        ``groups_reached`` and, in ``.attrs["by_group"]``, a person x group
        table of the people reached in each group.
    min_group_size : int or None
        Groups with fewer people are merged into one ``(suppressed ...)``
        group (or hidden), as in every group-level output.
    threads : int
        0 = all cores; the result does not depend on it.
    progress : bool
        Show a progress bar on stderr (people done).

    Returns
    -------
    pandas.DataFrame
        Indexed by person: ``reached`` (people reached, not counting
        oneself) and, with groups, ``groups_reached`` (groups with at least
        one person reached, one's own included). ``.attrs``: ``within``
        (Timedelta or None), ``start`` (Timestamp or None), ``contacts``
        (sender-recipient pairs walked), ``untimed_messages``, and with
        groups ``by_group`` plus the group bookkeeping (``ungrouped``,
        ``suppressed_groups``, ...).

    Raises
    ------
    OptionError
        ``within=``, ``start=`` or ``threads=`` is not valid.
    ValueError
        No message of the log has a time, or no person matches ``groups``.

    Examples
    --------
    >>> import onakit as ona
    >>> log, people = ona.synthetic_org(people=60, departments=3, weeks=2)
    >>> r = ona.temporal_reach(log, within="2D", groups=people["department"], min_group_size=None)
    >>> r.columns.tolist()
    ['reached', 'groups_reached']
    >>> bool((r["reached"] <= 59).all()), r.attrs["by_group"].shape
    (True, (60, 3))
    >>> week = ona.temporal_reach(log, within="7D", start=log.time_span[0])
    >>> int(week["reached"].max()) <= 59
    True
    """
    _check_log(log, "temporal_reach")
    within_us = _within_micros(within)
    start_us = to_micros(start, "start")
    people = log.people
    min_size(min_group_size)  # checked with or without groups
    gr = Groups(log, groups, min_group_size) if groups is not None else None
    with core_progress(progress, "temporal_reach", unit="people") as report:
        r = _core.temporal_reach(log._core, within=within_us, start=start_us,
                                 groups=None if gr is None else gr.codes, num_groups=0 if gr is None else gr.k,
                                 threads=threads, progress=report)
    _check_timed(log, int(r.contacts), int(r.untimed_messages), "temporal_reach")
    window_start = None if start_us is None else pd.Timestamp(start_us, unit="us", tz="UTC")
    if window_start is not None and r.contacts == 0:
        end = "the end of the log" if within_us is None else str(window_start + pd.Timedelta(within_us, unit="us"))
        warnings.warn(f"temporal_reach: no message falls in the window start={window_start} to {end} (the log "
                      f"spans {log.time_span[0]} to {log.time_span[1]}); everyone reaches 0",
                      UserWarning, stacklevel=_stacklevel())
    out = pd.DataFrame({"reached": np.asarray(r.reached, dtype=np.int64)}, index=people)
    attrs: dict[str, Any] = {
        "within": None if within_us is None else pd.Timedelta(within_us, unit="us"),
        "start": window_start,
        "contacts": int(r.contacts),
        "untimed_messages": int(r.untimed_messages),
    }
    if gr is not None:
        by_group = pd.DataFrame(np.asarray(r.reached_in_group, dtype=np.int64), index=people,
                                columns=gr.names)
        out["groups_reached"] = (by_group > 0).sum(axis=1).astype(np.int64)
        attrs.update(gr.attrs(by_group=by_group))
    out.attrs.update(attrs)
    return out


def _exact_timedeltas(median_us: np.ndarray) -> np.ndarray:
    """Medians in microseconds (halves included, NaN = none) as exact timedelta64[ns]."""
    flat = np.asarray(median_us, dtype=float)
    out = np.full(flat.shape, np.timedelta64("NaT"), dtype="timedelta64[ns]")
    ok = ~np.isnan(flat)
    out[ok] = (np.round(flat[ok] * 2).astype(np.int64) * 500).astype("timedelta64[ns]")
    return out


def group_latency(log: MessageLog, groups: Any, *, min_group_size: int | None = 5, threads: int = 0,
                  progress: bool = False) -> pd.DataFrame:
    """The median time information takes to travel from one group to another along time-respecting paths.

    A *start* of group A is a member of A sending a message (messages one
    person sends at one instant are one start). From each start the
    information travels along time-respecting paths (each message strictly
    after the one before, the first at or after the start; through anyone,
    grouped or not) and arrives at group B when the first member of B
    receives it. The latency from A to B is the median, over A's starts, of
    that arrival time minus the start; a start that never reaches B (before
    the log ends) counts as infinitely late, so when at least half of A's
    starts never reach B the median is NaT (``.attrs["reached"]`` says how
    many did). The diagonal is NaT: for reach inside a group use
    :func:`temporal_reach`. Exact (one backward pass over the time-sorted
    messages, in C++).

    Parameters
    ----------
    log : MessageLog
    groups : Series, mapping or array
        Each person's group (the rule of :func:`onakit.mixing_matrix`).
        People without a group relay information but do not start.
    min_group_size : int or None
        Groups with fewer people are merged into one ``(suppressed ...)``
        group (or hidden), as in every group-level output.
    threads : int
        0 = all cores; the result does not depend on it.
    progress : bool
        Show a progress bar on stderr.

    Returns
    -------
    pandas.DataFrame
        Group x group (rows ``from``, columns ``to``) of ``Timedelta``.
        ``.attrs``: ``starts`` (Series: starts per group), ``reached``
        (DataFrame: starts of the row group that ever reach the column
        group), ``contacts``, ``untimed_messages`` and the group bookkeeping
        (``ungrouped``, ``suppressed_groups``, ...).

    Raises
    ------
    ValueError
        No message of the log has a time, or no person matches ``groups``.

    Examples
    --------
    >>> import onakit as ona
    >>> log, people = ona.synthetic_org(people=60, departments=3, weeks=2)
    >>> lat = ona.group_latency(log, people["department"], min_group_size=None)
    >>> lat.shape, str(lat.dtypes.iloc[0])
    ((3, 3), 'timedelta64[ns]')
    >>> bool(lat.isna().values.diagonal().all())
    True
    """
    _check_log(log, "group_latency")
    if groups is None:
        raise TypeError("group_latency: groups is required (each person's group, e.g. a department column)")
    gr = Groups(log, groups, min_group_size)
    with core_progress(progress, "group_latency", unit="contacts", unit_scale=True) as report:
        r = _core.group_latency(log._core, groups=gr.codes, num_groups=gr.k, threads=threads, progress=report)
    _check_timed(log, int(r.contacts), int(r.untimed_messages), "group_latency")
    names = gr.names
    med = _exact_timedeltas(np.asarray(r.median))
    out = pd.DataFrame(med, index=pd.Index(names, name="from"), columns=pd.Index(names, name="to"))
    starts = pd.Series(np.asarray(r.starts, dtype=np.int64), index=pd.Index(names, name="group"), name="starts")
    reached = pd.DataFrame(np.asarray(r.reached, dtype=np.int64), index=out.index, columns=out.columns)
    if gr.k and int(starts.sum()) == 0:
        warnings.warn("group_latency: no grouped person sent a timed message, so every latency is NaT",
                      UserWarning, stacklevel=_stacklevel())
    out.attrs.update(gr.attrs(starts=starts, reached=reached, contacts=int(r.contacts),
                              untimed_messages=int(r.untimed_messages)))
    return out
