"""Local measures vs networkx (and hand counts where networkx has no oracle).

Tolerance: rtol=1e-9 (summation order differs from networkx's); NaN where
networkx gives NaN.
"""

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.stats
from conftest import oracle_file

import onakit as ona

RTOL = 1e-9


# ---- data sets: (onakit graph, networkx graph on the same ties) ------------
def _karate():
    df = pd.read_csv(oracle_file("karate-zachary/edges.csv"))
    g = ona.Graph.from_pandas(df, source="from", target="to", weight="weight", directed=False)
    G = nx.Graph()
    G.add_nodes_from(g.people)
    G.add_weighted_edges_from(df[["from", "to", "weight"]].itertuples(index=False))
    return g, G


def _advice():
    df = pd.read_csv(oracle_file("krackhardt-hightech/advice.csv"))
    df = df[(df["advice_tie"] == 1) & (df["ego"] != df["alter"])]
    g = ona.Graph.from_pandas(df, source="ego", target="alter", directed=True)
    G = nx.DiGraph()
    G.add_nodes_from(g.people)
    G.add_edges_from(df[["ego", "alter"]].itertuples(index=False), weight=1.0)
    return g, G


def _ukfaculty():
    df = pd.read_csv(oracle_file("ukfaculty/edges.csv"))
    g = ona.Graph.from_pandas(df, source="from", target="to", weight="weight", directed=True)
    G = nx.DiGraph()
    G.add_nodes_from(g.people)
    for u, v, w in df[["from", "to", "weight"]].itertuples(index=False):
        G.add_edge(u, v, weight=G[u][v]["weight"] + w if G.has_edge(u, v) else float(w))
    return g, G


def _email(directed):
    log = ona.read_edgelist(oracle_file("email-Eu-core/email-Eu-core.txt"))
    g = ona.build_graph(log, directed=directed)  # self-ties dropped by default
    G = g.to_networkx()
    assert nx.number_of_selfloops(G) == 0
    return g, G


DATASETS = {
    "karate": _karate,
    "advice": _advice,
    "ukfaculty": _ukfaculty,
    "email_directed": lambda: _email(True),
    "email_undirected": lambda: _email(False),
}


@pytest.fixture(scope="module", params=list(DATASETS))
def dataset(request):
    return DATASETS[request.param]()


def _as_series(d, g):
    return pd.Series(d).reindex(g.people).astype(float)


def _close(ours, theirs):
    np.testing.assert_allclose(ours.to_numpy(float), theirs.to_numpy(float), rtol=RTOL, atol=1e-12)


# ---- clustering -----------------------------------------------------------------
@pytest.mark.parametrize("weighted", [False, True])
def test_clustering_matches_networkx(dataset, weighted):
    g, G = dataset
    ours = ona.clustering(g, weighted=weighted)
    assert ours.name == "clustering" and ours.index.equals(g.people)
    _close(ours, _as_series(nx.clustering(G, weight="weight" if weighted else None), g))


def test_clustering_ignores_self_ties_like_networkx():
    G = nx.karate_club_graph()
    G.add_edge(0, 0, weight=1.0)
    g = ona.from_networkx(G, weight=None)
    _close(ona.clustering(g), _as_series(nx.clustering(G), g))


def test_clustering_threads_do_not_change_the_result(dataset):
    g, _ = dataset
    pd.testing.assert_series_equal(ona.clustering(g, weighted=True, threads=1),
                                   ona.clustering(g, weighted=True, threads=2))


# ---- core number ------------------------------------------------------------
def test_core_number_matches_networkx(dataset):
    g, G = dataset
    ours = ona.core_number(g)
    theirs = pd.Series(nx.core_number(G)).reindex(g.people)
    assert (ours.to_numpy() == theirs.to_numpy()).all()
    assert ours.attrs["degeneracy"] == theirs.max()


def test_core_number_ignores_self_ties():
    G = nx.karate_club_graph()
    expected = nx.core_number(G)
    G.add_edge(5, 5)
    g = ona.from_networkx(G)
    assert ona.core_number(g).to_dict() == expected


# ---- cut points -------------------------------------------------------------
def test_articulation_points_and_bridges_match_networkx(dataset):
    g, G = dataset
    U = G.to_undirected() if G.is_directed() else G
    art = ona.articulation_points(g)
    assert art.dtype == bool and art.name == "articulation_point"
    assert set(art[art].index) == set(nx.articulation_points(U))
    br = ona.bridges(g)
    assert list(br.columns) == ["source", "target"]
    assert set(map(frozenset, br.itertuples(index=False))) == set(map(frozenset, nx.bridges(U)))


def test_bridges_on_a_tree_are_all_ties():
    G = nx.balanced_tree(2, 6)
    g = ona.from_networkx(G)
    assert len(ona.bridges(g)) == G.number_of_edges()
    art = ona.articulation_points(g)
    assert set(art[art].index) == set(nx.articulation_points(G))


