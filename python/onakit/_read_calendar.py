"""Meetings from iCalendar files (read_calendar), and one log from several sources (concat)."""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from . import _core
from ._docs import shared_doc
from ._identities import identities_arg
from ._io import existing_path
from ._log import MessageLog
from ._progress import core_progress
from ._time import to_micros

__all__: list[str] = ["read_calendar", "concat"]


@shared_doc
def read_calendar(
    path,
    start=None,
    end=None,
    max_attendees: int | None = 50,
    errors: str = "strict",
    *,
    max_instances: int = 100_000,
    identities=None,
    internal_domains=None,
    aliases=None,
    exclude=None,
    pseudonymize_key=None,
    max_input_bytes: int | None = None,
    progress: bool = False,
) -> MessageLog:
    """Read meetings from iCalendar files (RFC 5545 ``.ics``) or a folder of them.

    Each meeting (``VEVENT``) becomes one message per occurrence from its
    ``ORGANIZER`` to its ``ATTENDEE``\\ s, role ``meeting``, at the
    occurrence's start in UTC (``TZID`` resolved through the file's
    ``VTIMEZONE``; floating and all-day times read as UTC). The message id is
    the ``UID`` (``UID/20240301T090000Z`` for an occurrence of a series, its
    RECURRENCE-ID in UTC) and the channel the ``UID``, shared by a series.
    Parsing, time zones and recurrence are Debian's libical. Lines may end in
    CRLF, LF or a lone CR (classic Mac), mixed in one file. Events sharing a
    ``UID`` are all kept: a UID names a series, not one occurrence. A file
    that is not UTF-8 is one bad record ``"invalid UTF-8"`` naming its line.

    Recurring events (``RRULE``, ``RDATE``, ``EXDATE``, overrides with a
    ``RECURRENCE-ID``) are expanded within ``[start, end)``; without ``end``
    a series stops one year after its ``DTSTART`` (counted in
    ``log.report["dropped"]["recurrence past horizon"]``).

    Counted in ``log.report["skipped"]`` (one record per VEVENT):
    ``cancelled`` (``STATUS:CANCELLED`` or ``METHOD:CANCEL``), ``scheduling
    reply`` (``METHOD:REPLY``/``COUNTER``/``REFRESH``/``DECLINECOUNTER``),
    ``no organizer``, ``no attendees``, ``broadcast`` (more than
    ``max_attendees`` attendees: the event is skipped), ``no instance in
    window``. Counted in ``log.report["dropped"]``: ``declined attendee``
    (``PARTSTAT=DECLINED``), ``organizer among attendees``, ``unknown TZID``,
    ``unparsed line`` (a line libical could not parse).

    Parameters
    ----------
    path : str or path-like
        An ``.ics`` file (``.gz`` is decompressed on the fly) or a folder:
        every ``.ics``/``.ics.gz`` file under it, in path order.
    start, end : str, datetime or pandas.Timestamp, optional
        Keep occurrences starting in ``[start, end)`` (naive = UTC).
    max_attendees : int or None
        Events with more attendees than this (besides the organiser and
        those who declined) are broadcasts: skipped and counted
        (``"broadcast"``). None = no limit.
    errors : {"strict", "skip"}
        ``strict`` raises :class:`onakit.ParseError` naming the file, the
        line of the ``BEGIN:VEVENT``, the property and the reason (a file
        that is not iCalendar, a meeting without ``DTSTART``); ``skip``
        counts them by reason in ``log.report["skipped"]``.
    max_instances : int
        Most occurrences one series gives (more are counted in
        ``log.report["dropped"]["instances past max_instances"]``).
    {identities}
    {max_input_bytes}
    {progress}

    Returns
    -------
    MessageLog

    Examples
    --------
    >>> import onakit as ona
    >>> log = ona.read_calendar("../shared/data/icalendar-attendees-test-calendars",
    ...                         start="1990-01-01", end="2030-01-01")
    >>> log.to_pandas()["role"].unique().tolist()
    ['meeting']
    >>> log.report["skipped"]["no organizer"] > 0
    True
    """
    rules = identities_arg(identities, internal_domains=internal_domains, aliases=aliases, exclude=exclude,
                           pseudonymize_key=pseudonymize_key)
    path = existing_path(path, "file or folder")
    lo, hi = to_micros(start, "start"), to_micros(end, "end")
    if lo is not None and hi is not None and lo >= hi:
        raise _core.OptionError(f"start={start!r} must come before end={end!r}")
    if max_attendees is None:
        limit = 0
    elif isinstance(max_attendees, bool) or not isinstance(max_attendees, (int, np.integer)) or max_attendees < 1:
        raise _core.OptionError(f"max_attendees={max_attendees!r} is out of range: use a number of attendees >= 1, "
                                "or None for no limit")
    else:
        limit = int(max_attendees)
    with core_progress(progress, f"reading {os.path.basename(os.path.normpath(path))}", unit="event",
                       where="read_calendar") as report:
        core = _core.read_calendar(path=path, start=lo, end=hi, max_attendees=limit, max_instances=max_instances,
                                   errors=errors, identities=rules, max_input_bytes=max_input_bytes,
                                   progress=report)
    return MessageLog(core)


