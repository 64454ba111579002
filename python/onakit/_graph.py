"""Graph: the immutable communication graph, labelled with the user's own ids."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any, NamedTuple, NoReturn

import numpy as np
import pandas as pd

from . import _core
from ._log import _plain as _plain_column
from ._time import span_to_datetimes
from ._labels import mask_address, masks_addresses, pseudonymised


class _DefaultWeight:
    """``weight=`` left at its default: the column "weight" when the table has one."""

    def __repr__(self) -> str:
        return "'weight'"


_DEFAULT_WEIGHT: Any = _DefaultWeight()


class CSR(NamedTuple):
    """A graph's compressed sparse rows (:meth:`Graph.csr`): read-only numpy views.

    The ties of person ``i`` are ``targets[offsets[i]:offsets[i + 1]]`` with
    weights ``weights[offsets[i]:offsets[i + 1]]``, sorted by target id.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> c = ona.Graph.from_pandas(pd.DataFrame({"source": ["a"], "target": ["b"]})).csr()
    >>> c.targets[c.offsets[0]:c.offsets[1]].tolist()
    [1]
    """

    offsets: np.ndarray
    targets: np.ndarray
    weights: np.ndarray


class TablePeople(list):
    """The people of a tie table made by :meth:`Graph.to_pandas`, in ``df.attrs["people"]``.

    A list of the graph's people labels (isolates included, in order) that
    also keeps the Index itself (``.index``, with its dtype), so that
    :meth:`Graph.from_pandas` rebuilds the same graph. A list, so that
    anything pandas does with ``attrs`` works: ``pd.concat`` compares it,
    ``to_parquet`` writes it as JSON (``read_parquet`` gives back a plain
    list, which ``from_pandas`` also accepts). Copies share it instead of
    copying every label: pandas copies ``attrs`` on every operation.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> g = ona.Graph.from_pandas(pd.DataFrame({"source": [1], "target": [2]}), people=[1, 2, 3])
    >>> people = g.to_pandas().attrs["people"]
    >>> people, list(people), people.index.dtype
    (TablePeople(3 people), [1, 2, 3], dtype('int64'))
    """

    def __init__(self, index: pd.Index):
        super().__init__(index.tolist())
        # Shadows list.index (a method) on purpose: .index is the documented pandas Index.
        self.index = index  # type: ignore[method-assign,assignment]

    def __copy__(self) -> "TablePeople":
        return self

    def __deepcopy__(self, memo) -> "TablePeople":
        return self

    def __reduce__(self):
        return (TablePeople, (self.index,))

    def __repr__(self) -> str:
        return f"TablePeople({len(self):,} people)"


def _label_index(labels) -> pd.Index:
    """People from another library's node list: integers stay integers; strings
    are an object Index, as every onakit reader gives them (not pandas' str dtype)."""
    index = pd.Index(list(labels), name="person")
    if isinstance(index.dtype, pd.StringDtype):
        index = index.astype(object)
    return index


def _positions(people: pd.Index, labels, keyword: str) -> np.ndarray:
    """Ids of ``labels`` among ``people``; KeyError naming the labels that are not people."""
    if isinstance(labels, (str, bytes)) or not hasattr(labels, "__iter__"):
        raise TypeError(f"{keyword}: expected a list of people, not {labels!r} (write [{labels!r}] for one person)")
    labels = pd.Index(list(labels)) if not isinstance(labels, pd.Index) else labels
    if labels.has_duplicates:
        dup = labels[labels.duplicated()].unique()[:5].tolist()
        raise ValueError(f"{keyword}: people listed twice: {dup}")
    pos = people.get_indexer(labels)
    if (pos < 0).any():
        missing = labels[pos < 0]
        shown = missing[:5].tolist()
        if pseudonymised(people):  # any label typed against keyed pseudonyms may be a raw identity
            shown = ["<label>"] * len(shown)
        elif masks_addresses(people):  # a raw address typed against people without addresses is not echoed
            shown = [mask_address(x) for x in shown]
        raise KeyError(f"{keyword}: {len(missing)} of {len(labels)} labels are not people of the graph "
                       f"(e.g. {shown}; the graph's people look like {people[:3].tolist()})")
    return pos.astype(np.int64)



def _tie_row_error(df: pd.DataFrame, row: int, column: Hashable, reason: str, hint: str) -> NoReturn:
    """ParseError naming a tie table's row (1-based position, and its index label), column and reason."""
    label = df.index[row]
    label = label.item() if isinstance(label, np.generic) else label
    _core.raise_parse_error("<pandas>", row + 1, str(column), reason,
                            f"row {row + 1} of the tie table, index {label!r}; {hint}")


def _check_label_texts(df: pd.DataFrame, uniques: pd.Index, codes: np.ndarray, n_rows: int, source: Hashable,
                       target: Hashable) -> None:
    """Every person label of a tie table has a text, and no two have the same one.

    Labels are matched by their text everywhere else (groups, HR tables, CSV
    output: :func:`onakit._labels.label_text`), so ``1`` and ``"1"``, or
    ``"ann"`` and ``" ann"``, would be two people nobody can tell apart; an
    empty label is a missing person. Both are ParseErrors naming the row."""
    kind = pd.api.types.infer_dtype(uniques, skipna=False)
    if kind in ("integer", "floating", "mixed-integer-float", "boolean"):
        return  # distinct numbers have distinct texts
    from ._labels import label_text

    if kind == "string":
        plain = uniques.str.strip()
        suspects = np.flatnonzero((plain != uniques) | (plain == ""))
    else:
        suspects = np.arange(len(uniques))
    if not len(suspects):
        return
    same: dict[str | None, list[int]] = {}
    for k in range(len(uniques)):
        same.setdefault(label_text(uniques[k]), []).append(k)

    def first_row(person: int) -> tuple[int, Hashable]:
        at = np.flatnonzero(codes == person)
        if not len(at):  # an isolate of people=
            raise _core.OptionError(f"Graph.from_pandas: people= holds {uniques[person]!r}, which is empty or has the "
                                    "text of another person; people are matched by their text")
        return (int(at[0]), source) if at[0] < n_rows else (int(at[0]) - n_rows, target)

    for k in map(int, suspects):
        text = label_text(uniques[k])
        if text is None:
            row, col = first_row(int(k))
            _tie_row_error(df, row, col, "missing person", "an empty label names nobody: drop the row or fill the cell")
        group = same[text]
        if len(group) > 1:
            row, col = first_row(max(group[:2], key=lambda p: int(np.flatnonzero(codes == p)[0])
                                     if (codes == p).any() else len(codes)))
            a, b = uniques[group[0]], uniques[group[1]]
            _tie_row_error(df, row, col, f"labels {a!r} and {b!r} are the same text",
                           "people are matched by their text (groups, HR tables, CSV files): convert the column to "
                           "one type, e.g. df[col].astype(str).str.strip()")

class Graph:
    """A weighted communication graph (directed by default) over a fixed set of people.

    Built by :func:`onakit.build_graph` from a :class:`MessageLog`, by
    :meth:`Graph.from_pandas` from a tie table, by
    :func:`onakit.from_networkx` / :func:`onakit.from_igraph`, or read back
    with :func:`onakit.load_graph`. Immutable; the C++ core holds compressed
    sparse rows, so graphs of millions of ties are cheap.

    Conversions round-trip exactly (:meth:`equals`): :meth:`to_pandas`,
    :meth:`to_networkx`, :meth:`to_igraph`, :meth:`save` and ``pickle``;
    :meth:`csr` and :meth:`to_scipy_sparse` give the arrays. New graphs
    come from :meth:`subgraph`, :meth:`filter`, :func:`onakit.ego_network`
    and :func:`onakit.union`.

    Attributes
    ----------
    people : pandas.Index
        The people (vertices), labelled with the source's own ids; people
        without ties are included.
    build_report : dict or None
        What :func:`onakit.build_graph` kept and dropped (messages outside the
        window, broadcasts, self-ties, ties below ``min_weight``, ...).
    ingest_report : dict or None
        For a graph streamed from a file (:func:`onakit.stream_ties`), the
        reader's report (records read and kept, skipped records by reason),
        as ``MessageLog.report``; None otherwise.

    Examples
    --------
    >>> import onakit as ona
    >>> g = ona.build_graph(ona.read_edgelist("../shared/data/karate-zachary/edges.csv"))
    >>> g
    Graph(people=34, ties=78, directed=True)
    >>> g.number_of_people, g.number_of_ties, g.directed
    (34, 78, True)
    >>> g.people[:3].tolist()
    [1, 2, 3]
    """

    def __init__(self, core: Any, people: pd.Index, build_report: dict | None = None,
                 ingest_report: dict | None = None):
        if len(people) != core.num_vertices:
            raise ValueError("people index does not match the graph size")
        self._core = core
        self._people = people
        self.build_report = build_report
        self.ingest_report = ingest_report

    @classmethod
    def from_spark(cls, ties, people=None) -> "Graph | pd.Series":
        """A graph from a Spark tie table (:func:`onakit.spark.tie_table`), brought to this machine through Arrow.

        Needs ``pip install onakit[spark]``. The table's ``source, target,
        weight`` become a directed graph whose labels are the source/target
        strings (pseudonyms, when :func:`onakit.spark.pseudonymize` made
        them); people are sorted by label. From a
        :class:`onakit.spark.TieTable` the graph carries its ``build_report``.
        A table with a ``period`` column (``tie_table(freq=...)``) gives a
        Series of graphs indexed by period (a ``PeriodIndex`` from a
        ``TieTable``), all over the same people, as :func:`onakit.build_graphs`;
        periods without ties are absent.

        Parameters
        ----------
        ties : onakit.spark.TieTable or pyspark.sql.DataFrame
            With columns ``source``, ``target``, ``weight`` (and ``period``).
        people : list-like, optional
            Every person, in this order (silent people become isolates);
            default the ends of the ties, sorted.

        Examples
        --------
        >>> import onakit as ona, onakit.spark as ons
        >>> from pyspark.sql import SparkSession
        >>> spark = (SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false")
        ...          .config("spark.ui.showConsoleProgress", "false").config("spark.sql.shuffle.partitions", "2")
        ...          .getOrCreate())
        >>> log, people = ona.synthetic_org(people=40, departments=2, weeks=1, seed=3)
        >>> rows = log.to_pandas().astype({"timestamp": str})
        >>> t = ons.tie_table(spark.createDataFrame(rows.to_dict("records")), recipients="recipient",
        ...                   message_id="message", recipient_sep=None)
        >>> g = ona.Graph.from_spark(t, people=log.people)
        >>> g.equals(ona.build_graph(log))
        True
        """
        from .spark import graph_from_spark  # pyspark is imported only here

        return graph_from_spark(ties, people)

    @classmethod
    def from_pandas(
        cls,
        df: pd.DataFrame,
        source: Hashable = "source",
        target: Hashable = "target",
        weight: Hashable | None = _DEFAULT_WEIGHT,
        directed: bool | None = None,
        people: Iterable[Hashable] | None = None,
    ) -> "Graph":
        """A graph from a tie table, one row per tie (repeated rows are summed).

        ``Graph.from_pandas(g.to_pandas())`` equals ``g`` (:meth:`equals`):
        weights, people order, isolates and directedness are kept.

        Parameters
        ----------
        df : pandas.DataFrame
        source, target : column names
            The ends of each tie. Labels keep their dtype (integer ids stay
            integers).
        weight : column name or None, default "weight"
            Tie weights (numbers >= 0). By default the column ``"weight"``
            when the table has one, else every row weighs 1; ``weight=None``
            ignores any weight column (an unweighted graph).
        directed : bool, optional
            Default: ``df.attrs["directed"]`` when the table came from
            :meth:`Graph.to_pandas`, else True. An undirected graph sums the
            rows u-v and v-u into one tie.
        people : list-like, optional
            Every person of the graph, in this order; people without ties are
            isolates. A tie naming someone not in ``people`` raises KeyError.
            Default: ``df.attrs["people"]`` (a list or an Index) when the
            table came from
            :meth:`Graph.to_pandas` (plus any new labels of the table, in
            order of appearance), else the ends of the ties in order of
            first appearance (source before target, row by row).

        Examples
        --------
        >>> import pandas as pd, onakit as ona
        >>> ties = pd.DataFrame({"source": ["ann", "bob", "ann"], "target": ["bob", "ann", "bob"]})
        >>> g = ona.Graph.from_pandas(ties)
        >>> g.number_of_people, g.number_of_ties
        (2, 2)
        >>> g2 = ona.Graph.from_pandas(ties, people=["cy", "bob", "ann"])
        >>> list(g2.people), g2.number_of_people
        (['cy', 'bob', 'ann'], 3)
        >>> ona.Graph.from_pandas(g2.to_pandas()).equals(g2)
        True
        """
        if weight is _DEFAULT_WEIGHT:
            weight = "weight" if "weight" in df.columns else None
        if directed is None:
            directed = bool(df.attrs.get("directed", True))
        for col in (source, target, weight):
            if col is not None and col not in df.columns:
                raise _core.ParseError(f"<pandas>: missing column {col!r} (columns: {list(df.columns)})")
        s = _plain_column(df[source])
        t = _plain_column(df[target])
        missing = (s.isna() | t.isna()).to_numpy()
        if missing.any():
            row = int(np.flatnonzero(missing)[0])
            _tie_row_error(df, row, source if pd.isna(s.iloc[row]) else target, "missing person",
                           "drop the row or fill the cell")
        ends = pd.concat([s, t], ignore_index=True)
        if people is not None:
            index = people if isinstance(people, pd.Index) else pd.Index(list(people))
            if index.has_duplicates:
                dup = index[index.duplicated()].unique()[:5].tolist()
                raise ValueError(f"Graph.from_pandas: people= lists people twice: {dup}")
            codes = index.get_indexer(pd.Index(ends))
            if (codes < 0).any():
                bad = ends[codes < 0].unique()[:5].tolist()
                raise KeyError(f"Graph.from_pandas: {int((codes < 0).sum())} tie ends are not in people= "
                               f"(e.g. {bad}); add them to people= or drop those rows")
            uniques = index
        else:
            known = df.attrs.get("people")
            if isinstance(known, TablePeople):
                known = known.index
            elif isinstance(known, list):  # e.g. after a parquet round trip
                known = _label_index(known)
            if isinstance(known, pd.Index) and not known.has_duplicates:
                ends_index = pd.Index(ends)
                new = ends_index[known.get_indexer(ends_index) < 0].unique()
                uniques = known.append(new) if len(new) else known
                codes = uniques.get_indexer(ends_index)
            else:
                codes, uniques = pd.factorize(ends)
                uniques = pd.Index(uniques)
        codes = np.asarray(codes)
        _check_label_texts(df, uniques, codes, len(s), source, target)
        n = len(uniques)
        w = None
        if weight is not None:
            w = pd.to_numeric(df[weight], errors="coerce").to_numpy(dtype=float)
            if not np.isfinite(w).all() or (w < 0).any():
                row = int(np.flatnonzero(~np.isfinite(w) | (w < 0))[0])
                _tie_row_error(df, row, weight, f"weight must be a finite number >= 0, not {df[weight].iloc[row]!r}",
                               "drop or fix the row")
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
        return cls(core, uniques.rename("person"))

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
        """Whether ties have a direction (networkx's ``G.is_directed()``); the same as :attr:`directed`.

        Examples
        --------
        >>> import onakit as ona
        >>> g = ona.build_graph(ona.read_edgelist("../shared/data/karate-zachary/edges.csv"), directed=False)
        >>> g.is_directed()
        False
        """
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

        An undirected tie appears once (source <= target in id order). The
        table's ``attrs`` hold ``people`` (the list of all people, isolates
        included, in order; a list that keeps the Index's dtype and that
        copies of the table share) and ``directed``, so that ``Graph.from_pandas(g.to_pandas())``
        equals ``g``.

        Examples
        --------
        >>> import pandas as pd, onakit as ona
        >>> g = ona.Graph.from_pandas(pd.DataFrame({"source": [1, 2], "target": [2, 3], "weight": [0.5, 2.0]}))
        >>> g.to_pandas()
           source  target  weight
        0       1       2     0.5
        1       2       3     2.0
        """
        ties = _core.tie_table_of(self._core)
        df = pd.DataFrame({"source": self._people.take(ties.source), "target": self._people.take(ties.target),
                           "weight": ties.weight})
        df.attrs.update({"people": TablePeople(self._people), "directed": self.directed})
        return df

    def to_networkx(self):
        """A ``networkx.DiGraph`` (or ``Graph``) with a ``weight`` attribute on each tie.

        Nodes are the people in order (isolates included), so
        ``ona.from_networkx(g.to_networkx())`` equals ``g``.

        Examples
        --------
        >>> import pandas as pd, onakit as ona
        >>> g = ona.Graph.from_pandas(pd.DataFrame({"source": ["a"], "target": ["b"], "weight": [2.0]}))
        >>> G = g.to_networkx()
        >>> G["a"]["b"]["weight"], ona.from_networkx(G).equals(g)
        (2.0, True)
        """
        import networkx as nx

        G = nx.DiGraph() if self.directed else nx.Graph()
        G.add_nodes_from(self._people)
        ties = _core.tie_table_of(self._core)
        labels = self._people
        G.add_weighted_edges_from(zip(labels.take(ties.source), labels.take(ties.target), ties.weight.tolist()))
        return G

    def to_igraph(self):
        """A ``python-igraph`` Graph: people as vertices (attribute ``name``), ties with attribute ``weight``.

        Vertex ``i`` is ``g.people[i]``; ``ona.from_igraph(g.to_igraph())``
        equals ``g``. Needs the ``igraph`` package (``pip install igraph``).

        Examples
        --------
        >>> import pandas as pd, onakit as ona
        >>> g = ona.Graph.from_pandas(pd.DataFrame({"source": ["a"], "target": ["b"], "weight": [2.0]}))
        >>> G = g.to_igraph()  # doctest: +SKIP
        >>> G.vs["name"], G.es["weight"]  # doctest: +SKIP
        (['a', 'b'], [2.0])
        """
        try:
            import igraph
        except ImportError:
            raise ImportError("Graph.to_igraph needs python-igraph: pip install igraph") from None
        ties = _core.tie_table_of(self._core)
        G = igraph.Graph(n=self.number_of_people,
                         edges=np.column_stack([np.asarray(ties.source), np.asarray(ties.target)]).tolist(),
                         directed=self.directed)
        G.vs["name"] = self._people.tolist()
        G.es["weight"] = np.asarray(ties.weight).tolist()
        return G

    def csr(self) -> CSR:
        """The compressed sparse rows of the graph: zero-copy, read-only numpy views.

        ``offsets`` (uint64, one more than the people), ``targets`` (uint32
        person ids: positions in :attr:`people`) and ``weights`` (float64).
        The arrays keep the graph's memory alive on their own (``del g`` is
        safe). An undirected graph stores each tie in both people's rows (a
        self-tie once).

        Examples
        --------
        >>> import pandas as pd, onakit as ona
        >>> g = ona.Graph.from_pandas(pd.DataFrame({"source": ["a", "a"], "target": ["b", "c"]}))
        >>> c = g.csr()
        >>> c.offsets.tolist(), c.targets.tolist(), c.weights.tolist()
        ([0, 2, 2, 2], [1, 2], [1.0, 1.0])
        """
        c = self._core
        return CSR(c.out_offsets, c.out_targets, c.out_weights)

    def to_scipy_sparse(self):
        """The weighted adjacency matrix as a ``scipy.sparse.csr_array`` (a copy).

        Entry ``[i, j]`` is the weight of the tie from ``people[i]`` to
        ``people[j]``; symmetric when undirected. The same matrix as
        ``networkx.to_scipy_sparse_array(g.to_networkx())``.

        Examples
        --------
        >>> import pandas as pd, onakit as ona
        >>> g = ona.Graph.from_pandas(pd.DataFrame({"source": ["a"], "target": ["b"], "weight": [3.0]}))
        >>> g.to_scipy_sparse().toarray().tolist()
        [[0.0, 3.0], [0.0, 0.0]]
        """
        import scipy.sparse as sp

        c = self.csr()
        n = self.number_of_people
        offsets = np.asarray(c.offsets)
        idx_t = np.int32 if offsets[-1] < np.iinfo(np.int32).max and n < np.iinfo(np.int32).max else np.int64
        return sp.csr_array((np.array(c.weights), np.array(c.targets, dtype=idx_t), offsets.astype(idx_t)),
                            shape=(n, n))

    # ---- comparison, selection ---------------------------------------------------
    def equals(self, other: "Graph") -> bool:
        """True when ``other`` has the same people in the same order, the same
        ties with exactly the same weights, and the same directedness.

        People are compared as ``g.people.equals(other.people)`` does (label
        by label, so ``17`` and ``"17"`` differ; the Index's dtype and name
        are not compared). Provenance (``time_span``, ``build_report``) is
        not compared either.

        Examples
        --------
        >>> import pandas as pd, onakit as ona
        >>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"]})
        >>> g = ona.Graph.from_pandas(ties)
        >>> g.equals(ona.Graph.from_pandas(ties)), g.equals(ona.Graph.from_pandas(ties, directed=False))
        (True, False)
        """
        if not isinstance(other, Graph):
            return False
        if self.directed != other.directed or self.number_of_people != other.number_of_people:
            return False
        if not self._people.equals(other._people):
            return False
        a, b = self.csr(), other.csr()
        return all(np.array_equal(x, y) for x, y in zip(a, b))

    def _derived(self, n: int, sources, targets, weights, people: pd.Index) -> "Graph":
        """A graph over ``people`` from a tie table of ids, keeping this graph's directedness and time span."""
        core = _core.make_graph(n=n, sources=np.asarray(sources, dtype=np.uint32),
                                targets=np.asarray(targets, dtype=np.uint32),
                                weights=np.asarray(weights, dtype=float), directed=self.directed,
                                time_span=self._core.time_span)
        return Graph(core, people)

    def subgraph(self, people: Iterable[Hashable]) -> "Graph":
        """The graph induced by ``people``: those people and the ties among them.

        People are kept in the order given (as ``df.loc[labels]`` does), so
        ``g.subgraph(g.people[::-1])`` reverses the order; use
        ``g.people[g.people.isin(labels)]`` to keep the graph's order.
        Weights and directedness are kept; ``time_span`` is the parent's,
        ``build_report`` is None. The same ties as networkx's
        ``G.subgraph(people)``.

        Raises
        ------
        KeyError
            When a label is not a person of the graph (the first few are named).
        ValueError
            When a person is listed twice.

        Examples
        --------
        >>> import pandas as pd, onakit as ona
        >>> g = ona.Graph.from_pandas(pd.DataFrame({"source": ["a", "b", "c"], "target": ["b", "c", "a"]}))
        >>> h = g.subgraph(["c", "b"])
        >>> list(h.people), h.to_pandas()[["source", "target"]].values.tolist()
        (['c', 'b'], [['b', 'c']])
        """
        pos = _positions(self._people, people, "subgraph")
        new_id = np.full(self.number_of_people, -1, dtype=np.int64)
        new_id[pos] = np.arange(len(pos))
        ties = _core.tie_table_of(self._core)
        s, t = new_id[np.asarray(ties.source)], new_id[np.asarray(ties.target)]
        keep = (s >= 0) & (t >= 0)
        return self._derived(len(pos), s[keep], t[keep], np.asarray(ties.weight)[keep], self._people.take(pos))

    def filter(self, min_weight: float | None = None, people: Iterable[Hashable] | None = None) -> "Graph":
        """A graph with the ties that pass every given condition; all people stay (isolates included).

        Parameters
        ----------
        min_weight : float, optional
            Keep ties with weight >= ``min_weight`` (the same rule as
            ``build_graph(min_weight=)``).
        people : list-like, optional
            Keep ties whose both ends are among ``people`` (labels of the
            graph; others raise KeyError). Unlike :meth:`subgraph`, the other
            people stay, as isolates, so the result lines up with ``g``.

        Examples
        --------
        >>> import pandas as pd, onakit as ona
        >>> g = ona.Graph.from_pandas(pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "weight": [1.0, 5.0]}))
        >>> h = g.filter(min_weight=2)
        >>> h.number_of_people, h.to_pandas()[["source", "target"]].values.tolist()
        (3, [['b', 'c']])
        """
        ties = _core.tie_table_of(self._core)
        s, t, w = np.asarray(ties.source), np.asarray(ties.target), np.asarray(ties.weight)
        keep = np.ones(len(s), dtype=bool)
        if min_weight is not None:
            mw = float(min_weight)
            if not np.isfinite(mw):
                raise _core.OptionError(f"filter: min_weight={min_weight!r} must be a finite number")
            keep &= w >= mw
        if people is not None:
            inside = np.zeros(self.number_of_people, dtype=bool)
            inside[_positions(self._people, people, "filter: people")] = True
            keep &= inside[s] & inside[t]
        return self._derived(self.number_of_people, s[keep], t[keep], w[keep], self._people)

    # ---- pickling and saving ----------------------------------------------------
    def __reduce__(self):
        # Through the tie table: make_graph rebuilds the same CSR arrays exactly.
        ties = _core.tie_table_of(self._core)
        state = {"people": self._people, "directed": self.directed, "source": np.asarray(ties.source).copy(),
                 "target": np.asarray(ties.target).copy(), "weight": np.asarray(ties.weight).copy(),
                 "time_span": tuple(self._core.time_span), "build_report": self.build_report,
                 "ingest_report": self.ingest_report}
        return (_graph_from_state, (state,))

    def save(self, path) -> None:
        """Save the graph to a compressed ``.npz`` file (see :func:`onakit.load_graph` for the format).

        Keeps the people (labels with their dtype, isolates, order), the
        ties and their exact weights, directedness, time span and build
        report: ``ona.load_graph(path).equals(g)``.

        Examples
        --------
        >>> import os, tempfile, pandas as pd, onakit as ona
        >>> g = ona.Graph.from_pandas(pd.DataFrame({"source": [1, 2], "target": [2, 3]}))
        >>> path = os.path.join(tempfile.mkdtemp(), "g.npz")
        >>> g.save(path)
        >>> ona.load_graph(path).equals(g)
        True
        """
        from ._graph_io import save_graph

        save_graph(self, path)

    def __repr__(self) -> str:
        lo, hi = self.time_span
        span = f", span={lo:%Y-%m-%d} → {hi:%Y-%m-%d}" if lo is not None else ""
        return (f"Graph(people={self.number_of_people:,}, ties={self.number_of_ties:,}, "
                f"directed={self.directed}{span})")

    def _repr_html_(self) -> str:
        return f"<b>onakit.Graph</b> {self.number_of_people:,} people, {self.number_of_ties:,} ties, " + (
            "directed" if self.directed else "undirected")