# ---- structural holes ---------------------------------------------------------
@pytest.mark.parametrize("weighted", [False, True])
def test_constraint_and_effective_size_match_networkx(dataset, weighted):
    g, G = dataset
    w = "weight" if weighted else None
    c = ona.constraint(g, weighted=weighted)
    nc = _as_series(nx.constraint(G, weight=w), g)
    assert (c.isna() == nc.isna()).all()
    _close(c.dropna(), nc.dropna())
    # networkx 3.6's all-nodes sparse path of effective_size divides m_jq by
    # the wrong row's maximum when row maxima differ (weighted or directed
    # graphs), so it disagrees with its own per-node path, which follows the
    # documented formula. Compare with the per-node path; on the large email graph only for 60 people with at most
    # 15 contacts (that path is O(deg^3) pure Python per person).
    nodes = list(g.people)
    if g.number_of_people > 100:
        nodes = [v for v in nodes if 0 < len(set(nx.all_neighbors(G, v))) <= 15][:60]
    e = ona.effective_size(g, weighted=weighted)[nodes]
    ne = _as_series(nx.effective_size(G, nodes=nodes, weight=w), g)[nodes]
    if G.is_directed():
        # The per-node path also gives NaN to people with in-ties only;
        # mutual weights ignore direction, so take those from G.reverse().
        ne = ne.fillna(_as_series(nx.effective_size(G.reverse(), nodes=nodes, weight=w), g)[nodes])
    assert (e.isna() == ne.isna()).all()
    _close(e.dropna(), ne.dropna())
    contacts = pd.Series({v: len(set(nx.all_neighbors(G, v))) for v in nodes})
    _close(ona.efficiency(g, weighted=weighted)[nodes].dropna(), (ne / contacts).dropna())
    if not weighted and not G.is_directed():  # every m_jq is 1: both networkx paths agree
        _close(ona.effective_size(g, weighted=False).dropna(),
               _as_series(nx.effective_size(G), g).dropna())


def test_hierarchy_from_networkx_local_constraint():
    # Burt's hierarchy from networkx's local constraints c_ij (networkx has no hierarchy),
    # through scipy's entropy rather than the header's sum of r ln r:
    # sum_j r_j ln r_j / (n ln n) = 1 - H(c / C) / ln n, with r_j = n c_j / C.
    g, G = _karate()
    ours = ona.hierarchy(g, weighted=True)
    for v in G:
        contacts = set(nx.all_neighbors(G, v))
        c = np.array([nx.local_constraint(G, v, u, weight="weight") for u in contacts])
        n = len(c)
        expected = 1 - scipy.stats.entropy(c) / np.log(n) if n > 1 else np.nan
        if n > 1:
            assert ours[v] == pytest.approx(expected, rel=RTOL, abs=1e-12)
        else:
            assert np.isnan(ours[v])


def test_structural_holes_hand_example():
    # Star a-{b,c,d} plus b-c; e isolated (see tests/cpp/centrality/structural_holes_test.cpp).
    ties = pd.DataFrame({"source": ["a", "a", "a", "b"], "target": ["b", "c", "d", "c"]})
    g = ona.Graph.from_pandas(ties, directed=False)
    G = nx.Graph([("a", "b"), ("a", "c"), ("a", "d"), ("b", "c")])
    assert ona.constraint(g)["a"] == pytest.approx(11 / 18, rel=RTOL)
    assert ona.effective_size(g)["a"] == pytest.approx(7 / 3, rel=RTOL)
    assert ona.efficiency(g)["a"] == pytest.approx(7 / 9, rel=RTOL)
    r = np.array([27, 27, 12]) / 22
    assert ona.hierarchy(g)["a"] == pytest.approx((r * np.log(r)).sum() / (3 * np.log(3)), rel=RTOL)
    assert np.isnan(ona.hierarchy(g)["d"])
    assert ona.constraint(g)["a"] == pytest.approx(nx.constraint(G)["a"], rel=RTOL)


def test_isolated_people_get_nan():
    G = nx.Graph([(1, 2)])
    G.add_node(3)
    g = ona.from_networkx(G)
    for f in (ona.constraint, ona.effective_size, ona.efficiency, ona.hierarchy):
        assert np.isnan(f(g)[3])


# ---- brokerage ----------------------------------------------------------------
# Ties 0->1, 1->2, 1->3, 1->5, 2->0, 2->3, 3->4, 4->0; groups A A B B C A.
# Open two-paths a->b->c (no tie a->c), by broker b:
#   b=0: 2->0->1 (B,A,A gatekeeper), 4->0->1 (C,A,A gatekeeper)
#   b=1: 0->1->2, 0->1->3 (A,A,B representative), 0->1->5 (A,A,A coordinator)
#   b=2: 1->2->0 (A,B,A itinerant); 1->2->3 closed by 1->3
#   b=3: 1->3->4 (A,B,C liaison), 2->3->4 (B,B,C representative)
#   b=4: 3->4->0 (B,C,A liaison);  b=5: none
HAND_TIES = pd.DataFrame({"source": [0, 1, 1, 1, 2, 2, 3, 4], "target": [1, 2, 3, 5, 0, 3, 4, 0]})
HAND_GROUPS = {0: "A", 1: "A", 2: "B", 3: "B", 4: "C", 5: "A"}


