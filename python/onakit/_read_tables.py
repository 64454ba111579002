"""Readers: Viva person-to-person, Exchange message trace and HR people tables."""

from __future__ import annotations

from typing import Any

import pandas as pd

from . import _core
from ._identities import identities_arg
from ._io import existing_path
from ._log import MessageLog

__all__ = ["read_viva_p2p", "read_message_trace", "read_people"]


def read_viva_p2p(
    path,
    weight: str,
    primary: str = "PrimaryCollaborator_PersonId",
    secondary: str = "SecondaryCollaborator_PersonId",
    date: str | None = "auto",
    sep: str | None = None,
    errors: str = "strict",
    *,
    identities=None,
    internal_domains=None,
    aliases=None,
    exclude=None,
    pseudonymize_key=None,
    max_input_bytes: int | None = None,
) -> MessageLog:
    """Read a Microsoft Viva Insights person-to-person query (CSV).

    Each row (a primary and a secondary collaborator, usually per week)
    becomes one message from primary to secondary whose multiplicity is the
    ``weight`` cell, so :func:`onakit.build_graph` sums the metric over rows.
    Rows whose weight is 0 are skipped and counted as ``"zero weight"``.

    Every other ``PrimaryCollaborator_<Attr>`` / ``SecondaryCollaborator_<Attr>``
    column gives attribute ``<Attr>`` of that row's person; they are collected
    per person id (not by row position) into ``log.people_table``. A person's
    first non-empty value wins; later different values are counted in
    ``log.report["dropped"]["attribute conflict"]``.

    Parameters
    ----------
    path : str or path-like
        The exported CSV (``.gz`` is decompressed on the fly).
    weight : str
        The numeric column used as tie weight, e.g. ``"Collaboration_hours"``
        or ``"Email_count"`` (``.`` decimal point, >= 0).
    primary, secondary : str
        The two person-id columns.
    date : str or None
        The period column: ``"auto"`` uses ``MetricDate``, else ``Date`` when
        present; ``None`` ignores dates. ISO ``2024-03-03`` and US
        ``3/3/2024`` (month first) are read.
    sep : str, optional
        Field delimiter; detected among ``, ; \\t |`` if omitted.
    errors : {"strict", "skip"}
        ``strict`` raises :class:`onakit.ParseError` (file, line, field,
        reason) at the first bad row; ``skip`` counts bad rows by reason
        (``"bad weight"``, ``"empty primary"``, ``"wrong number of fields"``,
        ...) in ``log.report["skipped"]``.
    identities, internal_domains, aliases, exclude, pseudonymize_key
        Identity rules applied to both ids before anything is stored, as for
        :func:`onakit.read_email_csv`. Viva ids are already pseudonymous;
        ``pseudonymize_key`` re-keys them.

    max_input_bytes : int, optional
        Largest input read, in bytes after decompression (default 64 GiB);
        a larger file, gzip bomb or endless device raises
        :class:`onakit.ReadError` naming the file and the limit.

    Returns
    -------
    MessageLog
        With a ``people_table`` attribute: a DataFrame indexed like
        ``log.people`` with one column per attribute (``None`` when unknown).
        Header names are matched case-insensitively.

    Examples
    --------
    >>> log = ona.read_viva_p2p("p2p.csv", weight="Collaboration_hours")  # doctest: +SKIP
    >>> log.people_table["Organization"].value_counts()  # doctest: +SKIP
    """
    rules = identities_arg(identities, internal_domains=internal_domains, aliases=aliases, exclude=exclude,
                           pseudonymize_key=pseudonymize_key)
    core, names, values = _core.read_viva_p2p(existing_path(path), weight, primary, secondary, date, sep, errors,
                                              rules, max_input_bytes=max_input_bytes)
    log = MessageLog(core)
    table = pd.DataFrame([[v if v != "" else None for v in row] for row in values], columns=list(names),
                         index=log.people, dtype=object)
    log.people_table = table
    return log


