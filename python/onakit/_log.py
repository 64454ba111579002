"""MessageLog: who wrote to whom, when, in which role."""

from __future__ import annotations

import warnings
from collections.abc import Hashable
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from ._identities import identities_arg
from ._time import micros_to_datetime, span_to_datetimes

ROLES = list(_core.role_names)


def _plain(s: pd.Series) -> pd.Series:
    """A categorical column as a column of its categories' type (numpy cannot
    compare, split or explode categoricals the way the reader needs)."""
    if not isinstance(s.dtype, pd.CategoricalDtype):
        return s
    try:
        return s.astype(s.cat.categories.dtype)
    except (TypeError, ValueError):  # e.g. integer categories with missing values
        return s.astype(object)


def _cells(s: pd.Series) -> list:
    """A column as a list of its cells, missing values (NaN, NA, NaT) as None."""
    values = s.to_numpy(dtype=object)
    missing = pd.isna(s).to_numpy()
    if missing.any():
        values = values.copy()
        values[missing] = None
    return values.tolist()


def _time_column(s: pd.Series) -> tuple[str, Any]:
    """How a time column goes to the C++ row stage: (kind, values).

    datetime64 (naive = UTC, or tz-aware) -> int64 microseconds, NaT ->
    NO_TIME; numbers -> float Unix seconds/milliseconds (the C++ rule
    decides which); anything else -> text cells (datetime objects as ISO
    text) for the C++ parser."""
    if pd.api.types.is_datetime64_any_dtype(s):
        dt = s.dt.tz_convert("UTC").dt.tz_localize(None) if getattr(s.dt, "tz", None) is not None else s
        us = dt.to_numpy(dtype="datetime64[us]").astype(np.int64)  # NaT is int64 min = NO_TIME
        return "micros", us
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        return "unix", s.to_numpy(dtype=float, na_value=np.nan)
    cells = _cells(s)
    if pd.api.types.infer_dtype(s, skipna=True) not in ("string", "empty"):
        cells = [v.isoformat() if hasattr(v, "isoformat") and not isinstance(v, str) else v for v in cells]
    return "text", cells


def _original_labels(people: pd.Index, *columns: pd.Series) -> pd.Index:
    """The DataFrame's own values for the core's text labels, when a label
    column held something other than strings (integer ids, say)."""
    originals: dict[str, Hashable] = {}
    strings: dict[str, str] = {}
    merged: tuple[Hashable, Hashable] | None = None
    for col in columns:
        kind = pd.api.types.infer_dtype(col, skipna=True)
        if kind in ("string", "empty"):
            continue
        vals = col.dropna()
        if kind.startswith("mixed") and vals.map(lambda x: not isinstance(x, str) and pd.api.types.is_list_like(x)).any():
            vals = vals.explode().dropna()
        for v in pd.unique(vals.to_numpy(dtype=object)):
            text = v.strip() if isinstance(v, str) else str(v).strip()
            if isinstance(v, str):
                strings.setdefault(text, v)
            else:
                first = originals.setdefault(text, v)
                if merged is None and (type(first) is not type(v) or first != v):
                    merged = (first, v)
            if merged is None and text in strings and text in originals:
                merged = (originals[text], strings[text])
    if merged is not None:
        # People are one per text (the C++ row stage's rule): say so rather than merge quietly.
        warnings.warn(f"MessageLog.from_pandas: the labels {merged[0]!r} and {merged[1]!r} have the same text, so "
                      "they are one person (labels are matched by their text); convert the columns to one type if "
                      "they are different people", UserWarning, stacklevel=3)
    if not originals:
        return people
    return pd.Index([originals.get(p, p) for p in people], name="person")


