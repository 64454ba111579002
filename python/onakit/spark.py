"""Pseudonymise and aggregate message logs where they live: PySpark (Databricks, Synapse, any Spark cluster).

An optional module (``pip install onakit[spark]``: pyspark and pyarrow; not
imported by ``import onakit``). onakit must be installed on the executors too
(a cluster library, as in the Databricks recipe of the README): the rules are
not re-implemented here, every row goes through onakit's C++ code on the
executor that holds it.

* :func:`pseudonymize` -- the readers' identity rules (canonical addresses,
  aliases, internal domains, exclusions, HMAC-SHA256 pseudonyms), through
  ``_core.resolve_identities`` in a pandas UDF; the key reaches the executors
  in a broadcast variable, never in the query plan.
* :func:`tie_table` -- ``source, target, weight`` (and ``period``) with
  exactly the semantics of :func:`onakit.build_graph` /
  :func:`onakit.build_graphs`: each partition of messages is read by
  :meth:`onakit.MessageLog.from_pandas` and built by
  :func:`onakit.build_graph` on its executor, and Spark sums the partial
  ties. A tie's weight is a sum over its messages, so the sum of the
  partitions' sums is the whole log's (to rounding); the decay's default
  reference time (the latest message) is applied after the sum, by a
  factor 2^-(t_ref - t_p)/half_life per partition.
* :func:`group_mixing` -- the group x group table of
  :func:`onakit.mixing_matrix` with the minimum-group-size rule, without
  bringing the person-level graph to one machine.
* ``onakit.Graph.from_spark(ties)`` brings a tie table to the driver (Arrow).
"""

from __future__ import annotations

import functools
import json
import types
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

try:
    import pyarrow  # noqa: F401  (pandas UDFs and toArrow need it)
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
    from pyspark.sql.pandas.functions import pandas_udf
except ImportError as exc:  # pragma: no cover - exercised where pyspark is absent
    raise ImportError(
        f"onakit.spark needs PySpark and PyArrow ({exc}): pip install onakit[spark] "
        "(or pip install 'pyspark>=3.5' 'pyarrow>=14')") from exc

import numpy as np
import pandas as pd

from . import _core
from ._build import SPLIT_WARNING, build_graph, warn_if_split_changes_nothing
from ._graph import Graph
from ._groups import NO_GROUP, Groups
from ._identities import Identities, key_bytes
from ._labels import describe_labels
from ._log import MessageLog
from ._time import NO_TIME, to_micros, to_seconds

__all__ = ["TieTable", "group_mixing", "pseudonymize", "tie_table"]

# The counts of a build report, in onakit.build_graph's order.
REPORT_KEYS = ("messages_in", "messages_used", "messages_outside_window", "messages_without_time",
               "messages_broadcast", "messages_with_several_recipients", "pairs_used", "pairs_self",
               "pairs_duplicate", "ties_below_min_weight", "ties_not_reciprocal")
# Counted inside a period's window (the rest of a period's report follows from the totals).
_IN_WINDOW = ("messages_used", "messages_broadcast", "messages_with_several_recipients", "pairs_used",
              "pairs_self", "pairs_duplicate")


def _quiet(f):
    """Run ``f`` without PySpark 4's FutureWarning about pandas 3 (raised on every pandas conversion;
    PySpark's concern, not the caller's). Other warnings pass."""
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas",
                                    category=FutureWarning)
            return f(*args, **kwargs)
    return wrapper


# ---- the identity rules on the executors ------------------------------------------
class _Rules:
    """The arguments of ``_core.Identities``, picklable, with a repr that hides the key.

    Shipped to the executors in a broadcast variable; each Python worker
    builds the C++ rules once per broadcast.
    """

    __slots__ = ("_core", "_spec")

    def __init__(self, spec: dict):
        self._spec = spec
        self._core: Any = None

    def __getstate__(self):
        return self._spec

    def __setstate__(self, spec):
        self._spec = spec
        self._core = None

    def core(self):
        if self._core is None:
            self._core = _core.Identities(**self._spec)
        return self._core

    def __repr__(self) -> str:
        return "onakit.spark identity rules (key hidden)"


def _rules_of(key) -> _Rules:
    if isinstance(key, Identities):
        if not key.pseudonymizing:
            warnings.warn("pseudonymize: these Identities have no pseudonymize_key: the columns get the canonical "
                          "addresses, not pseudonyms", UserWarning, stacklevel=3)
        return _Rules(dict(key._spec))
    k = key_bytes(key, "key")
    if k is None:
        raise TypeError("pseudonymize: key must be an onakit.Identities, bytes or str, not None")
    return _Rules(dict(Identities(pseudonymize_key=k)._spec))


def _ship(spark: SparkSession, rules: _Rules):
    """A zero-argument callable giving the rules on an executor: a broadcast where the
    session has a SparkContext (classic Spark), else the object itself in the closure
    (Spark Connect); either way the plan holds no key."""
    try:
        bc = spark.sparkContext.broadcast(rules)
    except Exception:  # Spark Connect has no SparkContext: the closure carries it (pickled, not in the plan)
        return lambda: rules
    return lambda: bc.value


def _resolve_strings(get_rules, values: pd.Series) -> pd.Series:
    raws = [None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v) for v in values.tolist()]
    return pd.Series(_core.resolve_identities(get_rules().core(), raws), dtype=object)