def read_message_trace(
    path,
    sender: str = "SenderAddress",
    recipient: str = "RecipientAddress",
    received: str = "Received",
    status: str = "Status",
    message_id: str | None = "MessageId",
    sep: str | None = None,
    errors: str = "strict",
    *,
    identities=None,
    internal_domains=None,
    aliases=None,
    exclude=None,
    pseudonymize_key=None,
    max_input_bytes: int | None = None,
) -> MessageLog:
    """Read an Exchange Online message trace export (``Get-MessageTrace | Export-Csv``).

    One row per (message, recipient). Only ``Delivered`` rows count; every
    other row is skipped and counted as ``"status <Status>"`` (e.g.
    ``"status Failed"``; ``Expanded`` rows stand for a distribution group
    whose members have rows of their own, so they are not counted either).
    Rows sharing ``MessageId`` form one message timed at its earliest
    ``Received``; a repeated (message, recipient) row is skipped as
    ``"duplicate row"``. Header names are case-insensitive, a PowerShell
    ``#TYPE`` first line is skipped.

    Parameters
    ----------
    path : str or path-like
        The exported CSV (``.gz`` is decompressed on the fly).
    sender, recipient, received, status, message_id : str
        Column names. ``received`` is ISO 8601
        (``2024-03-01T09:00:00.1234567Z``) or en-US ``3/1/2024 9:00:00 AM``
        (month first, UTC). ``message_id=None`` makes each row a message.
    sep : str, optional
        Field delimiter; detected among ``, ; \\t |`` if omitted.
    errors : {"strict", "skip"}
        ``strict`` raises :class:`onakit.ParseError` at the first bad row
        (empty sender/recipient, bad timestamp, wrong number of fields,
        message id with two senders); ``skip`` counts them by reason in
        ``log.report["skipped"]``.
    identities, internal_domains, aliases, exclude, pseudonymize_key
        Identity rules applied to every address before it is stored, as for
        :func:`onakit.read_email_csv`.

    max_input_bytes : int, optional
        Largest input read, in bytes after decompression (default 64 GiB);
        a larger file, gzip bomb or endless device raises
        :class:`onakit.ReadError` naming the file and the limit.

    Returns
    -------
    MessageLog

    Examples
    --------
    >>> log = ona.read_message_trace("MessageTrace.csv", internal_domains=["corp.example"],
    ...                              errors="skip")  # doctest: +SKIP
    >>> log.report["skipped"]  # doctest: +SKIP
    {'status Failed': 3, 'status FilteredAsSpam': 12}
    """
    rules = identities_arg(identities, internal_domains=internal_domains, aliases=aliases, exclude=exclude,
                           pseudonymize_key=pseudonymize_key)
    core = _core.read_message_trace(existing_path(path), sender, recipient, received, status, message_id, sep,
                                    errors, rules, max_input_bytes=max_input_bytes)
    return MessageLog(core)


def _key_strings(col: pd.Series) -> list[str | None]:
    """A column's values as trimmed strings (None when missing); integral floats lose their '.0'."""
    if pd.api.types.is_float_dtype(col.dtype):
        vals = col.to_numpy()
        if all(pd.isna(v) or float(v).is_integer() for v in vals):
            return [None if pd.isna(v) else str(int(v)) for v in vals]
    out: list[str | None] = []
    for v in col.tolist():
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            out.append(None)
        else:
            s = str(v).strip()
            out.append(s or None)
    return out


