"""Change over time: one graph per period, silo trends, tie and rank change.

* :func:`build_graphs` cuts a :class:`onakit.MessageLog` into calendar
  periods (weeks, months, quarters or any pandas frequency) and builds one
  :class:`onakit.Graph` per period, every graph over the same people index.
* :func:`silo_trend` follows the E-I index, insularity and external tie
  weight of every group, and of the organisation, period by period.
* :func:`tie_change` compares two graphs tie by tie: formed, lost,
  strengthened, weakened, per tie, per person and per pair of groups.
* :func:`rank_change` compares two centrality Series: who moved up or down.
* :func:`per_period` applies any per-person measure to every period: one
  period x person table.

Periods are in UTC and half-open, ``[start, end)``, exactly like the
``start`` / ``end`` window of :func:`onakit.build_graph`, so every message
with a time lands in exactly one period. The per-period graphs are built by
the C++ builder (one pass over the log per period); the group figures come
from the same C++ kernels as :func:`onakit.ei_index`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from . import _core
from ._build import SPLIT_WARNING, build_graph, warn_if_split_changes_nothing
from ._graph import Graph
from ._groups import NO_GROUP, SummaryLabel
from ._groups import Groups as _Groups
from ._log import MessageLog
from ._progress import progress_bar
from ._results import core_of
from ._silo import _check_weighted
from ._time import NO_TIME, micros_to_datetime, to_micros
from ._options import real, whole

__all__: list[str] = ["TieChange", "build_graphs", "per_period", "rank_change", "silo_trend", "tie_change"]

ORG = SummaryLabel("(organisation)")  # sorts after every group label, also int ones
STATUSES = ["formed", "lost", "strengthened", "weakened", "unchanged"]
RankMethod = Literal["average", "min", "max", "first", "dense"]  # pandas' Series.rank methods


# ---- periods ----------------------------------------------------------------------
def _periods(lo: pd.Timestamp, hi: pd.Timestamp, freq):
    """Calendar periods covering [lo, hi] (UTC): (index, start micros, end micros).

    A frequency that pandas accepts for periods (``"W"``, ``"M"``, ``"Q"``,
    ``"2M"``, ``pd.offsets.MonthEnd()``, ...) gives a ``PeriodIndex``; any other
    offset (``"MS"``, ``"14D"`` anchored at the first day, ``"BMS"``, ...) gives
    an ``IntervalIndex`` of UTC timestamps closed on the left.
    """
    lo_naive, hi_naive = lo.tz_convert("UTC").tz_localize(None), hi.tz_convert("UTC").tz_localize(None)
    periods: pd.PeriodIndex | None = None
    idx: pd.PeriodIndex | pd.IntervalIndex
    for f in (freq, "offset"):
        try:
            # "ME", "QE", "YE" are offsets whose period frequency pandas spells
            # "M", "Q", "Y": the offset object is accepted for periods.
            f = pd.tseries.frequencies.to_offset(freq) if f == "offset" else f
            periods = pd.period_range(start=lo_naive, end=hi_naive, freq=f, name="period")
            break
        except (ValueError, TypeError, AttributeError):
            continue
    if periods is not None:
        # Microsecond ordinals (as the core's times), not start_time: its
        # nanoseconds only reach 1677-2262.
        idx = periods
        s_us = periods.asfreq("us", how="START").asi8.tolist()
        e_us = (periods + 1).asfreq("us", how="START").asi8.tolist()
    else:
        try:
            off = pd.tseries.frequencies.to_offset(freq)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"freq: {freq!r} is not a pandas frequency or offset alias ({exc})") from None
        first = off.rollback(lo_naive.normalize()) if not isinstance(off, pd.offsets.Tick) else lo_naive.normalize()
        if first > lo_naive:  # rollback of an offset that does not land on midnight
            first = first - off
        starts = [first]
        while starts[-1] <= hi_naive:
            starts.append(starts[-1] + off)
        edges = pd.DatetimeIndex(starts).as_unit("us").tz_localize("UTC")
        idx = pd.IntervalIndex.from_arrays(edges[:-1], edges[1:], closed="left", name="period")
        us = np.asarray(edges.tz_localize(None), dtype="datetime64[us]").astype(np.int64)
        s_us, e_us = us[:-1].tolist(), us[1:].tolist()
    return idx, s_us, e_us


def _stamp(us: int) -> pd.Timestamp:
    return pd.Timestamp(int(us), unit="us", tz="UTC")


def build_graphs(log: MessageLog, freq="M", *, start=None, end=None, progress: bool = False, **options) -> pd.Series:
    """One communication graph per calendar period, all over the same people.

    The log's time span (first to last message, UTC) is cut into consecutive
    periods of ``freq``; the graph of a period is
    ``ona.build_graph(log, start=period_start, end=period_end, **options)``,
    so it keeps the messages with ``period_start <= time < period_end`` and,
    like every graph of the log, has *all* people of the log as vertices
    (people silent in a period are isolates there). Periods without messages
    are kept as empty graphs, so the index has no gaps.

    Parameters
    ----------
    log : onakit.MessageLog
    freq : str or pandas offset
        ``"W"`` (weeks ending Sunday), ``"M"`` (calendar months), ``"Q"``
        (quarters), or anything pandas accepts as a period frequency
        (``"2W"``, ``"W-FRI"``, ``"Y"``, ``pd.offsets.MonthEnd()``, ...): the
        index is then a ``pandas.PeriodIndex``. Other offset aliases
        (``"MS"``, ``"14D"`` counted from the first message's day, ...) give an
        ``IntervalIndex`` of UTC timestamps ``[start, end)``.
    start, end : time, optional
        Restrict the covered span (default: the first and the last message).
    progress : bool
        Show a tqdm bar on stderr, one tick per period built (default False).
    **options
        Any keyword argument of :func:`onakit.build_graph` except ``start`` /
        ``end`` (``weighting``, ``directed``, ``role_weights``,
        ``max_recipients``, ``self_loops``, ``half_life``, ``min_weight``,
        ``reciprocal``, ``threads``). With ``half_life`` and no
        ``reference_time``, each period's decay is measured from the end of
        that period (not from the end of the log, which would shrink early
        periods towards zero).

    Returns
    -------
    pandas.Series
        Of :class:`onakit.Graph` (dtype object), indexed by period (name
        ``"period"``), in time order: ``graphs.iloc[0]``, ``graphs.loc["2024-03"]``,
        ``graphs.map(ona.modularity ...)``. ``attrs``: ``freq``,
        ``messages`` (messages used per period, a dict keyed by the period as
        a string), ``messages_without_time`` (left out of every period),
        ``messages_total``, ``start``, ``end``, ``options``.

    Raises
    ------
    ValueError
        If the log has no message with a time, or ``freq`` is not a pandas frequency.

    Examples
    --------
    >>> import onakit as ona
    >>> log, people = ona.synthetic_org(people=60, departments=3, weeks=8, seed=2)
    >>> graphs = ona.build_graphs(log, freq="M")
    >>> [str(p) for p in graphs.index]
    ['2024-01', '2024-02']
    >>> all(g.people.equals(log.people) for g in graphs)
    True
    >>> sum(graphs.attrs["messages"].values()) == log.num_messages
    True
    """
    if not isinstance(log, MessageLog):
        raise TypeError(f"build_graphs expects an onakit.MessageLog, not {type(log).__name__}")
    times = np.asarray(log._core.times, dtype=np.int64)
    timed = times != NO_TIME
    no_time = int((~timed).sum())
    if not timed.any():
        raise ValueError("build_graphs: no message of the log has a time; there is nothing to cut into periods")
    idx, s_us, e_us, lo, hi_us = period_plan(int(times[timed].min()), int(times[timed].max()), start, end, freq,
                                             "build_graphs")
    decay_ref = options.get("half_life") is not None and options.get("reference_time") is None
    graphs = []
    with warnings.catch_warnings(), progress_bar(progress, "build_graphs", total=len(idx), unit="period") as bar:
        # "split changes nothing" is said once for all periods, below, not once per period
        warnings.filterwarnings("ignore", message=SPLIT_WARNING, category=UserWarning)
        for s, e in zip(s_us, e_us):
            opts = dict(options)
            if decay_ref:
                opts["reference_time"] = _stamp(e - 1)
            graphs.append(build_graph(log, start=_stamp(s), end=_stamp(e), **opts))
            bar.update(1)
    return graphs_by_period(graphs, idx, freq, options, no_time, log.num_messages, lo, hi_us, "build_graphs",
                            stacklevel=3)


def period_plan(first_us: int, last_us: int, start, end, freq, caller: str):
    """The periods of ``build_graphs`` (and of ``stream_ties(freq=)``): (index, start micros, end micros, first
    instant, last microsecond), from the first and last message times unless ``start``/``end`` are given."""
    lo_us = to_micros(start, "start") if start is not None else first_us
    hi_us = to_micros(end, "end") - 1 if end is not None else last_us
    if hi_us < lo_us:
        raise ValueError(f"{caller}: empty span (start={start!r}, end={end!r})")
    lo, hi = micros_to_datetime([lo_us, hi_us])
    idx, s_us, e_us = _periods(lo, hi, freq)
    # Clip the first and last period to the requested span, so that an explicit
    # start/end is honoured exactly.
    if start is not None:
        s_us[0] = max(s_us[0], lo_us)
    if end is not None:
        e_us[-1] = min(e_us[-1], hi_us + 1)
    return idx, s_us, e_us, lo, hi_us


def graphs_by_period(graphs: list, idx, freq, options: dict, no_time: int, total: int, lo, hi_us: int, caller: str,
                     stacklevel: int) -> pd.Series:
    """The Series ``build_graphs`` returns, with its ``attrs`` (one warning for a split that changes nothing)."""
    used = {str(p): int(g.build_report["messages_used"]) for p, g in zip(idx, graphs)}
    warn_if_split_changes_nothing(options.get("weighting", "count"), [g.build_report for g in graphs], caller,
                                  stacklevel=stacklevel)
    out = pd.Series(graphs, index=idx, dtype=object, name="graph")
    out.attrs.update({
        "freq": str(freq), "messages": used, "messages_without_time": no_time, "messages_total": total,
        "start": lo, "end": micros_to_datetime([hi_us + 1])[0], "options": dict(options),
    })
    return out


# ---- silo trend -----------------------------------------------------------------
def silo_trend(log, groups, freq="M", *, min_group_size: int | None = 5, weighted: bool = True,
               permutations: int = 0, seed: int = 0, threads: int = 0, **options) -> pd.DataFrame:
    """E-I index, insularity and external tie weight of every group, period by period.

    For each period of :func:`build_graphs` and each group g (as in
    :func:`onakit.ei_index` with ``level="group"``): I_g = tie weight with both
    ends in g, E_g = tie weight with one end in g (out of or into it),
    ``ei = (E_g - I_g) / (E_g + I_g)``, ``insularity = I_g / (I_g + E_g)``.
    The column ``"(organisation)"`` holds the organisation-level values
    (I = all ties inside a group, E = all ties between groups, as
    ``ei_index(level="org")``, computed on the groups as given, before small
    groups are merged). Self-ties and ties touching people without a group
    are left out. A period without ties has NaN ratios. That column's label
    and the merged small groups' are :class:`onakit.SummaryLabel` strings,
    which sort after int or str group labels (``sort_index(axis=1)`` works).

    Privacy: groups with fewer than ``min_group_size`` members (among the
    log's people, so the same in every period) are merged into one column
    labelled ``"(suppressed: k groups < min_group_size)"``, computed as one
    group; ``attrs["suppressed_groups"] = k``.

    Parameters
    ----------
    log : onakit.MessageLog
        Or a Series of graphs from :func:`build_graphs` (then ``freq`` and
        builder options are not used).
    groups : pandas.Series, mapping or array
        Group of each person of the log (Series indexed by person, dict, or
        an array aligned with ``log.people``); missing = no group, counted in
        ``attrs["ungrouped"]``.
    freq : str or pandas offset
        As in :func:`build_graphs`.
    min_group_size : int or None
    weighted : bool
        Tie weights (True) or tie counts.
    permutations, seed : int
        Permutation test of :func:`onakit.ei_index` per period and group
        (default 0: no test, ``p_value`` NaN).
    threads : int
    **options
        Builder options for :func:`build_graphs` (``weighting``, ``directed``, ...).

    Returns
    -------
    pandas.DataFrame
        Indexed by period, with two-level columns ``(measure, group)``:
        measures ``ei``, ``expected_ei``, ``p_value``, ``insularity``,
        ``internal``, ``external`` (tie weight, or tie count if not
        ``weighted``); groups in sorted order, the suppressed column, then
        ``"(organisation)"`` (its ``expected_ei`` is the organisation's, its
        ``p_value`` that of the org-level test). ``trend["ei"].plot()`` draws
        one line per group; ``trend.stack("group", future_stack=True)`` gives
        a long table. ``attrs``: ``sizes`` (members per column),
        ``ungrouped``, ``ungrouped_examples``, ``suppressed_groups``,
        ``ungrouped_ties`` (per period), ``messages`` (per period),
        ``messages_without_time``, ``freq``, ``permutations``, ``seed``.

    Examples
    --------
    >>> import onakit as ona
    >>> log, people = ona.synthetic_org(people=120, departments=4, weeks=9, seed=3)
    >>> trend = ona.silo_trend(log, people["department"], freq="M")
    >>> trend.shape[0], trend["ei"].columns[-1]
    (3, '(organisation)')
    >>> bool((trend["ei"] <= 1).all().all())
    True
    """
    weighted = _check_weighted(weighted)
    perms = whole(permutations, "permutations", minimum=0)
    seed = whole(seed, "seed")
    if isinstance(log, pd.Series):
        graphs = log
        if options:
            raise TypeError(f"silo_trend: builder options {sorted(options)} given with prebuilt graphs")
    else:
        graphs = build_graphs(log, freq, **options)
    if len(graphs) == 0:
        raise ValueError("silo_trend: no periods")
    g0 = graphs.iloc[0]
    for g in graphs:
        if not g.people.equals(g0.people):
            raise ValueError("silo_trend: the graphs do not share one people index (use ona.build_graphs)")
    gr = _Groups(g0, groups, min_group_size)
    names = list(gr.names) + [ORG]
    measures = ["ei", "expected_ei", "p_value", "insularity", "internal", "external"]
    data = {m: np.full((len(graphs), len(names)), np.nan) for m in measures}
    ungrouped_ties = {}
    for i, (p, g) in enumerate(graphs.items()):
        core = core_of(g)
        r = _core.ei_index(core, gr.codes, gr.k, weighted=weighted, permutations=perms, seed=seed,
                                threads=threads)
        o = r
        if gr.suppressed:  # the organisation's figures use the groups as given
            o = _core.ei_index(core, gr.base.codes, gr.base.count, weighted=weighted, permutations=perms,
                                    seed=seed, threads=threads)
        internal = np.append(np.asarray(r.group_internal, dtype=float), o.org_internal)
        external = np.append(np.asarray(r.group_external, dtype=float), o.org_external)
        data["internal"][i] = internal
        data["external"][i] = external
        data["ei"][i] = np.append(np.asarray(r.group_ei, dtype=float), o.org_ei)
        data["expected_ei"][i] = np.append(np.asarray(r.group_expected, dtype=float), o.org_expected)
        data["p_value"][i] = np.append(np.asarray(r.group_p, dtype=float), o.org_p)
        data["insularity"][i] = np.append(np.asarray(r.group_insularity, dtype=float), o.org_insularity)
        ungrouped_ties[str(p)] = int(r.excluded_ties)
    cols = pd.MultiIndex.from_product([measures, names], names=["measure", "group"])
    df = pd.DataFrame(np.concatenate([data[m] for m in measures], axis=1), index=graphs.index, columns=cols)
    df.attrs.update(gr.attrs(
        sizes=dict(zip(names, [*gr.sizes.tolist(), int((gr.base.codes != NO_GROUP).sum())])),
        ungrouped_ties=ungrouped_ties,
        messages=dict(graphs.attrs.get("messages", {})),
        messages_without_time=graphs.attrs.get("messages_without_time"), freq=graphs.attrs.get("freq"),
        permutations=perms, seed=seed, weighted=weighted, min_group_size=min_group_size))
    return df


# ---- tie change -----------------------------------------------------------------
@dataclass
class TieChange:
    """What changed between two graphs (the result of :func:`tie_change`).

    Attributes
    ----------
    ties : pandas.DataFrame
        One row per tie present in either graph: ``source, target, before,
        after, change, status``.
    people : pandas.DataFrame
        One row per person: counts of incident ties by status and the
        person's tie weight before / after.
    group_pairs : pandas.DataFrame or None
        With ``groups``: one row per (group_a, group_b) with ties.
    summary : pandas.Series
        Number of ties by status.
    attrs : dict
        Diagnostics: ``only_before`` / ``only_after`` (people present in one
        graph only), ``threshold``, ``directed`` and the group diagnostics.

    Examples
    --------
    >>> import onakit as ona
    >>> log, people = ona.synthetic_org(people=50, departments=2, weeks=2)
    >>> weeks = ona.build_graphs(log, freq="W")
    >>> change = ona.tie_change(weeks.iloc[0], weeks.iloc[1])
    >>> change.summary.index.tolist()
    ['formed', 'lost', 'strengthened', 'weakened', 'unchanged']
    >>> int(change.summary.sum()) == len(change.ties)
    True
    """

    ties: pd.DataFrame
    people: pd.DataFrame
    group_pairs: pd.DataFrame | None
    summary: pd.Series
    attrs: dict = field(default_factory=dict)

    def __getitem__(self, key: str):
        """``result["ties"]`` works like ``result.ties`` (dict-style access)."""
        if key not in ("ties", "people", "group_pairs", "summary", "attrs"):
            raise KeyError(key)
        return getattr(self, key)

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={int(v):,}" for k, v in self.summary.items())
        return f"TieChange(ties={len(self.ties):,}: {counts}; people={len(self.people):,})"

    def to_pandas(self, what: str = "ties") -> pd.DataFrame:
        """One of the result's tables, as a copy: ``"ties"`` (default), ``"people"`` or ``"group_pairs"``.

        Examples
        --------
        >>> import pandas as pd, onakit as ona
        >>> jan = ona.Graph.from_pandas(pd.DataFrame({"source": ["a"], "target": ["b"]}))
        >>> feb = ona.Graph.from_pandas(pd.DataFrame({"source": ["a", "b"], "target": ["b", "a"]}))
        >>> ona.tie_change(jan, feb).to_pandas()[["source", "target", "status"]].values.tolist()
        [['b', 'a', 'formed'], ['a', 'b', 'unchanged']]
        """
        if what not in ("ties", "people", "group_pairs"):
            raise ValueError(f"TieChange.to_pandas: what={what!r} must be 'ties', 'people' or 'group_pairs'")
        table = getattr(self, what)
        if table is None:
            raise ValueError("TieChange.to_pandas: no group_pairs table: pass groups= to tie_change")
        return table.copy()

    def _repr_html_(self) -> str:
        import html

        counts = ", ".join(f"{html.escape(str(k))} {int(v):,}" for k, v in self.summary.items())
        parts = [f"<b>onakit.TieChange</b> {len(self.ties):,} ties ({counts}); {len(self.people):,} people",
                 "<br><i>largest changes</i>", self.ties.head(10).to_html(max_rows=10)]
        if self.group_pairs is not None:
            top = self.group_pairs.reindex(self.group_pairs["change"].abs().sort_values(ascending=False).index)
            parts += ["<i>group pairs with the largest change</i>", top.head(10).to_html(max_rows=10)]
        return "\n".join(parts)


class _People:
    def __init__(self, people: pd.Index):
        self.people = people


def _classify(before: np.ndarray, after: np.ndarray, threshold: float) -> np.ndarray:
    status = np.full(len(before), 4, dtype=np.int8)  # unchanged
    status[(after > before * (1 + threshold)) & (before > 0)] = 2
    status[(after < before * (1 - threshold)) & (after > 0)] = 3
    status[(before == 0) & (after > 0)] = 0
    status[(before > 0) & (after == 0)] = 1
    return status


def tie_change(g_before, g_after, groups=None, *, threshold: float = 0.0,
               min_group_size: int | None = 5) -> TieChange:
    """Ties formed, lost, strengthened and weakened between two graphs.

    Each tie present in either graph (weight > 0) gets a status, with
    ``b`` = weight before and ``a`` = weight after (0 when absent):

    * ``formed``: b = 0 < a;  ``lost``: b > 0 = a;
    * ``strengthened``: a > b (1 + threshold);  ``weakened``: 0 < a < b (1 - threshold);
    * ``unchanged``: otherwise (with the default ``threshold=0``: a == b).

    The graphs are matched by the people's labels. People present in only
    one graph (graphs from :func:`build_graphs` never have any) count as
    having no ties in the other and are listed in ``attrs["only_before"]`` /
    ``attrs["only_after"]``. Undirected ties are matched regardless of the
    order of their ends.

    Parameters
    ----------
    g_before, g_after : onakit.Graph
        Both directed or both undirected.
    groups : pandas.Series, mapping or array, optional
        Group of each person (an array must be aligned with the union of the
        people: ``g_before.people`` then the newcomers of ``g_after``). Adds a
        ``group`` column to ``people`` and the ``group_pairs`` table.
    threshold : float
        Relative change (>= 0) a tie needs to count as strengthened or weakened.
    min_group_size : int or None
        ``group_pairs``: groups with fewer members (among the union of
        people) are merged into one suppressed group; ``people`` then shows
        that label, too.

    Returns
    -------
    TieChange
        ``.ties`` (sorted by status, then largest absolute change), ``.people``
        (indexed by person: ``formed, lost, strengthened, weakened,
        unchanged`` counts over the ties the person sends or receives,
        ``before``, ``after``, ``change`` of their total tie weight, and
        ``group``), ``.group_pairs`` (indexed by ``(group_a, group_b)``:
        sender and recipient group when directed, an unordered pair when
        undirected; status counts and ``before, after, change`` weight; ties
        touching people without a group left out and counted in
        ``attrs["ungrouped_ties"]``), ``.summary`` (ties per status),
        ``.attrs``. Also readable as ``result["ties"]``.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> jan = ona.Graph.from_pandas(pd.DataFrame({"source": ["a", "a", "b"], "target": ["b", "c", "c"],
    ...                                           "weight": [2, 1, 3]}), weight="weight")
    >>> feb = ona.Graph.from_pandas(pd.DataFrame({"source": ["a", "b", "c"], "target": ["b", "c", "a"],
    ...                                           "weight": [5, 1, 1]}), weight="weight")
    >>> ona.tie_change(jan, feb).summary.to_dict()
    {'formed': 1, 'lost': 1, 'strengthened': 1, 'weakened': 1, 'unchanged': 0}
    """
    for g in (g_before, g_after):
        core_of(g)
    if g_before.directed != g_after.directed:
        raise ValueError("tie_change: one graph is directed and the other is not; build both the same way")
    threshold = real(threshold, "threshold")
    if not threshold >= 0:
        raise _core.OptionError(f"tie_change: threshold={threshold!r} must be >= 0")
    directed = g_before.directed
    pb, pa = g_before.people, g_after.people
    if pb.has_duplicates or pa.has_duplicates:
        raise ValueError("tie_change: a graph has duplicate people labels")
    if pb.equals(pa):
        people = pb
        only_before, only_after = [], []
    else:
        people = pb.append(pa[~pa.isin(pb)])
        only_before = pb[~pb.isin(pa)].tolist()
        only_after = pa[~pa.isin(pb)].tolist()
    n = len(people)

    def codes(g):
        ties = _core.tie_table_of(core_of(g))
        w = ties.weight
        pos = np.arange(len(g.people)) if g.people is people else people.get_indexer(g.people)
        s, t = pos[np.asarray(ties.source, dtype=np.int64)], pos[np.asarray(ties.target, dtype=np.int64)]
        if not directed:
            s, t = np.minimum(s, t), np.maximum(s, t)
        return s.astype(np.int64) * n + t, np.asarray(w, dtype=float)

    kb, wb = codes(g_before)
    ka, wa = codes(g_after)
    keys = np.union1d(kb, ka)
    before = np.zeros(len(keys))
    after = np.zeros(len(keys))
    before[np.searchsorted(keys, kb)] = wb
    after[np.searchsorted(keys, ka)] = wa
    keep = (before > 0) | (after > 0)
    keys, before, after = keys[keep], before[keep], after[keep]
    src, tgt = keys // n, keys % n
    status = _classify(before, after, threshold)
    change = after - before

    order = np.lexsort((np.arange(len(keys)), -np.abs(change), status))
    ties = pd.DataFrame({
        "source": people.take(src[order]), "target": people.take(tgt[order]),
        "before": before[order], "after": after[order], "change": change[order],
        "status": pd.Categorical.from_codes(status[order], categories=pd.Index(STATUSES)),
    })
    summary = pd.Series(np.bincount(status, minlength=5).astype(np.int64), index=STATUSES, name="ties")

    # Per person: every tie counts for both of its ends (a self-tie once).
    ends = np.concatenate([src, tgt])
    end_status = np.concatenate([status, status])
    self_tie = np.concatenate([np.zeros(len(src), bool), src == tgt])
    ends, end_status = ends[~self_tie], end_status[~self_tie]
    pcols = {s: np.bincount(ends[end_status == i], minlength=n).astype(np.int64) for i, s in enumerate(STATUSES)}
    wts_b = np.concatenate([before, before])[~self_tie]
    wts_a = np.concatenate([after, after])[~self_tie]
    pcols["before"] = np.bincount(ends, weights=wts_b, minlength=n)
    pcols["after"] = np.bincount(ends, weights=wts_a, minlength=n)
    pcols["change"] = pcols["after"] - pcols["before"]
    pdf = pd.DataFrame(pcols, index=people)

    attrs = {"only_before": only_before, "only_after": only_after, "threshold": threshold, "directed": directed}
    group_pairs = None
    if groups is not None:
        gr = _Groups(_People(people), groups, min_group_size)
        names = np.asarray(gr.names, dtype=object)
        col = np.full(n, None, dtype=object)
        grouped = gr.codes != NO_GROUP
        col[grouped] = names[gr.codes[grouped]]
        pdf["group"] = pd.Series(col, index=people, dtype=object)
        ca, cb = gr.codes[src].astype(np.int64), gr.codes[tgt].astype(np.int64)
        ok = (ca != NO_GROUP) & (cb != NO_GROUP)
        ca, cb, st, b, a = ca[ok], cb[ok], status[ok], before[ok], after[ok]
        if not directed:
            ca, cb = np.minimum(ca, cb), np.maximum(ca, cb)
        pair = ca * gr.k + cb
        upairs, inv = np.unique(pair, return_inverse=True)
        gcols = {s: np.bincount(inv[st == i], minlength=len(upairs)).astype(np.int64)
                 for i, s in enumerate(STATUSES)}
        gcols["before"] = np.bincount(inv, weights=b, minlength=len(upairs))
        gcols["after"] = np.bincount(inv, weights=a, minlength=len(upairs))
        gcols["change"] = gcols["after"] - gcols["before"]
        mi = pd.MultiIndex.from_arrays([names[upairs // gr.k], names[upairs % gr.k]], names=["group_a", "group_b"])
        group_pairs = pd.DataFrame(gcols, index=mi)
        attrs.update(gr.attrs(ungrouped_ties=int((~ok).sum())))
    for df in (ties, pdf, summary) + ((group_pairs,) if group_pairs is not None else ()):
        df.attrs.update(attrs)
    return TieChange(ties=ties, people=pdf, group_pairs=group_pairs, summary=summary, attrs=attrs)


# ---- rank change ----------------------------------------------------------------
def rank_change(before: pd.Series, after: pd.Series, *, method: RankMethod = "min") -> pd.DataFrame:
    """How people's ranks moved between two scores (any centrality, any measure).

    Ranks are taken among the people present in both Series, highest score
    = rank 1 (``pandas.Series.rank(ascending=False, method=method)``; ties
    share the best rank with the default ``"min"``). ``rank_change =
    rank_before - rank_after``: positive = moved up. People in only one
    Series are left out and listed in ``attrs["only_before"]`` /
    ``attrs["only_after"]``; a NaN score gives a NaN rank.

    Parameters
    ----------
    before, after : pandas.Series
        Scores indexed by person, e.g. ``ona.pagerank(graphs.iloc[0])``.
    method : {"min", "average", "max", "first", "dense"}
        How equal scores are ranked.

    Returns
    -------
    pandas.DataFrame
        Indexed by person: ``before, after, rank_before, rank_after,
        rank_change``, sorted by ``rank_change`` (biggest climbers first;
        equal changes by ``rank_after``), NaN last.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> jan = pd.Series({"ann": 0.5, "bob": 0.3, "cy": 0.2})
    >>> feb = pd.Series({"ann": 0.2, "bob": 0.5, "cy": 0.3})
    >>> ona.rank_change(jan, feb)["rank_change"].to_dict()
    {'bob': 1.0, 'cy': 1.0, 'ann': -2.0}
    """
    for name, s in (("before", before), ("after", after)):
        if not isinstance(s, pd.Series):
            raise TypeError(f"rank_change: {name} must be a pandas Series indexed by person, not {type(s).__name__}")
        if s.index.has_duplicates:
            raise ValueError(f"rank_change: {name} has duplicate people, e.g. "
                             f"{s.index[s.index.duplicated()][:5].tolist()}")
    if method not in ("min", "average", "max", "first", "dense"):
        raise ValueError(f'method must be "min", "average", "max", "first" or "dense", not {method!r}')
    common = before.index[before.index.isin(after.index)]
    b = pd.to_numeric(before.loc[common]).astype(float)
    a = pd.to_numeric(after.reindex(common)).astype(float)
    df = pd.DataFrame({"before": b.to_numpy(), "after": a.to_numpy()}, index=common)
    df["rank_before"] = df["before"].rank(ascending=False, method=method)
    df["rank_after"] = df["after"].rank(ascending=False, method=method)
    df["rank_change"] = df["rank_before"] - df["rank_after"]
    df = df.sort_values(["rank_change", "rank_after"], ascending=[False, True], na_position="last", kind="stable")
    df.attrs.update({
        "only_before": before.index[~before.index.isin(after.index)].tolist(),
        "only_after": after.index[~after.index.isin(before.index)].tolist(),
        "method": method,
    })
    return df


# ---- a measure per period -------------------------------------------------------
def per_period(graphs, measure, *, progress: bool = False, **kwargs) -> pd.DataFrame | pd.Series:
    """Apply a measure to the graph of every period: one table, period x person.

    ``ona.per_period(graphs, ona.degree)`` is the table whose row
    ``p`` is ``ona.degree(graphs[p])``. It is named for what it
    does (like pandas' "per group" ``groupby().apply``): one call per
    period, the results lined up by person.

    Parameters
    ----------
    graphs : pandas.Series of onakit.Graph, mapping or list
        Usually the result of :func:`onakit.build_graphs` (indexed by
        period); a dict maps period labels to graphs; a list is numbered
        from 0.
    measure : callable or str
        Called as ``measure(graph, **kwargs)``; it returns a Series indexed
        by person (a centrality), or a number (e.g. ``ona.density``). A
        string names an onakit function (``"pagerank"``).
    progress : bool
        Show a tqdm bar on stderr, one tick per period measured (default
        False). It is per_period's own: a measure's ``progress=`` cannot be
        passed through (wrap it: ``lambda g: ona.betweenness(g, progress=True)``).
    **kwargs
        Passed to ``measure`` for every period.

    Returns
    -------
    pandas.DataFrame or pandas.Series
        For Series results: a DataFrame indexed like ``graphs`` (name
        ``"period"``), one column per person (the union of the people in
        order of first appearance, name ``"person"``), NaN where a person
        is absent from a period's result. For numbers: a Series indexed by
        period. ``attrs``: ``measure`` (its name), ``kwargs`` (numbers and
        strings as given, other arguments by type name), and
        ``period_attrs`` (each period's result ``attrs``, keyed by the
        period as a string, when the measure reports diagnostics).

    Raises
    ------
    TypeError
        When ``measure`` returns a DataFrame (select one column with a
        lambda) or mixes Series and numbers.

    Examples
    --------
    >>> import onakit as ona
    >>> log, people = ona.synthetic_org(people=60, departments=3, weeks=8, seed=2)
    >>> graphs = ona.build_graphs(log, freq="M")
    >>> table = ona.per_period(graphs, ona.degree)
    >>> table.shape
    (2, 60)
    >>> ona.per_period(graphs, "density").index.equals(graphs.index)
    True
    """
    if isinstance(measure, str):
        import onakit

        name = measure
        measure = getattr(onakit, name, None)
        if not callable(measure) or name.startswith("_"):
            raise ValueError(f"per_period: measure={name!r} is not an onakit function (e.g. 'pagerank')")
    if not callable(measure):
        raise TypeError(f"per_period: measure must be a function or the name of one, not {type(measure).__name__}")
    if isinstance(graphs, pd.Series):
        index, items = graphs.index, graphs.tolist()
    elif isinstance(graphs, dict):
        index, items = pd.Index(list(graphs.keys())), list(graphs.values())
    else:
        items = list(graphs)
        index = pd.RangeIndex(len(items))
    if not items:
        raise ValueError("per_period: no graphs given")
    index = index.rename(index.name or "period")
    results, period_attrs = [], {}
    with progress_bar(progress, f"per_period {getattr(measure, '__name__', 'measure')}", total=len(items),
                      unit="period", where="per_period") as bar:
        for p, g in zip(index, items):
            try:
                r = measure(g, **kwargs)
            except Exception as e:
                if hasattr(e, "add_note"):
                    e.add_note(f"per_period: while measuring period {p}")
                raise
            if isinstance(r, pd.DataFrame):
                raise TypeError(f"per_period: {getattr(measure, '__name__', 'measure')} returns a DataFrame; pass a "
                                "function returning one column, e.g. lambda g: ona.brokerage(g, groups)['total']")
            if isinstance(r, pd.Series):
                if r.index.has_duplicates:
                    raise ValueError(f"per_period: the result of period {p} has duplicate people")
                if r.attrs:
                    period_attrs[str(p)] = dict(r.attrs)
            results.append(r)
            bar.update(1)
    is_series = [isinstance(r, pd.Series) for r in results]
    # attrs stay small and JSON-friendly (pandas copies them on every operation
    # and to_parquet writes them): arguments such as a groups Series are named, not kept.
    simple = (str, int, float, bool, type(None))
    attrs: dict[str, Any] = {"measure": getattr(measure, "__name__", repr(measure)),
             "kwargs": {k: v if isinstance(v, simple) else f"<{type(v).__name__}>" for k, v in kwargs.items()}}
    if not any(is_series):
        out = pd.Series([r for r in results], index=index, name=attrs["measure"])
        out.attrs.update(attrs)
        return out
    if not all(is_series):
        raise TypeError("per_period: the measure returned a Series for some periods and a number for others")
    people = results[0].index
    for r in results[1:]:
        if not r.index.equals(people):
            new = r.index[people.get_indexer(r.index) < 0]
            if len(new):
                people = people.append(new)
    people = people.rename("person")
    table = pd.DataFrame([r.reindex(people).to_numpy() for r in results], index=index, columns=people)
    if period_attrs:
        attrs["period_attrs"] = period_attrs
    table.attrs.update(attrs)
    return table
