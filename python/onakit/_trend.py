"""Organisational change: the network month by month, newcomers, bridging ties.

* :func:`network_trend` follows the whole network period by period:
  density, reciprocity, clustering, cross-group ties, modularity against the
  groups, communities, tie churn and new bridging ties (the measures of Yang
  et al., Nature Human Behaviour 2022).
* :func:`newcomer_integration` follows people who join: their contacts,
  groups reached and betweenness week by week since they started, against
  the median of the tenured people in the same week.
* :func:`edge_betweenness` and :func:`bridging_ties` score ties by the
  shortest paths they carry, between everyone or between groups.

Periods are those of :func:`onakit.build_graphs` (and so of
:func:`onakit.per_period` and :func:`onakit.silo_trend`). Tie churn, edge
betweenness and the cross-group scores are C++ (``onakit/temporal/network_trend.hpp``,
``onakit/centrality/edge_betweenness.hpp``); the other figures are onakit's
existing measures applied to each period.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from . import _core
from ._centrality_local import clustering
from ._centrality_paths import betweenness
from ._communities import communities
from ._graph import Graph
from ._groups import NO_GROUP, Groups, align_groups
from ._log import MessageLog
from ._progress import core_progress, progress_bar
from ._results import core_of
from ._structure import density, reciprocity
from ._time import NO_TIME, micros_to_datetime, to_micros
from ._time_trends import build_graphs
from ._options import threads as check_threads, whole

__all__: list[str] = ["bridging_ties", "edge_betweenness", "network_trend", "newcomer_integration"]


# ---- ties --------------------------------------------------------------------------
def _tie_rows(g: Graph) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(arc index, source id, target id) of each tie: every arc, or u <= v when undirected."""
    c = g.csr()
    off = np.asarray(c.offsets, dtype=np.int64)
    tgt = np.asarray(c.targets, dtype=np.int64)
    src = np.repeat(np.arange(len(off) - 1, dtype=np.int64), np.diff(off))
    arcs = np.arange(len(tgt), dtype=np.int64)
    if not g.directed:
        keep = src <= tgt
        arcs, src, tgt = arcs[keep], src[keep], tgt[keep]
    return arcs, src, tgt


def _check_graph(g, caller: str) -> Graph:
    if not isinstance(g, Graph):
        raise TypeError(f"{caller}: expected an onakit.Graph, not {type(g).__name__} "
                        "(use ona.from_networkx for networkx graphs)")
    return g


def edge_betweenness(g, *, normalized: bool = True, weighted: bool = False, threads: int = 0,
                     progress: bool = False) -> pd.Series:
    """Edge betweenness: the share of shortest paths between people that run along each tie.

    ``eb(e) = sum over ordered pairs s != t of sigma_st(e) / sigma_st``
    (Girvan & Newman 2002), computed with Brandes' (2008) algorithm in C++,
    in parallel. Equals ``networkx.edge_betweenness_centrality`` on the same
    graph, direction and normalisation included: normalised, divided by
    ``n (n - 1)`` (directed or not); not normalised, halved for an undirected
    graph. Unweighted, people with a single contact are folded into it
    first, as in :func:`onakit.betweenness` (same scores, fewer searches).

    Parameters
    ----------
    g : onakit.Graph
    normalized : bool
        Divide by ``n (n - 1)``, as networkx.
    weighted : bool
        Tie length ``1 / weight`` (strong ties are short), as networkx with a
        ``distance = 1/weight`` edge attribute, like :func:`onakit.betweenness`;
        ties of weight 0 are never used. Default: every tie has length 1.
    threads : int
        Threads (0 = all cores); the result does not depend on it.
    progress : bool
        Show a tqdm bar on stderr (sources searched).

    Returns
    -------
    pandas.Series
        Named ``"edge_betweenness"``, indexed by ``(source, target)`` (a
        MultiIndex of labels), one entry per tie in ``g.to_pandas()``'s order
        (an undirected tie once, source first in ``g.people``); self-ties
        score 0. ``.attrs``: ``normalized``, ``weighted``, ``pairs`` (ordered
        pairs counted) and ``searches`` (shortest-path searches run: fewer
        than the people when people with one contact were folded).

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> g = ona.Graph.from_pandas(pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"]}), directed=False)
    >>> ona.edge_betweenness(g).round(4).tolist()
    [0.6667, 0.6667]
    >>> import networkx as nx
    >>> karate = ona.from_networkx(nx.karate_club_graph())
    >>> eb = ona.edge_betweenness(karate)
    >>> nxeb = nx.edge_betweenness_centrality(nx.karate_club_graph())
    >>> bool(abs(eb[(0, 31)] - nxeb[(0, 31)]) < 1e-12)
    True
    """
    g = _check_graph(g, "edge_betweenness")
    with core_progress(progress, "edge_betweenness", unit="source", where="edge_betweenness") as report:
        r = _core.edge_betweenness(core_of(g), normalized=bool(normalized), weighted=bool(weighted),
                                   threads=threads, progress=report)
    arcs, src, tgt = _tie_rows(g)
    idx = pd.MultiIndex.from_arrays([g.people.take(src), g.people.take(tgt)], names=["source", "target"])
    out = pd.Series(np.asarray(r.scores, dtype=float)[arcs], index=idx, name="edge_betweenness")
    out.attrs.update({"normalized": bool(normalized), "weighted": bool(weighted), "pairs": int(r.pairs),
                      "searches": int(r.searches)})
    return out