def read_people(
    source,
    id: str | None = None,
    email: str | None = None,
    *,
    people=None,
    sep: str | None = None,
    columns: list[str] | None = None,
    identities=None,
    internal_domains=None,
    aliases=None,
    exclude=None,
    pseudonymize_key=None,
) -> pd.DataFrame:
    """Read an HR people table (department, level, manager, site, start date, any columns)
    and join it to a graph's people through ids, e-mails or aliases.

    Parameters
    ----------
    source : str, path-like or pandas.DataFrame
        The table. Files are read with :func:`pandas.read_csv` (delimiter
        sniffed unless ``sep`` is given); every column is kept as text.
    id : str, optional
        Column holding the person's id as the graph labels people (``"1"``
        and ``1`` match). Tried first.
    email : str, optional
        Column holding the person's e-mail. Matched in canonical form
        (trimmed, lower-case), through ``aliases``, and, when the log was
        pseudonymised, through the same keyed pseudonym: pass the rules the
        reader got (``pseudonymize_key=``, ``aliases=``, ... or
        ``identities=``) and each e-mail is resolved exactly as the reader
        resolved addresses. At least one of ``id`` / ``email`` is required.
    people : pandas.Index, MessageLog or Graph, optional
        The people to join to (``log.people`` / ``g.people``). Without it the
        table comes back indexed by its key column.
    sep : str, optional
        Delimiter of a file (``" "`` for space-separated files).
    columns : list of str, optional
        Column names for a file without a header row.
    identities, internal_domains, aliases, exclude, pseudonymize_key
        The identity rules of the ingest (see :class:`onakit.Identities`).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``people`` (rows of people the table does not know are
        all missing), with the table's columns. ``.attrs`` holds
        ``"unmatched_people"`` (graph people with no row, in graph order),
        ``"unmatched_rows"`` (keys of table rows matching no graph person, in
        table order; the id, else the e-mail as written) and
        ``"duplicate_rows"`` (keys of later rows for an already matched
        person: the first row wins).

    Raises
    ------
    FileNotFoundError
        If ``source`` is a path that does not exist.
    KeyError
        If ``id`` or ``email`` is not a column of the table.

    Examples
    --------
    >>> log = ona.read_email_csv("communication.csv", sender="Sender", recipients="Recipient",
    ...                          timestamp="EventDate", recipient_sep=None)  # doctest: +SKIP
    >>> hr = ona.read_people("reportsto.csv", id="ID", people=log.people)  # doctest: +SKIP
    >>> hr.attrs["unmatched_people"][:3]  # doctest: +SKIP
    ['4', '10', '21']
    """
    if id is None and email is None:
        raise _core.OptionError("read_people needs id= or email= (the column to join on)")
    if isinstance(source, pd.DataFrame):
        table = source.copy()
    else:
        path = existing_path(source)
        kw: dict[str, Any] = {"dtype": str, "keep_default_na": False, "na_values": [""]}
        if columns is not None:
            kw.update(header=None, names=list(columns))
        if sep is None:
            kw.update(sep=None, engine="python")
        elif sep == " ":
            kw.update(sep=r"\s+")
        else:
            kw.update(sep=sep)
        table = pd.read_csv(path, **kw)
    for col in (id, email):
        if col is not None and col not in table.columns:
            raise KeyError(f"read_people: no column {col!r} in the table (columns: {list(table.columns)})")
    rules = identities_arg(identities, internal_domains=internal_domains, aliases=aliases, exclude=exclude,
                           pseudonymize_key=pseudonymize_key)
    ids = _key_strings(table[id]) if id is not None else [None] * len(table)
    mails = _key_strings(table[email]) if email is not None else [None] * len(table)

    def candidates(i: int) -> list[str]:
        out = []
        if ids[i] is not None:
            out.append(ids[i])
            if rules is not None:
                r = rules.resolve(ids[i])
                if r is not None:
                    out.append(r)
        if mails[i] is not None:
            if rules is not None:
                r = rules.resolve(mails[i])
                if r is not None:
                    out.append(r)
            out.append(mails[i].lower())
        return out

    keys = [ids[i] if ids[i] is not None else mails[i] for i in range(len(table))]
    if people is None:
        out = table.copy()
        out.index = pd.Index(keys, dtype=object, name=id if id is not None else email)
        return out

    index = people.people if hasattr(people, "people") else pd.Index(people)
    exact: dict[str, int] = {}
    folded: dict[str, int] = {}
    for pos, label in enumerate(index):
        s = str(label)
        exact.setdefault(s, pos)
        folded.setdefault(s.strip().lower(), pos)
    row_of = [-1] * len(index)
    unmatched_rows: list[Any] = []
    duplicate_rows: list[Any] = []
    for i in range(len(table)):
        pos = -1
        for c in candidates(i):
            pos = exact.get(c, folded.get(c.lower(), -1))
            if pos >= 0:
                break
        if pos < 0:
            unmatched_rows.append(keys[i])
        elif row_of[pos] >= 0:
            duplicate_rows.append(keys[i])
        else:
            row_of[pos] = i
    taken = [r for r in row_of if r >= 0]
    joined = table.iloc[taken].reindex(columns=table.columns)
    joined.index = pd.Index([index[p] for p, r in enumerate(row_of) if r >= 0], dtype=index.dtype)
    out = joined.reindex(pd.Index(index, name=index.name or "person"))
    out.attrs["unmatched_people"] = [index[p] for p, r in enumerate(row_of) if r < 0]
    out.attrs["unmatched_rows"] = unmatched_rows
    out.attrs["duplicate_rows"] = duplicate_rows
    return out

