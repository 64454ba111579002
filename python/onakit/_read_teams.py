"""Reader: Microsoft Teams chat and channel messages (Graph API ``chatMessage`` resources)."""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Mapping

from . import _core
from ._docs import shared_doc
from ._identities import identities_arg
from ._io import existing_path
from ._log import MessageLog
from ._progress import check_progress, core_progress
from ._time import to_seconds

__all__: list[str] = ["read_teams_messages"]


def _paths(path) -> list[str]:
    """One path or a list of them, each checked to exist."""
    items = [path] if isinstance(path, (str, bytes, os.PathLike)) else list(path)
    if not items:
        raise _core.OptionError("read_teams_messages: path= is an empty list; give a file or folder of Graph pages")
    return [existing_path(p, "file or folder") for p in items]


def _members_json(members: Mapping) -> str:
    """A ``members=`` mapping as the JSON text the C++ reader parses (one parser for files and mappings)."""
    out: dict[str, list] = {}
    for key, value in members.items():
        if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
            raise _core.OptionError(f"members=: the value for {key!r} must be a list of user ids (or of "
                                    f"conversationMember dicts with userId/email), not {type(value).__name__}")
        items: list[str | dict[str, str]] = []
        for m in value:
            if isinstance(m, str):
                items.append(m)
            elif isinstance(m, Mapping):
                items.append({k: m[k] for k in ("userId", "email") if k in m and m[k] is not None})
            else:
                raise _core.OptionError(f"members=: a member of {key!r} must be a user id string or a dict with "
                                        f"userId/email, not {m!r}")
        out[str(key)] = items
    return json.dumps(out)


