"""Readers: mbox, Maildir and .eml readers."""

from __future__ import annotations

import os
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from . import _core
from ._docs import shared_doc
from ._identities import _flag, identities_arg
from ._io import existing_path
from ._labels import people_index
from ._log import MessageLog, _core_log_from_state
from ._progress import core_progress

__all__ = ["MailLog", "read_mbox"]

_DEFERRED: Any = object()  # MessageLog(people=_DEFERRED): MailLog builds the Index lazily


class MailLog(MessageLog):
    """A :class:`MessageLog` read from mail, with the reply links and display names.

    Attributes
    ----------
    replies : pandas.DataFrame
        One row per reply link: ``message`` (row of the log), ``message_id``,
        ``parent_id`` (an id from ``In-Reply-To`` or ``References``, without
        ``<>``), ``header`` (``"in-reply-to"`` or ``"references"``) and
        ``parent`` (the log row of the parent message, or -1 when the parent is
        not in the archive).
    display_names : pandas.Series
        Each person's display name (the first one seen, RFC 2047-decoded),
        indexed like :attr:`people`; empty strings when pseudonymising.

    Examples
    --------
    >>> import onakit as ona
    >>> log = ona.read_mbox("../shared/data/mbox-parser-samples-perceval/mbox__mbox_complex.mbox")
    >>> type(log).__name__, log.num_messages
    ('MailLog', 2)
    >>> log.replies.columns.tolist()
    ['message', 'message_id', 'parent_id', 'header', 'parent']
    >>> log.display_names.iloc[0]
    'Eugenia Loli-Queru'
    """

    def __init__(self, core, side):
        # The people Index is built on first use, not here: turning every
        # address into a Python string cost ~10% of reading a small mbox.
        self._people_index = None
        super().__init__(core, people=_DEFERRED)
        # _core.mbox_result: reply ids and display names stay in C++ until used
        self._side = side
        self._replies = None

    @property
    def _people(self) -> pd.Index:
        if self._people_index is None:
            self._people_index = pd.Index(self._core.people, dtype=object, name="person")
        return self._people_index

    @_people.setter
    def _people(self, value) -> None:
        self._people_index = None if value is _DEFERRED else value

    @property
    def display_names(self) -> pd.Series:
        return pd.Series(self._side.display_names, index=self.people, dtype=object, name="display_name")

    @property
    def replies(self) -> pd.DataFrame:
        if self._replies is None:
            ids = self._core.message_ids or [""] * self.num_messages
            row_of = {mid: i for i, mid in enumerate(ids) if mid}
            rows: list[tuple[int, str, str, str]] = []
            for m, (irt, refs) in enumerate(zip(self._side.in_reply_to, self._side.references)):
                if irt:
                    rows.append((m, ids[m], irt, "in-reply-to"))
                for r in refs.split():
                    rows.append((m, ids[m], r, "references"))
            df = pd.DataFrame(rows, columns=["message", "message_id", "parent_id", "header"])
            df["message"] = df["message"].astype(np.int64)
            df["parent"] = np.array([row_of.get(p, -1) for p in df["parent_id"]], dtype=np.int64)
            self._replies = df
        return self._replies.copy()

    # ---- pickling: the log's columns plus the reply links and display names
    def __reduce__(self):
        side = _MailSide(list(self._side.display_names), list(self._side.in_reply_to), list(self._side.references))
        return (_mail_log_from_state, (self._columns_state(), side))


class _MailSide(NamedTuple):
    """What a MailLog keeps beside its core log (a picklable stand-in for _core.mbox_result)."""

    display_names: list
    in_reply_to: list
    references: list


def _mail_log_from_state(state: dict, side: _MailSide) -> MailLog:
    """Unpickling (MailLog.__reduce__)."""
    log = MailLog(_core_log_from_state(state), side)
    log._people = state["people"]
    return log