def bridging_ties(g, groups, *, weighted: bool = False, min_group_size: int | None = 5, top: int | None = None,
                  threads: int = 0, progress: bool = False) -> pd.DataFrame:
    """The ties that carry the most shortest paths between groups.

    A tie's ``bridging`` score is its edge betweenness restricted to pairs
    of people in *different* groups, as a share: over the ``P`` ordered pairs
    ``(s, t)`` whose two people are in different groups,

        bridging(e) = (1 / P) * sum of sigma_st(e) / sigma_st

    (``sigma_st``: shortest ``s -> t`` paths; ``sigma_st(e)``: those using
    ``e``; unreachable pairs count 0). A tie scoring 0.2 carries a fifth of
    all between-group shortest paths: removing it lengthens or cuts those
    paths unless an equally short detour exists, so the top ties are those
    whose removal most increases the distance between groups. For an
    undirected graph a tie counts both directions. Computed exactly in C++
    (``group_edge_betweenness``, one Brandes search per grouped person).

    With ``top``, the returned ties also get ``efficiency_loss``, the exact
    cost of removing each: with the cross-group efficiency (Latora &
    Marchiori 2001) ``E = (1 / P) * sum over cross-group pairs of
    1 / d(s, t)`` (0 for unreachable pairs), ``efficiency_loss = E(G) -
    E(G without the tie)``, by one search per grouped person per tie
    (``attrs["efficiency"]`` holds E(G)). A tie with a high share whose
    loss is small has a detour almost as short.

    Groups are used as given for the score (two small groups are still two
    groups); the ``source_group`` / ``target_group`` columns show groups
    smaller than ``min_group_size`` under the merged "(suppressed ...)"
    label, as every group-level output.

    Parameters
    ----------
    g : onakit.Graph
    groups : pandas.Series, mapping or array
        Group of each person (matched to people by the rule of every group
        function); people without a group are neither sources nor targets of
        the counted pairs, but paths may pass through them.
    weighted : bool
        Tie length ``1 / weight``, as :func:`edge_betweenness`.
    min_group_size : int or None
        Groups smaller than this are shown merged.
    top : int, optional
        Keep the ``top`` highest-scoring ties and add their
        ``efficiency_loss`` (default: every tie, without it).
    threads : int
    progress : bool

    Returns
    -------
    pandas.DataFrame
        One row per tie, highest ``bridging`` first: ``source``, ``target``,
        ``source_group``, ``target_group``, ``cross_group`` (the two ends are
        in different groups), ``bridging`` and, with ``top``,
        ``efficiency_loss``. ``attrs``: ``pairs`` (P), ``ungrouped``,
        ``suppressed_groups``, ``weighted`` (and ``efficiency`` with ``top``).

    Raises
    ------
    ValueError
        When no person matches a group, or fewer than two groups have members.

    Examples
    --------
    >>> import onakit as ona
    >>> log, people = ona.synthetic_org(people=60, departments=3, weeks=4, seed=1)
    >>> ties = ona.bridging_ties(ona.build_graph(log, directed=False), people["department"], top=3)
    >>> len(ties), bool(ties["bridging"].is_monotonic_decreasing), bool((ties["efficiency_loss"] >= 0).all())
    (3, True, True)
    """
    g = _check_graph(g, "bridging_ties")
    check_threads(threads)  # before the groups' own OptionError below is read as being about groups=
    if top is not None:
        top = whole(top, "top", minimum=0)
    gr = Groups(g, groups, min_group_size)
    with core_progress(progress, "bridging_ties", unit="source", where="bridging_ties") as report:
        try:
            r = _core.group_edge_betweenness(core_of(g), gr.base.codes, len(gr.base.names), weighted=bool(weighted),
                                             threads=threads, progress=report)
        except _core.OptionError as exc:
            raise ValueError(f"bridging_ties: groups= {exc}") from None
    arcs, src, tgt = _tie_rows(g)
    shown = gr.column()
    scores = np.asarray(r.scores, dtype=float)[arcs]
    bc = gr.base.codes
    cross = (bc[src] != NO_GROUP) & (bc[tgt] != NO_GROUP) & (bc[src] != bc[tgt])
    df = pd.DataFrame({"source": g.people.take(src), "target": g.people.take(tgt),
                       "source_group": shown[src], "target_group": shown[tgt], "cross_group": cross,
                       "bridging": scores})
    order = np.argsort(-scores, kind="stable")
    df = df.take(order).reset_index(drop=True)
    attrs = gr.attrs(pairs=int(r.pairs), weighted=bool(weighted))
    if top is not None:
        df = df.head(top).copy()
        chosen = arcs[order[:len(df)]].astype(np.uint32)
        with core_progress(progress, "bridging_ties (removal)", unit="search", where="bridging_ties") as report:
            loss = _core.group_efficiency_loss(core_of(g), gr.base.codes, len(gr.base.names), chosen,
                                               weighted=bool(weighted), threads=threads, progress=report)
        df["efficiency_loss"] = np.asarray(loss.loss, dtype=float)
        attrs["efficiency"] = float(loss.efficiency)
    df.attrs.update(attrs)
    return df


