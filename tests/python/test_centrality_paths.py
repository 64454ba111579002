"""Path-based centrality (betweenness, closeness, harmonic, reach) vs networkx on the same graphs.

Oracle: networkx run on ``g.to_networkx()``; weighted variants give networkx a
``dist = 1/weight`` edge attribute. Tolerance: rtol 1e-9, atol 1e-12 (sums in
a different order).
"""

import networkx as nx
import numpy as np
import numpy.testing as npt
import pandas as pd
import pytest
from conftest import data_file, oracle_file

import onakit as ona

RTOL, ATOL = 1e-9, 1e-12


def with_dist(G):
    for _, _, d in G.edges(data=True):
        d["dist"] = 1.0 / d["weight"]
    return G


def assert_matches(s, g, expected: dict, name: str):
    assert isinstance(s, pd.Series) and s.name == name
    assert s.index.equals(g.people)
    npt.assert_allclose(s.to_numpy(dtype=float), np.array([expected[p] for p in g.people], dtype=float),
                        rtol=RTOL, atol=ATOL)


def karate():
    df = pd.read_csv(oracle_file("karate-zachary/edges.csv"))
    return ona.Graph.from_pandas(df, source="from", target="to", weight="weight", directed=False)


def advice():
    df = pd.read_csv(oracle_file("krackhardt-hightech/advice.csv"))
    df = df[df["advice_tie"] == 1]
    return ona.Graph.from_pandas(df, source="ego", target="alter")


def ukfaculty():
    df = pd.read_csv(oracle_file("ukfaculty/edges.csv"))
    return ona.Graph.from_pandas(df, source="from", target="to", weight="weight")


_email_cache: dict = {}


def email(directed: bool):
    if directed not in _email_cache:
        log = ona.read_edgelist(oracle_file("email-Eu-core/email-Eu-core.txt"))
        _email_cache[directed] = ona.build_graph(log, directed=directed)
    return _email_cache[directed]


SMALL = {
    "karate": (karate, True),       # (graph, has meaningful weights)
    "advice": (advice, False),
    "ukfaculty": (ukfaculty, True),
}


def graphs(weighted_only=False):
    out = [pytest.param(name, id=name) for name, (_, w) in SMALL.items() if w or not weighted_only]
    if not weighted_only:
        out += [pytest.param("email-directed", id="email-directed"),
                pytest.param("email-undirected", id="email-undirected")]
    return out


def load(name):
    if name == "email-directed":
        return email(True)
    if name == "email-undirected":
        return email(False)
    return SMALL[name][0]()


@pytest.mark.parametrize("name", graphs())
def test_betweenness_unweighted(name):
    g = load(name)
    G = g.to_networkx()
    assert G.is_directed() == g.directed
    s = ona.betweenness(g)
    assert_matches(s, g, nx.betweenness_centrality(G), "betweenness")
    assert s.attrs["approximate"] is False
    if name in SMALL:
        assert_matches(ona.betweenness(g, normalized=False), g,
                       nx.betweenness_centrality(G, normalized=False), "betweenness")
        assert_matches(ona.betweenness(g, endpoints=True), g,
                       nx.betweenness_centrality(G, endpoints=True), "betweenness")


@pytest.mark.parametrize("name", graphs(weighted_only=True))
def test_betweenness_weighted_uses_inverse_weight(name):
    g = load(name)
    G = with_dist(g.to_networkx())
    assert_matches(ona.betweenness(g, weighted=True), g, nx.betweenness_centrality(G, weight="dist"), "betweenness")
    assert_matches(ona.betweenness(g, weighted=True, normalized=False, endpoints=True), g,
                   nx.betweenness_centrality(G, weight="dist", normalized=False, endpoints=True), "betweenness")


def test_betweenness_threads_give_identical_scores():
    g = email(True)
    one = ona.betweenness(g, threads=1)
    two = ona.betweenness(g, threads=2)
    assert np.array_equal(one.to_numpy(), two.to_numpy())


