"""The streaming side of the file readers, for ``ona.stream_ties``.

``STREAM_READERS[format](path, sink, chunk_messages, **keywords)`` reads
``path`` as ``read_<reader>(path, **keywords)`` would (the same keywords,
processed by the same code), but hands the messages to ``sink`` (a
``_core.StreamSink``: the stream builder) chunk by chunk instead of keeping
them, and returns the emptied :class:`MessageLog` (people, channels, the
ingest report). The formats are named as the command line's
``_detect_format`` names them. Not public: ``ona.stream_ties`` is the entry.

Formats without a streaming reader (``slack``, ``teams``, ``graph-jsonl``,
``viva``, ``trace``, ``calendar``) are absent from the dict: their readers
take whole JSON documents or tables of modest size, and are read in memory.
"""

from __future__ import annotations

from typing import Callable

from . import _core
from ._io import _stream_edgelist, _stream_email_csv
from ._log import MessageLog
from ._read_chat import _stream_jsonl
from ._read_mbox import _stream_mbox
from ._read_parquet import _stream_parquet

StreamReader = Callable[..., MessageLog]

STREAM_READERS: dict[str, StreamReader] = {
    "csv": _stream_email_csv,
    "edgelist": _stream_edgelist,
    "jsonl": _stream_jsonl,
    "mbox": _stream_mbox,
    "parquet": _stream_parquet,
}


def stream_reader(fmt: str) -> StreamReader:
    """The streaming reader of format ``fmt``; OptionError naming ``format=`` and the formats that stream."""
    try:
        return STREAM_READERS[fmt]
    except KeyError:
        raise _core.OptionError(f"format={fmt!r} cannot be streamed: use one of {sorted(STREAM_READERS)}, "
                                "or read the file in memory with its read_ function") from None