def _resolve_lists(get_rules, values: pd.Series) -> pd.Series:
    cells = values.tolist()
    flat: list[str | None] = []
    for c in cells:
        if c is not None:
            flat.extend(None if v is None else str(v) for v in c)
    out = _core.resolve_identities(get_rules().core(), flat)
    res: list[Any] = []
    i = 0
    for c in cells:
        if c is None:
            res.append(None)
            continue
        n = len(c)
        res.append([v for v in out[i:i + n] if v is not None])
        i += n
    return pd.Series(res, dtype=object)


def _resolve_delimited(get_rules, sep: str, values: pd.Series) -> pd.Series:
    lists = pd.Series([None if v is None else [p for p in str(v).split(sep) if p.strip()] for v in values.tolist()],
                      dtype=object)
    res = _resolve_lists(get_rules, lists)
    return pd.Series([None if c is None else sep.join(c) for c in res.tolist()], dtype=object)


def _string_udf(get_rules, sep: str | None):
    def strings(s: pd.Series) -> pd.Series:
        if sep is None:
            return _resolve_strings(get_rules, s)
        return _resolve_delimited(get_rules, sep, s)
    return strings


@_quiet
def pseudonymize(df: DataFrame, columns: str | Sequence[str] | Mapping[str, str | None], key) -> DataFrame:
    """Replace address columns by the labels onakit's readers store: canonical address, alias, pseudonym.

    The rules are :class:`onakit.Identities`' (trim, lower-case, ``Name
    <addr>``, aliases, internal domains, exclusions, ``+tag`` stripping,
    ``base32(HMAC-SHA256(key, address))[:16]``), run by onakit's C++ code on
    the executors (a pandas UDF over each Arrow batch), so a column gets the
    very strings :func:`onakit.read_email_csv` with the same rules stores.
    The key travels to the executors in a Spark broadcast variable (Spark
    Connect: inside the UDF's pickled closure) wrapped in an object whose
    repr hides it: it is not in the query plan (``df.explain(True)``), the
    logs or the UI. A broadcast sits in the executors' block stores; set
    ``spark.io.encryption.enabled`` where local disks are not trusted.

    Parameters
    ----------
    df : pyspark.sql.DataFrame
    columns : str, list of str, or mapping column -> separator
        Address columns. A string column holds one address per row (numbers
        are read as their text, as a CSV reader does); an array-of-strings
        column a list of addresses; a mapping ``{"to": ";"}`` says that a
        string column holds addresses separated by ``";"``.
    key : onakit.Identities, bytes or str
        The rules: an :class:`onakit.Identities` (as the readers'
        ``identities=``), or a raw key (as the readers' ``pseudonymize_key=``:
        the default rules with that key). An empty key raises
        :class:`onakit.OptionError`.

    Returns
    -------
    pyspark.sql.DataFrame
        The same rows and columns; in the named columns each address replaced
        by its label. An address the rules drop (excluded, external with
        ``external="drop"``) becomes null in a string column and leaves its
        list (array or delimited column); a null stays null. A message whose
        sender was dropped then has a null sender: :func:`tie_table` with
        ``errors="skip"`` skips it and counts it (``ingest_report["skipped"]
        ["empty sender"]``; a row left without recipients: ``"no
        recipients"``), where a reader counts it under ``dropped``.

    Examples
    --------
    >>> import onakit as ona, onakit.spark as ons
    >>> from pyspark.sql import SparkSession
    >>> spark = (SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false")
    ...          .config("spark.ui.showConsoleProgress", "false").config("spark.sql.shuffle.partitions", "2")
    ...          .getOrCreate())
    >>> df = spark.createDataFrame([("Ann <Ann@Corp.Example>", ["bob@corp.example", "noreply@corp.example"])],
    ...                            "sender string, recipients array<string>")
    >>> ids = ona.Identities(exclude=["noreply@*"], pseudonymize_key=b"secret")
    >>> row = ons.pseudonymize(df, ["sender", "recipients"], ids).first()
    >>> row.sender == ids.resolve("ann@corp.example"), len(row.recipients)
    (True, 1)
    """
    if not isinstance(df, DataFrame):
        raise TypeError(f"pseudonymize expects a pyspark.sql.DataFrame, not {type(df).__name__}")
    if isinstance(columns, str):
        seps: dict[str, str | None] = {columns: None}
    elif isinstance(columns, Mapping):
        seps = {str(c): s for c, s in columns.items()}
    else:
        seps = {str(c): None for c in columns}
    if not seps:
        raise ValueError("pseudonymize: columns is empty; name the address columns")
    rules = _rules_of(key)
    get_rules = _ship(df.sparkSession, rules)
    fields = {f.name: f.dataType for f in df.schema.fields}
    out = df
    for name, sep in seps.items():
        if name not in fields:
            raise KeyError(f"pseudonymize: column {name!r} is not in the DataFrame (columns: {list(fields)})")
        dtype = fields[name]
        if isinstance(dtype, T.ArrayType):
            if sep is not None:
                raise ValueError(f"pseudonymize: column {name!r} is an array: give no separator for it")

            def lists(s: pd.Series) -> pd.Series:
                return _resolve_lists(get_rules, s)
            udf = pandas_udf(lists, T.ArrayType(T.StringType()))  # type: ignore[call-overload]
            out = out.withColumn(name, udf(F.col(name).cast(T.ArrayType(T.StringType()))))
        elif isinstance(dtype, (T.StringType, T.NumericType)):
            if sep is not None and not isinstance(sep, str) or sep == "":
                raise TypeError(f"pseudonymize: the separator of column {name!r} must be a non-empty str or None")

            udf = pandas_udf(_string_udf(get_rules, sep), T.StringType())  # type: ignore[call-overload]
            out = out.withColumn(name, udf(F.col(name).cast(T.StringType())))
        else:
            raise TypeError(f"pseudonymize: column {name!r} is {dtype.simpleString()}; an address column must be "
                            "a string, a number or an array of strings")
    return out


