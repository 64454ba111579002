"""Whole-graph structure: density, reciprocity and connected components.

Thin labels over ``include/onakit/graph/components.hpp``, defined as
networkx defines them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _core
from ._results import core_of, series

__all__: list[str] = ["components", "density", "reciprocity"]


def density(g) -> float:
    """Share of possible ties present, as ``networkx.density``.

    ``m / (n (n - 1))`` for a directed graph, ``2m / (n (n - 1))`` for an
    undirected one; self-ties count in ``m``; 0 with fewer than two people.

    Examples
    --------
    >>> import onakit as ona
    >>> log, _ = ona.synthetic_org(people=50, weeks=2)
    >>> 0 < ona.density(ona.build_graph(log)) < 1
    True
    """
    return float(_core.density(core_of(g)))


def reciprocity(g) -> float:
    """Share of directed ties whose reverse tie exists, as ``networkx.overall_reciprocity``.

    Self-ties count in the denominator only. 1 for an undirected graph with
    ties, 0 for a graph without ties.

    Examples
    --------
    >>> import onakit as ona
    >>> g = ona.build_graph(ona.read_edgelist("../shared/data/email-Eu-core/email-Eu-core.txt"))
    >>> round(ona.reciprocity(g), 4)
    0.7112
    >>> import networkx as nx
    >>> round(nx.overall_reciprocity(g.to_networkx()), 4)
    0.7112
    """
    return float(_core.reciprocity(core_of(g)))


def components(g, *, kind: str = "weak") -> pd.Series:
    """The connected component of each person.

    Parameters
    ----------
    g : onakit.Graph
    kind : {"weak", "strong"}
        Weakly connected components (ties taken both ways; the connected
        components of an undirected graph), or strongly connected components
        (every member reaches every other along tie directions; the same as
        weak for an undirected graph).

    Returns
    -------
    pandas.Series
        Component number per person (int), indexed by ``g.people``, named
        ``"component"``. Components are numbered 0, 1, ... in the order of
        their first person in ``g.people``. ``.attrs["sizes"]`` is a Series
        of component sizes indexed by component number, and
        ``.attrs["count"]`` the number of components.

    Examples
    --------
    >>> import onakit as ona
    >>> log, _ = ona.synthetic_org(people=50, weeks=2)
    >>> c = ona.components(ona.build_graph(log))
    >>> int(c.attrs["sizes"].sum())
    50
    """
    core = core_of(g)
    if kind == "weak":
        r = _core.weakly_connected_components(core)
    elif kind == "strong":
        r = _core.strongly_connected_components(core)
    else:
        raise _core.OptionError(f"components: kind={kind!r} is not one of 'weak', 'strong'")
    count, labels = r.count, r.component.astype(np.int64)
    sizes = pd.Series(np.bincount(labels, minlength=int(count)), name="size")
    sizes.index.name = "component"
    return series(g, labels, "component", count=int(count), sizes=sizes)