# ---- network trend -----------------------------------------------------------------
def network_trend(log, groups=None, freq="M", *, seed: int = 0, threads: int = 0, progress: bool = False,
                  **options) -> pd.DataFrame:
    """The whole network period by period: structure, silos and tie churn.

    One row per period of :func:`onakit.build_graphs` (same periods as
    :func:`onakit.per_period` and :func:`onakit.silo_trend`), the measures
    with which Yang et al. ("The effects of remote work on collaboration
    among information workers", Nature Human Behaviour 6, 2022) showed
    firm-wide remote work making collaboration more static and siloed. The
    people *active* in a period are those with at least one tie in it.

    * ``people``: active people; ``ties``: ties (self-ties are left out by
      the builder's default);
    * ``density``: :func:`onakit.density` of the graph among the active people;
    * ``reciprocity``: :func:`onakit.reciprocity`;
    * ``clustering``: mean of :func:`onakit.clustering` over the active people;
    * ``communities``: number of communities :func:`onakit.communities`
      (Leiden, ``seed``) finds among the active people;
    * ``formed``, ``lost``: ties new in this period / gone since the previous
      one (a tie is a pair of people: ordered for a directed graph, weights
      ignored); ``churn = (formed + lost) / |ties now ∪ ties before|``;
      NaN in the first period;
    * with ``groups``: ``cross_group_share``: share of the ties whose two
      people both have a group that join different groups;
      ``bridging_share``: share of those ties that cross groups *and* are new
      (the two people were not tied in the previous period; NaN in the first
      period); ``modularity``: :func:`onakit.modularity` of the groups
      (weighted, networkx's definition).

    Groups are used as given (two small groups stay two groups): the
    figures are organisation-wide and name no group.

    Parameters
    ----------
    log : onakit.MessageLog
        Or a Series of graphs from :func:`onakit.build_graphs`.
    groups : pandas.Series, mapping or array, optional
        Group of each person (department, team); matched to people by the
        rule of every group function.
    freq : str or pandas offset
        As in :func:`onakit.build_graphs` (``"M"``: calendar months).
    seed : int
        Seed of the community detection.
    threads : int
    progress : bool
        Show a tqdm bar (periods).
    **options
        Builder options for :func:`onakit.build_graphs`.

    Returns
    -------
    pandas.DataFrame
        Indexed by period. ``attrs``: ``freq``, ``messages`` (per period),
        ``ungrouped`` (with groups).

    Examples
    --------
    >>> import onakit as ona
    >>> log, people = ona.synthetic_org(people=80, departments=4, weeks=9, seed=3)
    >>> trend = ona.network_trend(log, people["department"], freq="M")
    >>> list(trend.columns[:4])
    ['people', 'ties', 'density', 'reciprocity']
    >>> bool(trend["formed"].iloc[1:].ge(0).all()), bool(trend["cross_group_share"].between(0, 1).all())
    (True, True)
    """
    seed = whole(seed, "seed")  # checked before the periods are built, not at the first one
    check_threads(threads)
    if isinstance(log, pd.Series):
        graphs = log
        if options:
            raise TypeError(f"network_trend: builder options {sorted(options)} given with prebuilt graphs")
    elif isinstance(log, MessageLog):
        graphs = build_graphs(log, freq, **options)
    else:
        raise TypeError(f"network_trend expects an onakit.MessageLog or a Series of graphs, not {type(log).__name__}")
    if len(graphs) == 0:
        raise ValueError("network_trend: no periods")
    g0 = graphs.iloc[0]
    for g in graphs:
        if not isinstance(g, Graph) or not g.people.equals(g0.people):
            raise ValueError("network_trend: the graphs do not share one people index (use ona.build_graphs)")
    gr = Groups(g0, groups, None) if groups is not None else None
    codes = gr.base.codes if gr is not None else np.zeros(0, dtype=np.uint32)
    rows = []
    prev = None
    with progress_bar(progress, "network_trend", total=len(graphs), unit="period") as bar:
        for g in graphs:
            core = core_of(g)
            c = g.csr()
            off = np.asarray(c.offsets, dtype=np.int64)
            tgt = np.asarray(c.targets, dtype=np.int64)
            src = np.repeat(np.arange(len(off) - 1), np.diff(off))
            real = src != tgt
            active = np.zeros(len(off) - 1, dtype=bool)
            active[src[real]] = True
            active[tgt[real]] = True
            people = g.people[active]
            ch = _core.tie_churn(core_of(prev) if prev is not None else core, core, codes)
            row: dict[str, float] = {"people": int(active.sum()), "ties": int(ch.ties_after)}
            if active.sum() >= 2:
                sub = g.subgraph(people)
                row["density"] = density(sub)
                row["reciprocity"] = reciprocity(g) if ch.ties_after else np.nan
                row["clustering"] = float(clustering(g, threads=threads).to_numpy()[active].mean())
                comm = communities(sub, seed=seed, threads=threads)
                row["communities"] = int(comm.attrs["count"])
            else:
                row.update(density=np.nan, reciprocity=np.nan, clustering=np.nan, communities=0)
            first = prev is None
            row["formed"] = np.nan if first else int(ch.formed)
            row["lost"] = np.nan if first else int(ch.lost)
            row["churn"] = np.nan if first else float(ch.churn)
            if gr is not None:
                grouped = int(ch.grouped_ties)
                row["cross_group_share"] = ch.cross_group_ties / grouped if grouped else np.nan
                row["bridging_share"] = np.nan if first or not grouped else ch.bridging_ties / grouped
                row["modularity"] = float(_core.modularity(core, gr.base.codes, len(gr.base.names),
                                                           resolution=1.0, weighted=True))
            rows.append(row)
            prev = g
            bar.update(1)
    out = pd.DataFrame(rows, index=graphs.index)
    for col in ("people", "ties", "communities"):
        out[col] = out[col].astype(np.int64)
    for col in ("formed", "lost"):
        out[col] = out[col].astype("Int64")
    out.attrs.update({"freq": graphs.attrs.get("freq", str(freq)), "messages": graphs.attrs.get("messages", {}),
                      "seed": int(seed)})
    if gr is not None:
        out.attrs.update(gr.base.attrs())
    return out


