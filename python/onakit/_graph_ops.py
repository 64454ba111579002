"""Graph operations that make a new graph from others: ego networks and unions."""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Iterable

import numpy as np
import pandas as pd

from . import _core
from ._graph import Graph, _positions
from ._results import core_of
from ._time import NO_TIME

__all__ = ["ego_network", "union"]


def ego_network(g: Graph, person: Hashable, radius: int = 1, *, direction: str = "both") -> Graph:
    """The ego network of ``person``: everyone within ``radius`` steps, and the ties among them.

    The search is a breadth-first search in C++ (``onakit/graph/ego.hpp``)
    that counts steps, not weights; the result is the subgraph induced by
    the people reached (:meth:`Graph.subgraph`), so ties between two alters
    are included, as in networkx's ``ego_graph``.

    Parameters
    ----------
    g : onakit.Graph
    person : label
        The ego, a person of ``g``.
    radius : int
        Number of steps (>= 0; 0 gives the ego alone).
    direction : {"both", "out", "in"}
        For a directed graph: ``"both"`` (default) follows ties either way,
        so the ego network holds everyone the ego wrote to *or* heard from
        (networkx's ``ego_graph(G, person, radius, undirected=True)``);
        ``"out"`` follows ties as sent (``ego_graph(G, person, radius)``);
        ``"in"`` follows them backwards. Ignored for undirected graphs.

    Returns
    -------
    onakit.Graph
        Directed like ``g``, with the parent's weights and time span. People
        in breadth-first order: the ego first (``h.people[0]``), then the
        people one step away (those the ego wrote to, then those who wrote
        to the ego, each in the graph's order), and so on.

    Raises
    ------
    KeyError
        When ``person`` is not a person of ``g``.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> g = ona.Graph.from_pandas(pd.DataFrame({"source": ["a", "b", "c", "d"], "target": ["b", "c", "d", "a"]}))
    >>> list(ona.ego_network(g, "a").people)
    ['a', 'b', 'd']
    >>> list(ona.ego_network(g, "a", radius=2, direction="out").people)
    ['a', 'b', 'c']
    """
    core = core_of(g)
    if isinstance(radius, bool) or not isinstance(radius, (int, np.integer)) or radius < 0:
        raise _core.OptionError(f"ego_network: radius={radius!r} must be an integer >= 0")
    if direction not in ("both", "out", "in"):
        raise _core.OptionError(f"ego_network: direction={direction!r} must be 'both', 'out' or 'in'")
    center = int(_positions(g.people, [person], "ego_network: person")[0])
    reached = _core.ego_vertices(core, center=center, radius=min(int(radius), 2**32 - 1), direction=direction)
    return g.subgraph(g.people.take(np.asarray(reached.vertices, dtype=np.int64)))


def union(graphs: Iterable[Graph]) -> Graph:
    """One graph summing the ties of several: people are the union, weights are added.

    A tie present in several graphs gets the sum of its weights (networkx's
    ``union`` is different: it requires disjoint people). People are the
    union in order of first appearance (the first graph's people, then each
    later graph's newcomers), so the union of the graphs of
    :func:`onakit.build_graphs` has the log's people in the log's order and
    equals the graph of the whole span when the periods cover it.

    Parameters
    ----------
    graphs : iterable of onakit.Graph
        All directed or all undirected; a ``pandas.Series`` of graphs (from
        :func:`onakit.build_graphs`) works too.

    Returns
    -------
    onakit.Graph
        Its time span covers every graph's span; ``build_report`` is None.

    Raises
    ------
    ValueError
        When no graph is given, or some graphs are directed and others are not.

    Warns
    -----
    UserWarning
        When the graphs share no person at all (their labels likely do not
        match: e.g. ``17`` against ``"17"``).

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> jan = ona.Graph.from_pandas(pd.DataFrame({"source": ["a"], "target": ["b"], "weight": [2.0]}))
    >>> feb = ona.Graph.from_pandas(pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "weight": [1.0, 4.0]}))
    >>> ona.union([jan, feb]).to_pandas().values.tolist()
    [['a', 'b', 3.0], ['b', 'c', 4.0]]
    """
    gs = list(graphs.tolist() if isinstance(graphs, pd.Series) else graphs)
    if not gs:
        raise ValueError("union: no graphs given")
    for g in gs:
        core_of(g)
    directed = {g.directed for g in gs}
    if len(directed) > 1:
        kinds = ", ".join(f"#{i}: {'directed' if g.directed else 'undirected'}" for i, g in enumerate(gs))
        raise ValueError(f"union: the graphs mix directed and undirected ({kinds}); build them the same way "
                         "(build_graph(directed=...))")
    people = gs[0].people
    for g in gs[1:]:
        if not g.people.equals(people):
            new = g.people[people.get_indexer(g.people) < 0]
            if len(new):
                people = people.append(new)
    if len(gs) > 1 and len(people) == sum(len(g.people) for g in gs) and sum(len(g.people) > 0 for g in gs) > 1:
        warnings.warn(f"union: the {len(gs)} graphs share no person (e.g. {gs[0].people[:2].tolist()} and "
                      f"{gs[1].people[:2].tolist()}); check that their labels match", UserWarning, stacklevel=2)
    src, tgt, wts = [], [], []
    lo, hi = None, None
    for g in gs:
        ties = _core.tie_table_of(core_of(g))
        pos = np.arange(len(people)) if g.people is people else people.get_indexer(g.people)
        src.append(pos[np.asarray(ties.source, dtype=np.int64)])
        tgt.append(pos[np.asarray(ties.target, dtype=np.int64)])
        wts.append(np.asarray(ties.weight))
        a, b = core_of(g).time_span
        if a != NO_TIME:
            lo = a if lo is None else min(lo, a)
            hi = b if hi is None else max(hi, b)
    core = _core.make_graph(n=len(people), sources=np.concatenate(src).astype(np.uint32),
                            targets=np.concatenate(tgt).astype(np.uint32), weights=np.concatenate(wts),
                            directed=directed.pop(), time_span=None if lo is None or hi is None else (lo, hi))
    return Graph(core, people.rename("person") if people.name is None else people)
