"""Readers: files -> MessageLog."""

from __future__ import annotations

import os
from typing import Any

from . import _core
from ._docs import shared_doc
from ._identities import identities_arg
from ._labels import people_index
from ._log import MessageLog
from ._progress import core_progress


def existing_path(path, what: str = "file") -> str:
    """``path`` as a str; FileNotFoundError naming it (as a ``what``) if it does not exist."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path}: no such {what}")
    return path


@shared_doc
def read_email_csv(
    path,
    sender: str = "sender",
    recipients: str = "recipients",
    timestamp: str | None = "timestamp",
    role: str | None = None,
    message_id: str | None = None,
    sep: str | None = None,
    recipient_sep: str | None = ";",
    errors: str = "strict",
    threads: int = 0,
    *,
    identities=None,
    internal_domains=None,
    aliases=None,
    exclude=None,
    pseudonymize_key=None,
    encoding: str = "utf-8",
    max_input_bytes: int | None = None,
    nodetype: str | type | None = str,
    group_rows_by: str | None = None,
    progress: bool = False,
) -> MessageLog:
    """Read a delimited email log (CSV, TSV, ``;``-separated; RFC 4180 quoting; header row).

    Rows end at LF or CRLF; a lone CR is not a line end (RFC 4180), so a row
    holding one has the wrong number of fields and is refused, never merged
    quietly. A header naming a column the reader uses twice raises
    :class:`onakit.ParseError` ``"duplicate column"`` at line 1. Without
    ``message_id`` every row is a message, so repeated rows are all kept.
    Times from year 1 to 9999 are read (before 1970 included), and ISO 8601's
    expanded years (``+10000-01-01``, ``-0044-03-15``) within the supported
    range; unreadable ones are ``"bad timestamp"``.

    Parameters
    ----------
    path : str or path-like
        The file (``.gz`` is decompressed on the fly).
    sender, recipients, timestamp : str
        Column names. ``recipients`` holds a list separated by
        ``recipient_sep``, or one recipient per row (``recipient_sep=None``).
        ``timestamp=None`` when the log has no times. Times may be ISO 8601
        (with or without offset), ``YYYY-MM-DD HH:MM:SS`` (UTC), or Unix
        seconds/milliseconds.
    role : str, optional
        Column of recipient roles (``to``/``cc``/``bcc``, case-insensitive),
        like ``reciptype`` in the JHU Enron set.
    message_id : str, optional
        Rows sharing an id are one message.
    sep : str, optional
        Field delimiter; detected from the header among ``, ; \\t |`` if omitted.
    errors : {"strict", "skip"}
        ``strict`` raises :class:`onakit.ParseError` naming file, line, field
        and reason; ``skip`` skips bad rows and counts them by reason in
        ``log.report["skipped"]``.
    threads : int
        Parser threads (0 = all cores).
    {identities}
        With a key, ``message_id`` values are stored pseudonymised.
    {encoding}
    {max_input_bytes}
    nodetype : str (default), "auto" or int
        Type of the people labels: ``str`` keeps them as written (addresses
        are text); ``"auto"`` turns them into integers when every label is
        one (a log of numeric ids, like ``pandas.read_csv`` would); ``int``
        requires integers (:class:`onakit.OptionError` otherwise). Labels
        match group keys and HR ids either way (person ``"17"`` matches key
        ``17``).
    {group_rows_by}
    {progress}

    Returns
    -------
    MessageLog

    Examples
    --------
    >>> import onakit as ona
    >>> log = ona.read_email_csv("communication.csv", sender="Sender", recipients="Recipient",
    ...                          timestamp="EventDate", recipient_sep=None,
    ...                          group_rows_by="sender_time")  # doctest: +SKIP
    >>> log.report["messages"], log.report["messages_with_several_recipients"]  # doctest: +SKIP
    (58463, 7934)
    """
    kw = _email_csv_keywords(path, sender, recipients, timestamp, role, message_id, sep, recipient_sep, errors,
                             threads, identities=identities, internal_domains=internal_domains, aliases=aliases,
                             exclude=exclude, pseudonymize_key=pseudonymize_key, encoding=encoding,
                             max_input_bytes=max_input_bytes, group_rows_by=group_rows_by)
    with core_progress(progress, f"reading {os.path.basename(kw['path'])}", unit="B", unit_scale=True,
                       where="read_email_csv") as report:
        core = _core.read_email_csv(**kw, progress=report)
    return MessageLog(core, people_index(core.people, nodetype, "read_email_csv"))


def _email_csv_keywords(path, sender="sender", recipients="recipients", timestamp="timestamp", role=None,
                        message_id=None, sep=None, recipient_sep=";", errors="strict", threads=0, *,
                        identities=None, internal_domains=None, aliases=None, exclude=None, pseudonymize_key=None,
                        encoding="utf-8", max_input_bytes=None, group_rows_by=None) -> dict[str, Any]:
    """read_email_csv's keywords as _core.read_email_csv / _core.stream_email_csv take them."""
    rules = identities_arg(identities, internal_domains=internal_domains, aliases=aliases, exclude=exclude,
                           pseudonymize_key=pseudonymize_key)
    return dict(path=existing_path(path), sender=sender, recipients=recipients, timestamp=timestamp, role=role,
                message_id=message_id, sep=sep, recipient_sep=recipient_sep, errors=errors, threads=threads,
                identities=rules, encoding=encoding, max_input_bytes=max_input_bytes, group_rows_by=group_rows_by)