def test_approximate_betweenness_within_epsilon_on_email_eu_core():
    # The sample sizes below are the real data set's (1005 people).
    data_file("email-Eu-core/email-Eu-core.txt")
    g = email(True)
    exact = np.array([v for v in map(nx.betweenness_centrality(g.to_networkx()).get, g.people)])
    # epsilon=0.1 samples a few hundred pairs...
    s = ona.betweenness(g, approximate=True, epsilon=0.1, delta=0.1, seed=7)
    assert s.attrs["approximate"] is True and s.attrs["vertex_diameter"] > 1
    assert s.attrs["exact"] is False and 0 < s.attrs["samples"] < g.number_of_people
    assert np.abs(s.to_numpy() - exact).max() <= 0.1
    again = ona.betweenness(g, approximate=True, epsilon=0.1, delta=0.1, seed=7, threads=1)
    assert np.array_equal(again.to_numpy(), s.to_numpy())
    # ...epsilon=0.01 ~27,000: more pairs than people, but a bidirectional sample scans a small
    # part of the ties an exact search scans (all 25k, twice), so it still samples (issue 17;
    # it used to fall back to exact at one sample per person)...
    m = ona.betweenness(g, approximate=True, epsilon=0.01, delta=0.1, seed=7)
    assert m.attrs["exact"] is False and m.attrs["samples"] > g.number_of_people
    assert np.abs(m.to_numpy() - exact).max() <= 0.01
    # ...while epsilon=0.003 (~300,000 pairs) would cost more than exact Brandes: exact it is.
    e = ona.betweenness(g, approximate=True, epsilon=0.003, delta=0.1, seed=7)
    assert e.attrs["exact"] is True and e.attrs["samples"] == 0
    assert np.abs(e.to_numpy() - exact).max() <= 1e-12


@pytest.mark.parametrize("name", graphs())
def test_closeness_and_harmonic_unweighted(name):
    g = load(name)
    G = g.to_networkx()
    assert_matches(ona.closeness(g), g, nx.closeness_centrality(G), "closeness")
    assert_matches(ona.closeness(g, wf_improved=False), g, nx.closeness_centrality(G, wf_improved=False), "closeness")
    assert_matches(ona.harmonic(g), g, nx.harmonic_centrality(G), "harmonic")


@pytest.mark.parametrize("name", graphs(weighted_only=True))
def test_closeness_and_harmonic_weighted(name):
    g = load(name)
    G = with_dist(g.to_networkx())
    assert_matches(ona.closeness(g, weighted=True), g, nx.closeness_centrality(G, distance="dist"), "closeness")
    assert_matches(ona.harmonic(g, weighted=True), g, nx.harmonic_centrality(G, distance="dist"), "harmonic")


@pytest.mark.parametrize("name", graphs())
@pytest.mark.parametrize("k", [0, 1, 2, 3])
def test_reach(name, k):
    g = load(name)
    G = g.to_networkx()
    expected = {u: len(nx.single_source_shortest_path_length(G, u, cutoff=k)) - 1 for u in G}
    s = ona.reach(g, k=k)
    assert s.dtype == np.int64 and s.attrs["k"] == k
    assert_matches(s, g, expected, "reach")


def test_reach_unbounded_k_counts_everyone_reachable():
    g = advice()
    G = g.to_networkx()
    expected = {u: len(nx.descendants(G, u)) for u in G}
    assert_matches(ona.reach(g, k=10**12), g, expected, "reach")


def test_bad_arguments():
    g = karate()
    with pytest.raises(ValueError):
        ona.reach(g, k=-1)
    with pytest.raises(ValueError):
        ona.betweenness(g, approximate=True, epsilon=1.5)
    with pytest.raises(ValueError):
        ona.betweenness(g, approximate=True, endpoints=True)
    with pytest.raises(TypeError):
        ona.closeness(g.to_networkx())
