"""Readers: Viva person-to-person, Exchange message trace and HR people tables."""

from __future__ import annotations

import bz2
import csv
import io
import lzma
import os
import zipfile
from typing import Any

import pandas as pd

from . import _core
from ._docs import shared_doc
from ._identities import identities_arg
from ._io import existing_path
from ._labels import label_text
from ._log import MessageLog
from ._progress import core_progress

__all__ = ["read_viva_p2p", "read_message_trace", "read_people"]


@shared_doc
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
    encoding: str = "utf-8",
    max_input_bytes: int | None = None,
    progress: bool = False,
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

    A header naming a column the reader uses twice (two
    ``SecondaryCollaborator_PersonId``) raises :class:`onakit.ParseError`
    ``"duplicate column"`` at its line, rather than read one of the two.

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
    {identities}
        Applied to both ids. Viva ids are already pseudonymous;
        ``pseudonymize_key`` re-keys them.
    {encoding}
    {max_input_bytes}
    {progress}

    Returns
    -------
    MessageLog
        With a ``people_table`` attribute: a DataFrame indexed like
        ``log.people`` with one column per attribute (``None`` when unknown).
        Header names are matched case-insensitively.

    Examples
    --------
    >>> import onakit as ona
    >>> log = ona.read_viva_p2p("p2p.csv", weight="Collaboration_hours")  # doctest: +SKIP
    >>> log.people_table["Organization"].value_counts()  # doctest: +SKIP
    """
    rules = identities_arg(identities, internal_domains=internal_domains, aliases=aliases, exclude=exclude,
                           pseudonymize_key=pseudonymize_key)
    path = existing_path(path)
    with core_progress(progress, f"reading {os.path.basename(path)}", unit="B", unit_scale=True,
                       where="read_viva_p2p") as report:
        result = _core.read_viva_p2p(path=path, weight=weight, primary=primary,
                                     secondary=secondary, date=date, sep=sep, errors=errors, identities=rules,
                                     encoding=encoding, max_input_bytes=max_input_bytes, progress=report)
    log = MessageLog(result.log)
    table = pd.DataFrame([[v if v != "" else None for v in row] for row in result.attributes],
                         columns=list(result.attribute_names),
                         index=log.people, dtype=object)
    log.people_table = table
    return log


@shared_doc
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
    encoding: str = "utf-8",
    max_input_bytes: int | None = None,
    group_rows_by: str | None = None,
    progress: bool = False,
) -> MessageLog:
    """Read an Exchange Online message trace export (``Get-MessageTrace | Export-Csv``).

    One row per (message, recipient). Only ``Delivered`` rows count; a row
    with another Exchange Online status (``Failed``, ``Pending``,
    ``Expanded``, ``Quarantined``, ``FilteredAsSpam``, ``GettingStatus``,
    ``Resolved``, ``None``; any case) is skipped and counted as
    ``"status <Status>"`` (e.g. ``"status Failed"``; ``Expanded`` rows stand
    for a distribution group whose members have rows of their own, so they
    are not counted either), an empty one as ``"status (empty)"`` and any
    other value as ``"status (unrecognised)"``.
    Rows sharing ``MessageId`` form one message timed at its earliest
    ``Received``; a repeated (message, recipient) row is skipped as
    ``"duplicate row"``; a ``MessageId`` with two senders is a bad record
    ``"message id with two senders"``. Header names are case-insensitive (a
    column the reader uses named twice raises :class:`onakit.ParseError`
    ``"duplicate column"``), a PowerShell ``#TYPE`` first line is skipped.

    Parameters
    ----------
    path : str or path-like
        The exported CSV (``.gz`` is decompressed on the fly).
    sender, recipient, received, status, message_id : str
        Column names. ``received`` is ISO 8601
        (``2024-03-01T09:00:00.1234567Z``) or en-US ``3/1/2024 9:00:00 AM``
        (month first, UTC). ``message_id=None`` makes each row a message.
    group_rows_by : {"message_id", "sender_time", "none"}, optional
        Default: by ``MessageId`` when ``message_id`` names a column.
        ``"sender_time"`` (with ``message_id=None``, for a trace without
        ids): rows with the same sender and ``Received`` time are one
        message. ``"none"``: every row is a message.
    sep : str, optional
        Field delimiter; detected among ``, ; \\t |`` if omitted.
    errors : {"strict", "skip"}
        ``strict`` raises :class:`onakit.ParseError` at the first bad row
        (empty sender/recipient, bad timestamp, wrong number of fields,
        message id with two senders); ``skip`` counts them by reason in
        ``log.report["skipped"]``.
    {identities}
        With a key, message ids are stored pseudonymised (:meth:`onakit.Identities.pseudonymize_id`).
    {encoding}
    {max_input_bytes}
    {progress}

    Returns
    -------
    MessageLog

    Examples
    --------
    >>> import onakit as ona
    >>> log = ona.read_message_trace("MessageTrace.csv", internal_domains=["corp.example"],
    ...                              errors="skip")  # doctest: +SKIP
    >>> log.report["skipped"]  # doctest: +SKIP
    {'status Failed': 3, 'status FilteredAsSpam': 12}
    """
    rules = identities_arg(identities, internal_domains=internal_domains, aliases=aliases, exclude=exclude,
                           pseudonymize_key=pseudonymize_key)
    path = existing_path(path)
    with core_progress(progress, f"reading {os.path.basename(path)}", unit="B", unit_scale=True,
                       where="read_message_trace") as report:
        core = _core.read_message_trace(path=path, sender=sender, recipient=recipient, received=received,
                                        status=status, message_id=message_id, sep=sep, errors=errors,
                                        identities=rules, encoding=encoding, max_input_bytes=max_input_bytes,
                                        group_rows_by=group_rows_by, progress=report)
    return MessageLog(core)


def _key_strings(col: pd.Series) -> list[str | None]:
    """A column's values as match texts (None when missing): :func:`onakit._labels.label_text`."""
    return [label_text(v) for v in col.tolist()]