def _graph_from_state(state: dict) -> Graph:
    """Unpickling: the graph from its tie table (Graph.__reduce__)."""
    people = state["people"]
    core = _core.make_graph(n=len(people), sources=state["source"], targets=state["target"],
                            weights=state["weight"], directed=state["directed"], time_span=state["time_span"])
    return Graph(core, people, state["build_report"], state.get("ingest_report"))


def from_networkx(G, weight: str | None = "weight") -> Graph:
    """A :class:`Graph` from a networkx graph.

    Node order and labels are kept (integer nodes give an integer index);
    isolated nodes stay people of the graph; a directed networkx graph gives
    a directed graph. Parallel edges of a multigraph are summed. So
    ``ona.from_networkx(g.to_networkx())`` equals ``g``.

    Parameters
    ----------
    G : networkx.Graph, DiGraph, MultiGraph or MultiDiGraph
    weight : str or None
        The edge attribute holding the weight (1 where missing); None for an
        unweighted graph.

    Examples
    --------
    >>> import networkx as nx, onakit as ona
    >>> G = nx.Graph([(1, 2), (2, 3)])
    >>> G.add_node(4)
    >>> g = ona.from_networkx(G)
    >>> list(g.people), g.number_of_ties, g.directed
    ([1, 2, 3, 4], 2, False)
    """
    nodes = list(G.nodes)
    index = {v: i for i, v in enumerate(nodes)}
    if weight is None:
        edges = [(u, v, 1.0) for u, v in G.edges()]
    else:
        edges = list(G.edges(data=weight, default=1.0))
    s = np.fromiter((index[u] for u, _, _ in edges), dtype=np.uint32, count=len(edges))
    t = np.fromiter((index[v] for _, v, _ in edges), dtype=np.uint32, count=len(edges))
    w = np.fromiter((float(x) for _, _, x in edges), dtype=float, count=len(edges))
    core = _core.make_graph(n=len(nodes), sources=s, targets=t, weights=w, directed=G.is_directed())
    return Graph(core, _label_index(nodes))


