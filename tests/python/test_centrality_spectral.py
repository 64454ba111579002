"""Degree and spectral centralities vs networkx on the same real graphs.

Oracles: networkx run on a networkx graph built independently from the same
file (not from onakit's graph). Tolerances:
  - degree: plain arithmetic, rtol 1e-12;
  - PageRank, eigenvector, Katz: onakit runs the same iteration with the same
    start and stopping rule as networkx, so both follow the same trajectory
    and differ only by rounding, at the default tol as well as at 1e-12;
    rtol 1e-9 (atol 1e-15 for exact zeros);
  - HITS: networkx uses scipy's svds, onakit power iteration; both at tol
    1e-12, so vectors agree to ~1e-10; rtol 1e-6, atol 1e-10.
"""

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from conftest import data_file, oracle_file

import onakit as ona

RTOL = 1e-9


# ---- the data sets, each as (onakit graph, networkx graph, weighted?) ----------

def _from_table(df, s, t, w, directed):
    if w is not None:
        df = df.groupby([s, t], as_index=False)[w].sum()
    g = ona.Graph.from_pandas(df, source=s, target=t, weight=w, directed=directed)
    G = nx.from_pandas_edgelist(df, s, t, edge_attr=w, create_using=nx.DiGraph if directed else nx.Graph)
    return g, G


def karate():
    df = pd.read_csv(oracle_file("karate-zachary/edges.csv"))
    return _from_table(df, "from", "to", "weight", directed=False)


def advice():
    df = pd.read_csv(oracle_file("krackhardt-hightech/advice.csv"))
    return _from_table(df[df["advice_tie"] == 1], "ego", "alter", None, directed=True)


def ukfaculty():
    df = pd.read_csv(oracle_file("ukfaculty/edges.csv"))
    return _from_table(df, "from", "to", "weight", directed=True)


def email():
    path = oracle_file("email-Eu-core/email-Eu-core.txt")
    g = ona.build_graph(ona.read_edgelist(path), self_loops=True)
    G = nx.read_edgelist(path, create_using=nx.DiGraph, nodetype=int)
    return g, G


DATASETS = {"karate": karate, "advice": advice, "ukfaculty": ukfaculty, "email": email}


@pytest.fixture(params=list(DATASETS), scope="module")
def graphs(request):
    return DATASETS[request.param]()


def assert_matches(s, ref, rtol=RTOL, atol=1e-15):
    r = pd.Series(ref, dtype=float)
    assert set(r.index) == set(s.index)
    np.testing.assert_allclose(s.to_numpy(), r.reindex(s.index).to_numpy(), rtol=rtol, atol=atol)


def nx_weight(weighted):
    return "weight" if weighted else None


# ---- degree ---------------------------------------------------------------------

def test_degree_matches_networkx(graphs):
    g, G = graphs
    n = len(G)
    s = ona.degree(g)
    assert s.name == "degree" and s.index.equals(g.people)
    assert_matches(s, nx.degree_centrality(G), rtol=1e-12)
    assert_matches(ona.degree(g, normalized=False), dict(G.degree()), rtol=1e-12)
    assert_matches(ona.degree(g, weighted=True, normalized=False), dict(G.degree(weight="weight")), rtol=1e-12)
    assert_matches(ona.degree(g, weighted=True),
                   {v: d / (n - 1) for v, d in G.degree(weight="weight")}, rtol=1e-12)
    if G.is_directed():
        assert_matches(ona.degree(g, direction="in"), nx.in_degree_centrality(G), rtol=1e-12)
        assert_matches(ona.degree(g, direction="out"), nx.out_degree_centrality(G), rtol=1e-12)
        assert_matches(ona.degree(g, direction="in", weighted=True, normalized=False),
                       dict(G.in_degree(weight="weight")), rtol=1e-12)


def test_degree_counts_self_ties_like_networkx():
    # email-Eu-core has 642 self-ties: networkx counts each once in and once out.
    data_file("email-Eu-core/email-Eu-core.txt")  # the count is the real data set's: no fallback
    g, G = email()
    assert nx.number_of_selfloops(G) == 642
    assert_matches(ona.degree(g, direction="out", normalized=False), dict(G.out_degree()), rtol=1e-12)
    u = nx.Graph([(1, 1), (1, 2)])
    gu = ona.from_networkx(u)
    assert_matches(ona.degree(gu, normalized=False), dict(u.degree()), rtol=1e-12)  # {1: 3, 2: 1}