def _read_at_most(f, limit: int) -> bytes:
    """Up to ``limit + 1`` bytes of ``f``, in 1 MiB pieces (one ``read(limit + 1)`` would
    allocate the whole limit up front)."""
    parts, size = [], 0
    while size <= limit:
        part = f.read(min(1 << 20, limit + 1 - size))
        if not part:
            break
        parts.append(part)
        size += len(part)
    return b"".join(parts)


def _people_text(path: str, encoding: str, max_input_bytes) -> str:
    """The text of a people file, decoded by the C++ readers' rule (a byte-order mark wins,
    else ``encoding``; a byte that is not text is a ParseError naming file and line).
    ``.gz`` is read by C++; ``.zip``, ``.bz2`` and ``.xz`` are decompressed here, to at
    most ``max_input_bytes`` bytes like every reader."""
    lower = path.lower()
    limit = _core.default_max_input_bytes if max_input_bytes is None else max_input_bytes
    if not lower.endswith((".zip", ".bz2", ".xz")):
        return _core.read_table_text(path=path, encoding=encoding, max_input_bytes=max_input_bytes)
    if limit <= 0:  # the C++ rule's message
        _core.read_table_text(path=path, encoding=encoding, max_input_bytes=max_input_bytes)
    if lower.endswith(".zip"):
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if not n.endswith("/")]
            if len(names) != 1:
                _core.raise_parse_error(path, 0, "", "not one file in the zip archive",
                                        f"found {len(names)}; extract the people table first")
            with z.open(names[0]) as f:
                raw = _read_at_most(f, limit)
    else:
        with (bz2.open if lower.endswith(".bz2") else lzma.open)(path, "rb") as f:
            raw = _read_at_most(f, limit)
    if len(raw) > limit:
        raise _core.ReadError(f"{path}: more than {limit} bytes after decompression, the max_input_bytes "
                              "limit; pass a larger max_input_bytes to read it")
    return _core.decode_table_text(raw=raw, name=path, encoding=encoding)


