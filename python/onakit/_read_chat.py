"""Readers: Slack export and JSON Lines readers (Microsoft Graph messages, generic)."""

from __future__ import annotations

from typing import Any

import os
import shutil
import tempfile
import zipfile

from . import _core
from ._docs import shared_doc
from ._identities import identities_arg
from ._io import existing_path
from ._labels import people_index
from ._log import MessageLog
from ._progress import check_progress, core_progress
from ._time import to_seconds

__all__: list[str] = ["read_slack_export", "read_graph_messages", "read_jsonl"]


@shared_doc
def read_slack_export(
    path,
    channel_ties: str = "recent",
    recent_window=3600,
    reply_to_thread_participants: bool = False,
    mentions: bool = True,
    resolve_emails: bool = True,
    errors: str = "strict",
    *,
    keep_thread_parents: bool = False,
    identities=None,
    internal_domains=None,
    aliases=None,
    exclude=None,
    pseudonymize_key=None,
    max_input_bytes: int | None = None,
    progress: bool = False,
) -> MessageLog:
    """Read a Slack workspace export, as the ``.zip`` Slack delivers or unzipped
    (``users.json``, ``channels.json``, optional ``groups.json``/``mpims.json``/
    ``dms.json``, one folder of ``YYYY-MM-DD.json`` day files per conversation).

    Each message becomes a message whose recipients are, with the first role
    that applies: the other members of a DM or group DM (``direct``); the
    people it @mentions (``mention``); for a thread reply, the parent's author
    (``reply``); for a channel message, the people chosen by ``channel_ties``
    (``member``). Messages keep their ``ts`` as message id and their
    conversation (``#name``, ``dm:<id>``, ``mpim:<id>``) as channel.

    Parameters
    ----------
    path : str or path-like
        The export's folder, or its ``.zip`` file (read as delivered: its
        ``.json`` files are unpacked into a private temporary folder, removed
        afterwards; ``users.json`` may sit at the top or in one top folder;
        entries that would land outside the folder are never unpacked).
        Errors name a file inside the zip as ``export.zip:channel/day.json``.
    channel_ties : {"recent", "members", "none"}
        Whom a plain channel message reaches: everyone who posted in the
        channel within ``recent_window`` before it; the channel's member list
        (membership at export time); or nobody (only mentions, replies and
        DMs make ties).
    recent_window : number or duration
        The ``recent`` window: seconds, or anything :class:`pandas.Timedelta`
        reads (``"1h"``, ``"30min"``). Default one hour.
    reply_to_thread_participants : bool
        A thread reply also reaches everyone who posted earlier in the thread.
    mentions : bool
        @mentions (``<@U123>``) make ties.
    resolve_emails : bool
        Identify users by their e-mail from ``users.json`` where the export
        has it (so Slack and mail identities merge); otherwise, and for users
        without one, by their Slack user id.
    errors : {"strict", "skip"}
        ``strict`` raises :class:`onakit.ParseError` for a malformed message
        (naming the day file and the message's position in it); ``skip``
        counts it in ``log.report["skipped"]``. A conversation whose folder
        would lie outside the export (a name such as ``"../x"``, an absolute
        path, a link pointing out) is never read: ``strict`` raises naming
        the list file and the entry, ``skip`` counts it as ``"channel folder
        outside the export"``.
    keep_thread_parents : bool
        A thread's parent message that would reach nobody (the first post of
        a quiet channel; with ``channel_ties="members"``, a channel without a
        member list) reaches the people who replied in its thread (role
        ``member``) instead of being skipped, so that
        :func:`onakit.response_times` can measure its replies. Replies whose
        parent is not in the log are counted in
        ``report["dropped"]["reply to unknown parent"]``.
    {identities}
    max_input_bytes : int, optional
        For a ``.zip``: the most bytes unpacked (default 64 GiB, as the other
        readers' limit); past it :class:`onakit.ReadError` is raised, so a
        zip bomb cannot fill the disk.
    {progress}

    Returns
    -------
    MessageLog
        ``log.report["skipped"]`` counts every message that made no tie, by
        reason: system subtypes (``"subtype channel_join"``, ...), ``"bot
        message"``, ``"no recipients (quiet channel)"`` and the other reasons
        listed in ``include/onakit/ingest/slack_export.hpp``.

    Examples
    --------
    >>> import onakit as ona
    >>> log = ona.read_slack_export("slack-export/", channel_ties="members")  # doctest: +SKIP
    >>> log.report["skipped"]["subtype channel_join"]  # doctest: +SKIP
    320
    """
    rules = identities_arg(identities, internal_domains=internal_domains, aliases=aliases, exclude=exclude,
                           pseudonymize_key=pseudonymize_key)
    window = to_seconds(recent_window, "recent_window")
    if window is None:
        raise _core.OptionError("recent_window must be a positive duration, not None")
    path = existing_path(path, "file or folder")
    options = dict(channel_ties=channel_ties, recent_window=float(window),
                   reply_to_thread_participants=bool(reply_to_thread_participants), mentions=bool(mentions),
                   resolve_emails=bool(resolve_emails), errors=errors, identities=rules,
                   keep_thread_parents=bool(keep_thread_parents))
    check_progress(progress, "read_slack_export")

    def read(folder):  # ticks once per conversation (channel, DM, group)
        with core_progress(progress, f"reading {os.path.basename(os.path.normpath(path))}", unit="conversation",
                           where="read_slack_export") as report:
            return MessageLog(_core.read_slack_export(path=folder, progress=report, **options))

    if not (os.path.isfile(path) and zipfile.is_zipfile(path)):
        return read(path)
    limit = _zip_limit(max_input_bytes)
    tmp = tempfile.mkdtemp(prefix="onakit-slack-")
    try:
        folder = _unzip_slack(path, tmp, limit)
        try:
            return read(folder)
        except (_core.ParseError, _core.ReadError) as e:
            raise _inside_zip(e, folder, path) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _zip_limit(max_input_bytes) -> int:
    if max_input_bytes is None:
        return int(_core.default_max_input_bytes)
    if isinstance(max_input_bytes, bool) or not isinstance(max_input_bytes, int) or max_input_bytes < 1:
        raise _core.OptionError(f"max_input_bytes={max_input_bytes!r} is out of range: use a positive number of "
                                "bytes, or None for the default (64 GiB)")
    return max_input_bytes