def _label_kind(people: pd.Index) -> str:
    kinds = {type(p).__name__ for p in people}
    return "/".join(sorted(kinds)) if kinds else "empty"


def concat(logs: Sequence[MessageLog], weights: Sequence[float] | None = None) -> MessageLog:
    """One message log from several sources (mail, chat, calendars), each with its weight.

    Messages keep their order (the first log's, then the second's, ...),
    times, roles, ids, channels and reply links; each message's weight is
    multiplied by its source's weight, so :func:`onakit.build_graph` counts a
    meeting of a log given weight 0.5 as half a message. People are merged by
    their label: the same address in two logs is one person.

    Parameters
    ----------
    logs : sequence of MessageLog
        The sources, e.g. ``[mail, chat, meetings]``.
    weights : sequence of float, optional
        One weight per log (finite, >= 0); default 1 each.

    Returns
    -------
    MessageLog
        Its ``report`` adds up the sources' counts; ``people`` keeps each
        person's label as the first log that has them wrote it.

    Warns
    -----
    UserWarning
        When logs label people with different types (``17`` in one, ``"17"``
        in another: they are matched by their text, so they are one person),
        or when no person appears in more than one log (the sources then
        share nobody: check that they name people the same way).

    Examples
    --------
    >>> import onakit as ona
    >>> meetings = ona.read_calendar("../shared/data/icalendar-attendees-test-calendars/libical__2446.ics",
    ...                              start="1990-01-01", end="2030-01-01")
    >>> both = ona.concat([meetings, meetings], weights=[1.0, 0.5])
    >>> both.num_messages == 2 * meetings.num_messages
    True
    >>> sorted(set(both.to_pandas()["weight"]))
    [0.5, 1.0]
    """
    logs = list(logs)
    if not logs:
        raise _core.OptionError("concat: logs is empty: give one or more MessageLog")
    for i, log in enumerate(logs):
        if not isinstance(log, MessageLog):
            raise _core.OptionError(f"concat: logs[{i}] is a {type(log).__name__}, not a MessageLog")
    if weights is None:
        ws = [1.0] * len(logs)
    else:
        ws = list(weights)
        if len(ws) != len(logs):
            raise _core.OptionError(f"concat: weights= has {len(ws)} entries for {len(logs)} logs")
        for i, w in enumerate(ws):
            if isinstance(w, bool) or not isinstance(w, (int, float, np.integer, np.floating)) \
                    or not math.isfinite(w) or w < 0:
                raise _core.OptionError(f"concat: weights[{i}]={w!r} is not a finite number >= 0")
        ws = [float(w) for w in ws]
    # People by their text label (the core's), with the label as first written.
    kinds = [_label_kind(log.people) for log in logs]
    if len({k for k in kinds if k != "empty"}) > 1:
        detail = ", ".join(f"logs[{i}]: {k}" for i, k in enumerate(kinds))
        warnings.warn(f"concat: the logs label people with different types ({detail}); people are matched by "
                      "their text, so 17 and '17' are one person", UserWarning, stacklevel=2)
    index: dict[str, int] = {}
    originals: list = []
    seen_in: list[int] = []
    for i, log in enumerate(logs):
        for lab, orig in zip(log._core.people, log.people):
            j = index.get(lab)
            if j is None:
                index[lab] = len(originals)
                originals.append(orig)
                seen_in.append(i)
            elif seen_in[j] != i:
                seen_in[j] = -1  # in two or more logs
    if len(logs) > 1 and not any(s == -1 for s in seen_in) and all(len(log.people) for log in logs):
        warnings.warn("concat: no person appears in more than one log: the sources share nobody (check that they "
                      "name people the same way, e.g. addresses vs ids, and the identity rules)",
                      UserWarning, stacklevel=2)
    # The columns, channels, reply links and reports are message_log::append's
    # (C++), which interns people in the same first-appearance order.
    core = _core.concat_logs([log._core for log in logs], ws)
    people = pd.Index(originals, dtype=object, name="person")
    return MessageLog(core, people)