# ---- tie tables ------------------------------------------------------------------
_PARTS_SCHEMA = T.StructType([
    T.StructField("kind", T.StringType()),      # "tie" or "report"
    T.StructField("period", T.StringType()),    # "" without freq
    T.StructField("source", T.StringType()),
    T.StructField("target", T.StringType()),
    T.StructField("weight", T.DoubleType()),
    T.StructField("ref", T.LongType()),         # the partition's decay reference (micros), 0 if none
    T.StructField("report", T.StringType()),    # JSON counts (report rows)
])


class TieTable:
    """The result of :func:`tie_table`: the tie DataFrame and its build report.

    Attributes
    ----------
    ties : pyspark.sql.DataFrame
        ``source, target, weight`` (``period, source, target, weight`` with
        ``freq``), one row per tie with weight > 0; lazy, like any DataFrame.
    freq : str or None
    options : dict
        The build options (``half_life`` and times as given).

    ``report`` and ``ingest_report`` run a small Spark job on first access.
    The messages' partial ties are cached (``persist``): ``unpersist()``
    frees them.
    """

    def __init__(self, parts: DataFrame, ties: DataFrame, freq, options: dict, weighting: str):
        self._parts = parts
        self.ties = ties
        self.freq = freq
        self.options = options
        self._weighting = weighting
        self._reports: list[dict] | None = None

    @_quiet
    def _collect(self) -> list[dict]:
        if self._reports is None:
            rows = self._parts.where(F.col("kind") == "report").select("report").collect()
            self._reports = [json.loads(r.report) for r in rows]
        return self._reports

    @property
    def report(self) -> dict:
        """The build report: the counts of ``onakit.build_graph(log, ...).build_report`` for the whole log
        (with ``freq``: a dict period -> the report of that period's graph in ``onakit.build_graphs``)."""
        reps = self._collect()
        if self.freq is None:
            out = {k: sum(int(r["build"][k]) for r in reps) for k in REPORT_KEYS}
            _warn_split(self._weighting, [out])
            return out
        total_in = sum(int(r["messages_in"]) for r in reps)
        untimed = sum(int(r["messages_untimed"]) for r in reps)
        periods: dict[str, dict] = {}
        for r in reps:
            for p, counts in r["periods"].items():
                acc = periods.setdefault(p, {k: 0 for k in _IN_WINDOW})
                for k in _IN_WINDOW:
                    acc[k] += int(counts[k])
        out_p = {}
        for p in sorted(periods, key=lambda s: pd.Period(s, freq=_period_freq(self.freq))):
            c = periods[p]
            out_p[p] = {"messages_in": total_in, "messages_used": c["messages_used"],
                        "messages_outside_window": total_in - untimed - c["messages_used"] - c["messages_broadcast"],
                        "messages_without_time": untimed, "messages_broadcast": c["messages_broadcast"],
                        "messages_with_several_recipients": c["messages_with_several_recipients"],
                        "pairs_used": c["pairs_used"], "pairs_self": c["pairs_self"],
                        "pairs_duplicate": c["pairs_duplicate"], "ties_below_min_weight": 0,
                        "ties_not_reciprocal": 0}
        _warn_split(self._weighting, list(out_p.values()))
        return out_p

    @property
    def ingest_report(self) -> dict:
        """The rows' ingest report (``MessageLog.report`` of ``from_pandas``), summed over the partitions:
        records read and kept, skipped records by reason (``errors="skip"``), messages."""
        out: dict = {}
        for r in self._collect():
            _add_counts(out, r["ingest"])
        return out

    def unpersist(self) -> None:
        """Free the cached partial ties."""
        self._parts.unpersist()

    def __repr__(self) -> str:
        cols = ", ".join(self.ties.columns)
        return f"TieTable({cols}; freq={self.freq!r}, options={self.options})"


def _warn_split(weighting: str, reports: list[dict]) -> None:
    warn_if_split_changes_nothing(weighting, reports, "tie_table", stacklevel=3)


def _add_counts(acc: dict, counts: Mapping) -> None:
    """Sum nested count dicts (numbers are added, dicts merged; other values kept from the first)."""
    for k, v in counts.items():
        if isinstance(v, bool) or not isinstance(v, (int, float, Mapping)):
            acc.setdefault(k, v)
        elif isinstance(v, Mapping):
            _add_counts(acc.setdefault(k, {}), v)
        else:
            acc[k] = acc.get(k, 0) + v


