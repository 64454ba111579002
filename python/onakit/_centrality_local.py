"""Centrality measures: local structure, structural holes and brokerage.

Clustering, k-cores, cut points, Burt's structural holes, Gould–Fernandez
brokerage roles and Borgatti–Everett coreness. Each function takes an
:class:`onakit.Graph` first and returns pandas objects indexed by
``g.people``; the C++ kernels (``include/onakit/centrality/``) release the
GIL and stop on Ctrl-C.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _core
from ._groups import group_codes
from ._results import core_of, frame, series

__all__: list[str] = [
    "articulation_points", "bridges", "brokerage", "clustering", "constraint", "core_number",
    "core_periphery", "effective_size", "efficiency", "hierarchy",
]


def clustering(g, *, weighted: bool = False, threads: int = 0) -> pd.Series:
    """Local clustering coefficient of each person, as ``networkx.clustering``.

    Undirected: the share of pairs of a person's contacts that are tied,
    ``c_i = 2 T_i / (d_i (d_i - 1))`` (Watts & Strogatz 1998). Directed:
    Fagiolo's (2007) directed clustering, ``(A + A^T)^3_ii / (2 (d_tot (d_tot - 1)
    - 2 d_recip))``. Self-ties are ignored.

    Parameters
    ----------
    g : onakit.Graph
    weighted : bool
        Use networkx's weighted definition (Onnela et al. 2005): each
        triangle counts the geometric mean of its tie weights divided by the
        largest weight in the graph.
    threads : int
        Threads (0 = all cores); the result does not depend on it.

    Returns
    -------
    pandas.Series
        Float in [0, 1] per person, named ``"clustering"``; 0 for people with
        fewer than two contacts.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> ties = pd.DataFrame({"source": ["a", "b", "c", "c"], "target": ["b", "c", "a", "d"]})
    >>> ona.clustering(ona.Graph.from_pandas(ties, directed=False)).round(3).tolist()
    [1.0, 1.0, 0.333, 0.0]
    """
    return series(g, _core.clustering(core_of(g), weighted=weighted, threads=threads), "clustering")


def core_number(g) -> pd.Series:
    """Core number of each person (the largest k of a k-core holding them), as ``networkx.core_number``.

    Degree ignores direction; on a directed graph it is in-degree plus
    out-degree, as networkx. Batagelj & Zaversnik's O(m) algorithm.
    networkx refuses graphs with self-loops; onakit ignores self-ties.

    Returns
    -------
    pandas.Series
        Integer per person, named ``"core_number"``; ``attrs["degeneracy"]``
        holds the largest core number.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> ties = pd.DataFrame({"source": ["a", "b", "c", "c"], "target": ["b", "c", "a", "d"]})
    >>> ona.core_number(ona.Graph.from_pandas(ties, directed=False)).tolist()
    [2, 2, 2, 1]
    """
    core = _core.core_number(core_of(g)).astype(np.int64)
    return series(g, core, "core_number", degeneracy=int(core.max()) if len(core) else 0)


def articulation_points(g) -> pd.Series:
    """Whether each person is an articulation point (cut vertex).

    A person whose removal disconnects part of the network, on the
    undirected view of the graph (networkx's ``articulation_points`` accepts
    only undirected graphs; for a directed graph this equals networkx on
    ``G.to_undirected()``). Iterative depth-first search, O(n + m).

    Returns
    -------
    pandas.Series
        Boolean per person named ``"articulation_point"`` (select the people
        with ``s[s].index``), unlike networkx which yields the nodes.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"]})
    >>> s = ona.articulation_points(ona.Graph.from_pandas(ties))
    >>> list(s[s].index)
    ['b']
    """
    r = _core.cut_points(core_of(g))
    return series(g, r.articulation.astype(bool), "articulation_point")


def bridges(g) -> pd.DataFrame:
    """The ties whose removal disconnects part of the network, as ``networkx.bridges``.

    On the undirected view of the graph (for a directed graph: networkx on
    ``G.to_undirected()``; u -> v and v -> u are one tie). Self-ties are
    ignored.

    Returns
    -------
    pandas.DataFrame
        Columns ``source``, ``target`` (labels; source is the person with the
        smaller id, i.e. earlier in ``g.people``), one row per bridge.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> ties = pd.DataFrame({"source": ["a", "b", "c", "c"], "target": ["b", "c", "a", "d"]})
    >>> ona.bridges(ona.Graph.from_pandas(ties, directed=False)).values.tolist()
    [['c', 'd']]
    """
    b = _core.cut_points(core_of(g)).bridges
    people = g.people
    return pd.DataFrame({"source": people.take(b[:, 0]), "target": people.take(b[:, 1])})


_HOLES_DOC = """
    Burt (1992) structural holes on mutual weights ``m_ij = a_ij + a_ji``,
    with ``p_ij = m_ij / sum_k m_ik`` over the contacts (people tied either
    way, self excluded). People without contacts get NaN, as networkx.
    Self-ties are ignored (networkx counts a self-loop as a contact weight;
    compare after ``G.remove_edges_from(nx.selfloop_edges(G))``).

    Parameters
    ----------
    g : onakit.Graph
    weighted : bool
        Tie weights as ``a_ij`` (networkx ``weight="weight"``); False counts
        every tie as 1 (networkx ``weight=None``).
    threads : int
        Threads (0 = all cores); the result does not depend on it.