class MessageLog:
    """A log of messages: sender, recipients with roles (to/cc/bcc, mention, ...),
    UTC timestamp, optional message id and channel.

    Create one with a reader (:func:`onakit.read_email_csv`,
    :func:`onakit.read_edgelist`), from a DataFrame
    (:meth:`MessageLog.from_pandas`) or with :func:`onakit.synthetic_org`;
    turn it into a graph with :func:`onakit.build_graph`.

    Attributes
    ----------
    people : pandas.Index
        Everyone who appears, as the source wrote them, in order of first appearance.
    report : dict
        The ingest report: ``records_read``, ``records_kept``, ``messages``,
        ``messages_with_several_recipients`` (messages with two or more
        distinct recipients: 0 means ``weighting="split"`` cannot differ from
        ``"count"``; see ``group_rows_by`` of the readers) and ``skipped`` /
        ``dropped`` counts by reason. ``records_read == records_kept +
        sum(skipped.values())`` always holds.

    Examples
    --------
    >>> import onakit as ona
    >>> log = ona.read_edgelist("../shared/data/karate-zachary/edges.csv")
    >>> log
    MessageLog(messages=78, several_recipients=0, people=34, pairs=78)
    >>> log.num_messages, len(log.people)
    (78, 34)
    >>> log.report["records_read"] == log.report["records_kept"] + sum(log.report["skipped"].values())
    True
    """

    # Set by read_viva_p2p only (the export's per-person attributes); no default.
    people_table: pd.DataFrame

    def __init__(self, core: Any, people: pd.Index | None = None):
        self._core = core
        if people is None:
            people = pd.Index(core.people, dtype=object, name="person")
        self._people = people

    # ---- construction -------------------------------------------------------
    @classmethod
    def from_pandas(
        cls,
        df: pd.DataFrame,
        sender: Hashable = "sender",
        recipients: Hashable = "recipients",
        timestamp: Hashable | None = "timestamp",
        role: Hashable | None = None,
        message_id: Hashable | None = None,
        weight: Hashable | None = None,
        recipient_sep: str | None = ";",
        errors: str = "strict",
        *,
        channel: Hashable | None = None,
        identities=None,
        internal_domains=None,
        aliases=None,
        exclude=None,
        pseudonymize_key=None,
        group_rows_by: str | None = None,
    ) -> "MessageLog":
        """A log from a DataFrame with one row per message or per recipient.

        The rows go through the same C++ row stage as :func:`read_email_csv`
        (``onakit/ingest/message_rows.hpp``): the same checks, time parser,
        identity rules and report, so a DataFrame and the file it was read
        from give identical logs, graphs and pseudonyms. The result is always
        a plain :class:`MessageLog`, also when called on the mail log that
        :func:`read_mbox` returns (a DataFrame has no reply links or display
        names).

        Parameters
        ----------
        df : pandas.DataFrame
        sender, recipients, timestamp : column names
            ``recipients`` may hold one recipient, a list-like of recipients,
            or a string of recipients separated by ``recipient_sep``.
            ``timestamp=None`` for logs without times.
        role : column name, optional
            Recipient role per row (``to``, ``cc``, ``bcc``, ...); default ``to``.
        message_id : column name, optional
            Rows sharing an id form one message (sender, time and weight from
            its first row; a later row with another sender is a bad record
            ``"message id with two senders"``).
        weight : column name, optional
            Message multiplicity (e.g. a count column of an aggregated table):
            a number >= 0, or text holding one (``.`` decimal point).
        recipient_sep : str or None
            Separator inside a recipients string; None: each string is one recipient.
        errors : {"strict", "skip"}
            Raise :class:`onakit.ParseError` on the first bad row (named
            ``<pandas>:ROW: field 'COLUMN': reason``, ROW counting from 1), or
            skip bad rows and count them by reason in ``log.report["skipped"]``.
        channel : column name, optional
            The channel or thread of each message (e.g. a Slack channel), as
            for :func:`read_jsonl`; with ``message_id``, from a message's first row.
        identities : onakit.Identities, optional
            Identity rules applied to every sender and recipient before it is
            stored, as for :func:`read_email_csv`; or the shortcuts
            ``internal_domains=``, ``aliases=``, ``exclude=``,
            ``pseudonymize_key=`` (see :class:`onakit.Identities`). With a
            key no raw address is stored: people, message ids and values
            quoted in errors are pseudonymised or masked.
        group_rows_by : {"message_id", "sender_time", "none"}, optional
            How rows form messages, as for :func:`read_email_csv`. Default:
            by ``message_id`` when that column is given, else a row is a
            message. ``"sender_time"``: rows with the same sender and time
            (and ``channel`` and ``weight``, when given) are one message,
            for a table with one row per recipient and no message id;
            without it ``build_graph(weighting="split")`` equals ``"count"``.

        Notes
        -----
        Times: text is parsed by the C++ parser of the file readers (ISO 8601
        with or without offset, ``YYYY-MM-DD HH:MM:SS`` as UTC, Unix
        seconds/milliseconds); ``datetime64`` columns (naive = UTC, or
        tz-aware) are used to the microsecond; number columns are Unix
        seconds, or milliseconds from 10^11, as in the CSV reader. A missing
        time (None, NaN, NaT, empty text) gives a message without time,
        counted in ``report["dropped"]["empty timestamp"]``; a time that does
        not parse or is out of range is a bad record ``"bad timestamp"``.

        Labels: people are matched by their text form (``str(x)``, trimmed),
        as in a CSV file. Without identity rules, labels that were not
        strings (e.g. integer ids) come back as the values of ``df``
        (``log.people`` holds ints for an int column); with rules, the labels
        are the rules' output (canonical addresses or pseudonyms).

        Examples
        --------
        >>> import pandas as pd, onakit as ona
        >>> df = pd.DataFrame({"sender": ["ann", "bob"], "recipients": ["bob;cy", "ann"],
        ...                    "timestamp": ["2024-01-08 09:00", "2024-01-08 09:05"]})
        >>> ona.MessageLog.from_pandas(df).num_messages
        2
        """
        rules = identities_arg(identities, internal_domains=internal_domains, aliases=aliases, exclude=exclude,
                               pseudonymize_key=pseudonymize_key)
        if errors not in ("strict", "skip"):
            raise _core.OptionError(f"errors must be 'strict' or 'skip', not {errors!r}")
        if recipient_sep is not None and (not isinstance(recipient_sep, str) or len(recipient_sep) > 1):
            raise _core.OptionError(f"recipient_sep must be a single character or None, not {recipient_sep!r}")
        for col in (sender, recipients, timestamp, role, message_id, weight, channel):
            if col is not None and col not in df.columns:
                raise _core.ParseError(f"<pandas>: missing column {col!r} (columns: {list(df.columns)})")
            copies = 0 if col is None else len(df.columns.get_indexer_for(pd.Index([col])))
            if copies > 1:
                raise _core.ParseError(f"<pandas>: column {col!r} appears {copies} "
                                       "times; rename or drop the duplicates (e.g. df.loc[:, ~df.columns.duplicated()])")

        def column(name: Hashable) -> pd.Series:
            return _plain(df[name])

        snd, rcp = column(sender), column(recipients)
        kind, times = "none", None
        if timestamp is not None:
            kind, times = _time_column(column(timestamp))
        w = None
        if weight is not None:
            ws = column(weight)
            numeric = pd.api.types.is_numeric_dtype(ws) and not pd.api.types.is_bool_dtype(ws)
            w = ws.to_numpy(dtype=float, na_value=np.nan) if numeric else _cells(ws)
        fields = {k: str(v) for k, v in (("sender", sender), ("recipients", recipients), ("timestamp", timestamp),
                                        ("role", role), ("message_id", message_id), ("weight", weight))
                  if v is not None}
        core = _core.read_message_columns(
            sender=_cells(snd), recipients=_cells(rcp), timestamp=times, timestamp_kind=kind,
            role=None if role is None else _cells(column(role)),
            message_id=None if message_id is None else _cells(column(message_id)),
            channel=None if channel is None else _cells(column(channel)),
            weight=w, recipient_sep=recipient_sep or None, errors=errors, identities=rules, source="<pandas>",
            fields=fields, group_rows_by=group_rows_by)
        people = pd.Index(core.people, dtype=object, name="person")
        if rules is None:
            people = _original_labels(people, snd, rcp)
        # Always a plain MessageLog: a subclass such as MailLog carries tables
        # (reply links, display names) that a DataFrame does not have.
        return MessageLog(core, people)

    @classmethod
    def from_arrow(
        cls,
        table,
        sender: Hashable = "sender",
        recipients: Hashable = "recipients",
        timestamp: Hashable | None = "timestamp",
        role: Hashable | None = None,
        message_id: Hashable | None = None,
        weight: Hashable | None = None,
        recipient_sep: str | None = ";",
        errors: str = "strict",
        *,
        channel: Hashable | None = None,
        identities=None,
        internal_domains=None,
        aliases=None,
        exclude=None,
        pseudonymize_key=None,
        group_rows_by: str | None = None,
    ) -> "MessageLog":
        """A log from Arrow data: a pyarrow Table, RecordBatch or
        RecordBatchReader, or anything with ``__arrow_c_stream__`` (a Polars
        DataFrame, a DuckDB result). Needs ``pyarrow``.

        The keywords and rules of :meth:`from_pandas` (one C++ row stage:
        checks, time parser, identity rules, report, pseudonyms), read from
        Arrow's buffers batch by batch, without a Python object per cell.
        Column types as for :func:`onakit.read_parquet`: ``recipients`` a list
        column (``list<string>``, ``large_list``) or text separated by
        ``recipient_sep``; times Arrow timestamps (any unit; naive = UTC, or
        with a zone), dates, Unix seconds/milliseconds or text; text plain,
        large, view or dictionary-encoded (read through the dictionary).
        Errors name ``<arrow>`` and the row, counting from 1. People are
        integers when the sender and recipients columns hold integers (as
        from_pandas gives them), else strings.

        Examples
        --------
        >>> import pyarrow as pa, onakit as ona
        >>> t = pa.table({"sender": ["ann", "bob"], "recipients": [["bob", "cy"], ["ann"]],
        ...               "timestamp": pa.array([1_700_000_000, 1_700_000_060], pa.timestamp("s", tz="UTC"))})
        >>> log = ona.MessageLog.from_arrow(t)
        >>> log.num_messages, log.num_pairs, list(log.people)
        (2, 3, ['ann', 'bob', 'cy'])
        """
        from ._read_parquet import from_arrow

        rules = identities_arg(identities, internal_domains=internal_domains, aliases=aliases, exclude=exclude,
                               pseudonymize_key=pseudonymize_key)
        return from_arrow(table, sender, recipients, timestamp, role, message_id, weight, recipient_sep, errors,
                          channel=channel, rules=rules, group_rows_by=group_rows_by)

    # ---- reading --------------------------------------------------------------
    @property
    def people(self) -> pd.Index:
        """Everyone in the log, in order of first appearance."""
        return self._people

    @property
    def num_messages(self) -> int:
        return int(self._core.num_messages)

    @property
    def num_pairs(self) -> int:
        """Number of (message, recipient) pairs."""
        return int(self._core.num_pairs)

    def __len__(self) -> int:
        return self.num_messages

    @property
    def report(self) -> dict:
        """Counts by reason of what the reader kept, skipped and dropped."""
        return self._core.report

    @property
    def parents(self) -> np.ndarray:
        """For each message, the row of the message it answers, or -1.

        Reply links come from the sources that have them (mail
        ``In-Reply-To``, chat thread replies); a log without any is all -1.
        :func:`onakit.response_times` measures delays along these links.

        Examples
        --------
        >>> import onakit as ona
        >>> log = ona.read_mbox("../shared/data/mbox-parser-samples-perceval/mbox__mbox_complex.mbox")
        >>> log.parents.tolist()
        [-1, -1]
        """
        return np.asarray(self._core.parents)

    @property
    def time_span(self) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
        return span_to_datetimes(self._core.time_span)

    def to_pandas(self) -> pd.DataFrame:
        """One row per (message, recipient): message, sender, recipient, role, timestamp[, message_id, channel, weight, parent].

        ``parent`` (present when some message answers another) is the
        ``message`` number of the message it answers, or -1.

        Examples
        --------
        >>> import onakit as ona
        >>> log, people = ona.synthetic_org(people=50, departments=2, weeks=2)
        >>> table = log.to_pandas()
        >>> table.columns.tolist()
        ['message', 'sender', 'recipient', 'role', 'timestamp']
        >>> len(table) == log.num_pairs
        True
        """
        c = self._core
        offsets = np.asarray(c.offsets)
        counts = np.diff(offsets).astype(np.int64)
        msg = np.repeat(np.arange(len(counts)), counts)
        people = self._people
        df = pd.DataFrame({
            "message": msg,
            "sender": people.take(np.asarray(c.senders)[msg]),
            "recipient": people.take(np.asarray(c.recipients)),
            "role": pd.Categorical.from_codes(np.asarray(c.roles).astype(np.int8), categories=pd.Index(ROLES)),
            "timestamp": micros_to_datetime(np.asarray(c.times)[msg]),
        })
        ids = c.message_ids
        if ids is not None:
            df["message_id"] = np.asarray(ids, dtype=object)[msg]
        ch = np.asarray(c.channels)
        if (ch >= 0).any():
            names = np.asarray(list(c.channel_names) + [None], dtype=object)
            df["channel"] = names[np.where(ch < 0, len(names) - 1, ch)][msg]
        w = np.asarray(c.weights)
        if (w != 1).any():
            df["weight"] = w[msg]
        par = np.asarray(c.parents)
        if (par >= 0).any():
            df["parent"] = par[msg]
        return df

    def __repr__(self) -> str:
        lo, hi = self.time_span
        span = f", {lo:%Y-%m-%d} → {hi:%Y-%m-%d}" if lo is not None else ""
        several = self.report.get("messages_with_several_recipients", 0)
        return (f"MessageLog(messages={self.num_messages:,}, several_recipients={several:,}, "
                f"people={len(self._people):,}, pairs={self.num_pairs:,}{span})")

    def _repr_html_(self) -> str:
        r = self.report
        skipped = sum(r["skipped"].values())
        return (f"<b>onakit.MessageLog</b> {self.num_messages:,} messages "
                f"({r.get('messages_with_several_recipients', 0):,} with several recipients), "
                f"{len(self._people):,} people, "
                f"{self.num_pairs:,} message-recipient pairs<br>records read {r['records_read']:,}, "
                f"kept {r['records_kept']:,}, skipped {skipped:,}")

    # ---- pickling ---------------------------------------------------------------
    # Through the columns: the core log is rebuilt with MessageLog.from_arrays,
    # so a pickle holds plain arrays and lists, never C++ memory.
    def _columns_state(self) -> dict:
        c = self._core
        rep = c.report
        return {
            "people": self._people, "labels": list(c.people), "senders": np.array(c.senders),
            "times": np.array(c.times), "offsets": np.array(c.offsets), "recipients": np.array(c.recipients),
            "roles": np.array(c.roles), "weights": np.array(c.weights), "message_ids": c.message_ids,
            "channels": np.array(c.channels), "channel_names": list(c.channel_names), "report": rep,
            "parents": np.array(c.parents),
        }

    def __reduce__(self):
        """Pickling support: ``pickle.loads(pickle.dumps(log))`` has the same
        messages, people (labels and dtype), times, roles, weights, message
        ids, channels and ingest report."""
        return (_log_from_state, (self._columns_state(),))


def _core_log_from_state(state: dict):
    rep = state["report"]
    ch = state["channels"]
    return _core.MessageLog.from_arrays(
        state["labels"], state["senders"], state["times"], state["offsets"], state["recipients"], state["roles"],
        state["weights"], rep["source"], message_ids=state["message_ids"], records_read=rep["records_read"],
        records_kept=rep["records_kept"], skipped=rep["skipped"], dropped=rep["dropped"],
        channels=ch if (ch >= 0).any() else None, channel_names=state["channel_names"],
        parents=state.get("parents"))


def _log_from_state(state: dict) -> MessageLog:
    """Unpickling (MessageLog.__reduce__)."""
    return MessageLog(_core_log_from_state(state), state["people"])
