"""Columnar input: ``ona.read_parquet`` and ``MessageLog.from_arrow``.

Arrow record batches go to the C++ row stage (``onakit/ingest/arrow_messages.hpp``)
through the Arrow PyCapsule interface: the cells are read from Arrow's buffers
(offsets + data, string views, dictionary indices), never as Python objects.
This module only picks the columns, casts the few Arrow types the C++ side
does not read (integers in label columns become their text, binary is checked
to be UTF-8), and drives the batches: one C++ log per call, so people ids and
message-id groups span every batch and file.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Generator, Hashable, Iterable, Iterator
from typing import Any

import pandas as pd

from . import _core
from ._docs import shared_doc
from ._identities import identities_arg
from ._labels import people_index
from ._log import MessageLog
from ._progress import progress_bar

__all__ = ["read_parquet"]

#: Rows per record batch read from a Parquet file (and the most handed to C++ at once).
BATCH_ROWS = 1 << 16


def _pyarrow():
    try:
        import pyarrow as pa
    except ImportError as e:  # pragma: no cover - pyarrow is a test dependency
        raise ImportError("reading Parquet/Arrow needs pyarrow: pip install 'onakit[parquet]' (or pyarrow)") from e
    return pa


# ---- which Arrow types go to C++ as they are, which are cast first -----------------
def _is_type(pa, name: str, t) -> bool:
    """pa.types.<name>(t), False when this pyarrow predates the type (string_view, list_view: pyarrow 16)."""
    test = getattr(pa.types, name, None)
    return bool(test(t)) if test is not None else False


def _is_text(pa, t) -> bool:
    return (pa.types.is_string(t) or pa.types.is_large_string(t) or _is_type(pa, "is_string_view", t)
            or pa.types.is_null(t))


def _label_cast(pa, t, col: str, kw: str):
    """The type a label column (sender, recipients, role, message_id, channel) is cast to, or None to keep it."""
    if _is_text(pa, t):
        return None
    if pa.types.is_dictionary(t):
        return None if _is_text(pa, t.value_type) else _label_cast(pa, t.value_type, col, kw) or pa.string()
    if pa.types.is_binary(t):
        return pa.string()  # checked to be UTF-8 by the cast
    if pa.types.is_large_binary(t):
        return pa.large_string()
    if pa.types.is_integer(t):
        return pa.string()  # the integer's text, as a CSV file holds it
    raise _core.OptionError(f"column {col!r} ({kw}=) holds Arrow type {t}: a label column must hold strings or "
                            "integers (cast it first, e.g. with pyarrow.compute.cast)")


def _recipients_cast(pa, t, col: str):
    if not (pa.types.is_list(t) or pa.types.is_large_list(t) or _is_type(pa, "is_list_view", t)
            or _is_type(pa, "is_large_list_view", t) or pa.types.is_fixed_size_list(t)):
        return _label_cast(pa, t, col, "recipients")
    inner = _label_cast(pa, t.value_type, col, "recipients") or t.value_type
    large = pa.types.is_large_list(t) or _is_type(pa, "is_large_list_view", t)
    want = pa.large_list(inner) if large else pa.list_(inner)
    return None if want.equals(t) else want


def _time_cast(pa, t, col: str):
    if (_is_text(pa, t) and not pa.types.is_null(t)) or pa.types.is_timestamp(t) or pa.types.is_date(t):
        return None
    if pa.types.is_integer(t) or pa.types.is_float32(t) or pa.types.is_float64(t):
        return None
    if pa.types.is_null(t):
        return pa.string()  # every cell empty
    if pa.types.is_floating(t) or pa.types.is_decimal(t):
        return pa.float64()
    if pa.types.is_dictionary(t):
        return None if _is_text(pa, t.value_type) else (_time_cast(pa, t.value_type, col) or t.value_type)
    if pa.types.is_binary(t) or pa.types.is_large_binary(t):
        return pa.string()
    raise _core.OptionError(f"column {col!r} (timestamp=) holds Arrow type {t}: a time column must hold "
                            "timestamps, dates, Unix seconds/milliseconds or text")


def _weight_cast(pa, t, col: str):
    if pa.types.is_integer(t) or pa.types.is_float32(t) or pa.types.is_float64(t):
        return None
    if _is_text(pa, t) and not pa.types.is_null(t):
        return None
    if pa.types.is_floating(t) or pa.types.is_decimal(t):
        return pa.float64()
    if pa.types.is_dictionary(t):
        return None if _is_text(pa, t.value_type) else (_weight_cast(pa, t.value_type, col) or t.value_type)
    if pa.types.is_null(t) or pa.types.is_boolean(t) or pa.types.is_binary(t) or pa.types.is_large_binary(t):
        return pa.string()  # as pandas: text that is not a number (a bad weight)
    raise _core.OptionError(f"column {col!r} (weight=) holds Arrow type {t}: a weight column must hold numbers "
                            "or text")


class _Plan:
    """For one schema: the columns to hand to C++ and the casts they need."""

    def __init__(self, pa, schema, columns: dict[str, Hashable | None], source: str):
        names = list(schema.names)
        self.names: list[str] = []
        self.casts: dict[str, Any] = {}
        self.integer_labels = False  # sender or recipients hold integers (the labels' type)
        for kw, col in columns.items():
            if col is None:
                continue
            col = str(col)
            found = schema.get_all_field_indices(col)
            if not found:
                raise _core.ParseError(f"{source}: missing column {col!r} (columns: {names})")
            if len(found) > 1:
                raise _core.ParseError(f"{source}: column {col!r} appears {len(found)} times; rename the duplicates")
            t = schema.field(col).type
            cast = {"recipients": lambda: _recipients_cast(pa, t, col), "timestamp": lambda: _time_cast(pa, t, col),
                    "weight": lambda: _weight_cast(pa, t, col)}.get(kw, lambda: _label_cast(pa, t, col, kw))()
            if kw in ("sender", "recipients"):
                inner = t.value_type if hasattr(t, "value_type") and not pa.types.is_dictionary(t) else t
                if pa.types.is_dictionary(inner):
                    inner = inner.value_type
                self.integer_labels = self.integer_labels or pa.types.is_integer(inner)
            if col not in self.names:
                self.names.append(col)
                if cast is not None:
                    self.casts[col] = cast

    def batch(self, pa, batch):
        """The batch's needed columns, cast; a struct of them for C++."""
        arrays = []
        for name in self.names:
            a = batch.column(name)
            want = self.casts.get(name)
            if want is not None:
                if pa.types.is_dictionary(a.type) and not pa.types.is_dictionary(want):
                    a = a.dictionary_decode()
                try:
                    a = a.cast(want)
                except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as e:
                    raise _core.ParseError(f"column {name!r}: cannot read Arrow type {a.type} as {want}: {e}") from None
            arrays.append(a)
        return pa.RecordBatch.from_arrays(arrays, names=self.names)