# ---- newcomers ---------------------------------------------------------------------
def newcomer_integration(log, start_dates=None, weeks: int = 12, *, groups=None, threads: int = 0,
                         progress: bool = False, **options) -> pd.DataFrame:
    """How newcomers get connected: their first weeks against the tenured people's median.

    A person's *start* is their HR start date from ``start_dates`` or, by
    default, the time of the first message they send or receive. Periods
    are calendar weeks (:func:`onakit.build_graphs` with ``freq="W"``, weeks
    ending Sunday, UTC); week 0 of a person is the week holding their
    start. The graph of each week is undirected (a contact is a contact
    whichever way the mail went) with the builder's other options.

    *Newcomers* are the people whose start falls in the log's span and, when
    starts come from the messages, after the log's first ``weeks`` weeks (a
    person already writing in the first weeks was there before the log
    began). *Tenured* in a week are the people who started at least
    ``weeks`` weeks before that week (with the messages as starts: everyone
    seen in the log's first ``weeks`` weeks, from week ``weeks`` on, and
    the later starters once their own ``weeks`` have passed).

    For each newcomer and each of their first ``weeks`` weeks that the log
    covers: ``degree`` (distinct contacts that week), ``betweenness``
    (:func:`onakit.betweenness` of that week's graph, normalised) and, with
    ``groups``, ``groups_reached`` (other groups they have a tie with,
    as :func:`onakit.boundary_spanners`), each next to the median of the
    tenured people in the same week (``tenured_degree``, ...; silent people
    count 0).

    Parameters
    ----------
    log : onakit.MessageLog
    start_dates : pandas.Series, optional
        Start date per person (index: person, matched like groups; values:
        anything ``pandas.to_datetime`` reads, UTC when naive). People
        without one are taken as tenured.
    weeks : int
        Length of the integration window, in weeks (default 12).
    groups : pandas.Series, mapping or array, optional
        Group of each person, for ``groups_reached``.
    threads : int
    progress : bool
        Show a tqdm bar (weeks).
    **options
        Builder options for :func:`onakit.build_graphs` (``directed`` is
        always False here).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``(person, week)`` (week 0, 1, ...): ``period``,
        ``start``, ``degree``, ``tenured_degree``, ``betweenness``,
        ``tenured_betweenness`` and, with groups, ``groups_reached``,
        ``tenured_groups_reached``. ``attrs``: ``newcomers``, ``weeks``,
        ``tenured`` (tenured people per week, keyed by period).

    Raises
    ------
    ValueError
        When nobody's start falls in the log, or ``start_dates`` matches nobody.

    Examples
    --------
    >>> import onakit as ona
    >>> log = ona.read_email_csv("../shared/data/radoslaw_email/communication.csv", sender="Sender",
    ...                          recipients="Recipient", timestamp="EventDate", recipient_sep=None)
    >>> nc = ona.newcomer_integration(log, weeks=4)
    >>> nc.attrs["newcomers"], nc.index.names, list(nc.columns[:4])
    (18, FrozenList(['person', 'week']), ['period', 'start', 'degree', 'tenured_degree'])
    """
    if not isinstance(log, MessageLog):
        raise TypeError(f"newcomer_integration expects an onakit.MessageLog, not {type(log).__name__}")
    weeks = whole(weeks, "weeks", minimum=1)
    check_threads(threads)
    if "directed" in options:
        raise TypeError("newcomer_integration: directed= is not an option here (contacts are undirected)")
    graphs = build_graphs(log, "W", directed=False, **options)
    g0 = graphs.iloc[0]
    people = g0.people
    n = len(people)
    widx = graphs.index
    assert isinstance(widx, pd.PeriodIndex)  # build_graphs with "W" gives periods
    p_start = np.asarray(widx.asfreq("us", how="START").asi8, dtype=np.int64)
    week_us = 7 * 86400 * 1_000_000
    times = np.asarray(log._core.times, dtype=np.int64)
    if start_dates is None:
        first = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
        senders = np.asarray(log._core.senders, dtype=np.int64)
        ok = times != NO_TIME
        np.minimum.at(first, senders[ok], times[ok])
        roff = np.asarray(log._core.offsets, dtype=np.int64)
        rec = np.asarray(log._core.recipients, dtype=np.int64)
        mt = np.repeat(times, np.diff(roff))
        rok = mt != NO_TIME
        np.minimum.at(first, rec[rok], mt[rok])
        seen = first != np.iinfo(np.int64).max
        start_week = np.searchsorted(p_start, first, side="right") - 1
        newcomer = seen & (start_week >= weeks)
        start = np.where(seen, first, NO_TIME)
        # tenured from week `weeks` on for the early people, from start_week + weeks for the others
        tenured_from = np.where(seen, np.maximum(start_week, 0) + weeks, np.iinfo(np.int64).max)
        tenured_from[seen & (start_week < weeks)] = weeks
    else:
        if not isinstance(start_dates, pd.Series):
            raise TypeError("newcomer_integration: start_dates must be a pandas Series (person -> date), "
                            f"not {type(start_dates).__name__}")
        aligned = align_groups(people, start_dates)
        if aligned.isna().all():
            raise ValueError(f"newcomer_integration: start_dates= matches no person of the log "
                             f"(e.g. {list(start_dates.index[:3])} vs {list(people[:3])})")
        try:
            dates = pd.to_datetime(aligned, utc=True)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"newcomer_integration: start_dates= has a value that is not a date ({exc})") from None
        has = dates.notna().to_numpy()
        start = np.full(n, NO_TIME, dtype=np.int64)
        start[has] = np.asarray([to_micros(d, "start_dates") for d in dates[has]], dtype=np.int64)
        start_week = np.full(n, -1, dtype=np.int64)
        start_week[has] = np.searchsorted(p_start, start[has], side="right") - 1
        end_us = int(p_start[-1]) + week_us
        newcomer = has & (start >= p_start[0]) & (start < end_us)
        tenured_from = np.where(has, np.maximum(start_week + weeks, 0), 0)
        tenured_from[has & (start >= end_us)] = np.iinfo(np.int64).max
    if not newcomer.any():
        raise ValueError("newcomer_integration: nobody starts within the log"
                         + ("" if start_dates is not None else f" after its first {weeks} weeks")
                         + f" ({len(graphs)} weeks of messages)")
    gc = Groups(g0, groups, None) if groups is not None else None
    T = len(graphs)
    deg = np.zeros((T, n))
    btw = np.zeros((T, n))
    reach = np.zeros((T, n))
    with progress_bar(progress, "newcomer_integration", total=T, unit="week") as bar:
        for i, g in enumerate(graphs):
            c = g.csr()
            off = np.asarray(c.offsets, dtype=np.int64)
            tg = np.asarray(c.targets, dtype=np.int64)
            src = np.repeat(np.arange(n), np.diff(off))
            deg[i] = np.bincount(src[src != tg], minlength=n)
            if g.number_of_ties:
                btw[i] = betweenness(g, threads=threads).to_numpy()
                if gc is not None:
                    r = _core.boundary_spanners(core_of(g), gc.base.codes, len(gc.base.names), weighted=False,
                                                threads=threads)
                    reach[i] = np.asarray(r.groups_reached, dtype=float)
            bar.update(1)
    measures = {"degree": deg, "betweenness": btw}
    if gc is not None:
        measures["groups_reached"] = reach
    week_idx = np.arange(T)
    tenured = week_idx[:, None] >= tenured_from[None, :]  # T x n
    medians = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a week without tenured people: NaN
        for name, m in measures.items():
            medians[name] = np.array([np.median(m[t, tenured[t]]) if tenured[t].any() else np.nan
                                      for t in range(T)])
    rows_p, rows_w, rows_t = [], [], []
    for v in np.flatnonzero(newcomer):
        for k in range(weeks):
            t = int(start_week[v]) + k
            if t < 0 or t >= T:
                continue
            rows_p.append(v)
            rows_w.append(k)
            rows_t.append(t)
    pv, wk, tt = np.asarray(rows_p, dtype=np.int64), np.asarray(rows_w), np.asarray(rows_t, dtype=np.int64)
    cols: dict = {"period": graphs.index.take(tt), "start": micros_to_datetime(start[pv].tolist())}
    for name, m in measures.items():
        cols[name] = m[tt, pv]
        cols[f"tenured_{name}"] = medians[name][tt]
    idx = pd.MultiIndex.from_arrays([people.take(pv), wk], names=["person", "week"])
    out = pd.DataFrame(cols, index=idx)
    out["degree"] = out["degree"].astype(np.int64)
    if gc is not None:
        out["groups_reached"] = out["groups_reached"].astype(np.int64)
    out.attrs.update({"newcomers": int(newcomer.sum()), "weeks": weeks,
                      "tenured": {str(p): int(tenured[t].sum()) for t, p in enumerate(graphs.index)}})
    return out
