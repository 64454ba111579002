"""Response times: how fast people answer one another, along the log's reply links.

The computation is C++'s ``onakit/temporal/response_times.hpp`` (first
answers, delays in elapsed or working time, summaries, the minimum group
size); this module turns ``business_hours=`` and ``tz=`` into what it takes
(``_working_time``) and labels the results.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import _core
from ._groups import Groups, _stacklevel, min_size
from ._log import MessageLog
from ._progress import core_progress
from ._time import micros_to_datetime
from ._working_time import local_offsets, parse_business_hours, person_zones

__all__: list[str] = ["ResponseTimes", "response_times"]

_SUMMARY_COLUMNS = ["answers", "median", "p90", "within_1h", "within_24h", "addressed", "addressed_answered",
                    "never_answered"]


@dataclass
class ResponseTimes:
    """The result of :func:`onakit.response_times`.

    Attributes
    ----------
    answers : pandas.DataFrame
        One row per first answer: ``reply`` and ``parent`` (rows of the log),
        ``asker``, ``answerer`` (people labels), ``parent_time``,
        ``reply_time`` (UTC Timestamps) and ``delay`` (a Timedelta: elapsed
        time, or working time with ``business_hours``).
    people : pandas.DataFrame
        Indexed by person (as answerer): ``answers``, ``median`` and ``p90``
        delay (Timedelta), ``within_1h`` / ``within_24h`` (share of answers),
        ``addressed`` (messages that asked them directly: role to, mention
        or direct), ``addressed_answered`` and ``never_answered``
        (1 - addressed_answered / addressed; NaN when nobody asked them).
    ties : pandas.DataFrame
        The same columns per ``asker``, ``answerer`` pair.
    group_pairs : pandas.DataFrame or None
        With ``groups``: the same per ``asker_group``, ``answerer_group``,
        small groups merged by ``min_group_size``.
    attrs : dict
        Counts: ``replies`` (messages with a parent), ``self_replies``,
        ``no_time``, ``negative_delays`` (clock skew, skipped),
        ``repeat_answers`` (later answers by the same person to the same
        message), ``replies_to_unknown_parent`` (replies whose parent the
        reader did not find: the log's
        ``report["dropped"]["reply to unknown parent"]``), ``business_hours``
        and the group diagnostics.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> log = ona.read_mbox("../shared/data/mbox-lkml-threads-notmuch/lkml-threads.mbox")
    >>> rt = ona.response_times(log)
    >>> rt.answers.columns.tolist()
    ['reply', 'parent', 'asker', 'answerer', 'parent_time', 'reply_time', 'delay']
    >>> bool((rt.answers["delay"] >= pd.Timedelta(0)).all())
    True
    """

    answers: pd.DataFrame
    people: pd.DataFrame
    ties: pd.DataFrame
    group_pairs: pd.DataFrame | None
    attrs: dict = field(default_factory=dict)

    def __getitem__(self, key: str):
        """``result["people"]`` works like ``result.people``."""
        if key not in ("answers", "people", "ties", "group_pairs", "attrs"):
            raise KeyError(key)
        return getattr(self, key)

    def __repr__(self) -> str:
        med = self.answers["delay"].median() if len(self.answers) else None
        return (f"ResponseTimes(answers={len(self.answers):,}, answerers={int((self.people['answers'] > 0).sum()):,},"
                f" ties={len(self.ties):,}, median delay={med})")

    def _repr_html_(self) -> str:
        import html

        return "\n".join([f"<b>onakit.ResponseTimes</b> {html.escape(repr(self))}",
                          self.people.sort_values("answers", ascending=False).head(10).to_html(max_rows=10)])


def _summary_frame(s, index: dict[str, np.ndarray]) -> pd.DataFrame:
    data: dict[str, object] = dict(index)
    for name in _SUMMARY_COLUMNS:
        col = np.array(getattr(s, name))
        if name in ("median", "p90"):
            data[name] = pd.to_timedelta(np.round(col).astype("float64"), unit="us")
        elif name in ("answers", "addressed", "addressed_answered"):
            data[name] = col.astype(np.int64)
        else:
            data[name] = col.astype(np.float64)
    return pd.DataFrame(data)


def response_times(log: MessageLog, *, business_hours=None, tz=None, groups=None, min_group_size: int | None = 5,
                   progress: bool = False) -> ResponseTimes:
    """How fast people answer: one row per answered message, and summaries per person, tie and group pair.

    Along the log's reply links (:attr:`MessageLog.parents`: mail
    ``In-Reply-To``/``References``, Slack thread replies, a JSON Lines
    ``reply_to`` field), a reply whose sender is not the parent's sender is
    an answer; only each answerer's first answer to a message counts, and
    answers that come before their parent (clock skew) are counted and
    skipped. The delay is the time from the parent to the answer, or with
    ``business_hours`` only the working time between them on the
    answerer's local clock.

    Parameters
    ----------
    log : MessageLog
        A log with reply links (a log without any raises ``ValueError``).
    business_hours : (start, end), True or None
        E.g. ``("09:00", "17:00")``: count only working time, Monday to
        Friday (``True`` means 09:00-17:00). ``None`` counts elapsed time.
    tz : str, tzinfo or pandas.Series, optional
        The local clock for ``business_hours``: one IANA zone for everyone,
        or a Series person -> zone (e.g. a column of the HR table); people
        without one are on UTC (with a warning). Default UTC.
    groups : pandas.Series or mapping, optional
        Person -> group, for the ``group_pairs`` table.
    min_group_size : int or None
        Groups with fewer members are merged into one suppressed row (as in
        every group output); None shows every group.
    progress : bool
        Show a progress bar.

    Returns
    -------
    ResponseTimes
        ``answers``, ``people``, ``ties``, ``group_pairs`` and ``attrs``.

    Raises
    ------
    ValueError
        If the log has no reply links; onakit.OptionError for a bad
        ``business_hours`` or ``tz``.

    Examples
    --------
    >>> import onakit as ona
    >>> log = ona.read_mbox("../shared/data/mbox-lkml-threads-notmuch/lkml-threads.mbox")
    >>> rt = ona.response_times(log, business_hours=("09:00", "17:00"), tz="Europe/Berlin")
    >>> len(rt.answers) > 0, rt.people["median"].dtype.kind
    (True, 'm')
    >>> rt.attrs["business_hours"]
    ('09:00', '17:00')
    """
    if not isinstance(log, MessageLog):
        raise TypeError(f"response_times: log must be an onakit.MessageLog, not {type(log).__name__}")
    hours = parse_business_hours(business_hours, "business_hours")
    m = min_size(min_group_size)
    core = log._core
    if not (np.asarray(core.parents) >= 0).any():
        raise ValueError("response_times: the log has no reply links (MessageLog.parents is all -1): read mail "
                         "with In-Reply-To headers, a Slack export with threads, or JSON Lines with reply_to=")
    offsets = None
    if tz is not None:
        zones = person_zones(log.people, tz, "tz")
        if hours is None:
            warnings.warn("response_times: tz= only changes the result with business_hours=; elapsed delays "
                          "do not depend on the clock", UserWarning, stacklevel=_stacklevel())
        else:
            offsets = local_offsets(zones, np.asarray(core.senders), np.asarray(core.times, dtype=np.int64))
    groups_of = Groups(log, groups, min_group_size) if groups is not None else None
    with core_progress(progress, "response times", where="response_times") as report:
        r = _core.response_times(core, business_hours=hours, local_offsets=offsets, progress=report)
        s = _core.summarize_by_answerer(core, r, progress=report)
        t = _core.summarize_by_tie(core, r, progress=report)
        g = None if groups_of is None else _core.summarize_by_group_pair(
            core, r, groups_of.base.codes, groups_of.base.count, m, progress=report)
    if len(r.delay) == 0:
        warnings.warn(f"response_times: none of the log's {int(r.replies):,} replies answers another person "
                      f"({int(r.self_replies):,} self replies, {int(r.negative_delays):,} before their parent, "
                      f"{int(r.no_time):,} without a time): the tables are empty", UserWarning,
                      stacklevel=_stacklevel())
    people = log.people
    asker = np.asarray(r.asker, dtype=np.intp)
    answerer = np.asarray(r.answerer, dtype=np.intp)
    answers = pd.DataFrame({
        "reply": np.array(r.reply, dtype=np.int64),
        "parent": np.array(r.parent, dtype=np.int64),
        "asker": people[asker].to_numpy(dtype=object) if len(asker) else np.array([], dtype=object),
        "answerer": people[answerer].to_numpy(dtype=object) if len(answerer) else np.array([], dtype=object),
        "parent_time": micros_to_datetime(r.parent_time),
        "reply_time": micros_to_datetime(r.reply_time),
        "delay": pd.to_timedelta(np.array(r.delay, dtype=np.int64), unit="us"),
    })
    per_person = _summary_frame(s, {})
    per_person.index = pd.Index(people[np.asarray(s.answerer, dtype=np.intp)], name="person")
    ties = _summary_frame(t, {"asker": people[np.asarray(t.asker, dtype=np.intp)].to_numpy(dtype=object),
                              "answerer": people[np.asarray(t.answerer, dtype=np.intp)].to_numpy(dtype=object)})
    attrs: dict = {k: int(getattr(r, k)) for k in ("replies", "self_replies", "no_time", "negative_delays",
                                                    "repeat_answers")}
    attrs["replies_to_unknown_parent"] = int(log.report.get("dropped", {}).get("reply to unknown parent", 0))
    unknown = attrs["replies_to_unknown_parent"]
    if unknown and 3 * unknown >= unknown + int(r.replies):
        # A third or more of the replies lost their parent (a mail archive
        # loses a few, to threads begun before it): the delays describe
        # what is left, so say so (e.g. a Slack thread root that reached
        # nobody is not a message of the log unless keep_thread_parents=True).
        warnings.warn(f"response_times: {unknown:,} replies answer a message that is not in the log (against "
                      f"{int(r.replies):,} linked); they are left out. For a Slack export, "
                      "read_slack_export(..., keep_thread_parents=True) keeps thread roots that reached nobody",
                      UserWarning, stacklevel=_stacklevel())
    attrs["business_hours"] = None if hours is None else tuple(
        f"{v // 3600:02d}:{v % 3600 // 60:02d}" + (f":{v % 60:02d}" if v % 60 else "") for v in hours)
    group_pairs = None
    if groups_of is not None and g is not None:
        names = np.asarray(groups_of.names, dtype=object)
        group_pairs = _summary_frame(g, {"asker_group": names[np.asarray(g.asker, dtype=np.intp)],
                                         "answerer_group": names[np.asarray(g.answerer, dtype=np.intp)]})
        attrs.update(groups_of.attrs())
    return ResponseTimes(answers, per_person, ties, group_pairs, attrs)