def test_degree_rejects_unknown_direction():
    g, _ = karate()
    with pytest.raises(ona.OptionError, match="direction"):
        ona.degree(g, direction="sideways")


# ---- PageRank --------------------------------------------------------------------

@pytest.mark.parametrize("weighted", [True, False])
@pytest.mark.parametrize("tol", [1e-6, 1e-12])
def test_pagerank_matches_networkx(graphs, weighted, tol):
    g, G = graphs
    ref = nx.pagerank(G, weight=nx_weight(weighted), tol=tol, max_iter=1000)
    s = ona.pagerank(g, weighted=weighted, tol=tol, max_iter=1000)
    assert s.attrs["converged"] and s.attrs["residual"] < len(G) * tol
    assert s.name == "pagerank" and s.index.equals(g.people)
    assert_matches(s, ref)
    assert s.sum() == pytest.approx(1.0, abs=1e-9)


def test_pagerank_personalization_and_dangling():
    g, G = karate()
    pers = {1: 1.0, 34: 3.0}
    assert_matches(ona.pagerank(g, personalization=pers, tol=1e-12, max_iter=1000),
                   nx.pagerank(G, personalization=pers, tol=1e-12, max_iter=1000))
    # email-Eu-core has people without out-ties: their score follows `dangling`.
    g, G = email()
    pers_series = pd.Series([2.0, 1.0, 1.0], index=[0, 5, 17])
    dang = {3: 1.0, 4: 2.0}
    assert any(d == 0 for _, d in G.out_degree())
    s = ona.pagerank(g, personalization=pers_series, dangling=dang, tol=1e-12, max_iter=1000)
    assert_matches(s, nx.pagerank(G, personalization=pers_series.to_dict(), dangling=dang, tol=1e-12, max_iter=1000))


def test_pagerank_alpha():
    g, G = ukfaculty()
    assert_matches(ona.pagerank(g, alpha=0.5, tol=1e-12), nx.pagerank(G, alpha=0.5, tol=1e-12))


def test_pagerank_convergence_failure_like_networkx():
    g, G = email()
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.pagerank(G, max_iter=3)
    with pytest.raises(ona.ConvergenceError, match="did not converge in 3") as info:
        ona.pagerank(g, max_iter=3)
    assert isinstance(info.value, ValueError) and isinstance(info.value, ona.Error)
    assert info.value.iterations == 3
    s = ona.pagerank(g, max_iter=3, raise_on_failure=False)
    assert not s.attrs["converged"] and s.attrs["iterations"] == 3


def test_pagerank_rejects_bad_input():
    g, _ = karate()
    with pytest.raises(KeyError, match="not people"):
        ona.pagerank(g, personalization={"nobody": 1.0})
    with pytest.raises(ona.OptionError, match="all zero"):
        ona.pagerank(g, personalization={1: 0.0})
    with pytest.raises(ona.OptionError, match="alpha"):
        ona.pagerank(g, alpha=2.0)
    with pytest.raises(TypeError):
        ona.pagerank(g, personalization=[1, 2, 3])


# ---- eigenvector -----------------------------------------------------------------

@pytest.mark.parametrize("weighted", [True, False])
@pytest.mark.parametrize("tol", [1e-6, 1e-12])
def test_eigenvector_matches_networkx(graphs, weighted, tol):
    g, G = graphs
    ref = nx.eigenvector_centrality(G, weight=nx_weight(weighted), tol=tol, max_iter=10000)
    s = ona.eigenvector(g, weighted=weighted, tol=tol, max_iter=10000)
    assert s.attrs["converged"]
    assert_matches(s, ref)
    assert np.linalg.norm(s) == pytest.approx(1.0, abs=1e-12)


def test_eigenvector_convergence_failure():
    g, G = karate()
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.eigenvector_centrality(G, max_iter=2)
    with pytest.raises(ona.ConvergenceError):
        ona.eigenvector(g, max_iter=2)


# ---- Katz ------------------------------------------------------------------------

