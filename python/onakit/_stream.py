"""stream_ties: a file -> its communication graph, chunk by chunk, without holding the messages."""

from __future__ import annotations

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
    (167, 5784)
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
    readers = _readers()
    if format not in readers:
        known = ", ".join(repr(f) for f in FORMATS if f in readers)
        raise _core.OptionError(f"stream_ties: format={format!r} is not a format it reads (formats: {known})")
    reader = readers[format]
    if isinstance(chunk_messages, bool) or not isinstance(chunk_messages, (int, np.integer)) or chunk_messages < 1:
        raise _core.OptionError(f"stream_ties: chunk_messages={chunk_messages!r} must be a positive integer")
    options = dict(weighting=weighting, directed=directed, role_weights=role_weights, max_recipients=max_recipients,
                   self_loops=self_loops, half_life=half_life, min_weight=min_weight, reciprocal=reciprocal,
                   threads=threads)
    keywords = builder_keywords(start=start, end=end, reference_time=reference_time, **options)
    if progress:
        reader_options["progress"] = True

    def read(sink):
        return reader(path, sink, int(chunk_messages), **reader_options)

    def first_pass() -> _core.TimeSpanSink:
        span = _core.TimeSpanSink()
        read(span)
        return span

    if freq is None:
        if half_life is not None and reference_time is None:
            span = first_pass()
            if span.hi is None:
                raise _core.OptionError(f"stream_ties: half_life needs message times, and no message of {path} "
                                        "has one")
            keywords["reference_time"] = span.hi  # build_graph's default: the latest message
        sink = _core.StreamBuilder(**keywords)
        log = read(sink)
        built = sink.finish(log._core)
        g = Graph(built.graph, log.people, built.report, log.report)
        warn_if_split_changes_nothing(weighting, [g.build_report], "stream_ties", stacklevel=2)
        return g

    # One graph per period, as build_graphs: the periods need the span first unless start and end give it.
    if start is not None and end is not None:
        first_us = last_us = to_micros(start)
        no_time, total = None, None
    else:
        span = first_pass()
        if span.lo is None:
            raise ValueError(f"stream_ties: no message of {path} has a time; there is nothing to cut into periods")
        first_us, last_us = span.lo, span.hi
        no_time, total = int(span.messages_without_time), int(span.messages)
    idx, s_us, e_us, lo, hi_us = period_plan(first_us, last_us, start, end, freq, "stream_ties")
    decay_ref = half_life is not None and reference_time is None
    refs = [int(e) - 1 if decay_ref else keywords["reference_time"] for e in e_us]
    period_keywords = {k: v for k, v in keywords.items() if k not in ("start", "end", "reference_time")}
    sink = _core.PeriodStreamBuilder(starts=[int(s) for s in s_us], ends=[int(e) for e in e_us],
                                     reference_times=refs, **period_keywords)
    log = read(sink)
    built = sink.finish(log._core)
    graphs = [Graph(b.graph, log.people, b.report, log.report) for b in built]
    if total is None:  # one pass: the counts come from any period's report
        total = int(built[0].report["messages_in"]) if built else 0
        no_time = int(built[0].report["messages_without_time"]) if built else 0
    out = graphs_by_period(graphs, idx, freq, {k: v for k, v in options.items() if v is not None}, no_time or 0,
                           total, lo, hi_us, "stream_ties", stacklevel=3)
    out.attrs["ingest_report"] = log.report
    return out