@shared_doc
def read_teams_messages(
    path,
    channel_ties: str = "recent",
    recent_window=3600,
    reply_to_thread_participants: bool = False,
    mentions: bool = True,
    members=None,
    resolve_emails: bool = True,
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
    """Read Microsoft Teams chat and channel messages as the Microsoft Graph API returns them.

    The input is ``chatMessage`` resources: response pages saved from
    ``GET /chats/{id}/messages``, ``GET /teams/{id}/channels/{id}/messages``
    and ``.../messages/{id}/replies`` (``{"value": [...]}``), bare JSON arrays,
    or JSON Lines (one message or page per line). A message reaches, with the
    first role that applies: the users it @mentions (``mention``); for a
    reply (``replyToId``), the parent's author (``reply``), and the reply is
    linked to its parent (``log.parents``); otherwise the people chosen by
    ``channel_ties`` (``member``). System messages (``messageType`` other
    than ``"message"``), deleted messages and bot/application senders are
    skipped and counted by reason in ``log.report["skipped"]``. People are
    their Azure AD user ids (``from.user.id``), or the e-mail their member
    record gives. Each message keeps its ``id`` and its conversation
    (``chat:<chatId>`` or ``channel:<channelId>``) as channel.

    Parameters
    ----------
    path : str, path-like or list of them
        Files and folders (walked recursively for ``.json``, ``.jsonl``,
        ``.ndjson``, optionally ``.gz``). Replies are linked to parents in
        any of the files.
    channel_ties : {"recent", "members", "none"}
        Whom a message that is not a reply reaches: everyone who posted in
        the same chat or channel within ``recent_window`` before it; the
        conversation's member list (``members=``, or ``chat`` resources with
        a ``members`` array among the input, as ``GET /chats?$expand=members``
        returns); or nobody (only mentions and replies make ties).
    recent_window : number or duration
        The ``recent`` window: seconds, or anything :class:`pandas.Timedelta`
        reads (``"1h"``, ``"30min"``). Default one hour.
    reply_to_thread_participants : bool
        A reply also reaches everyone who replied earlier in the thread.
    mentions : bool
        @mentions of users make ties.
    members : mapping or str or path-like, optional
        Member lists the export lacks: a mapping ``{chat or channel id: [user
        id, ...]}`` (members may also be ``conversationMember`` dicts with
        ``userId`` and ``email``), or a JSON file holding such a mapping, a
        ``GET /chats?$expand=members`` response or one member page
        (``GET /chats/{id}/members``, ``GET /teams/{id}/channels/{id}/members``:
        the id is read from its ``@odata.context``). Keys are the messages'
        ``chatId`` or ``channelIdentity.channelId``. Member pages and chats with
        ``members`` found among the input files are used too.
    resolve_emails : bool
        Identify users by the ``email`` of their member record where known
        (so Teams and mail identities merge); otherwise by user id.
    errors : {"strict", "skip"}
        ``strict`` raises :class:`onakit.ParseError` for a malformed message,
        naming the file and the message's position in the page's ``value``
        (or its line in JSON Lines); ``skip`` counts it in ``log.report["skipped"]``.
    {identities}
    {max_input_bytes}
    {progress}

    Returns
    -------
    MessageLog
        ``log.report["skipped"]`` counts every record that made no tie, by
        reason (``"messageType systemEventMessage"``, ``"deleted"``, ``"bot or
        application sender"``, ``"duplicate message"``, ``"no recipients
        (quiet conversation)"``, ``"no recipients (parent not in input)"``,
        ...); ``log.report["dropped"]`` counts reply links whose parent is
        missing and mentions of channels or tags. A warning says when no
        message made a tie.

    Examples
    --------
    >>> import onakit as ona
    >>> d = "../shared/data/msgraph-docs-samples/"
    >>> chat = "19:2da4c29f6d7041eca70b638b43d45437@thread.v2"
    >>> robin = "8ea0e38b-efb3-4757-924a-5f94061cf8c2"
    >>> log = ona.read_teams_messages(d + "chat-list-messages_example1.json", channel_ties="members",
    ...                               members={chat: [robin, {"userId": "u-2", "email": "kim@contoso.example"}]})
    >>> log
    MessageLog(messages=2, several_recipients=0, people=2, pairs=2, 2021-03-17 → 2021-03-28)
    >>> log.to_pandas()[["recipient", "role", "message_id"]]
                 recipient    role     message_id
    0  kim@contoso.example  member  1615971548136
    1  kim@contoso.example  member  1616964509832
    >>> log.to_pandas()["channel"].unique().tolist()
    ['chat:19:2da4c29f6d7041eca70b638b43d45437@thread.v2']
    >>> log.report["skipped"]
    {'messageType unknownFutureValue': 1}

    The three replies of the channel sample answer a post that is not in the
    samples: they reach nobody and are counted (and a warning says no
    message made a tie):

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     replies = ona.read_teams_messages(d + "chatmessage-list-replies_example.json")
    >>> replies.report["skipped"]
    {'no recipients (parent not in input)': 3}
    """
    rules = identities_arg(identities, internal_domains=internal_domains, aliases=aliases, exclude=exclude,
                           pseudonymize_key=pseudonymize_key)
    window = to_seconds(recent_window, "recent_window")
    if window is None:
        raise _core.OptionError("recent_window must be a positive duration, not None")
    paths = _paths(path)
    members_path: str | None = None
    members_text: str | None = None
    if isinstance(members, Mapping):
        members_text = _members_json(members)
    elif isinstance(members, (str, os.PathLike)):
        members_path = existing_path(members, "members file")
    elif members is not None:
        raise _core.OptionError(f"members= must be a mapping {{conversation id: [user ids]}} or a JSON file, "
                                f"not {type(members).__name__}")
    check_progress(progress, "read_teams_messages")
    with core_progress(progress, f"reading {os.path.basename(os.path.normpath(paths[0]))}", unit="file",
                       where="read_teams_messages") as report:
        core = _core.read_teams_messages(paths=paths, channel_ties=channel_ties, recent_window=float(window),
                                         reply_to_thread_participants=bool(reply_to_thread_participants),
                                         mentions=bool(mentions), resolve_emails=bool(resolve_emails),
                                         members_path=members_path, members_text=members_text,
                                         members_name="members=", errors=errors, identities=rules,
                                         max_input_bytes=max_input_bytes, progress=report)
    log = MessageLog(core)
    rep = log.report
    if log.num_messages == 0 and rep["records_read"] > 0:
        warnings.warn(f"read_teams_messages: none of the {rep['records_read']:,} records read made a tie "
                      f"(skipped: {rep['skipped']}); with channel_ties={channel_ties!r} a message needs another "
                      "poster in the window, a member list, a mention or a reply to someone else", stacklevel=2)
    return log