@pytest.mark.parametrize("weighted", [True, False])
@pytest.mark.parametrize("normalized", [True, False])
def test_katz_matches_networkx(graphs, weighted, normalized):
    g, G = graphs
    # alpha = 0.5 / (largest in-strength) >= 0.5 / lambda_max: the series converges.
    w = nx_weight(weighted)
    strengths = G.in_degree(weight=w) if G.is_directed() else G.degree(weight=w)
    alpha = 0.5 / max(d for _, d in strengths)
    ref = nx.katz_centrality(G, alpha=alpha, beta=1.0, weight=w, tol=1e-12, max_iter=10000, normalized=normalized)
    s = ona.katz(g, alpha=alpha, weighted=weighted, tol=1e-12, max_iter=10000, normalized=normalized)
    assert s.attrs["converged"]
    assert_matches(s, ref)


def test_katz_defaults_and_beta():
    g, G = karate()
    # Default alpha = 0.1 < 1 / lambda_max of the unweighted club (about 6.7).
    assert_matches(ona.katz(g, weighted=False), nx.katz_centrality(G))
    assert_matches(ona.katz(g, weighted=False, beta=2.5, normalized=False),
                   nx.katz_centrality(G, beta=2.5, normalized=False))


def test_katz_diverges_above_the_spectral_radius():
    g, G = karate()
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.katz_centrality(G, alpha=0.5, max_iter=50)
    with pytest.raises(ona.ConvergenceError):
        ona.katz(g, alpha=0.5, weighted=False, max_iter=50)


# ---- HITS ------------------------------------------------------------------------

def test_hits_matches_networkx(graphs):
    pytest.importorskip("scipy")  # networkx.hits calls scipy's svds
    g, G = graphs
    hubs, auths = nx.hits(G, tol=1e-12, max_iter=10000)
    df = ona.hits(g, tol=1e-12, max_iter=10000)
    assert list(df.columns) == ["hub", "authority"] and df.index.equals(g.people)
    assert df.attrs["converged"]
    assert_matches(df["hub"], hubs, rtol=1e-6, atol=1e-10)
    assert_matches(df["authority"], auths, rtol=1e-6, atol=1e-10)


def test_hits_unweighted_and_unnormalized():
    pytest.importorskip("scipy")
    g, G = ukfaculty()
    H = nx.DiGraph(G.edges())  # the same ties without weights
    hubs, auths = nx.hits(H, tol=1e-12, max_iter=10000)
    df = ona.hits(g, weighted=False, tol=1e-12, max_iter=10000)
    assert_matches(df["hub"], hubs, rtol=1e-6, atol=1e-10)
    assert_matches(df["authority"], auths, rtol=1e-6, atol=1e-10)
    raw = ona.hits(g, normalized=False, tol=1e-12, max_iter=10000)
    assert raw["hub"].max() == pytest.approx(1.0) and raw["authority"].max() == pytest.approx(1.0)


def test_measures_need_an_onakit_graph():
    with pytest.raises(TypeError, match="onakit.Graph"):
        ona.pagerank(nx.karate_club_graph())


def test_hits_convergence_failure():
    g, _ = karate()
    with pytest.raises(ona.ConvergenceError):
        ona.hits(g, max_iter=1)
    assert not ona.hits(g, max_iter=1, raise_on_failure=False).attrs["converged"]


def test_thread_count_does_not_change_scores():
    g, _ = email()
    katz = lambda g, threads: ona.katz(g, alpha=0.001, threads=threads)  # noqa: E731
    for f in (ona.pagerank, ona.eigenvector, katz):
        pd.testing.assert_series_equal(f(g, threads=1), f(g, threads=2), check_exact=True)
    pd.testing.assert_frame_equal(ona.hits(g, threads=1), ona.hits(g, threads=2), check_exact=True)


def test_scores_are_views_that_keep_their_result_alive():
    # _core returns a result class whose arrays are views of its C++ vectors;
    # the Series must stay valid (and writable) after the result object is gone.
    import gc

    g, _ = karate()
    s = ona.pagerank(g)
    h = ona.hits(g)
    gc.collect()
    assert s.sum() == pytest.approx(1.0, rel=1e-9)
    assert h["hub"].sum() == pytest.approx(1.0, rel=1e-9)
    s.iloc[0] = 0.0  # a user may edit a result
    r = ona._core.pagerank(g._core)
    assert r.scores.base is not None and r.iterations > 0 and r.converged
