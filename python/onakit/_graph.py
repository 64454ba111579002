"""Graph: the immutable communication graph, labelled with the user's own ids."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from ._time import span_to_datetimes


class Graph:
    """A weighted communication graph (directed by default) over a fixed set of people.

    Built by :func:`onakit.build_graph` from a :class:`MessageLog`, by
    :meth:`Graph.from_pandas` from a tie table, or by
    :func:`onakit.from_networkx`. Immutable; the C++ core holds compressed
    sparse rows, so graphs of millions of ties are cheap.

    Attributes
    ----------
    people : pandas.Index
        The people (vertices), labelled with the source's own ids; people
        without ties are included.
    build_report : dict or None
        What :func:`onakit.build_graph` kept and dropped (messages outside the
        window, broadcasts, self-ties, ties below ``min_weight``, ...).
    """

    def __init__(self, core: Any, people: pd.Index, build_report: dict | None = None):
        if len(people) != core.num_vertices:
            raise ValueError("people index does not match the graph size")
        self._core = core
        self._people = people
        self.build_report = build_report

    @classmethod
    def from_pandas(
        cls,
        df: pd.DataFrame,
        source: Hashable = "source",
        target: Hashable = "target",
        weight: Hashable | None = None,
        directed: bool = True,
    ) -> "Graph":
        """A graph from a tie table, one row per tie (repeated rows are summed).

        People are labelled by the column values with their dtype: int
        columns give an int64 ``people`` index, strings an object one.

        Examples
        --------
        >>> import pandas as pd, onakit as ona
        >>> ties = pd.DataFrame({"source": ["ann", "bob", "ann"], "target": ["bob", "ann", "bob"]})
        >>> g = ona.Graph.from_pandas(ties)
        >>> g.number_of_people, g.number_of_ties
        (2, 2)
        """
        for col in (source, target, weight):
            if col is not None and col not in df.columns:
                raise _core.ParseError(f"<pandas>: missing column {col!r} (columns: {list(df.columns)})")
        s = df[source].to_numpy(dtype=object)
        t = df[target].to_numpy(dtype=object)
        if pd.isna(s).any() or pd.isna(t).any():
            raise _core.ParseError("<pandas>: missing source or target in the tie table")
        # Numeric columns are factorised as they are, so that labels keep their dtype
        # (int columns give an int64 index, as read_edgelist does; faster too); any
        # other labels as objects, as the readers give them.
        numeric = all(pd.api.types.is_numeric_dtype(df[c].dtype) and not pd.api.types.is_bool_dtype(df[c].dtype)
                      for c in (source, target))
        ends = pd.concat([df[source], df[target]], ignore_index=True) if numeric else np.concatenate([s, t])
        codes, uniques = pd.factorize(ends)
        n = len(uniques)
        w = None
        if weight is not None:
            w = pd.to_numeric(df[weight], errors="coerce").to_numpy(dtype=float)
            if not np.isfinite(w).all() or (w < 0).any():
                row = int(np.flatnonzero(~np.isfinite(w) | (w < 0))[0])
                raise _core.ParseError(f"<pandas>:{row + 1}: field '{weight}': weight must be a number >= 0")
        try:
            core = _core.make_graph(n=n, sources=codes[: len(s)].astype(np.uint32),
                                    targets=codes[len(s):].astype(np.uint32), weights=w, directed=directed)
        except _core.OptionError as e:
            if "non-finite" not in str(e):
                raise
            # The core names the tie by id; name it by the user's labels (error path only).
            a, b = codes[: len(s)], codes[len(s):]
            if not directed:
                a, b = np.minimum(a, b), np.maximum(a, b)
            with np.errstate(over="ignore"):
                sums = pd.Series(w).groupby([a, b]).sum()
            u, v = sums.index[np.flatnonzero(~np.isfinite(sums.to_numpy()))[0]]
            raise _core.OptionError(
                f"Graph.from_pandas: the weights of the tie {uniques[u]!r} {'->' if directed else '-'} "
                f"{uniques[v]!r} sum to infinity; the weights in column {weight!r} are too large: rescale them "
                "(e.g. divide by a constant)") from None
        return cls(core, pd.Index(uniques, name="person", dtype=None if numeric else object))

    # ---- size and shape ---------------------------------------------------
    @property
    def people(self) -> pd.Index:
        return self._people

    @property
    def number_of_people(self) -> int:
        return int(self._core.num_vertices)

    @property
    def number_of_ties(self) -> int:
        """Directed ties, or undirected ties counted once."""
        return int(self._core.num_edges)

    @property
    def directed(self) -> bool:
        return bool(self._core.directed)

    def is_directed(self) -> bool:
        return self.directed

    def __len__(self) -> int:
        return self.number_of_people

    @property
    def time_span(self) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
        """Earliest and latest time of the messages that made the graph."""
        return span_to_datetimes(self._core.time_span)

    # ---- conversion ---------------------------------------------------------
    def to_pandas(self) -> pd.DataFrame:
        """The tie table: columns source, target, weight, with the people's labels.

        An undirected tie appears once (source <= target in id order).
        """
        ties = _core.tie_table_of(self._core)
        return pd.DataFrame({"source": self._people.take(ties.source), "target": self._people.take(ties.target),
                             "weight": ties.weight})

    def to_networkx(self):
        """A ``networkx.DiGraph`` (or ``Graph``) with a ``weight`` attribute on each tie."""
        import networkx as nx

        G = nx.DiGraph() if self.directed else nx.Graph()
        G.add_nodes_from(self._people)
        ties = _core.tie_table_of(self._core)
        labels = self._people
        G.add_weighted_edges_from(zip(labels.take(ties.source), labels.take(ties.target), ties.weight.tolist()))
        return G

    def __repr__(self) -> str:
        lo, hi = self.time_span
        span = f", span={lo:%Y-%m-%d} → {hi:%Y-%m-%d}" if lo is not None else ""
        return (f"Graph(people={self.number_of_people:,}, ties={self.number_of_ties:,}, "
                f"directed={self.directed}{span})")

    def _repr_html_(self) -> str:
        return f"<b>onakit.Graph</b> {self.number_of_people:,} people, {self.number_of_ties:,} ties, " + (
            "directed" if self.directed else "undirected")


def from_networkx(G, weight: str = "weight") -> Graph:
    """A :class:`Graph` from a networkx graph; ``weight`` names the edge attribute (default 1).

    Node order and labels are kept; isolated nodes stay people of the graph.
    """
    nodes = list(G.nodes)
    index = {v: i for i, v in enumerate(nodes)}
    edges = list(G.edges(data=weight, default=1.0))
    s = np.fromiter((index[u] for u, _, _ in edges), dtype=np.uint32, count=len(edges))
    t = np.fromiter((index[v] for _, v, _ in edges), dtype=np.uint32, count=len(edges))
    w = np.fromiter((float(x) for _, _, x in edges), dtype=float, count=len(edges))
    core = _core.make_graph(n=len(nodes), sources=s, targets=t, weights=w, directed=G.is_directed())
    return Graph(core, pd.Index(nodes, name="person"))