def test_brokerage_hand_counts():
    g = ona.Graph.from_pandas(HAND_TIES)
    r = ona.brokerage(g, pd.Series(HAND_GROUPS)).loc[[0, 1, 2, 3, 4, 5]]
    assert list(r.columns) == ["coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total"]
    assert r["coordinator"].tolist() == [0, 1, 0, 0, 0, 0]
    assert r["itinerant"].tolist() == [0, 0, 1, 0, 0, 0]
    assert r["representative"].tolist() == [0, 2, 0, 1, 0, 0]
    assert r["gatekeeper"].tolist() == [2, 0, 0, 0, 0, 0]
    assert r["liaison"].tolist() == [0, 0, 0, 1, 1, 0]
    assert r["total"].tolist() == [2, 3, 1, 2, 1, 0]


def test_brokerage_group_inputs_agree_and_missing_groups_raise():
    g = ona.Graph.from_pandas(HAND_TIES)
    a = ona.brokerage(g, pd.Series(HAND_GROUPS))
    b = ona.brokerage(g, HAND_GROUPS)
    c = ona.brokerage(g, [HAND_GROUPS[p] for p in g.people])
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a, c)
    # People without a group are left out, as in the silo measures (this raised before).
    part = ona.brokerage(g, {0: "A", 1: "A", 2: "B", 3: "B"})
    assert part.attrs["ungrouped"] == 2
    assert (part.loc[[4, 5]].to_numpy() == 0).all()
    # By hand: 4->0->1, 0->1->5, 1->3->4, 2->3->4 drop out (they touch 4 or 5).
    assert part["total"].tolist() == [1, 2, 1, 0, 0, 0] and part["gatekeeper"].tolist()[0] == 1
    with pytest.raises(ValueError, match="no person of the graph has a group"):
        ona.brokerage(g, {"x": "A"})
    with pytest.raises(ValueError, match="one entry per person of the graph"):
        ona.brokerage(g, ["A", "B"])


def _brute_force_brokerage(G, group):
    roles = {v: dict.fromkeys(["coordinator", "itinerant", "representative", "gatekeeper", "liaison"], 0) for v in G}
    for b in G:
        for a in G.predecessors(b):
            for c in G.successors(b):
                if len({a, b, c}) < 3 or G.has_edge(a, c):
                    continue
                ga, gb, gc = group[a], group[b], group[c]
                if ga == gb == gc:
                    role = "coordinator"
                elif ga == gc:
                    role = "itinerant"
                elif ga == gb:
                    role = "representative"
                elif gb == gc:
                    role = "gatekeeper"
                else:
                    role = "liaison"
                roles[b][role] += 1
    return pd.DataFrame.from_dict(roles, orient="index")


def test_brokerage_on_krackhardt_advice_by_department():
    g, G = _advice()
    dept = pd.read_csv(oracle_file("krackhardt-hightech/attributes.csv")).set_index("id")["DEPT"]
    ours = ona.brokerage(g, dept)
    expected = _brute_force_brokerage(G, dept.to_dict()).reindex(g.people)
    for col in expected.columns:
        assert ours[col].tolist() == expected[col].tolist(), col
    assert (ours["total"] == expected.sum(axis=1)).all()
    pd.testing.assert_frame_equal(ours, ona.brokerage(g, dept, threads=1))


# ---- core/periphery -------------------------------------------------------------
def _planted():
    ties = [(i, j) for i in range(10) for j in range(i + 1, 10)]
    ties += [(p, (p * 7 + k * 3) % 10) for p in range(10, 40) for k in range(3)]
    return nx.Graph(ties)


def test_core_periphery_finds_the_planted_core():
    G = _planted()
    g = ona.from_networkx(G)
    s = ona.core_periphery(g)
    assert s.name == "coreness" and s.attrs["converged"]
    assert s[list(range(10))].min() > s[list(range(10, 40))].max()
    assert s.attrs["fit"] > 0.5
    assert np.linalg.norm(s.to_numpy()) == pytest.approx(1.0, rel=1e-12)


@pytest.mark.parametrize("which", ["planted", "karate", "advice"])
def test_core_periphery_fit_is_the_numpy_correlation(which):
    if which == "planted":
        G = _planted()
        g = ona.from_networkx(G)
    else:
        g, G = _karate() if which == "karate" else _advice()
    s = ona.core_periphery(g, seed=7)
    A = nx.to_numpy_array(G, nodelist=list(g.people), weight=None)
    X = (A + A.T) / 2 if G.is_directed() else A
    c = s.to_numpy()
    off = ~np.eye(len(c), dtype=bool)
    expected = np.corrcoef(X[off], np.outer(c, c)[off])[0, 1]
    assert s.attrs["fit"] == pytest.approx(expected, rel=RTOL)


def test_core_periphery_rejects_bad_options():
    g = ona.from_networkx(_planted())
    with pytest.raises(ValueError):
        ona.core_periphery(g, max_iter=0)