def _columns(sender, recipients, timestamp, role, message_id, channel, weight) -> dict[str, Hashable | None]:
    for kw, col in (("sender", sender), ("recipients", recipients)):
        if col is None:
            raise _core.OptionError(f"{kw}= must name a column, not None")
    return {"sender": sender, "recipients": recipients, "timestamp": timestamp, "role": role,
            "message_id": message_id, "channel": channel, "weight": weight}


def _new_reader(columns: dict, *, recipient_sep, errors, rules, source: str, group_rows_by):
    if errors not in ("strict", "skip"):
        raise _core.OptionError(f"errors must be 'strict' or 'skip', not {errors!r}")
    if recipient_sep is not None and (not isinstance(recipient_sep, str) or len(recipient_sep) > 1):
        raise _core.OptionError(f"recipient_sep must be a single character or None, not {recipient_sep!r}")
    def name(kw: str) -> str | None:
        return None if columns[kw] is None else str(columns[kw])

    return _core.ArrowMessageReader(sender=str(columns["sender"]), recipients=str(columns["recipients"]),
                                    timestamp=name("timestamp"), role=name("role"), message_id=name("message_id"),
                                    channel=name("channel"), weight=name("weight"),
                                    recipient_sep=recipient_sep or None, errors=errors, identities=rules,
                                    source=source, group_rows_by=group_rows_by)


