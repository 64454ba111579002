"""stream_ties: a file -> its communication graph, chunk by chunk, without holding the messages."""

from __future__ import annotations

import inspect
import os
from collections.abc import Mapping

import numpy as np
import pandas as pd

from . import _core
from ._build import builder_keywords, warn_if_split_changes_nothing
from ._formats import FORMATS, detect_format
from ._graph import Graph
from ._time import to_micros
from ._time_trends import graphs_by_period, period_plan


def _readers() -> dict:
    from ._stream_readers import STREAM_READERS  # the readers' keyword handling, shared with read_<format>

    return STREAM_READERS


def read_function(format: str):
    """The in-memory reader of a format (the CLI's and stream_ties' names): read_<format>(path, **keywords)."""
    from . import (read_calendar, read_edgelist, read_email_csv, read_graph_messages, read_jsonl, read_mbox,
                   read_message_trace, read_parquet, read_slack_export, read_viva_p2p)

    return {"slack": read_slack_export, "csv": read_email_csv, "edgelist": read_edgelist, "mbox": read_mbox,
            "viva": read_viva_p2p, "trace": read_message_trace, "graph-jsonl": read_graph_messages,
            "calendar": read_calendar, "jsonl": read_jsonl, "parquet": read_parquet}[format]


def stream_into(format: str, path: str, sink, chunk_messages: int, keywords: dict):
    """Streams `path` with the reader of `format` into `sink` (a _core.StreamSink); returns the log without its
    messages (people, channels, the reader's report). Formats read as whole documents (a Slack or Teams export,
    Microsoft Graph and Viva exports, message traces, calendars: exports of modest size) have no streaming reader:
    they are read in memory and handed over in one piece."""
    readers = _readers()
    if format in readers:
        return readers[format](path, sink, int(chunk_messages), **keywords)
    log = read_function(format)(path, **keywords)
    sink.add(log._core)
    return log


def stream_ties(
    path,
    format: str | None = None,
    *,
    weighting: str = "count",
    directed: bool = True,
    role_weights: Mapping[str, float] | None = None,
    max_recipients: int | None = None,
    self_loops: bool = False,
    start=None,
    end=None,
    half_life=None,
    reference_time=None,
    min_weight: float = 0,
    reciprocal: bool = False,
    threads: int = 0,
    freq=None,
    chunk_messages: int = 1_000_000,
    progress: bool = False,
    **reader_options,
) -> Graph | pd.Series:
    """The communication graph of a file too large to hold as a MessageLog, read chunk by chunk.

    The reader of ``format`` parses ``chunk_messages`` messages at a time and
    hands them to the graph builder, which keeps only the ties: memory is
    bounded by people + ties + one chunk, not by the number of messages, and
    the pages of the input already parsed are released. The result equals
    ``ona.build_graph(ona.read_<format>(path, **reader_options), **options)``
    bit for bit (every tie sums its messages' weights in message order, and
    the build report counts the same), and with ``freq`` it equals
    ``ona.build_graphs(log, freq, ...)``.

    Parameters
    ----------
    path : str or os.PathLike
        A file or folder, as the reader of ``format`` takes it.
    format : str, optional
        ``"csv"`` (:func:`onakit.read_email_csv`), ``"edgelist"``, ``"jsonl"``,
        ``"graph-jsonl"``, ``"mbox"``, ``"slack"``, ``"viva"``, ``"trace"``,
        ``"calendar"`` or ``"parquet"`` (:func:`onakit.read_parquet`); default:
        detected from the path and its first bytes, as the ``onakit`` CLI does.
    weighting, directed, role_weights, max_recipients, self_loops, start, end, half_life, reference_time, \
min_weight, reciprocal, threads
        As :func:`onakit.build_graph`.
    freq : str, optional
        One graph per calendar period, as :func:`onakit.build_graphs`: the
        result is then a Series of graphs indexed by period.
    chunk_messages : int
        Messages parsed before each hand-over to the builder (default 10^6);
        the result does not depend on it.
    progress : bool
        A tqdm bar on stderr while reading (where the reader reports progress).
    **reader_options
        The keywords of the format's reader (``sender=``, ``recipients=``,
        ``timestamp=``, ``identities=``, ``errors=``, ...).

    Returns
    -------
    Graph or pandas.Series
        The graph (with ``build_report`` and the reader's ``ingest_report``),
        or with ``freq`` the Series of :func:`onakit.build_graphs` (its
        ``attrs`` hold ``ingest_report`` too).

    Notes
    -----
    ``csv``, ``edgelist``, ``jsonl``, ``mbox`` (files and folders) and
    ``parquet`` stream; the formats that come as whole JSON documents or
    modest exports (``slack``, ``graph-jsonl``, ``viva``, ``trace``,
    ``calendar``) are read in memory and handed to the builder in one piece.

    Two passes over the input are made when the builder needs the time span
    before the first tie: ``half_life`` without ``reference_time`` (the decay
    is measured from the latest message), and ``freq`` without both ``start``
    and ``end`` (the periods run from the first to the last message).

    Raises
    ------
    onakit.OptionError
        For an unknown ``format``, a keyword that neither the builder nor the
        reader takes, or a bad value (named).

    Examples
    --------
    >>> import onakit as ona
    >>> g = ona.stream_ties("../shared/data/radoslaw_email/communication.csv", sender="Sender",
    ...                     recipients="Recipient", timestamp="EventDate", recipient_sep=None)
    >>> g.number_of_people, g.number_of_ties
    (167, 5783)
    >>> log = ona.read_email_csv("../shared/data/radoslaw_email/communication.csv", sender="Sender",
    ...                          recipients="Recipient", timestamp="EventDate", recipient_sep=None)
    >>> g.equals(ona.build_graph(log))
    True
    """
    path = os.fspath(path)
    if format is None:
        if not os.path.exists(path):
            raise FileNotFoundError(f"stream_ties: {path}: no such file or folder")
        format = detect_format(path)
    if format not in FORMATS:
        raise _core.OptionError(f"stream_ties: format={format!r} is not a format onakit reads "
                                f"(formats: {', '.join(map(repr, FORMATS))})")
    if isinstance(chunk_messages, bool) or not isinstance(chunk_messages, (int, np.integer)) or chunk_messages < 1:
        raise _core.OptionError(f"stream_ties: chunk_messages={chunk_messages!r} must be a positive integer")
    options = dict(weighting=weighting, directed=directed, role_weights=role_weights, max_recipients=max_recipients,
                   self_loops=self_loops, half_life=half_life, min_weight=min_weight, reciprocal=reciprocal,
                   threads=threads)
    keywords = builder_keywords(start=start, end=end, reference_time=reference_time, **options)
    takes = inspect.signature(read_function(format)).parameters
    for key in reader_options:
        if key not in takes or key in ("path", "progress"):
            raise _core.OptionError(f"stream_ties: {key}= is neither a keyword of ona.build_graph nor of the "
                                    f"{format!r} reader, {read_function(format).__name__}")
    for key, value in (("start", start), ("end", end)):
        if key in takes and value is not None:  # the calendar reader's expansion of recurring events, as the CLI's
            reader_options[key] = value
    if progress:
        reader_options["progress"] = True

    def read(sink):
        return stream_into(format, path, sink, int(chunk_messages), reader_options)

    g, graphs, _ = build_streamed(read, keywords, options, freq=freq, start=start, end=end, whole=freq is None,
                                  caller="stream_ties", source=path)
    if graphs is not None:
        return graphs
    assert g is not None
    warn_if_split_changes_nothing(weighting, [g.build_report], "stream_ties", stacklevel=2)
    return g