def _read_error(path: str, reason: str) -> Exception:
    e = _core.ReadError(f"{path}: {reason}")
    vars(e).update(file=path, line=0)  # per instance, as _core does (stub: class defaults)
    return e


def _unzip_slack(path: str, tmp: str, limit: int) -> str:
    """Unpack the export's .json files under ``tmp``; the folder holding users.json."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        raise _read_error(path, f"not a readable zip file ({e})") from None
    with zf:
        names = [i for i in zf.infolist() if not i.is_dir()]
        users = sorted((i.filename for i in names if i.filename.rsplit("/", 1)[-1] == "users.json"),
                       key=lambda n: n.count("/"))
        if not users:
            err = _core.ParseError(f"{path}:0: not a Slack export (no users.json in the zip; pass the zip Slack "
                                   "delivered, or its unzipped folder)")
            vars(err).update(file=path, line=0, field="", reason="not a Slack export")  # as in _read_error
            raise err
        prefix = users[0][: -len("users.json")]
        root = os.path.realpath(tmp)
        total = 0
        for info in names:
            name = info.filename
            if not name.startswith(prefix) or not name.endswith(".json"):
                continue
            target = os.path.realpath(os.path.join(root, name[len(prefix):]))
            if not target.startswith(root + os.sep):  # an absolute name or "../": never written outside
                continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            # Count the bytes actually inflated, not the sizes the zip claims.
            with zf.open(info) as src, open(target, "wb") as dst:
                while chunk := src.read(1 << 20):
                    total += len(chunk)
                    if total > limit:
                        raise _read_error(path, f"the export unpacks to more than max_input_bytes={limit} bytes; "
                                                "raise max_input_bytes if it is genuine")
                    dst.write(chunk)
        return root


def _inside_zip(e: Exception, folder: str, path: str) -> Exception:
    """The same error naming ``path:inner/file.json`` instead of the temporary folder."""
    def name(p: str) -> str:
        p = str(p)
        return path + ":" + os.path.relpath(p, folder) if p.startswith(folder) else p

    out = type(e)(str(e).replace(folder + os.sep, path + ":").replace(folder, path))
    for attr in ("file", "line", "field", "reason"):
        if hasattr(e, attr):
            setattr(out, attr, name(getattr(e, attr)) if attr == "file" else getattr(e, attr))
    return out


@shared_doc
def read_graph_messages(
    path,
    errors: str = "strict",
    *,
    identities=None,
    internal_domains=None,
    aliases=None,
    exclude=None,
    pseudonymize_key=None,
    max_input_bytes: int | None = None,
    progress: bool = False,
) -> MessageLog:
    """Read Microsoft Graph mail messages saved as JSON Lines (one ``message`` resource per line).

    ``from.emailAddress.address`` (else ``sender.emailAddress.address``) is
    the sender; ``toRecipients``, ``ccRecipients`` and ``bccRecipients`` give
    recipients with roles to, cc and bcc; ``sentDateTime`` the time; ``id``
    the message id; ``conversationId`` the channel. Drafts (``isDraft``) are
    skipped and counted as ``"draft"``. Messages sharing an ``id`` are all
    kept (a Graph mailbox export holds one copy per message). JSON nested
    deeper than 1,024 levels, or numbers past double range (``1e400``), make
    the line a bad record ``"invalid JSON"``.

    Parameters
    ----------
    path : str or path-like
        The ``.jsonl`` file (``.gz`` is decompressed on the fly).
    errors : {"strict", "skip"}
        ``strict`` raises :class:`onakit.ParseError` naming file, line, field
        and reason; ``skip`` counts bad lines by reason in ``log.report["skipped"]``.
    {identities}
    {max_input_bytes}
    {progress}

    Returns
    -------
    MessageLog

    Examples
    --------
    >>> import onakit as ona
    >>> log = ona.read_graph_messages("mailbox.jsonl", internal_domains=["corp.example"])  # doctest: +SKIP
    """
    rules = identities_arg(identities, internal_domains=internal_domains, aliases=aliases, exclude=exclude,
                           pseudonymize_key=pseudonymize_key)
    path = existing_path(path, "file")
    with core_progress(progress, f"reading {os.path.basename(path)}", unit="B", unit_scale=True,
                       where="read_graph_messages") as report:
        core = _core.read_graph_messages(path=path, errors=errors, identities=rules, max_input_bytes=max_input_bytes,
                                         progress=report)
    return MessageLog(core)


@shared_doc
def read_jsonl(
    path,
    sender: str = "sender",
    recipients: str = "recipients",
    timestamp: str | None = "timestamp",
    role: str | None = None,
    message_id: str | None = None,
    channel: str | None = None,
    recipient_sep: str | None = ";",
    errors: str = "strict",
    *,
    identities=None,
    internal_domains=None,
    aliases=None,
    exclude=None,
    pseudonymize_key=None,
    max_input_bytes: int | None = None,
    nodetype: str | type | None = str,
    reply_to: str | None = None,
    progress: bool = False,
) -> MessageLog:
    """Read messages from JSON Lines: one JSON object per line, one message per line.

    A line looks like ``{"sender": "ann@x.org", "recipients": ["bob@x.org"],
    "timestamp": "2024-03-01T09:00:00Z"}``; the field names are keywords, and
    a name with dots (``"from.address"``) reaches into nested objects.

    Parameters
    ----------
    path : str or path-like
        The file (``.gz`` is decompressed on the fly).
    sender, recipients : str
        Fields of the sender (a string) and the recipients (an array of
        strings, or one string split at ``recipient_sep``).
    timestamp : str or None
        Field of the time: an ISO 8601 string, or Unix seconds/milliseconds as
        a number. ``None`` when there are no times.
    role : str, optional
        Field naming the role of every recipient of the line (``to``, ``cc``,
        ``bcc``, ``mention``, ``reply``, ``direct``, ``member``); default ``to``.
    message_id, channel : str, optional
        Fields kept as the message id and the channel.
    recipient_sep : str or None
        Separator when ``recipients`` is a string; ``None`` = one recipient.
    errors : {"strict", "skip"}
        ``strict`` raises :class:`onakit.ParseError` naming file, line, field
        and reason; ``skip`` counts bad lines by reason in ``log.report["skipped"]``.
    {identities}
    {max_input_bytes}
    nodetype : str (default), "auto" or int
        Type of the people labels, as for :func:`onakit.read_email_csv`.
    reply_to : str, optional
        Field holding the message id of the message a line answers (a reply
        link, :attr:`MessageLog.parents`, for :func:`onakit.response_times`);
        needs ``message_id``. An id that names no line of the file is counted
        in ``report["dropped"]["reply to unknown parent"]``.
    {progress}

    Returns
    -------
    MessageLog

    Examples
    --------
    >>> import onakit as ona
    >>> log = ona.read_jsonl("events.jsonl", sender="from.address", recipients="to",
    ...                      timestamp="sent_at")  # doctest: +SKIP
    """
    kw = _jsonl_keywords(path, sender, recipients, timestamp, role, message_id, channel, recipient_sep, errors,
                         identities=identities, internal_domains=internal_domains, aliases=aliases, exclude=exclude,
                         pseudonymize_key=pseudonymize_key, max_input_bytes=max_input_bytes, reply_to=reply_to)
    with core_progress(progress, f"reading {os.path.basename(kw['path'])}", unit="B", unit_scale=True,
                       where="read_jsonl") as report:
        core = _core.read_jsonl(**kw, progress=report)
    return MessageLog(core, people_index(core.people, nodetype, "read_jsonl"))


def _jsonl_keywords(path, sender="sender", recipients="recipients", timestamp="timestamp", role=None,
                    message_id=None, channel=None, recipient_sep=";", errors="strict", *, identities=None,
                    internal_domains=None, aliases=None, exclude=None, pseudonymize_key=None, max_input_bytes=None,
                    reply_to=None) -> dict[str, Any]:
    """read_jsonl's keywords as _core.read_jsonl / _core.stream_jsonl take them."""
    rules = identities_arg(identities, internal_domains=internal_domains, aliases=aliases, exclude=exclude,
                           pseudonymize_key=pseudonymize_key)
    return dict(path=existing_path(path, "file"), sender=sender, recipients=recipients, timestamp=timestamp,
                role=role, message_id=message_id, channel=channel, recipient_sep=recipient_sep, errors=errors,
                identities=rules, max_input_bytes=max_input_bytes, reply_to=reply_to)


def _stream_jsonl(path, sink, chunk_messages: int, *, nodetype: str | type | None = str, progress: bool = False,
                  **keywords) -> MessageLog:
    """read_jsonl, chunk by chunk into ``sink`` (a _core.StreamSink); the emptied log (people, report).
    Reply links are not set (ties do not need them)."""
    kw = _jsonl_keywords(path, **keywords)
    with core_progress(progress, f"reading {os.path.basename(kw['path'])}", unit="B", unit_scale=True,
                       where="read_jsonl") as report:
        core = _core.stream_jsonl(**kw, progress=report, sink=sink, chunk_messages=chunk_messages)
    return MessageLog(core, people_index(core.people, nodetype, "read_jsonl"))
