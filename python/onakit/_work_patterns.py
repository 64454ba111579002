"""Work patterns and burstiness: when people send, on their own clocks.

* :func:`work_patterns`: per person (or group) and period, messages sent
  outside working hours and on weekends, active days and the daily span
  between the first and the last message, on each sender's local clock.
* :func:`burstiness`: Goh and Barabási's burstiness B and memory M of each
  person's (or tie's) inter-event times.

Both are computed in C++ (``onakit/temporal/work_patterns.hpp``,
``onakit/temporal/burstiness.hpp``); this module turns ``tz=``,
``business_hours=`` and ``freq=`` into what the kernels take (with
:mod:`onakit._working_time` and the periods of :func:`onakit.build_graphs`)
and labels the result.
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
from ._time import NO_TIME, micros_to_datetime
from ._time_trends import _periods
from ._working_time import DEFAULT_HOURS, local_offsets, parse_business_hours, person_zones

__all__: list[str] = ["burstiness", "work_patterns"]

_US_PER_HOUR = 3600 * 1_000_000


def _check_log(log: Any, where: str) -> MessageLog:
    if not isinstance(log, MessageLog):
        raise TypeError(f"{where} expects an onakit.MessageLog (e.g. from ona.read_email_csv), "
                        f"not {type(log).__name__}")
    return log


def _hours_to_timedelta(hours: np.ndarray) -> pd.TimedeltaIndex:
    us = np.round(np.asarray(hours, dtype=float) * _US_PER_HOUR)
    return pd.to_timedelta(us, unit="us")


def work_patterns(log: MessageLog, *, tz: Any = None, business_hours: Any = None, freq: Any = None,
                  groups: Any = None, min_group_size: int | None = 5, progress: bool = False) -> pd.DataFrame:
    """Messages sent after hours and on weekends, active days and daily span, per person or group.

    For each sender and period, on the sender's local clock (``tz=``):
    ``messages`` sent; ``after_hours`` -- messages outside
    ``business_hours`` on a working day, or on a weekend (Saturday and
    Sunday have no working hours) -- and ``after_hours_share`` =
    after_hours / messages; ``weekend`` messages and ``weekend_share``;
    ``active_days``, the local calendar days with a message; and the daily
    span, last minus first message of each active day (0 for a lone
    message), as its mean and median over the active days (``span_mean``,
    ``span_median``). Message weights are ignored; messages without a
    time are left out and counted in ``attrs``.

    Parameters
    ----------
    log : onakit.MessageLog
    tz : str, tzinfo, pandas.Series or mapping, optional
        The clock of every sender: an IANA zone name (``"Europe/Warsaw"``)
        for everyone, or a Series (or dict) person -> zone, e.g. a column
        of the HR table, matched to the people like groups (17 and "17"
        match). None = UTC. Offsets follow daylight saving at each message.
    business_hours : (start, end), optional
        The working day on the local clock, e.g. ``("08:00", "16:30")``
        (strings ``"HH:MM"``, ``datetime.time`` or hours as numbers),
        Monday to Friday. None = ``("09:00", "17:00")``: after-hours needs
        some hours, and 9 to 5 is the common office day.
    freq : str or pandas offset, optional
        Periods as in :func:`onakit.build_graphs` (``"W"``, ``"M"``, ``"Q"``,
        ``"14D"``, ...): UTC, half-open, so a message belongs to the period
        of its UTC time (a local day that straddles a boundary counts in
        both periods, with the span of its part in each). None = one row
        per person (or group) over the whole log.
    groups : pandas.Series, mapping or array, optional
        Group of each person (department, team). When given, the rows are
        groups instead of people: messages summed over the members, active
        days summed over them (person-days), spans over all their
        person-days, ``people`` = members who sent, ``size`` = members
        among the log's people. Matched as every group argument
        (:func:`onakit.ei_index`).
    min_group_size : int or None
        Groups with fewer members are merged into one row labelled
        ``"(suppressed: k groups < min_group_size)"`` (default 5; None shows
        every group).
    progress : bool
        Show a tqdm bar on stderr (default False).

    Returns
    -------
    pandas.DataFrame
        Indexed by person (or group; by ``(period, person)`` with ``freq``),
        only rows with at least one message: ``messages, after_hours,
        after_hours_share, weekend, weekend_share, active_days, span_mean,
        span_median`` (Timedeltas), plus ``people, size`` for groups.
        ``attrs``: ``business_hours``, ``tz``, ``freq``, ``messages_used``,
        ``messages_without_time``, ``senders``, ``silent_people`` (people of
        the log who sent nothing) and, for groups, the group counts
        (``ungrouped``, ``suppressed_groups``, ``messages_ungrouped``, ...).

    Raises
    ------
    onakit.OptionError
        For a ``business_hours=`` or ``tz=`` that cannot be read (naming it).
    ValueError
        If no message has a time, ``freq`` is not a frequency, or no person
        matches ``groups`` / ``tz``.

    Examples
    --------
    >>> import onakit as ona
    >>> log, people = ona.synthetic_org(people=60, departments=3, weeks=8, seed=2)
    >>> wp = ona.work_patterns(log, business_hours=("08:00", "18:00"))
    >>> int(wp["messages"].sum()) == log.num_messages
    True
    >>> bool(wp["after_hours_share"].between(0, 1).all())
    True
    >>> by_dept = ona.work_patterns(log, groups=people["department"], freq="M")
    >>> by_dept.index.names
    FrozenList(['period', 'group'])
    """
    log = _check_log(log, "work_patterns")
    hours = parse_business_hours(DEFAULT_HOURS if business_hours is None else business_hours)
    if hours is None:
        raise _core.OptionError(f"business_hours={business_hours!r}: work patterns need working hours; give a "
                                "(start, end) pair such as ('09:00', '17:00'), or None for 09:00-17:00")
    core = log._core
    times = np.asarray(core.times, dtype=np.int64)
    senders = np.asarray(core.senders, dtype=np.int64)
    timed = times != NO_TIME
    if not timed.any():
        raise ValueError("work_patterns: no message of the log has a time")
    zones = person_zones(log.people, tz, "tz")
    offsets = local_offsets(zones, senders, times)
    boundaries = None
    idx = None
    if freq is not None:
        lo, hi = micros_to_datetime([int(times[timed].min()), int(times[timed].max())])
        idx, s_us, e_us = _periods(lo, hi, freq)
        boundaries = np.asarray(list(s_us) + [e_us[-1]], dtype=np.int64)
    min_size(min_group_size)  # checked with or without groups
    gr = Groups(log, groups, min_group_size) if groups is not None else None
    with core_progress(progress, "work_patterns", unit="message", where="work_patterns") as report:
        r = _core.work_patterns(core, offsets=offsets, start=hours[0], end=hours[1], weekends_off=True,
                                boundaries=boundaries, group=None if gr is None else gr.codes,
                                groups=0 if gr is None else gr.k, progress=report)
    rows = r.people if gr is None else r.groups
    key = np.asarray(rows.key, dtype=np.int64)
    labels = log.people.take(key) if gr is None else pd.Index(np.asarray(gr.names, dtype=object)[key])
    labels = labels.rename("person" if gr is None else "group")
    if idx is None:
        index: pd.Index = labels
    else:
        period = idx.take(np.asarray(rows.period, dtype=np.int64))
        index = pd.MultiIndex.from_arrays([period, labels], names=["period", labels.name])
    data: dict[str, Any] = {
        "messages": np.asarray(rows.messages, dtype=np.int64),
        "after_hours": np.asarray(rows.after_hours, dtype=np.int64),
        "after_hours_share": np.asarray(rows.after_hours_share, dtype=float),
        "weekend": np.asarray(rows.weekend, dtype=np.int64),
        "weekend_share": np.asarray(rows.weekend_share, dtype=float),
        "active_days": np.asarray(rows.active_days, dtype=np.int64),
        "span_mean": _hours_to_timedelta(rows.span_mean_hours),
        "span_median": _hours_to_timedelta(rows.span_median_hours),
    }
    if gr is not None:
        data["people"] = np.asarray(rows.people, dtype=np.int64)
        data["size"] = gr.sizes[key] if len(key) else np.zeros(0, dtype=np.int64)
    out = pd.DataFrame(data, index=index)
    sent = np.zeros(len(log.people), dtype=bool)
    sent[senders[timed]] = True
    tz_text = tz if tz is None or isinstance(tz, str) else f"<{type(tz).__name__}>"
    out.attrs.update({
        "business_hours": (f"{hours[0] // 3600:02d}:{hours[0] % 3600 // 60:02d}",
                           f"{hours[1] // 3600:02d}:{hours[1] % 3600 // 60:02d}"),
        "tz": tz_text, "freq": None if freq is None else str(freq),
        "messages_used": int(r.messages_used), "messages_without_time": int(r.messages_without_time),
        "senders": int(sent.sum()), "silent_people": int((~sent).sum()),
    })
    if gr is not None:
        out.attrs.update(gr.attrs(messages_ungrouped=int(r.messages_ungrouped)))
        if len(out) == 0:
            warnings.warn("work_patterns: no group row: no member of a shown group sent a message "
                          f"({int(r.messages_ungrouped):,} messages came from people without a shown group)",
                          UserWarning, stacklevel=_stacklevel())
    return out


def burstiness(log: MessageLog, by: str = "person", *, min_events: int = 3, progress: bool = False) -> pd.DataFrame:
    """Goh–Barabási burstiness B and memory M of each person's or tie's inter-event times.

    For the time-sorted events of a person (the messages they send) or of a
    tie sender -> recipient (the messages with that recipient; a message to
    several people is one event on each tie, a message to oneself on none),
    the inter-event times tau have mean mu and standard deviation sigma
    (population); ``burstiness`` B = (sigma - mu) / (sigma + mu), -1 for
    clockwork regularity, about 0 for a Poisson process, towards 1 for
    bursts; ``memory`` M is the correlation of consecutive inter-event times
    (tau_i, tau_i+1), positive when short gaps follow short gaps.
    K.-I. Goh and A.-L. Barabási, "Burstiness and memory in complex
    systems", EPL 81, 48002 (2008).

    Too few events give NaN, never a made-up value: B needs at least
    ``max(min_events, 3)`` events (two gaps), M at least
    ``max(min_events, 4)`` (two consecutive pairs); B is NaN when every gap is
    0, M when either series of gaps is constant. The counts are in ``attrs``.

    Parameters
    ----------
    log : onakit.MessageLog
    by : {"person", "tie"}
        Rows per sender, or per directed tie (sender, recipient).
    min_events : int
        Fewer events than this give NaN (default 3; raise it, e.g. to 20, for
        estimates that mean something).
    progress : bool
        Show a tqdm bar on stderr (default False).

    Returns
    -------
    pandas.DataFrame
        Indexed by person (or by ``(source, target)``), rows with at least
        one event: ``events``, ``mean_interval`` and ``std_interval``
        (Timedeltas, NaT below 2 events), ``burstiness``, ``memory``.
        ``attrs``: ``by``, ``min_events``, ``too_few_events``,
        ``too_few_for_memory``, ``all_intervals_zero``, ``memory_undefined``,
        ``messages_without_time``, ``self_pairs``.

    Raises
    ------
    onakit.OptionError
        For ``by`` other than "person" or "tie", or a negative ``min_events``.

    Examples
    --------
    >>> import onakit as ona
    >>> log, people = ona.synthetic_org(people=60, departments=3, weeks=8, seed=2)
    >>> b = ona.burstiness(log, by="person", min_events=10)
    >>> bool(b["burstiness"].dropna().between(-1, 1).all())
    True
    >>> ties = ona.burstiness(log, by="tie")
    >>> ties.index.names
    FrozenList(['source', 'target'])
    """
    log = _check_log(log, "burstiness")
    if by not in ("person", "tie"):
        raise _core.OptionError(f"burstiness: by={by!r}: use 'person' or 'tie'")
    with core_progress(progress, "burstiness", unit="event", where="burstiness") as report:
        r = _core.burstiness(log._core, by=by, min_events=min_events, progress=report)
    people = log.people
    src = np.asarray(r.source, dtype=np.int64)
    if by == "person":
        index: pd.Index = people.take(src).rename("person")
    else:
        index = pd.MultiIndex.from_arrays([people.take(src), people.take(np.asarray(r.target, dtype=np.int64))],
                                          names=["source", "target"])
    out = pd.DataFrame({
        "events": np.asarray(r.events, dtype=np.int64),
        "mean_interval": _hours_to_timedelta(np.asarray(r.mean_interval, dtype=float) / 3600),
        "std_interval": _hours_to_timedelta(np.asarray(r.std_interval, dtype=float) / 3600),
        "burstiness": np.asarray(r.burstiness, dtype=float),
        "memory": np.asarray(r.memory, dtype=float),
    }, index=index)
    out.attrs.update({
        "by": by, "min_events": int(min_events), "too_few_events": int(r.too_few_events),
        "too_few_for_memory": int(r.too_few_for_memory), "all_intervals_zero": int(r.all_intervals_zero),
        "memory_undefined": int(r.memory_undefined), "messages_without_time": int(r.messages_without_time),
        "self_pairs": int(r.self_pairs),
    })
    if len(out) and out["burstiness"].isna().all():
        warnings.warn(f"burstiness: every one of the {len(out):,} rows is NaN: {int(r.too_few_events):,} have "
                      f"fewer than {max(int(min_events), 3)} events and {int(r.all_intervals_zero):,} only "
                      "simultaneous events (a log without times, or min_events too high?)",
                      UserWarning, stacklevel=_stacklevel())
    elif len(out) == 0:
        warnings.warn(f"burstiness: no {by} has an event ({int(r.messages_without_time):,} messages without a "
                      "time)", UserWarning, stacklevel=_stacklevel())
    return out
