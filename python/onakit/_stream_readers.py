"""The streaming readers ``ona.stream_ties`` can call, by ``format=``.

Each takes ``(path, sink, chunk_messages, **reader keywords)``, hands the
messages to ``sink`` (a ``_core.StreamSink``) in chunks of at least
``chunk_messages`` (``log.clear_messages()`` after each), and returns the
log without messages (people, channels, report).
"""

from __future__ import annotations

from collections.abc import Callable

from ._read_parquet import _stream_parquet

STREAM_READERS: dict[str, Callable] = {
    "parquet": _stream_parquet,
}