def _parquet_files(path) -> tuple[str, list[str]]:
    """(the name for the report, the .parquet files): a file, or a folder's files in sorted order."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path}: no such file or folder")
    if not os.path.isdir(path):
        return path, [path]
    files = sorted(os.path.join(root, f) for root, _, names in os.walk(path) for f in names
                   if f.endswith(".parquet") and not f.startswith((".", "_")))
    if not files:
        raise FileNotFoundError(f"{path}: a folder without .parquet files")
    return path, files


def _parquet_batches(pa, path: str, names: list[str], batch_rows: int):
    """The record batches of one file (its row groups, in batch_rows pieces) and its row count.

    Top-level string columns are read as dictionaries when the file stores
    them so (pyarrow's read_dictionary): repeated labels are not copied."""
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
        dict_cols = [n for n in names if n in schema.names and _is_text(pa, schema.field(n).type)
                     and not pa.types.is_null(schema.field(n).type)]
        # pre_buffer=False: pyarrow's pre-buffering asks for every row group at once and caches their column chunks,
        # so memory grew with the file (8.3 GB for a 7.7 GB file streamed); without it a row group at a time.
        f = pq.ParquetFile(path, read_dictionary=dict_cols, pre_buffer=False)
    except (pa.ArrowException, OSError) as e:
        raise _not_parquet(path, e) from None
    return f.schema_arrow, f.metadata.num_rows, _checked_batches(
        path, pa, f.iter_batches(batch_size=batch_rows, columns=names, use_threads=True))


def _not_parquet(path: str, e: Exception) -> Exception:
    """ReadError naming the file, for what pyarrow cannot read (an empty, truncated or foreign file)."""
    err = _core.ReadError(f"{path}: not a readable Parquet file ({e})")
    vars(err).update(file=path, line=0)
    return err


def _checked_batches(path: str, pa, batches):
    """``batches``, with pyarrow's errors on damaged data pages as ReadError naming the file."""
    try:
        yield from batches
    except (pa.ArrowException, OSError) as e:
        raise _not_parquet(path, e) from None


def _int_text(x: str) -> bool:
    return x.lstrip("-").isdigit() and len(x) < 19 and str(int(x)) == x


def _prefetched(batches: Iterable, depth: int = 2) -> Generator:
    """``batches``, decoded ahead by a background thread: pyarrow decodes the
    next row group (without the GIL) while the C++ row stage (also without the
    GIL) reads this one. Order is kept; an error of the decoder is raised here;
    leaving early (an error, Ctrl-C) stops the thread."""
    q: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()
    done = object()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for b in batches:
                if not put(b):
                    return
            put(done)
        except BaseException as e:  # handed to the consumer, raised there
            put(e)

    t = threading.Thread(target=produce, name="onakit-parquet-decoder", daemon=True)
    t.start()
    try:
        while True:
            item = q.get()
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        t.join()


def _people(core, integer_columns: bool, rules, nodetype, where: str) -> pd.Index:
    """The people Index: by ``nodetype``, or (None) as :meth:`MessageLog.from_pandas` labels them:
    without identity rules, a label that is the text of an integer from an integer column is that integer."""
    if nodetype is not None:
        return people_index(core.people, nodetype, where)
    labels = list(core.people)
    if not integer_columns or rules is not None:
        return pd.Index(labels, dtype=object, name="person")
    if all(_int_text(x) for x in labels):
        return people_index(labels, int, where)
    return pd.Index([int(x) if _int_text(x) else x for x in labels], dtype=object, name="person")


def _read_files(path, columns: dict, *, recipient_sep, errors, rules, group_rows_by, nodetype, progress,
                batch_rows: int, on_batch: Callable[[Any], None] | None = None, where: str = "read_parquet"):
    """One reader over every file of ``path``: (reader, people Index)."""
    pa = _pyarrow()
    name, files = _parquet_files(path)
    reader = _new_reader(columns, recipient_sep=recipient_sep, errors=errors, rules=rules, source=name,
                         group_rows_by=group_rows_by)
    integer = False
    want = list(dict.fromkeys(str(c) for c in columns.values() if c is not None))
    with progress_bar(progress, f"reading {os.path.basename(name)}", unit="row", unit_scale=True,
                      where=where) as bar:
        for file in files:
            schema, rows, batches = _parquet_batches(pa, file, want, batch_rows)
            plan = _Plan(pa, schema, columns, file)
            integer = integer or plan.integer_labels
            bar.total = (bar.total or 0) + rows
            reader.start_source(file)
            for batch in _prefetched(batches):
                reader.add(plan.batch(pa, batch).__arrow_c_array__())
                bar.update(batch.num_rows)
                if on_batch is not None:
                    on_batch(reader)
    reader.finish()
    return reader, integer


@shared_doc
def read_parquet(
    path,
    sender: str = "sender",
    recipients: str = "recipients",
    timestamp: str | None = "timestamp",
    role: str | None = None,
    message_id: str | None = None,
    channel: str | None = None,
    weight: str | None = None,
    recipient_sep: str | None = ";",
    errors: str = "strict",
    *,
    identities=None,
    internal_domains=None,
    aliases=None,
    exclude=None,
    pseudonymize_key=None,
    nodetype: str | type | None = None,
    group_rows_by: str | None = None,
    batch_rows: int = BATCH_ROWS,
    progress: bool = False,
) -> MessageLog:
    """Read a message log from a Parquet file, or a folder of them (needs ``pyarrow``).

    The same rules as :func:`read_email_csv` and
    :meth:`MessageLog.from_pandas` (one C++ row stage: checks, time parser,
    identity rules, report, pseudonyms), read column-wise from Arrow buffers
    batch by batch (``batch_rows`` rows of a row group at a time, into one
    log). Only the named columns are read.

    Parameters
    ----------
    path : str or path-like
        A ``.parquet`` file, or a folder: every ``.parquet`` file under it, in
        sorted order, read as one table (a dataset).
    sender, recipients, timestamp : str
        Column names. ``recipients`` is a list column (``list<string>``,
        ``large_list``; one entry per recipient) or text holding recipients
        separated by ``recipient_sep``. ``timestamp`` may be an Arrow
        timestamp (any unit; naive = UTC, or with a zone), a date, Unix
        seconds/milliseconds (numbers) or text (ISO 8601, ``YYYY-MM-DD
        HH:MM:SS``); ``None`` for a log without times.
    role, message_id, channel, weight : str, optional
        Columns of recipient roles (``to``/``cc``/``bcc``, ...), message ids
        (rows sharing one are one message), channels and message weights
        (numbers >= 0), as for :meth:`MessageLog.from_pandas`.
    recipient_sep : str or None
        Separator in a text recipients column; None: each cell is one recipient.
    errors : {"strict", "skip"}
        ``strict`` raises :class:`onakit.ParseError` naming the file, the row
        (1-based, counted across the file's row groups), the column and the
        reason; ``skip`` skips bad rows and counts them by reason in
        ``log.report["skipped"]``.
    {identities}
        With a key, ``message_id`` values are stored pseudonymised.
    nodetype : None (default), str, "auto" or int
        Type of the people labels. None: as :meth:`MessageLog.from_pandas`
        labels the same table (``pandas.read_parquet``): without identity
        rules, the people of an integer sender or recipients column are
        integers, else strings; otherwise as for :func:`read_email_csv`.
    {group_rows_by}
    batch_rows : int
        Rows per record batch handed to the row stage (memory, not results).
    {progress}

    Returns
    -------
    MessageLog

    Notes
    -----
    Text columns may be plain, large, view or dictionary-encoded strings
    (read through the dictionary, without decoding); integer label columns
    are read as their text (``17`` is person ``"17"``, an int label with the
    default ``nodetype``). A null cell is an empty one: a null sender or time
    is handled as an empty CSV cell.

    Examples
    --------
    >>> import os, tempfile, pandas as pd, onakit as ona
    >>> df = pd.read_csv("../shared/data/radoslaw_email/communication.csv", sep=";")
    >>> path = os.path.join(tempfile.mkdtemp(), "radoslaw.parquet")
    >>> df.to_parquet(path, row_group_size=20_000)
    >>> log = ona.read_parquet(path, sender="Sender", recipients="Recipient", timestamp="EventDate",
    ...                        recipient_sep=None, group_rows_by="sender_time")
    >>> log.report["records_read"], log.num_messages, len(log.people)
    (82927, 58463, 167)
    """
    rules = identities_arg(identities, internal_domains=internal_domains, aliases=aliases, exclude=exclude,
                           pseudonymize_key=pseudonymize_key)
    batch_rows = _batch_rows(batch_rows)
    reader, integer = _read_files(path, _columns(sender, recipients, timestamp, role, message_id, channel, weight),
                                  recipient_sep=recipient_sep, errors=errors, rules=rules,
                                  group_rows_by=group_rows_by, nodetype=nodetype, progress=progress,
                                  batch_rows=batch_rows)
    core = reader.log
    return MessageLog(core, _people(core, integer, rules, nodetype, "read_parquet"))


def _batch_rows(n) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise _core.OptionError(f"batch_rows must be a positive integer, not {n!r}")
    return n


def _stream_parquet(path, sink, chunk_messages: int = 1_000_000, *, sender: str = "sender",
                    recipients: str = "recipients", timestamp: str | None = "timestamp", role: str | None = None,
                    message_id: str | None = None, channel: str | None = None, weight: str | None = None,
                    recipient_sep: str | None = ";", errors: str = "strict", identities=None,
                    internal_domains=None, aliases=None, exclude=None, pseudonymize_key=None,
                    nodetype: str | type | None = None, group_rows_by: str | None = None,
                    batch_rows: int = BATCH_ROWS, progress: bool = False) -> MessageLog:
    """:func:`read_parquet`, handing the messages to ``sink`` in chunks (a ``_core.StreamSink``,
    or any object with ``add(log)``, called with the ``_core.MessageLog``).

    Whenever the log holds ``chunk_messages`` messages or more after a batch
    (batches are at most ``chunk_messages`` rows), they go to ``sink.add``
    and are cleared; the rest go at the end. Concatenated, the chunks are the
    messages :func:`read_parquet` returns (same order, same people ids).
    With rows grouped into messages (``message_id``, or
    ``group_rows_by="sender_time"``) a message is complete only at the end,
    so everything is handed over then. Returns the log without messages
    (people, channels, report).
    """
    if isinstance(chunk_messages, bool) or not isinstance(chunk_messages, int) or chunk_messages < 1:
        raise _core.OptionError(f"chunk_messages must be a positive integer, not {chunk_messages!r}")
    rules = identities_arg(identities, internal_domains=internal_domains, aliases=aliases, exclude=exclude,
                           pseudonymize_key=pseudonymize_key)

    def hand_to_sink(reader) -> None:
        if isinstance(sink, _core.StreamSink):
            reader.hand_to(sink)  # C++ to C++, without the GIL
        else:  # any object with add(log): it sees the chunk, then the messages go
            sink.add(reader.log)
            reader.handed_out()

    def hand_on(reader) -> None:
        if not reader.grouped and reader.log.num_messages >= chunk_messages:
            hand_to_sink(reader)

    reader, integer = _read_files(path, _columns(sender, recipients, timestamp, role, message_id, channel, weight),
                                  recipient_sep=recipient_sep, errors=errors, rules=rules,
                                  group_rows_by=group_rows_by, nodetype=nodetype, progress=progress,
                                  batch_rows=min(_batch_rows(batch_rows), chunk_messages), on_batch=hand_on,
                                  where="stream_ties")
    if reader.log.num_messages:
        hand_to_sink(reader)
    core = reader.log
    return MessageLog(core, _people(core, integer, rules, nodetype, "stream_ties"))


def _arrow_batches(pa, data, max_rows: int) -> Iterator:
    """The record batches of a Table, RecordBatch, RecordBatchReader or any
    ``__arrow_c_stream__`` object, at most ``max_rows`` rows each (so Ctrl-C
    is answered between batches)."""
    if isinstance(data, pa.RecordBatch):
        data = pa.Table.from_batches([data])
    if isinstance(data, pa.Table):
        yield from data.to_batches(max_chunksize=max_rows)
        return
    if not isinstance(data, pa.RecordBatchReader):
        if not hasattr(data, "__arrow_c_stream__"):
            raise _core.OptionError(f"from_arrow: expected a pyarrow Table, RecordBatch, RecordBatchReader or an "
                                    f"object with __arrow_c_stream__, not {type(data).__name__}")
        data = pa.RecordBatchReader.from_stream(data)
    for batch in data:
        for start in range(0, batch.num_rows, max_rows):
            yield batch.slice(start, max_rows)


def from_arrow(table, sender, recipients, timestamp, role, message_id, weight, recipient_sep, errors, *, channel,
               rules, group_rows_by) -> MessageLog:
    """MessageLog.from_arrow (documented there)."""
    pa = _pyarrow()
    columns = _columns(sender, recipients, timestamp, role, message_id, channel, weight)
    reader = _new_reader(columns, recipient_sep=recipient_sep, errors=errors, rules=rules, source="<arrow>",
                         group_rows_by=group_rows_by)
    plan = None
    integer = False
    schema = getattr(table, "schema", None)
    if isinstance(schema, pa.Schema):  # the columns are checked even when there is no batch
        plan = _Plan(pa, schema, columns, "<arrow>")
        integer = plan.integer_labels
    for batch in _arrow_batches(pa, table, BATCH_ROWS):
        if plan is None:
            plan = _Plan(pa, batch.schema, columns, "<arrow>")
            integer = plan.integer_labels
        reader.add(plan.batch(pa, batch).__arrow_c_array__())
    reader.finish()
    core = reader.log
    return MessageLog(core, _people(core, integer, rules, None, "from_arrow"))