@shared_doc
def read_mbox(
    path_or_dir,
    *,
    sender_header: str = "from",
    use_resent: bool = False,
    include_bcc: bool = True,
    dedupe_message_ids: bool = True,
    default_recipient: str | None = None,
    errors: str = "strict",
    identities=None,
    internal_domains=None,
    aliases=None,
    exclude=None,
    pseudonymize_key=None,
    max_input_bytes: int | None = None,
    progress: bool = False,
) -> MailLog:
    """Read the headers of an mbox file, a Maildir, ``.eml`` files or a folder of mbox files.

    Only headers are read; bodies are skipped without being decoded. People
    are the lower-cased addresses of ``From`` (or ``Sender``) and
    ``To``/``Cc``/``Bcc`` (roles ``to``, ``cc``, ``bcc``), after the identity
    rules. Folded headers, quoted display names, comments, groups
    (``undisclosed-recipients:;``), RFC 2047 encoded names, lower-case field
    names, ``Name addr@host`` without brackets and pipermail's
    ``user at host`` are understood. The ``Message-ID`` (without ``<>``) is
    the log's message id; ``In-Reply-To``/``References`` are in
    :attr:`MailLog.replies`, and link each reply to its parent
    (:attr:`MessageLog.parents`, for :func:`onakit.response_times`): the
    message ``In-Reply-To`` names when it is in the archive, else the one
    the last ``References`` id names; replies whose parent is not in the
    archive are counted in ``report["dropped"]["reply to unknown parent"]``.

    Lines may end in LF, CRLF or a lone CR (classic Mac mail files), mixed in
    one file, and a UTF-8 byte-order mark before the first ``From `` line is
    skipped. An empty folder is an empty log; a ``Message-ID`` seen before is
    a copy (see ``dedupe_message_ids``). Errors quote at most 200 characters of
    a bad value, control characters escaped.

    Parameters
    ----------
    path_or_dir : str or path-like
        An mbox file (``.gz`` allowed), a ``.eml`` file, a Maildir (a folder
        with ``cur/`` and/or ``new/``), or a folder whose ``.eml`` files are
        single messages and whose files starting with ``From `` (or named
        ``*.mbox``) are mbox files, ``.gz`` looked through (monthly archives
        such as ``2024-January.txt.gz``); subfolders are read the same way.
        Other files are counted in ``report["dropped"]["not a mail file"]``,
        and so are empty files (``"empty file"``), broken links, links to
        folders (not followed), FIFOs and devices (``"not a regular
        file"``); an entry that cannot be read (a link loop) raises
        :class:`onakit.ReadError`, or with ``errors="skip"`` is counted as
        ``"unreadable entry"``. An empty file given by path is a bad record
        ``"empty input"``.
    sender_header : {"from", "sender"}
        Which header names the sender; the other is the fallback.
    use_resent : bool
        Use the topmost ``Resent-From``/``-To``/``-Cc``/``-Bcc``/``-Date``
        block of a resent message instead of the original headers.
    include_bcc : bool
        Read ``Bcc`` recipients.
    dedupe_message_ids : bool
        Keep the first message with a given ``Message-ID``; later copies are
        skipped as ``"duplicate message id"`` (counted, never raised). False
        keeps every copy. The ids seen are remembered as 16-byte fingerprints
        (16-32 bytes a message): with ``stream_ties`` this is the one part
        of memory that grows with the number of messages.
    default_recipient : str, optional
        Recipient of messages without any ``To``/``Cc``/``Bcc`` address, such
        as the list's address for a mailing-list archive (pipermail and
        LISTSERV archives strip recipients). Without it those messages are
        skipped as ``"no recipients"``.
    errors : {"strict", "skip"}
        ``strict`` raises :class:`onakit.ParseError` (file, line, field,
        reason) for the first message with no sender (``"no sender"``), no
        recipients (``"no recipients"``), an unreadable ``Date``
        (``"bad date"``) or text before the first ``From `` line
        (``"no From_ separator"``); ``skip`` counts them by reason in
        ``log.report["skipped"]``. A message without ``Date`` is kept without
        a time and counted in ``report["dropped"]["no date"]``.
    {identities}
        With a key the ``Message-ID``, ``In-Reply-To`` and ``References`` ids are stored
        as keyed pseudonyms (:meth:`onakit.Identities.pseudonymize_id`), so
        :attr:`MailLog.replies` still links replies to their parents, and a
        bad ``Date`` is shown masked in the error.
    {max_input_bytes}
    {progress}

    Returns
    -------
    MailLog
        A :class:`onakit.MessageLog` with ``replies`` and ``display_names``.

    Raises
    ------
    FileNotFoundError
        If ``path_or_dir`` does not exist.
    onakit.ParseError
        With ``errors="strict"``, for the first bad message.

    Examples
    --------
    >>> import onakit as ona
    >>> log = ona.read_mbox("enron.lay-k.inbox.mbox", errors="skip")  # doctest: +SKIP
    >>> log.report["skipped"]  # doctest: +SKIP
    {'no recipients': 123}
    >>> log.replies.head()  # doctest: +SKIP
    """
    kw = _mail_keywords(path_or_dir, sender_header=sender_header, use_resent=use_resent, include_bcc=include_bcc,
                        dedupe_message_ids=dedupe_message_ids, default_recipient=default_recipient, errors=errors,
                        identities=identities, internal_domains=internal_domains, aliases=aliases, exclude=exclude,
                        pseudonymize_key=pseudonymize_key, max_input_bytes=max_input_bytes)
    with _mail_progress(kw["path"], progress) as report:
        result = _core.read_mail(**kw, progress=report)
    return MailLog(result.log, result)


def _mail_keywords(path_or_dir, *, sender_header="from", use_resent=False, include_bcc=True,
                   dedupe_message_ids=True, default_recipient=None, errors="strict", identities=None,
                   internal_domains=None, aliases=None, exclude=None, pseudonymize_key=None,
                   max_input_bytes=None) -> dict[str, Any]:
    """read_mbox's keywords as _core.read_mail / _core.stream_mail take them."""
    rules = identities_arg(identities, internal_domains=internal_domains, aliases=aliases, exclude=exclude,
                           pseudonymize_key=pseudonymize_key)
    return dict(path=existing_path(path_or_dir, "file or directory"), sender_header=sender_header,
                use_resent=_flag(use_resent, "use_resent"), include_bcc=_flag(include_bcc, "include_bcc"),
                dedupe_message_ids=_flag(dedupe_message_ids, "dedupe_message_ids"),
                default_recipient=default_recipient or "", errors=errors, identities=rules,
                max_input_bytes=max_input_bytes)


def _mail_progress(path: str, progress):
    """The progress bar of a mail read: a file moves in bytes; a folder (of any depth) in files, whose
    number is not known in advance."""
    unit, scaled = ("file", False) if os.path.isdir(path) else ("B", True)
    return core_progress(progress, f"reading {os.path.basename(os.path.normpath(path))}", unit=unit,
                         unit_scale=scaled, where="read_mbox")


def _stream_mbox(path_or_dir, sink, chunk_messages: int, *, progress: bool = False, **keywords) -> MessageLog:
    """read_mbox, chunk by chunk into ``sink`` (a _core.StreamSink); the emptied log (people, report).
    Reply links and display names are not kept (ties do not need them)."""
    kw = _mail_keywords(path_or_dir, **keywords)
    with _mail_progress(kw["path"], progress) as report:
        core = _core.stream_mail(**kw, progress=report, sink=sink, chunk_messages=chunk_messages)
    return MessageLog(core, people_index(core.people, str, "read_mbox"))