"""


def _holes(g, weighted, threads, which, name):
    r = _core.structural_holes(core_of(g), weighted=weighted, threads=threads)
    return series(g, getattr(r, which), name)


def constraint(g, *, weighted: bool = True, threads: int = 0) -> pd.Series:
    """Burt's constraint of each person, as ``networkx.constraint``.

    ``C_i = sum_j (p_ij + sum_q p_iq p_qj)^2``: high when one's contacts are
    few, strong and tied to each other.
    {doc}
    Returns
    -------
    pandas.Series
        Named ``"constraint"``.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> ties = pd.DataFrame({"source": ["a", "a"], "target": ["b", "c"]})
    >>> ona.constraint(ona.Graph.from_pandas(ties)).tolist()
    [0.5, 1.0, 1.0]
    """
    r = _core.constraint(core_of(g), weighted=weighted, threads=threads)  # a centrality_result, as in C++
    return series(g, r.scores, "constraint")


def effective_size(g, *, weighted: bool = True, threads: int = 0) -> pd.Series:
    """Burt's effective size of each person's network, as ``networkx.effective_size``.

    ``E_i = sum_j (1 - sum_q p_iq m_jq / max_k m_jk)``: the number of
    contacts minus their redundancy; for an unweighted undirected graph
    ``n - 2t/n`` (n contacts, t ties among them).
    {doc}
    Notes
    -----
    Equals networkx's per-node computation
    (``nx.effective_size(G, nodes=..., weight=...)``). On weighted or directed
    graphs networkx 3.6's all-nodes fast path (``nodes=None`` with scipy installed)
    gives different values: it divides ``m_jq`` by the maximum of the wrong
    row, so it disagrees with networkx's own per-node results.

    Returns
    -------
    pandas.Series
        Named ``"effective_size"``.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> ties = pd.DataFrame({"source": ["a", "a", "b"], "target": ["b", "c", "c"]})
    >>> ona.effective_size(ona.Graph.from_pandas(ties, directed=False)).tolist()
    [1.0, 1.0, 1.0]
    """
    return _holes(g, weighted, threads, "effective_size", "effective_size")


def efficiency(g, *, weighted: bool = True, threads: int = 0) -> pd.Series:
    """Burt's efficiency: effective size divided by the number of contacts.

    ``F_i = E_i / n_i`` (networkx has no function for it; it equals
    ``nx.effective_size(G)[i] / len(set(nx.all_neighbors(G, i)))``). Not
    networkx's ``efficiency``/``local_efficiency``, which are path-based.
    {doc}
    Returns
    -------
    pandas.Series
        Named ``"efficiency"``, in (0, 1].

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> ties = pd.DataFrame({"source": ["a", "a", "b"], "target": ["b", "c", "c"]})
    >>> ona.efficiency(ona.Graph.from_pandas(ties, directed=False)).tolist()
    [0.5, 0.5, 0.5]
    """
    return _holes(g, weighted, threads, "efficiency", "efficiency")


def hierarchy(g, *, weighted: bool = True, threads: int = 0) -> pd.Series:
    """Burt's hierarchy: how concentrated a person's constraint is on one contact.

    ``H_i = sum_j r_j ln r_j / (n_i ln n_i)`` with ``r_j = c_ij / (C_i / n_i)``,
    c_ij the local constraint and n_i the number of contacts (Burt 1992,
    the Coleman–Theil disorder index). 0 when all contacts constrain
    equally. NaN for people with fewer than two contacts (0/0). networkx has
    no hierarchy.
    {doc}
    Returns
    -------
    pandas.Series
        Named ``"hierarchy"``.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> ties = pd.DataFrame({"source": ["a", "a"], "target": ["b", "c"]})
    >>> ona.hierarchy(ona.Graph.from_pandas(ties)).tolist()[0]
    0.0
    """
    return _holes(g, weighted, threads, "hierarchy", "hierarchy")


for _f in (constraint, effective_size, efficiency, hierarchy):
    if _f.__doc__ is not None:  # None under python -OO
        _f.__doc__ = _f.__doc__.replace("{doc}", _HOLES_DOC)
del _f

_ROLES = ["coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total"]


def brokerage(g, groups, *, threads: int = 0) -> pd.DataFrame:
    """Gould & Fernandez (1989) brokerage roles of each person.

    For every open two-path ``a -> b -> c`` (a, b, c distinct, no tie
    ``a -> c``), the broker b scores one role by the groups of a, b, c:

    ============== ==============================
    coordinator    all three in one group
    itinerant      a, c in one group, b outside (consultant)
    representative a, b in one group, c outside
    gatekeeper     b, c in one group, a outside
    liaison        all three in different groups
    ============== ==============================

    Direction matters; an undirected graph counts each tie both ways (so
    ``a - b - c`` is counted as ``a->b->c`` and ``c->b->a``). Self-ties and
    weights are ignored. Raw counts, without z-scores.

    People without a group are treated as in every group-level measure
    (:func:`silo_report`, :func:`boundary_spanners`): they are never a group
    of their own, a two-path with an ungrouped person as a, b or c is not
    counted, and they score 0 in every role; ``attrs["ungrouped"]`` counts
    them.

    Parameters
    ----------
    g : onakit.Graph
    groups : pandas.Series, mapping or sequence
        Group of each person: a Series indexed by person (extra people are
        ignored), a dict person -> group, or a sequence aligned with
        ``g.people``. Any hashable group labels; keys match people by the
        rule of :func:`read_people` (person ``17`` matches key ``"17"``).
    threads : int
        Threads (0 = all cores); the result does not depend on it.

    Returns
    -------
    pandas.DataFrame
        Integer columns ``coordinator, itinerant, representative,
        gatekeeper, liaison, total`` indexed by ``g.people``. ``attrs``:
        ``ungrouped``, ``ungrouped_examples``.

    Raises
    ------
    ValueError
        If no person of the graph has a group (the message names both
        sides' labels and types); fewer than half with a group warns.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"]})
    >>> g = ona.Graph.from_pandas(ties)
    >>> ona.brokerage(g, {"a": "x", "b": "x", "c": "y"}).loc["b", "representative"]
    np.int64(1)
    """
    gc = group_codes(g, groups)
    r = _core.brokerage(core_of(g), gc.codes, k=gc.count, threads=threads)
    out = frame(g, {k: getattr(r, k).astype(np.int64) for k in _ROLES})
    out.attrs.update(gc.attrs())
    return out


def core_periphery(g, *, max_iter: int = 1000, tol: float = 1e-10, seed: int = 0,
                   weighted: bool = False) -> pd.Series:
    """Borgatti & Everett (2000) continuous coreness of each person.

    Finds c >= 0 minimising ``sum_{i != j} (x_ij - c_i c_j)^2`` by exact
    coordinate descent (``c_i <- sum_j x_ij c_j / sum_{j != i} c_j^2``, UCINET's
    continuous model). ``x`` is the 0/1 adjacency (tie weights when
    ``weighted``), symmetrised ``(a_ij + a_ji) / 2`` for a directed graph.
    networkx has no such measure.

    Parameters
    ----------
    g : onakit.Graph
    max_iter : int
        Sweeps at most.
    tol : float
        Stop when ``sum |Δc| <= tol * sum c``.
    seed : int
        Seed of the positive random start (the solution does not depend on
        it on a connected graph).
    weighted : bool
        Use tie weights as ``x_ij``.

    Returns
    -------
    pandas.Series
        Coreness named ``"coreness"``, scaled to unit Euclidean norm.
        ``attrs``: ``fit`` (Pearson correlation over ordered pairs i != j of
        ``x_ij`` and ``c_i c_j``, Borgatti & Everett's criterion),
        ``iterations``, ``converged``, ``residual``.

    Examples
    --------
    >>> import networkx as nx, onakit as ona
    >>> s = ona.core_periphery(ona.from_networkx(nx.karate_club_graph(), weight=None))
    >>> int(s.idxmax()), round(s.attrs["fit"], 2) > 0.4
    (33, True)
    """
    r = _core.core_periphery(core_of(g), max_iter=max_iter, tol=tol, seed=seed, weighted=weighted)
    return series(g, r.scores, "coreness", fit=float(r.fit), iterations=int(r.iterations),
                  converged=bool(r.converged), residual=float(r.residual))
