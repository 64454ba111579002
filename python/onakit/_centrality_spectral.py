"""Centrality measures: degree and the spectral family (PageRank, eigenvector, Katz, HITS).

Each equals the networkx function of the same idea, with networkx's
definition, normalisation, direction and stopping rule; where onakit differs
the docstring says so.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from . import _core
from ._docs import shared_doc
from ._results import core_of, frame, series

__all__: list[str] = ["ConvergenceError", "degree", "eigenvector", "hits", "katz", "pagerank"]


class ConvergenceError(_core.Error):
    """A power iteration did not converge within ``max_iter`` iterations.

    The counterpart of networkx's ``PowerIterationFailedConvergence``; a
    ``ValueError`` (through :class:`onakit.Error`). Raise ``max_iter``, loosen
    ``tol``, or pass ``raise_on_failure=False`` to get the last iterate (its
    ``attrs["converged"]`` is then False).

    Attributes
    ----------
    iterations : int
        Iterations run.
    residual : float
        The last change, sum of ``|x - xlast|``.

    Examples
    --------
    >>> import onakit as ona
    >>> g = ona.build_graph(ona.read_edgelist("../shared/data/email-Eu-core/email-Eu-core.txt"))
    >>> try:
    ...     ona.pagerank(g, max_iter=2)
    ... except ona.ConvergenceError as e:
    ...     print(e.iterations)
    2
    >>> ona.pagerank(g, max_iter=2, raise_on_failure=False).attrs["converged"]
    False
    """

    def __init__(self, measure: str, iterations: int, residual: float, target: float):
        super().__init__(
            f"{measure}: power iteration did not converge in {iterations} iterations "
            f"(last change {residual:.3g}, needed < {target:.3g}); raise max_iter or tol, "
            "or pass raise_on_failure=False to get the last iterate"
        )
        self.iterations = iterations
        self.residual = residual


def _diagnostics(r, target: float, measure: str, raise_on_failure: bool) -> dict:
    """The ``attrs`` of an iterated result ``r`` (iterations, converged, residual), after
    raising :class:`ConvergenceError` if it stopped short of ``target`` and that is wanted."""
    if not r.converged and raise_on_failure:
        raise ConvergenceError(measure, int(r.iterations), float(r.residual), float(target))
    return {"iterations": int(r.iterations), "converged": bool(r.converged), "residual": float(r.residual)}


def _per_person(g, values, what: str):
    """A dict or Series keyed by people -> an array in person order (missing people 0)."""
    if values is None:
        return None
    if isinstance(values, pd.Series):
        s = values
    elif isinstance(values, Mapping):
        s = pd.Series(list(values.values()), index=pd.Index(list(values.keys())), dtype=float)
    else:
        raise TypeError(f"{what} must be a dict or pandas Series keyed by people, not {type(values).__name__}")
    pos = g.people.get_indexer(s.index)
    if (pos < 0).any():
        unknown = list(s.index[pos < 0][:5])
        raise KeyError(f"{what}: not people of the graph: {unknown}")
    out = np.zeros(g.number_of_people)
    out[pos] = s.to_numpy(dtype=float)
    return out


def degree(g, *, direction: str = "total", weighted: bool = False, normalized: bool = True) -> pd.Series:
    """Degree centrality: the share of possible ties each person has (or their tie strength).

    Equals ``networkx.degree_centrality`` (``direction="total"``),
    ``in_degree_centrality`` (``"in"``) and ``out_degree_centrality``
    (``"out"``): the number of ties divided by n - 1. A self-tie counts as in
    networkx: twice in an undirected degree, once in and once out when
    directed. A graph of one person scores 1.

    Parameters
    ----------
    g : onakit.Graph
    direction : {"total", "in", "out"}
        Ties received, sent, or both (in + out). In an undirected graph all
        three are the degree.
    weighted : bool
        Sum tie weights (strength, ``G.degree(weight="weight")`` in networkx)
        instead of counting ties.
    normalized : bool
        Divide by n - 1 (also for strengths, which networkx does not
        normalise). False gives raw counts or strengths.

    Returns
    -------
    pandas.Series
        Indexed by ``g.people``.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> g = ona.Graph.from_pandas(pd.DataFrame({"source": ["a", "a"], "target": ["b", "c"]}))
    >>> ona.degree(g, direction="out").tolist()
    [1.0, 0.0, 0.0]
    """
    scores = _core.degree(core_of(g), direction=direction, weighted=weighted, normalized=normalized)
    return series(g, scores, "degree")


@shared_doc
def pagerank(
    g,
    *,
    alpha: float = 0.85,
    personalization=None,
    weighted: bool = True,
    tol: float = 1e-6,
    max_iter: int = 100,
    dangling=None,
    raise_on_failure: bool = True,
    threads: int = 0,
) -> pd.Series:
    """PageRank: the share of time a random walker along the ties spends at each person.

    Exactly ``networkx.pagerank`` (Brin & Page 1998): from x = 1/n,
    ``x[v] = alpha * (sum over u->v of x[u] w(u,v) / s(u) + d[v] * sum of x at
    dangling people) + (1 - alpha) * p[v]``, with s(u) the out-strength,
    until ``sum |x - xlast| < n * tol``. Scores sum to 1. An undirected tie
    counts in both directions.

    Parameters
    ----------
    g : onakit.Graph
    alpha : float
        Damping factor in [0, 1].
    personalization : dict or pandas.Series, optional
        Teleport weight per person (people left out get 0); normalised to sum
        1. Default uniform. Unlike networkx, keys that are not people of the
        graph raise ``KeyError`` rather than being ignored.
    weighted : bool
        Tie weights as strength (networkx ``weight="weight"``); False counts
        each tie as 1.
    tol, max_iter : float, int
        Stopping rule as networkx.
    dangling : dict or pandas.Series, optional
        Where people without out-ties send their score (normalised);
        default ``personalization``.
    {raise_on_failure}
    {threads}

    Returns
    -------
    pandas.Series
        Indexed by ``g.people``; ``attrs`` holds ``iterations``,
        ``converged`` and ``residual``.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> g = ona.Graph.from_pandas(pd.DataFrame({"source": ["a", "b", "c"], "target": ["b", "c", "a"]}))
    >>> ona.pagerank(g).round(4).tolist()
    [0.3333, 0.3333, 0.3333]
    """
    p = _per_person(g, personalization, "personalization")
    d = _per_person(g, dangling, "dangling")
    r = _core.pagerank(core_of(g), alpha=alpha, personalization=p, weighted=weighted, tol=tol,
                       max_iter=max_iter, dangling=d, threads=threads)
    return series(g, r.scores, "pagerank", **_diagnostics(r, len(g) * tol, "pagerank", raise_on_failure))


@shared_doc
def eigenvector(
    g,
    *,
    weighted: bool = True,
    max_iter: int = 100,
    tol: float = 1e-6,
    raise_on_failure: bool = True,
    threads: int = 0,
) -> pd.Series:
    """Eigenvector centrality: central people receive ties from central people.

    Exactly ``networkx.eigenvector_centrality`` (Bonacich 1987): power
    iteration on A^T + I from x = 1/n, normalised to unit Euclidean norm,
    until ``sum |x - xlast| < n * tol``. In a directed graph a person's
    score comes from their in-ties (the left eigenvector).

    Parameters
    ----------
    g : onakit.Graph
    weighted : bool
        Tie weights as strength (networkx ``weight="weight"``; note that
        networkx's own default is ``weight=None``).
    max_iter, tol : int, float
        Stopping rule as networkx.
    {raise_on_failure}
    {threads}

    Returns
    -------
    pandas.Series
        Indexed by ``g.people``; ``attrs`` holds ``iterations``,
        ``converged`` and ``residual``.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> g = ona.Graph.from_pandas(pd.DataFrame({"source": ["a", "a"], "target": ["b", "c"]}), directed=False)
    >>> ona.eigenvector(g).round(4).tolist()
    [0.7071, 0.5, 0.5]
    """
    r = _core.eigenvector(core_of(g), weighted=weighted, max_iter=max_iter, tol=tol, threads=threads)
    return series(g, r.scores, "eigenvector", **_diagnostics(r, len(g) * tol, "eigenvector", raise_on_failure))


@shared_doc
def katz(
    g,
    *,
    alpha: float = 0.1,
    beta: float = 1.0,
    weighted: bool = True,
    max_iter: int = 1000,
    tol: float = 1e-6,
    normalized: bool = True,
    raise_on_failure: bool = True,
    threads: int = 0,
) -> pd.Series:
    """Katz centrality: ties received from anyone, attenuated by ``alpha`` per step.

    Exactly ``networkx.katz_centrality`` (Katz 1953): x = alpha A^T x + beta,
    iterated from x = 0 until ``sum |x - xlast| < n * tol``, then (with
    ``normalized``) scaled to unit Euclidean norm. Converges only when
    alpha < 1 / lambda_max(A).

    Parameters
    ----------
    g : onakit.Graph
    alpha : float
        Attenuation factor.
    beta : float
        Centrality every person has regardless of ties (a scalar; networkx
        also accepts a per-person dict, onakit does not yet).
    weighted : bool
        Tie weights as strength (networkx ``weight="weight"``; networkx's own
        default is ``weight=None``).
    max_iter, tol : int, float
        Stopping rule as networkx.
    normalized : bool
        Scale to unit Euclidean norm.
    {raise_on_failure}
    {threads}

    Returns
    -------
    pandas.Series
        Indexed by ``g.people``; ``attrs`` holds ``iterations``,
        ``converged`` and ``residual``.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> g = ona.Graph.from_pandas(pd.DataFrame({"source": ["a"], "target": ["b"]}))
    >>> ona.katz(g, normalized=False).tolist()
    [1.0, 1.1]
    """
    r = _core.katz(core_of(g), alpha=alpha, beta=beta, weighted=weighted, max_iter=max_iter, tol=tol,
                   normalized=normalized, threads=threads)
    return series(g, r.scores, "katz", **_diagnostics(r, len(g) * tol, "katz", raise_on_failure))


@shared_doc
def hits(
    g,
    *,
    max_iter: int = 100,
    tol: float = 1e-8,
    normalized: bool = True,
    weighted: bool = True,
    raise_on_failure: bool = True,
    threads: int = 0,
) -> pd.DataFrame:
    """Hubs and authorities: good hubs send ties to good authorities, and vice versa.

    ``networkx.hits`` (Kleinberg 1999): the leading left and right singular
    vectors of the adjacency matrix, each scaled to sum 1. onakit computes
    them by power iteration from hubs = 1/n (networkx's pure-Python
    algorithm: a = A^T h, h = A a, each scaled to maximum 1, until
    ``sum |h - hlast| < tol``); networkx calls scipy's ``svds``. They agree
    whenever the leading singular value is simple; when it is not (e.g.
    several equally strong components) the split between the tied
    components may differ. A graph without ties scores 0.

    Parameters
    ----------
    g : onakit.Graph
    max_iter, tol : int, float
        Power-iteration limits.
    normalized : bool
        Scale hubs and authorities each to sum 1 (otherwise maximum 1).
    weighted : bool
        Tie weights as strength (networkx uses the ``weight`` attribute).
    {raise_on_failure}
    {threads}

    Returns
    -------
    pandas.DataFrame
        Columns ``hub`` and ``authority``, indexed by ``g.people``; ``attrs``
        holds ``iterations``, ``converged`` and ``residual``.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> g = ona.Graph.from_pandas(pd.DataFrame({"source": ["a", "a"], "target": ["b", "c"]}))
    >>> ona.hits(g)["authority"].tolist()
    [0.0, 0.5, 0.5]
    """
    r = _core.hits(core_of(g), weighted=weighted, max_iter=max_iter, tol=tol, normalized=normalized,
                   threads=threads)
    return frame(g, {"hub": r.hubs, "authority": r.authorities}, **_diagnostics(r, tol, "hits", raise_on_failure))
