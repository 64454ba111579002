"""MessageLog: who wrote to whom, when, in which role."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from ._labels import core_labels
from ._time import NO_TIME, micros_to_datetime, series_to_micros, span_to_datetimes

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
        The ingest report: ``records_read``, ``records_kept``, ``messages`` and
        ``skipped`` / ``dropped`` counts by reason. ``records_read ==
        records_kept + sum(skipped.values())`` always holds.
    """

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
    ) -> "MessageLog":
        """A log from a DataFrame with one row per message or per recipient.

        The result is always a plain :class:`MessageLog`, also when called on
        the mail log that :func:`read_mbox` returns (a DataFrame has no reply
        links or display names).

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
            Rows sharing an id form one message (sender and time from its first row).
        weight : column name, optional
            Message multiplicity (e.g. a count column of an aggregated table).
        errors : {"strict", "skip"}
            Raise :class:`onakit.ParseError` on a bad row, or skip and count it.

        Examples
        --------
        >>> import pandas as pd, onakit as ona
        >>> df = pd.DataFrame({"sender": ["ann", "bob"], "recipients": ["bob;cy", "ann"],
        ...                    "timestamp": ["2024-01-08 09:00", "2024-01-08 09:05"]})
        >>> ona.MessageLog.from_pandas(df).num_messages
        2
        """
        if errors not in ("strict", "skip"):
            raise _core.OptionError(f"errors must be 'strict' or 'skip', not {errors!r}")
        for col in (sender, recipients, timestamp, role, message_id, weight):
            if col is not None and col not in df.columns:
                raise _core.ParseError(f"<pandas>: missing column {col!r} (columns: {list(df.columns)})")
            if col is not None and len(df.columns.get_indexer_for([col])) > 1:
                raise _core.ParseError(f"<pandas>: column {col!r} appears {len(df.columns.get_indexer_for([col]))} "
                                       "times; rename or drop the duplicates (e.g. df.loc[:, ~df.columns.duplicated()])")

        def column(name: Hashable) -> pd.Series:
            return _plain(df[name])
        n = len(df)
        skipped: dict[str, int] = {}
        dropped: dict[str, int] = {}
        keep = np.ones(n, dtype=bool)

        def reject(mask: np.ndarray, reason: str, field: Hashable) -> None:
            bad = mask & keep
            if not bad.any():
                return
            if errors == "strict":
                row = int(np.flatnonzero(bad)[0])
                err = _core.ParseError(f"<pandas>:{row + 1}: field '{field}': {reason}")
                err.file, err.line, err.field, err.reason = "<pandas>", row + 1, str(field), reason
                raise err
            skipped[reason] = skipped.get(reason, 0) + int(bad.sum())
            keep[bad] = False

        snd = column(sender)
        reject(snd.isna().to_numpy() | (snd.astype(str).str.strip() == "").to_numpy(), "empty sender", sender)
        if timestamp is not None:
            times, bad_t = series_to_micros(column(timestamp), errors, str(timestamp))
            reject(bad_t, "bad timestamp", timestamp)
        else:
            times = np.full(n, NO_TIME, dtype=np.int64)
        roles_row = np.zeros(n, dtype=np.uint8)
        if role is not None:
            codes = {name: i for i, name in enumerate(ROLES)}
            r = column(role).astype(str).str.strip().str.lower().map(codes)
            reject(r.isna().to_numpy(), "unknown role", role)
            roles_row = r.fillna(0).astype(np.uint8).to_numpy()
        w_row = None
        if weight is not None:
            w_row = pd.to_numeric(column(weight), errors="coerce").to_numpy(dtype=float)
            reject(~np.isfinite(w_row) | (w_row < 0), "bad weight", weight)

        # Recipients: split strings, explode list-likes, drop empty entries.
        rc = column(recipients).reset_index(drop=True)
        if recipient_sep and (rc.dtype == object or pd.api.types.is_string_dtype(rc)):
            rc = rc.map(lambda x: x.split(recipient_sep) if isinstance(x, str) else x)
        ex = rc.explode()
        row_of = ex.index.to_numpy()
        vals = ex.to_numpy(dtype=object)
        empty = pd.isna(ex).to_numpy() | np.array([isinstance(v, str) and v.strip() == "" for v in vals], dtype=bool)
        vals = np.array([v.strip() if isinstance(v, str) else v for v in vals], dtype=object)
        # A row whose recipients are all empty is a bad record; empty entries
        # beside real ones are dropped and counted.
        real_per_row = np.bincount(row_of[~empty], minlength=n)
        reject(real_per_row == 0, "no recipients", recipients)
        n_empty_in_kept = int((empty & keep[row_of]).sum())
        if n_empty_in_kept:
            dropped["empty recipient"] = n_empty_in_kept
        pair_ok = ~empty & keep[row_of]
        row_of, vals = row_of[pair_ok], vals[pair_ok]

        snd_vals = np.array([v.strip() if isinstance(v, str) else v for v in snd.to_numpy(dtype=object)], dtype=object)
        kept_rows = np.flatnonzero(keep)
        # People in order of first appearance: a row's sender, then its recipients.
        order_vals = np.concatenate([snd_vals[kept_rows], vals])
        order_key = np.concatenate([kept_rows * 2, row_of * 2 + 1])
        order = np.argsort(order_key, kind="stable")
        codes_all, uniques = pd.factorize(order_vals[order])
        codes = np.empty_like(codes_all)
        codes[order] = codes_all
        sender_code = np.zeros(n, dtype=np.uint32)
        sender_code[kept_rows] = codes[: len(kept_rows)]
        rcode = codes[len(kept_rows):].astype(np.uint32)
        rrole = roles_row[row_of]

        # Messages: one per kept row, or grouped by message id.
        if message_id is not None:
            mid = column(message_id).to_numpy(dtype=object)
            mcodes, muniq = pd.factorize(pd.Series(mid[kept_rows], dtype=object))
            msg_of_row = np.full(n, -1)
            msg_of_row[kept_rows] = mcodes
            _, first_pos = np.unique(mcodes, return_index=True)
            first = kept_rows[first_pos]
            conflict = sender_code[kept_rows] != sender_code[first[mcodes]]
            if conflict.any():
                bad_row = int(kept_rows[np.flatnonzero(conflict)[0]])
                if errors == "strict":
                    err = _core.ParseError(f"<pandas>:{bad_row + 1}: field '{message_id}': message id with two senders")
                    err.file, err.line, err.field, err.reason = "<pandas>", bad_row + 1, str(message_id), "message id with two senders"
                    raise err
                bad_rows = kept_rows[conflict]
                skipped["message id with two senders"] = skipped.get("message id with two senders", 0) + len(bad_rows)
                keep[bad_rows] = False
                sel = keep[row_of]
                row_of, rcode, rrole = row_of[sel], rcode[sel], rrole[sel]
            msg_of_pair = msg_of_row[row_of]
            order_p = np.argsort(msg_of_pair, kind="stable")
            counts = np.bincount(msg_of_pair, minlength=len(muniq))
            m_sender = sender_code[first]
            m_time = times[first]
            m_weight = None if w_row is None else w_row[first]
            m_ids = [str(x) for x in muniq]
        else:
            order_p = np.argsort(row_of, kind="stable")
            counts = np.bincount(row_of, minlength=n)[kept_rows]
            m_sender = sender_code[kept_rows]
            m_time = times[kept_rows]
            m_weight = None if w_row is None else w_row[kept_rows]
            m_ids = None
        offsets = np.zeros(len(counts) + 1, dtype=np.uint64)
        np.cumsum(counts, out=offsets[1:])
        people = pd.Index(uniques, name="person")
        core = _core.MessageLog.from_arrays(
            core_labels(people), m_sender.astype(np.uint32), m_time.astype(np.int64), offsets,
            rcode[order_p], rrole[order_p], None if m_weight is None else m_weight.astype(float), "<pandas>",
            message_ids=m_ids, records_read=n, records_kept=int(keep.sum()), skipped=skipped, dropped=dropped,
        )
        # Always a plain MessageLog: a subclass such as MailLog carries tables
        # (reply links, display names) that a DataFrame does not have.
        return MessageLog(core, people)

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
    def time_span(self) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
        return span_to_datetimes(self._core.time_span)

    def to_pandas(self) -> pd.DataFrame:
        """One row per (message, recipient): message, sender, recipient, role, timestamp[, message_id, channel, weight]."""
        c = self._core
        offsets = np.asarray(c.offsets)
        counts = np.diff(offsets).astype(np.int64)
        msg = np.repeat(np.arange(len(counts)), counts)
        people = self._people
        df = pd.DataFrame({
            "message": msg,
            "sender": people.take(np.asarray(c.senders)[msg]),
            "recipient": people.take(np.asarray(c.recipients)),
            "role": pd.Categorical.from_codes(np.asarray(c.roles).astype(np.int8), categories=ROLES),
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
        return df

    def __repr__(self) -> str:
        lo, hi = self.time_span
        span = f", {lo:%Y-%m-%d} → {hi:%Y-%m-%d}" if lo is not None else ""
        return f"MessageLog(messages={self.num_messages:,}, people={len(self._people):,}, pairs={self.num_pairs:,}{span})"

    def _repr_html_(self) -> str:
        r = self.report
        skipped = sum(r["skipped"].values())
        return (f"<b>onakit.MessageLog</b> {self.num_messages:,} messages, {len(self._people):,} people, "
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
        channels=ch if (ch >= 0).any() else None, channel_names=state["channel_names"])


def _log_from_state(state: dict) -> MessageLog:
    """Unpickling (MessageLog.__reduce__)."""
    return MessageLog(_core_log_from_state(state), state["people"])