def _json_counts(report: Mapping) -> dict:
    out: dict = {}
    for k, v in report.items():
        if isinstance(v, Mapping):
            out[k] = _json_counts(v)
        elif isinstance(v, (bool, np.bool_)):
            out[k] = bool(v)
        elif isinstance(v, (int, np.integer)):
            out[k] = int(v)
        elif isinstance(v, (float, np.floating)):
            out[k] = float(v)
    return out


def _missing(v) -> bool:
    return v is None or (np.ndim(v) == 0 and not isinstance(v, str) and bool(pd.isna(v)))


def _period_freq(freq):
    """``freq`` as a pandas period frequency anchored on the calendar (W, M, Q, Y, D, W-FRI, ...).

    Multiples (``"2W"``) and offsets that are not periods (``"14D"`` from the first
    message, ``"MS"``) depend on the first message of the whole log, which no
    partition knows: refused."""
    try:
        p = pd.Period("2024-01-01", freq=freq)
    except (ValueError, TypeError, AttributeError):
        try:
            p = pd.Period("2024-01-01", freq=pd.tseries.frequencies.to_offset(freq))
        except (ValueError, TypeError, AttributeError):
            p = None
    if p is None or p.freq.n != 1:
        raise ValueError(f"tie_table: freq={freq!r} is not a calendar period frequency with multiple 1 "
                         "(\"D\", \"W\", \"W-FRI\", \"M\", \"Q\", \"Y\"): periods anchored at the first message "
                         "need the whole log; use onakit.build_graphs on one machine for those")
    return p.freq


def _partition_ties(batches: Iterator[pd.DataFrame], cfg: dict) -> Iterator[pd.DataFrame]:
    """Executor side: one partition's rows -> MessageLog.from_pandas -> build_graph (per period) -> partial ties."""
    frames = [b for b in batches if len(b)]
    if not frames:
        return
    pdf = pd.concat(frames, ignore_index=True)
    ts = cfg["timestamp"]
    if ts is not None and cfg["timestamp_micros"]:
        pdf[ts] = pd.to_datetime(pdf[ts], unit="us", utc=True)
    log = MessageLog.from_pandas(pdf, sender=cfg["sender"], recipients=cfg["recipients"], timestamp=ts,
                                 role=cfg["role"], message_id=cfg["message_id"],
                                 recipient_sep=cfg["recipient_sep"], errors=cfg["errors"])
    times = np.asarray(log._core.times, dtype=np.int64)
    timed = times[times != NO_TIME]
    local_ref = int(timed.max()) if len(timed) else None
    opts = dict(cfg["options"])
    ingest = _json_counts(log.report)
    out: list[pd.DataFrame] = []

    def ties_of(g: Graph, period: str, ref: int) -> None:
        t = g.to_pandas()
        if len(t):
            out.append(pd.DataFrame({"kind": "tie", "period": period, "source": t["source"].astype(str),
                                     "target": t["target"].astype(str), "weight": t["weight"].astype(float),
                                     "ref": ref, "report": None}))

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=SPLIT_WARNING, category=UserWarning)  # said once, on the driver
        if cfg["freq"] is None:
            if cfg["rescale"] and local_ref is not None:
                opts["reference_time"] = pd.Timestamp(local_ref, unit="us", tz="UTC")
            g = build_graph(log, **opts)
            ties_of(g, "", local_ref or 0)
            rep = {"build": g.build_report, "ingest": ingest, "ref": local_ref}
        else:
            freq = cfg["freq"]
            lo_w, hi_w = cfg["start_us"], cfg["end_us"]
            inside = timed
            if lo_w is not None:
                inside = inside[inside >= lo_w]
            if hi_w is not None:
                inside = inside[inside < hi_w]
            stamps = pd.DatetimeIndex(inside.astype("datetime64[us]"))
            present = list(pd.PeriodIndex(stamps, freq=freq).unique().sort_values()) if len(inside) else []
            periods = {}
            for p in present:
                s = int(p.asfreq("us", how="start").ordinal)
                e = int((p + 1).asfreq("us", how="start").ordinal)
                if lo_w is not None:
                    s = max(s, lo_w)
                if hi_w is not None:
                    e = min(e, hi_w)
                popts = dict(opts)
                popts["start"] = pd.Timestamp(s, unit="us", tz="UTC")
                popts["end"] = pd.Timestamp(e, unit="us", tz="UTC")
                if popts.get("half_life") is not None and popts.get("reference_time") is None:
                    popts["reference_time"] = pd.Timestamp(e - 1, unit="us", tz="UTC")
                g = build_graph(log, **popts)
                ties_of(g, str(p), 0)
                built = g.build_report or {}
                periods[str(p)] = {k: int(built[k]) for k in _IN_WINDOW}
            rep = {"periods": periods, "messages_in": log.num_messages,
                   "messages_untimed": int((times == NO_TIME).sum()), "ingest": ingest}
    out.append(pd.DataFrame({"kind": ["report"], "period": [""], "source": [None], "target": [None],
                             "weight": [None], "ref": [local_ref or 0], "report": [json.dumps(_json_counts(rep))]}))
    for frame in out:
        yield frame.astype({"weight": float, "ref": np.int64})