def from_igraph(G, weight: str | None = "weight", name: str | None = "name") -> Graph:
    """A :class:`Graph` from a python-igraph graph.

    Vertex ``i`` becomes person ``G.vs[name][i]`` (or ``i`` when the graph
    has no such attribute or ``name=None``), in vertex order, isolates
    included; directedness is kept; multi-edges are summed. So
    ``ona.from_igraph(g.to_igraph())`` equals ``g``.

    Parameters
    ----------
    G : igraph.Graph
    weight : str or None
        Edge attribute with the weights (every edge weighs 1 when the graph
        has no such attribute, or with ``weight=None``).
    name : str or None
        Vertex attribute with the people's labels.

    Examples
    --------
    >>> import igraph, onakit as ona  # doctest: +SKIP
    >>> g = ona.from_igraph(igraph.Graph([(0, 1), (1, 2)], directed=True))  # doctest: +SKIP
    >>> list(g.people), g.number_of_ties  # doctest: +SKIP
    ([0, 1, 2], 2)
    """
    n = G.vcount()
    edges = np.asarray(G.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    attrs = G.es.attributes()
    w = None
    if weight is not None and weight in attrs:
        w = np.asarray(G.es[weight], dtype=float)
    if name is not None and name in G.vs.attributes():
        people = _label_index(G.vs[name])
    else:
        people = pd.Index(np.arange(n, dtype=np.int64), name="person")
    core = _core.make_graph(n=n, sources=edges[:, 0].astype(np.uint32), targets=edges[:, 1].astype(np.uint32),
                            weights=w, directed=G.is_directed())
    return Graph(core, people)