def _stream_email_csv(path, sink, chunk_messages: int, *, nodetype: str | type | None = str,
                      progress: bool = False, **keywords) -> MessageLog:
    """read_email_csv, chunk by chunk into ``sink`` (a _core.StreamSink); the emptied log (people, report)."""
    kw = _email_csv_keywords(path, **keywords)
    with core_progress(progress, f"reading {os.path.basename(kw['path'])}", unit="B", unit_scale=True,
                       where="read_email_csv") as report:
        core = _core.stream_email_csv(**kw, progress=report, sink=sink, chunk_messages=chunk_messages)
    return MessageLog(core, people_index(core.people, nodetype, "read_email_csv"))


@shared_doc
def read_edgelist(
    path,
    sep: str | None = None,
    third: str = "weight",
    nodetype: str | type | None = "auto",
    errors: str = "strict",
    *,
    identities=None,
    internal_domains=None,
    aliases=None,
    exclude=None,
    pseudonymize_key=None,
    encoding: str = "utf-8",
    max_input_bytes: int | None = None,
) -> MessageLog:
    """Read an edge list ``source target [weight] [time]`` (SNAP, KONECT, CSV).

    Lines starting with ``%`` or ``#`` are comments. The first line is a
    header, and skipped, only when it looks like one: its first two fields
    are known end-point names (``from,to``, ``source target``, ``ego alter``,
    ...) or its third or fourth is a known weight/time name (``weight``,
    ``time``, ``timestamp``, ...). Otherwise it is data: ``a b c`` is a
    record with a bad weight. Each line becomes one
    message (weight = its multiplicity), so :func:`onakit.build_graph` sums
    repeated lines.

    Parameters
    ----------
    sep : str, optional
        Delimiter; default runs of whitespace, or ``,``/``;`` when the first
        data line has one.
    third : {"weight", "time"}
        What a third column holds when there are exactly three: KONECT and
        weighted lists have weights, SNAP temporal files (``src dst t``) have times.
        A fourth column is always a time.
    nodetype : "auto", str, int or None
        ``"auto"`` turns labels into integers when every label is one; ``str``
        or ``None`` keeps them as strings; ``int`` requires integers.
    {identities}
    {encoding}
    {max_input_bytes}

    Examples
    --------
    >>> import onakit as ona
    >>> log = ona.read_edgelist("../shared/data/email-Eu-core/email-Eu-core.txt")
    >>> log.num_messages, len(log.people)
    (25571, 1005)
    >>> log.people.dtype
    dtype('int64')
    """
    core = _core.read_edgelist(**_edgelist_keywords(
        path, sep, third, errors, identities=identities, internal_domains=internal_domains, aliases=aliases,
        exclude=exclude, pseudonymize_key=pseudonymize_key, encoding=encoding, max_input_bytes=max_input_bytes))
    return MessageLog(core, people_index(core.people, nodetype, "read_edgelist"))


def _edgelist_keywords(path, sep=None, third="weight", errors="strict", *, identities=None, internal_domains=None,
                       aliases=None, exclude=None, pseudonymize_key=None, encoding="utf-8",
                       max_input_bytes=None) -> dict[str, Any]:
    """read_edgelist's keywords as _core.read_edgelist / _core.stream_edgelist take them."""
    rules = identities_arg(identities, internal_domains=internal_domains, aliases=aliases, exclude=exclude,
                           pseudonymize_key=pseudonymize_key)
    return dict(path=existing_path(path), sep=sep, third=third, errors=errors, identities=rules, encoding=encoding,
                max_input_bytes=max_input_bytes)


def _stream_edgelist(path, sink, chunk_messages: int, *, nodetype: str | type | None = "auto",
                     progress: bool = False, **keywords) -> MessageLog:
    """read_edgelist, chunk by chunk into ``sink`` (a _core.StreamSink); the emptied log (people, report).
    ``progress`` is accepted for a uniform call and ignored, as read_edgelist has none."""
    core = _core.stream_edgelist(**_edgelist_keywords(path, **keywords), sink=sink, chunk_messages=chunk_messages)
    return MessageLog(core, people_index(core.people, nodetype, "read_edgelist"))