@_quiet
def tie_table(
    df: DataFrame,
    sender: str = "sender",
    recipients: str = "recipients",
    timestamp: str | None = "timestamp",
    role: str | None = None,
    message_id: str | None = None,
    weighting: str = "count",
    role_weights: Mapping[str, float] | None = None,
    max_recipients: int | None = None,
    self_loops: bool = False,
    start=None,
    end=None,
    half_life=None,
    reference_time=None,
    freq=None,
    *,
    recipient_sep: str | None = ";",
    errors: str = "strict",
    partitions: int | None = None,
) -> TieTable:
    """The tie table of a message log held in Spark, with exactly the weights of :func:`onakit.build_graph`.

    Each Spark partition's rows become a :class:`onakit.MessageLog`
    (:meth:`~onakit.MessageLog.from_pandas`: the same row checks, time parser
    and identity canonicalisation as :func:`onakit.read_email_csv`) and a
    graph (:func:`onakit.build_graph` with these options) on the executor;
    Spark then sums each tie's partial weights. For a message m from s to
    its distinct recipients R(m), each r in R(m), r != s, adds to s -> r::

        w(m, r) = role_weights[role(m, r)] * share(m) * 2 ** (-(t_ref - t(m)) / half_life)

    (a recipient listed twice counts once, with its larger role weight;
    share = 1 or, with ``weighting="split"``, 1/k over the distinct recipients
    other than the sender; broadcasts over ``max_recipients`` distinct
    recipients dropped; with ``start``/``end``, messages outside
    [start, end) or without a time dropped; ``t_ref`` = ``reference_time``, by
    default the latest message time of the whole log, applied after the sum).
    With ``message_id``, the rows are first shuffled by message id so that a
    message's rows (one per recipient) meet in one partition.

    Parameters
    ----------
    df : pyspark.sql.DataFrame
        One row per message, or per recipient (with ``message_id``).
    sender, recipients, timestamp, role, message_id : column names
        ``recipients``: an array-of-strings column, or a string column of
        recipients separated by ``recipient_sep`` (``recipient_sep=None``:
        one recipient per row). ``timestamp``: a Spark timestamp column, ISO
        8601 / ``YYYY-MM-DD HH:MM:SS`` (UTC) strings, or Unix seconds
        (milliseconds >= 10**11), as the readers; None for logs without times.
        ``role``: per row (``to``, ``cc``, ``bcc``, ...).
    weighting, role_weights, max_recipients, self_loops, start, end, half_life, reference_time
        As :func:`onakit.build_graph` (times as strings, datetimes or Unix
        seconds; ``half_life`` in seconds or as ``"30D"``).
    freq : str, optional
        One table per calendar period, as :func:`onakit.build_graphs`:
        ``"D"``, ``"W"`` (weeks ending Sunday), ``"W-FRI"``, ``"M"``, ``"Q"``,
        ``"Y"``; the result gets a ``period`` column (the period as
        ``str(pandas.Period)``: ``"2024-03"``). With ``half_life`` and no
        ``reference_time`` each period decays from its own end, as
        ``build_graphs``. Periods without ties have no rows.
    recipient_sep : str or None
        Separator of a string recipients column (default ``";"``).
    errors : {"strict", "skip"}
        A bad row fails the Spark job with :class:`onakit.ParseError`
        (naming ``<pandas>:ROW`` within its partition), or is skipped and
        counted in ``ingest_report["skipped"]``.
    partitions : int, optional
        Partitions of the message-id shuffle (default
        ``spark.sql.shuffle.partitions``).

    Returns
    -------
    TieTable
        ``.ties``: a DataFrame ``source, target, weight`` (strings, double;
        with ``freq``: ``period`` first); ``.report``: the counts of
        ``build_graph``'s ``build_report`` (a dict; with ``freq`` a dict
        period -> report as ``build_graphs``' graphs have);
        ``.ingest_report``: the rows' ingest counts.

    Raises
    ------
    onakit.OptionError
        For an option ``build_graph`` refuses (checked on the driver, before any job).

    Examples
    --------
    >>> import onakit as ona, onakit.spark as ons
    >>> from pyspark.sql import SparkSession
    >>> spark = (SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false")
    ...          .config("spark.ui.showConsoleProgress", "false").config("spark.sql.shuffle.partitions", "2")
    ...          .getOrCreate())
    >>> log, people = ona.synthetic_org(people=60, departments=3, weeks=2, seed=1)
    >>> rows = log.to_pandas().astype({"timestamp": str})
    >>> sdf = spark.createDataFrame(rows[["message", "sender", "recipient", "role", "timestamp"]].to_dict("records"))
    >>> t = ons.tie_table(sdf, recipients="recipient", role="role", message_id="message",
    ...                   weighting="split", role_weights={"cc": 0.5}, recipient_sep=None)
    >>> t.report["messages_in"] == log.num_messages
    True
    >>> g = ona.build_graph(log, weighting="split", role_weights={"cc": 0.5})
    >>> bool(abs(t.ties.agg({"weight": "sum"}).first()[0] - g.to_pandas()["weight"].sum()) < 1e-9)
    True
    """
    if not isinstance(df, DataFrame):
        raise TypeError(f"tie_table expects a pyspark.sql.DataFrame, not {type(df).__name__}")
    options = dict(weighting=weighting, role_weights=dict(role_weights) if role_weights else None,
                   max_recipients=max_recipients, self_loops=self_loops, start=start, end=end,
                   half_life=half_life, reference_time=reference_time)
    # Every option checked on the driver by build_graph itself (same messages), on an empty log.
    build_graph(MessageLog.from_pandas(pd.DataFrame({"s": [], "r": []}, dtype=object), sender="s",
                                       recipients="r", timestamp=None), **options)
    if errors not in ("strict", "skip"):
        raise _core.OptionError(f"errors must be 'strict' or 'skip', not {errors!r}")
    if half_life is not None and timestamp is None:
        raise _core.OptionError("tie_table: half_life needs timestamp= (a time column)")
    if freq is not None and timestamp is None:
        raise _core.OptionError("tie_table: freq needs timestamp= (a time column)")
    pfreq = _period_freq(freq) if freq is not None else None
    fields = {f.name: f.dataType for f in df.schema.fields}
    cols = {"sender": sender, "recipients": recipients, "timestamp": timestamp, "role": role,
            "message_id": message_id}
    for keyword, name in cols.items():
        if name is not None and name not in fields:
            raise KeyError(f"tie_table: {keyword}={name!r} is not a column of the DataFrame (columns: "
                           f"{list(fields)})")
    selected = []
    micros = False
    for keyword, name in cols.items():
        if name is None:
            continue
        dtype = fields[name]
        c = F.col(name)
        if keyword == "timestamp" and isinstance(dtype, (T.TimestampType, T.TimestampNTZType, T.DateType)):
            # Spark timestamps are instants: to UTC microseconds here, to UTC datetimes on the executor.
            c = F.unix_micros(c.cast(T.TimestampType()) if isinstance(dtype, T.DateType) else c)
            micros = True
        elif keyword == "recipients" and isinstance(dtype, T.ArrayType):
            c = c.cast(T.ArrayType(T.StringType()))
        elif keyword == "timestamp" and isinstance(dtype, T.NumericType):
            pass
        else:
            c = c.cast(T.StringType())
        selected.append(c.alias(name))
    rows = df.select(*selected)
    if message_id is not None:
        rows = rows.repartition(partitions, message_id) if partitions else rows.repartition(message_id)
    rescale = half_life is not None and reference_time is None and freq is None
    cfg = {"sender": sender, "recipients": recipients, "timestamp": timestamp, "role": role,
           "message_id": message_id, "recipient_sep": recipient_sep, "errors": errors,
           "timestamp_micros": micros, "options": options, "rescale": rescale, "freq": pfreq,
           "start_us": to_micros(start, "start"), "end_us": to_micros(end, "end")}

    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        return _partition_ties(batches, cfg)

    parts = rows.mapInPandas(run, _PARTS_SCHEMA).persist()
    ties = parts.where(F.col("kind") == "tie")
    keys = ["period", "source", "target"] if freq is not None else ["source", "target"]
    if rescale:
        # The whole log's latest time, then each partition's partial sums moved to that reference.
        hl_us = float(to_seconds(half_life, "half_life")) * 1e6  # type: ignore[arg-type]
        t_ref = parts.where(F.col("kind") == "report").agg(F.max("ref").alias("t_ref"))
        ties = ties.crossJoin(F.broadcast(t_ref)).withColumn(
            "weight", F.col("weight") * F.pow(F.lit(2.0), -(F.col("t_ref") - F.col("ref")).cast("double") / hl_us))
    out = ties.groupBy(*keys).agg(F.sum("weight").alias("weight"))
    return TieTable(parts, out, freq, options, weighting)


