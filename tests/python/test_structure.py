"""Density, reciprocity and components vs networkx on real graphs (or the graphs networkx ships)."""

import networkx as nx
import pandas as pd
import pytest
from conftest import oracle_file

import onakit as ona


def _graphs():
    k = pd.read_csv(oracle_file("karate-zachary/edges.csv"))
    yield "karate", ona.Graph.from_pandas(k, source="from", target="to", weight="weight", directed=False)
    log = ona.read_edgelist(oracle_file("email-Eu-core/email-Eu-core.txt"))
    yield "email-directed", ona.build_graph(log, self_loops=True)
    yield "email-undirected", ona.build_graph(log, directed=False)
    a = pd.read_csv(oracle_file("krackhardt-hightech/advice.csv"))
    yield "advice", ona.Graph.from_pandas(a[a["advice_tie"] == 1], source="ego", target="alter")


@pytest.mark.parametrize("name,g", list(_graphs()), ids=lambda x: x if isinstance(x, str) else "")
def test_structure_matches_networkx(name, g):
    G = g.to_networkx()
    assert ona.density(g) == pytest.approx(nx.density(G), rel=1e-12)
    if g.directed:
        assert ona.reciprocity(g) == pytest.approx(nx.overall_reciprocity(G), rel=1e-12)
        strong = sorted((len(c) for c in nx.strongly_connected_components(G)), reverse=True)
        weak = sorted((len(c) for c in nx.weakly_connected_components(G)), reverse=True)
    else:
        assert ona.reciprocity(g) == 1.0
        weak = strong = sorted((len(c) for c in nx.connected_components(G)), reverse=True)
    for kind, expected in (("weak", weak), ("strong", strong)):
        c = ona.components(g, kind=kind)
        assert c.name == "component" and c.index.equals(g.people)
        assert c.attrs["count"] == len(expected)
        assert sorted(c.attrs["sizes"].tolist(), reverse=True) == expected
        # people share a number exactly when networkx puts them in one component
        comps = nx.weakly_connected_components(G) if kind == "weak" and g.directed else (
            nx.strongly_connected_components(G) if g.directed else nx.connected_components(G))
        for comp in comps:
            assert c[list(comp)].nunique() == 1


def test_components_kind_is_checked_and_exceptions_are_exported():
    g = ona.Graph.from_pandas(pd.DataFrame({"source": ["a"], "target": ["b"]}))
    with pytest.raises(ona.OptionError, match="kind='weakly'"):
        ona.components(g, kind="weakly")
    assert issubclass(ona.CapacityError, ona.Error)