def build_streamed(read, keywords: dict, options: dict, *, freq=None, start=None, end=None, whole: bool = True,
                   span=None, caller: str = "stream_ties", source: str = ""):
    """(graph, graphs by period, log) of one streamed read (two when the time span is needed first).

    ``read(sink)`` streams the input into a sink and returns the log without its messages; ``keywords`` are
    builder_keywords(); ``whole`` asks for the graph of everything, ``freq`` for build_graphs' Series (both
    from the same pass). ``span`` (a TimeSpanSink already filled) saves the first pass.
    """
    half_life_ref = keywords["half_life"] is not None and keywords["reference_time"] is None
    if span is None and ((whole and half_life_ref) or (freq is not None and (start is None or end is None))):
        span = _core.TimeSpanSink()
        read(span)
    sinks: list[_core.StreamSink] = []
    builder = periods = None
    if whole:
        kw = dict(keywords)
        if half_life_ref:
            if span.hi is None:
                raise _core.OptionError(f"{caller}: half_life needs message times, and no message of {source} has one")
            kw["reference_time"] = span.hi  # build_graph's default: the latest message
        builder = _core.StreamBuilder(**kw)
        sinks.append(builder)
    if freq is not None:
        # One graph per period, as build_graphs: the periods run from the first to the last message unless
        # start and end give them.
        if span is not None and span.lo is None and (start is None or end is None):
            raise ValueError(f"{caller}: no message of {source} has a time; there is nothing to cut into periods")
        first_us = span.lo if span is not None and span.lo is not None else to_micros(start)
        last_us = span.hi if span is not None and span.hi is not None else first_us
        idx, s_us, e_us, lo, hi_us = period_plan(first_us, last_us, start, end, freq, caller)
        refs = [int(e) - 1 if half_life_ref else keywords["reference_time"] for e in e_us]
        period_keywords = {k: v for k, v in keywords.items() if k not in ("start", "end", "reference_time")}
        periods = _core.PeriodStreamBuilder(starts=[int(x) for x in s_us], ends=[int(e) for e in e_us],
                                            reference_times=refs, **period_keywords)
        sinks.append(periods)
    log = read(sinks[0] if len(sinks) == 1 else _core.TeeSink(sinks))
    g = graphs = None
    if builder is not None:
        built = builder.finish(log._core)
        g = Graph(built.graph, log.people, built.report, log.report)
    if periods is not None:
        parts = periods.finish(log._core)
        first = parts[0].report if parts else {"messages_in": 0, "messages_without_time": 0}
        graphs = graphs_by_period([Graph(b.graph, log.people, b.report, log.report) for b in parts], idx, freq,
                                  {k: v for k, v in options.items() if v is not None},
                                  int(first["messages_without_time"]), int(first["messages_in"]), lo, hi_us, caller,
                                  stacklevel=4)
        graphs.attrs["ingest_report"] = log.report
    return g, graphs, log