def _read_people_file(path: str, encoding: str, max_input_bytes, kw: dict[str, Any]) -> pd.DataFrame:
    text = _people_text(path, encoding, max_input_bytes)
    if "sep" not in kw:
        # The C++ readers' rule (`, ; tab |` in the first line), not csv.Sniffer, which
        # fails on an empty file and takes a letter for the delimiter of a one-column file.
        kw["sep"] = _core.detect_delimiter(text)
    try:
        return pd.read_csv(io.StringIO(text), **kw)
    except (csv.Error, pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        _core.raise_parse_error(path, 0, "", "cannot read the table", f"{e}; check sep= and columns=")


#: Column names (lower-cased, without ``_``, ``-``, ``.`` and spaces) that
#: :func:`read_people` drops when pseudonymising: they name people
#: (C++'s ``onakit::name_columns``, ``onakit/ingest/people_table.hpp``).
NAME_COLUMNS = frozenset(_core.name_columns)


def _pseudonymised_table(table: pd.DataFrame, rules, key_columns: list[str]) -> pd.DataFrame:
    """The table with no raw identity left: key columns and columns holding an '@' pseudonymised
    through the reader's rules, name columns dropped (see read_people)."""
    out = table.copy()
    drop = []
    for col in out.columns:
        values = out[col]
        if col in key_columns or values.map(lambda v: isinstance(v, str) and "@" in v).any():
            out[col] = [None if k is None else rules.resolve(k) for k in _key_strings(values)]
        elif _core.is_name_column(str(col)):
            drop.append(col)
    return out.drop(columns=drop)


@shared_doc
def read_people(
    source,
    id: str | None = None,
    email: str | None = None,
    *,
    people=None,
    sep: str | None = None,
    columns: list[str] | None = None,
    encoding: str = "utf-8",
    identities=None,
    internal_domains=None,
    aliases=None,
    exclude=None,
    pseudonymize_key=None,
    max_input_bytes: int | None = None,
) -> pd.DataFrame:
    """Read an HR people table (department, level, manager, site, start date, any columns)
    and join it to a graph's people through ids, e-mails or aliases.

    Parameters
    ----------
    source : str, path-like or pandas.DataFrame
        The table. Files (``.gz``, ``.bz2``, ``.xz``, ``.zip`` decompressed)
        are read with :func:`pandas.read_csv` (delimiter detected unless
        ``sep`` is given); every column is kept as text.
    id : str, optional
        Column holding the person's id as the graph labels people (``"1"``
        and ``1`` match: the label rule every ``groups=`` uses too). Tried first.
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
        Delimiter of a file (``" "`` for space-separated files); detected
        among ``, ; \\t |`` in the first line if omitted, as the other readers do.
    columns : list of str, optional
        Column names for a file without a header row.
    encoding : str
        The file's character encoding (``"utf-8"``, ``"latin-1"``,
        ``"cp1252"``, ``"utf-16"``), decoded by the same C++ rule as the
        readers: a byte-order mark is recognised whatever this says.
    {max_input_bytes}
    identities, internal_domains, aliases, exclude, pseudonymize_key
        The identity rules of the ingest (see :class:`onakit.Identities`).
        With a ``pseudonymize_key`` the result holds no raw identity: the
        ``id`` and ``email`` columns, and every other column with an ``@``
        in some value (a manager's e-mail, say), hold each value's keyed
        pseudonym (the label a reader gives that address, or missing when
        the rules drop it); name columns (``name``, ``first_name``,
        ``last_name``, ``full_name``, ``display_name``, ``given_name``,
        ``surname``, ``username``, ... in any case, with or without ``_`` or
        spaces: see ``NAME_COLUMNS``) are dropped; all other columns
        (department, level, site, dates, ...) are kept as written.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``people`` (rows of people the table does not know are
        all missing), with the table's columns. ``.attrs`` holds
        ``"unmatched_people"`` (graph people with no row, in graph order),
        ``"unmatched_rows"`` (keys of table rows matching no graph person, in
        table order; the id, else the e-mail as written) and
        ``"duplicate_rows"`` (keys of later rows for an already matched
        person: the first row wins). With a ``pseudonymize_key`` these two
        lists hold row positions in the table (0-based, as for ``iloc``)
        instead of keys, and without ``people`` the table is indexed by the
        pseudonyms.

    Raises
    ------
    FileNotFoundError
        If ``source`` is a path that does not exist.
    onakit.ParseError
        For a file that is empty, is not in ``encoding`` (file and line
        named), cannot be parsed as a table, or lacks the ``id`` / ``email``
        column (reason ``"missing column"``, naming the file and keyword).
    KeyError
        If ``id`` or ``email`` is not a column of a DataFrame ``source``.

    Examples
    --------
    >>> import onakit as ona
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
            pass  # detected from the first line by _read_people_file
        elif sep == " ":
            kw.update(sep=r"\s+")
        else:
            kw.update(sep=sep)
        table = _read_people_file(path, encoding, max_input_bytes, kw)
    rules = identities_arg(identities, internal_domains=internal_domains, aliases=aliases, exclude=exclude,
                           pseudonymize_key=pseudonymize_key)
    pseudo = rules is not None and rules.pseudonymizing
    for keyword, col in (("id", id), ("email", email)):
        if col is not None and col not in table.columns:
            # A headerless file's "column names" are its first row, perhaps addresses:
            # masked with a key (the readers' rule, detail/quote.hpp).
            found = ", ".join(_core.quote_value(str(c), pseudo) for c in table.columns)
            if isinstance(source, pd.DataFrame):
                raise KeyError(f"read_people: no column {col!r} in the table (columns: {found})")
            hint = f"{keyword}={col!r} names no column; columns found: {found}"
            if columns is None:
                hint += "; for a file without a header row pass columns=[...]"
            _core.raise_parse_error(path, 0, col, "missing column", hint)
    ids = _key_strings(table[id]) if id is not None else [None] * len(table)
    mails = _key_strings(table[email]) if email is not None else [None] * len(table)

    keys = [ids[i] if ids[i] is not None else mails[i] for i in range(len(table))]
    if pseudo:
        keys = [None if k is None else rules.resolve(k) for k in keys]
        table = _pseudonymised_table(table, rules, [c for c in (id, email) if c is not None])
    if people is None:
        out = table.copy()
        out.index = pd.Index(keys, dtype=object, name=id if id is not None else email)
        return out

    index = people.people if hasattr(people, "people") else pd.Index(people)
    # The join rule (candidates id, resolved id, resolved e-mail, lower-case e-mail;
    # the one label-matching rule; the first row wins) is C++'s onakit::join_people.
    match = _core.join_people([label_text(p) for p in index], ids, mails, identities=rules)
    row_of = match.row_of
    unmatched_rows = [i if pseudo else keys[i] for i in match.unmatched_rows]
    duplicate_rows = [i if pseudo else keys[i] for i in match.duplicate_rows]
    taken = [r for r in row_of if r >= 0]
    joined = table.iloc[taken].reindex(columns=table.columns)
    joined.index = pd.Index([index[p] for p, r in enumerate(row_of) if r >= 0], dtype=index.dtype)
    out = joined.reindex(pd.Index(index, name=index.name or "person"))
    out.attrs["unmatched_people"] = [index[p] for p, r in enumerate(row_of) if r < 0]
    out.attrs["unmatched_rows"] = unmatched_rows
    out.attrs["duplicate_rows"] = duplicate_rows
    return out