# ---- to one machine ----------------------------------------------------------------
@_quiet
def _to_pandas(sdf: DataFrame) -> pd.DataFrame:
    """A (small) Spark DataFrame on the driver through Arrow."""
    if hasattr(sdf, "toArrow"):
        return sdf.toArrow().to_pandas()
    spark = sdf.sparkSession
    key = "spark.sql.execution.arrow.pyspark.enabled"
    old = spark.conf.get(key, "false")
    spark.conf.set(key, "true")
    try:
        return sdf.toPandas()
    finally:
        spark.conf.set(key, old or "false")


@_quiet
def graph_from_spark(ties, people: Iterable | None = None):
    """``onakit.Graph.from_spark``: see its docstring."""
    freq = None
    report = None
    if isinstance(ties, TieTable):
        freq = ties.freq
        report = ties.report
        sdf = ties.ties
    elif isinstance(ties, DataFrame):
        sdf = ties
    else:
        raise TypeError(f"Graph.from_spark expects an onakit.spark.TieTable or a pyspark.sql.DataFrame, "
                        f"not {type(ties).__name__}")
    missing = {"source", "target", "weight"} - set(sdf.columns)
    if missing:
        raise KeyError(f"Graph.from_spark: the tie table lacks the columns {sorted(missing)} "
                       f"(it has {sdf.columns}); tie_table(...).ties has source, target, weight")
    pdf = _to_pandas(sdf.select(*(["period"] if "period" in sdf.columns else []), "source", "target", "weight"))
    if people is None:
        people = pd.Index(sorted(set(pdf["source"]).union(pdf["target"])), name="person")
    else:
        people = pd.Index(list(people), name="person")
    if "period" not in pdf.columns:
        pdf = pdf.sort_values(["source", "target"], kind="stable", ignore_index=True)
        g = Graph.from_pandas(pdf, people=people)
        g.build_report = report
        return g
    graphs = {}
    for p, part in pdf.groupby("period", sort=False):
        g = Graph.from_pandas(part.drop(columns="period").sort_values(["source", "target"], ignore_index=True),
                              people=people)
        if isinstance(report, Mapping):
            g.build_report = report.get(str(p))
        graphs[str(p)] = g
    order = sorted(graphs, key=lambda s: pd.Period(s, freq=_period_freq(freq)) if freq is not None else s)
    index = pd.PeriodIndex([pd.Period(s, freq=_period_freq(freq)) for s in order], name="period") \
        if freq is not None else pd.Index(order, name="period")
    out = pd.Series([graphs[s] for s in order], index=index, dtype=object, name="graph")
    out.attrs["freq"] = str(freq) if freq is not None else None
    return out


