import networkx as nx
import numpy as np
import pandas as pd
import pytest

import onakit as ona


def test_from_pandas_sums_repeats_and_keeps_labels():
    df = pd.DataFrame({"source": ["ann", "bob", "ann", "cy"], "target": ["bob", "ann", "bob", "ann"],
                       "w": [1.0, 2.0, 0.5, 1.0]})
    g = ona.Graph.from_pandas(df, weight="w")
    assert g.number_of_people == 3 and g.number_of_ties == 3
    assert list(g.people) == ["ann", "bob", "cy"]
    ties = g.to_pandas().set_index(["source", "target"])["weight"]
    assert ties[("ann", "bob")] == pytest.approx(1.5)
    assert "people=3" in repr(g) and "ties=3" in repr(g)


def test_labels_of_any_hashable_type():
    df = pd.DataFrame({"source": [10, 20, (1, 2)], "target": [20, 10, 10]})
    g = ona.Graph.from_pandas(df)
    assert set(g.people) == {10, 20, (1, 2)}
    assert set(map(tuple, g.to_pandas()[["source", "target"]].to_numpy())) == {(10, 20), (20, 10), ((1, 2), 10)}


def test_undirected_sums_both_directions():
    df = pd.DataFrame({"source": ["a", "b"], "target": ["b", "a"]})
    g = ona.Graph.from_pandas(df, directed=False)
    assert g.number_of_ties == 1 and not g.directed
    assert g.to_pandas()["weight"].tolist() == [2.0]


def test_networkx_round_trip_on_karate():
    G = nx.karate_club_graph()
    g = ona.from_networkx(G)
    assert g.number_of_people == 34 and g.number_of_ties == G.number_of_edges()
    H = g.to_networkx()
    assert nx.utils.graphs_equal(nx.Graph(H), nx.Graph(G)) or set(map(frozenset, H.edges)) == set(map(frozenset, G.edges))
    for u, v, d in G.edges(data=True):
        assert H[u][v]["weight"] == pytest.approx(d["weight"])


def test_from_networkx_keeps_isolates_and_direction():
    G = nx.DiGraph()
    G.add_nodes_from(["x", "y", "z"])
    G.add_edge("x", "y", weight=3)
    g = ona.from_networkx(G)
    assert g.directed and g.number_of_people == 3 and g.number_of_ties == 1
    assert list(g.people) == ["x", "y", "z"]


def test_bad_tie_tables_raise_value_errors():
    with pytest.raises(ValueError, match="missing column"):
        ona.Graph.from_pandas(pd.DataFrame({"a": [1]}))
    with pytest.raises(ValueError, match="weight"):
        ona.Graph.from_pandas(pd.DataFrame({"source": [1], "target": [2], "w": [-1.0]}), weight="w")