# ---- group mixing ------------------------------------------------------------------
@_quiet
def group_mixing(ties, people, group_by: str, *, person: str | None = None, min_group_size: int | None = 5,
                 weighted: bool = True) -> pd.DataFrame:
    """Group x group tie weight of a Spark tie table, with the minimum-group-size rule: :func:`onakit.mixing_matrix`
    without the person-level graph on one machine.

    A tie ``u -> v`` adds its weight to ``[group(u), group(v)]`` (self-ties on
    the diagonal); ties touching a person without a group are left out and
    counted. Groups with fewer than ``min_group_size`` members are merged into
    one row (or hidden, when that row would still be too small) by the rule
    of every group output (C++ ``onakit::suppress_small_groups``).

    Parameters
    ----------
    ties : onakit.spark.TieTable or pyspark.sql.DataFrame
        ``source, target, weight`` (one period: filter a ``freq`` table on
        ``period`` first).
    people : pyspark.sql.DataFrame or pandas.DataFrame
        The organisation, one row per person (the group sizes are counted
        here, so list silent people too): the person column and ``group_by``.
    group_by : str
        The group column (department, site, ...); null = no group.
    person : str, optional
        The person column (default ``"person"``; a pandas table may keep the
        people in its index). Persons match tie ends by their text
        (``17`` matches ``"17"``). No tie end matching a grouped person is an
        error; fewer than half of all people grouped, a warning.
    min_group_size : int or None
        As :func:`onakit.mixing_matrix` (default 5; None shows every group).
    weighted : bool
        Sum tie weights (True) or count ties.

    Returns
    -------
    pandas.DataFrame
        Square, indexed and columned by group, as :func:`onakit.mixing_matrix`
        (same ``attrs``: ``ungrouped``, ``ungrouped_examples``,
        ``suppressed_groups``, ``suppressed_people``,
        ``suppressed_row_hidden``, ``ungrouped_ties``, ``ungrouped_weight``,
        ``total``).

    Examples
    --------
    >>> import onakit as ona, onakit.spark as ons
    >>> from pyspark.sql import SparkSession
    >>> spark = (SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false")
    ...          .config("spark.ui.showConsoleProgress", "false").config("spark.sql.shuffle.partitions", "2")
    ...          .getOrCreate())
    >>> log, people = ona.synthetic_org(people=60, departments=3, weeks=2, seed=1)
    >>> g = ona.build_graph(log)
    >>> ties = spark.createDataFrame(g.to_pandas().to_dict("records"))
    >>> m = ons.group_mixing(ties, people, group_by="department")
    >>> m.equals(ona.mixing_matrix(g, people["department"]))
    True
    """
    sdf = ties.ties if isinstance(ties, TieTable) else ties
    if not isinstance(sdf, DataFrame):
        raise TypeError(f"group_mixing expects an onakit.spark.TieTable or a pyspark.sql.DataFrame, "
                        f"not {type(ties).__name__}")
    if "period" in sdf.columns:
        raise ValueError("group_mixing: the tie table has a period column; filter one period first "
                         "(ties.where(F.col('period') == '2024-03'))")
    if not {"source", "target"} <= set(sdf.columns):
        raise KeyError(f"group_mixing: the tie table needs source and target columns (it has {sdf.columns})")
    if not isinstance(weighted, (bool, np.bool_)):
        raise TypeError(f"weighted must be True or False, not {type(weighted).__name__}")
    spark = sdf.sparkSession
    if isinstance(people, pd.DataFrame):
        if group_by not in people.columns:
            raise KeyError(f"group_mixing: group_by={group_by!r} is not a column of people "
                           f"(columns: {list(people.columns)})")
        if person is None and "person" not in people.columns:
            ids = people.index
        else:
            name = person or "person"
            if name not in people.columns:
                raise KeyError(f"group_mixing: person={name!r} is not a column of people")
            ids = pd.Index(people[name])
        local = pd.DataFrame({"person": [str(p) for p in ids],
                              "group": [None if _missing(v) else v for v in people[group_by].tolist()]})
        if local["person"].duplicated().any():
            dup = local["person"][local["person"].duplicated()].unique()[:5].tolist()
            raise ValueError(f"group_mixing: people has repeated persons, e.g. {dup}; give each person one row")
        have = local[local["group"].notna()]
        n_no_group = int(local["group"].isna().sum())
        vc = have.groupby(have["group"].map(str), sort=False)
        labels = [grp["group"].iloc[0] for _, grp in vc]
        counts = np.array([len(grp) for _, grp in vc], dtype=np.int64)
        local_people = spark.createDataFrame(
            [(p, None if g is None else str(g)) for p, g in zip(local["person"], local["group"])],
            "person string, glabel string")
    elif isinstance(people, DataFrame):
        name = person or "person"
        for keyword, col in (("person", name), ("group_by", group_by)):
            if col not in people.columns:
                raise KeyError(f"group_mixing: {keyword}={col!r} is not a column of people (columns: {people.columns})")
        typed = people.select(F.col(name).cast("string").alias("person"), F.col(group_by).alias("group"))
        sizes = typed.groupBy("group").agg(F.count(F.lit(1)).alias("count"),
                                           F.countDistinct("person").alias("distinct")).collect()
        if sum(int(r["distinct"]) for r in sizes) != sum(int(r["count"]) for r in sizes):
            dups = typed.groupBy("person").count().where(F.col("count") > 1).limit(5).collect()
            if dups:
                raise ValueError(f"group_mixing: people has repeated persons, e.g. {[r.person for r in dups]}; "
                                 "give each person one row")
        n_no_group = sum(int(r["count"]) for r in sizes if r["group"] is None)
        sizes = [r for r in sizes if r["group"] is not None]
        labels = [r["group"] for r in sizes]
        counts = np.array([int(r["count"]) for r in sizes], dtype=np.int64)
        local_people = typed.select("person", F.col("group").cast("string").alias("glabel"))
    else:
        raise TypeError(f"group_mixing: people must be a Spark or pandas DataFrame, not {type(people).__name__}")
    speople = local_people

    # Group sizes (k rows on the driver), then the one suppression rule on them.
    if not len(labels):
        raise ValueError(f"group_mixing: no person of people has a {group_by!r}")
    grouped = int(counts.sum())
    fake = types.SimpleNamespace(people=pd.RangeIndex(grouped))
    gr = Groups(fake, np.repeat(np.array(labels + [None], dtype=object)[:-1], counts), min_group_size)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    code_of = {str(lab): int(gr.codes[s]) for lab, s in zip(labels, starts)}
    mapping = spark.createDataFrame([(k, v) for k, v in code_of.items() if v != NO_GROUP],
                                    "glabel string, code int")
    coded = speople.join(F.broadcast(mapping), on="glabel", how="left").select("person", "code")

    # Coverage: the people are the table's persons plus the tie ends it lacks (one job).
    n_rows = int(counts.sum()) + int(n_no_group)
    ends = sdf.select(F.col("source").cast("string").alias("person")).union(
        sdf.select(F.col("target").cast("string").alias("person"))).distinct()
    flagged = ends.join(speople.withColumn("listed", F.lit(True)), on="person", how="left")
    stats = flagged.agg(F.count(F.when(F.col("listed").isNull(), 1)).alias("strangers"),
                        F.count("glabel").alias("matched")).first()
    assert stats is not None  # an aggregate has one row
    n_strangers, matched_ends = int(stats["strangers"]), int(stats["matched"])
    n_people = n_rows + n_strangers
    examples: list = []
    if n_people > grouped:
        examples = [r.person for r in flagged.where(F.col("glabel").isNull()).select("person").limit(5).collect()]
    if matched_ends == 0 or not _core.enough_grouped(people=n_people, grouped=grouped):
        ends_sample = [r.person for r in ends.limit(3).collect()]
        keys_sample = [r.person for r in speople.limit(3).collect()]
        mask = not any("@" in str(p) for p in ends_sample)
        warning = _core.check_group_coverage(
            people=n_people, grouped=grouped if matched_ends else 0, who="group_mixing: groups",
            of="the tie table", people_side=describe_labels(ends_sample), keys=f"the {n_rows:,} rows of people",
            keys_side=f"people's persons are {describe_labels(keys_sample, mask_addresses=mask)}",
            ungrouped=describe_labels(examples[:3]), hint="")
        warnings.warn(warning, UserWarning, stacklevel=3)

    # The k x k cells and the ungrouped ties (group code null), one job.
    src = coded.select(F.col("person").alias("source"), F.col("code").alias("cs"))
    dst = coded.select(F.col("person").alias("target"), F.col("code").alias("ct"))
    w = F.col("weight").cast("double") if weighted and "weight" in sdf.columns else F.lit(1.0)
    joined = sdf.select(F.col("source").cast("string").alias("source"), F.col("target").cast("string").alias("target"),
                        w.alias("w")).join(F.broadcast(src) if n_rows < 1_000_000 else src, on="source", how="left") \
        .join(F.broadcast(dst) if n_rows < 1_000_000 else dst, on="target", how="left")
    cells = joined.groupBy("cs", "ct").agg(F.sum("w").alias("w"), F.count(F.lit(1)).alias("n")).collect()
    ungrouped_ties, ungrouped_weight = 0, 0.0
    m = np.zeros((gr.k, gr.k))
    for r in cells:
        if r["cs"] is None or r["ct"] is None:
            ungrouped_ties += int(r["n"])
            ungrouped_weight += float(r["w"])
        else:
            m[int(r["cs"]), int(r["ct"])] = float(r["w"])
    total = float(m.sum())
    out = pd.DataFrame(m, index=gr.names, columns=gr.names.copy())
    attrs = gr.attrs(ungrouped_ties=ungrouped_ties, ungrouped_weight=ungrouped_weight, total=total)
    attrs["ungrouped"] = n_people - grouped
    attrs["ungrouped_examples"] = examples[:5]
    out.attrs.update(attrs)
    return out
