"""Silo measures against networkx and hand-computed values on real data.

The loaders read through oracle_file by default: without ../shared/data they
fall back to graphs networkx ships (see conftest), so the networkx and
brute-force comparisons run either way. Tests whose expected numbers belong
to one data set pass data_file as the loader's source and skip without it."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from conftest import data_file, oracle_file

import onakit as ona

TOL = 1e-10


# ---- data ----------------------------------------------------------------------
def karate(source=oracle_file):
    e = pd.read_csv(source("karate-zachary/edges.csv"))
    n = pd.read_csv(source("karate-zachary/nodes.csv"))
    g = ona.Graph.from_pandas(e, source="from", target="to", weight="weight", directed=False)
    return g, n.set_index("id")["faction"]


def krackhardt_advice(source=oracle_file):
    a = pd.read_csv(source("krackhardt-hightech/advice.csv"))
    a = a[a["advice_tie"] == 1]
    at = pd.read_csv(source("krackhardt-hightech/attributes.csv")).set_index("id")
    g = ona.Graph.from_pandas(a, source="ego", target="alter")
    return g, at["DEPT"]


def ukfaculty(source=oracle_file):
    e = pd.read_csv(source("ukfaculty/edges.csv"))
    n = pd.read_csv(source("ukfaculty/nodes.csv")).set_index("id")
    g = ona.Graph.from_pandas(e, source="from", target="to", weight="weight")
    return g, n["group"]


def email_eu(source=oracle_file):
    e = pd.read_csv(source("email-Eu-core/email-Eu-core.txt"), sep=" ", header=None, names=["s", "t"])
    lab = pd.read_csv(source("email-Eu-core/email-Eu-core-department-labels.txt"), sep=" ", header=None,
                      names=["id", "dept"]).set_index("id")["dept"]
    g = ona.Graph.from_pandas(e, source="s", target="t")
    return g, lab


def nx_with_groups(g, groups):
    G = g.to_networkx()
    nx.set_node_attributes(G, {p: groups[p] for p in G.nodes}, "grp")
    parts = [set(v for v in G.nodes if groups[v] == c) for c in sorted(set(groups[v] for v in G.nodes))]
    return G, parts


ORACLE_SETS = [karate, krackhardt_advice, ukfaculty, email_eu]


# ---- modularity and assortativity vs networkx ----------------------------------------
@pytest.mark.parametrize("load", ORACLE_SETS)
@pytest.mark.parametrize("resolution", [1.0, 0.5])
def test_modularity_equals_networkx(load, resolution):
    g, groups = load()
    G, parts = nx_with_groups(g, groups)
    expected = nx.community.modularity(G, parts, weight="weight", resolution=resolution)
    assert ona.modularity(g, groups, resolution=resolution) == pytest.approx(expected, abs=TOL)
    unweighted = nx.community.modularity(G, parts, weight=None, resolution=resolution)
    assert ona.modularity(g, groups, resolution=resolution, weighted=False) == pytest.approx(unweighted, abs=TOL)


@pytest.mark.parametrize("load", ORACLE_SETS)
def test_assortativity_equals_networkx(load):
    g, groups = load()
    G, _ = nx_with_groups(g, groups)
    expected = nx.attribute_assortativity_coefficient(G, "grp")
    assert ona.assortativity(g, groups) == pytest.approx(expected, abs=TOL)


def test_modularity_leaves_out_ungrouped_people_as_networkx_subgraph():
    g, groups = ukfaculty()
    partial = groups.drop(groups.index[:7])  # 7 people without a group
    G, _ = nx_with_groups(g, groups)
    H = G.subgraph(partial.index)
    parts = [set(partial.index[partial == c]) for c in sorted(partial.unique())]
    assert ona.modularity(g, partial) == pytest.approx(nx.community.modularity(H, parts, weight="weight"), abs=TOL)
    nx.set_node_attributes(G, dict(partial), "grp")
    assert ona.assortativity(g, partial) == pytest.approx(nx.attribute_assortativity_coefficient(H, "grp"), abs=TOL)


# ---- mixing matrix and group graph ------------------------------------------------
def test_mixing_matrix_directed_equals_networkx_weighted_mixing():
    g, groups = ukfaculty()
    G, _ = nx_with_groups(g, groups)
    m = ona.mixing_matrix(g, groups, min_group_size=None)
    names = list(m.index)
    # networkx's attribute_mixing_matrix counts ties; sum weights ourselves.
    w = np.zeros((len(names), len(names)))
    for u, v, d in G.edges(data="weight"):
        w[names.index(groups[u]), names.index(groups[v])] += d
    np.testing.assert_allclose(m.to_numpy(), w, atol=TOL)
    counts = nx.attribute_mixing_matrix(G, "grp", mapping={c: i for i, c in enumerate(names)}, normalized=False)
    np.testing.assert_allclose(ona.mixing_matrix(g, groups, weighted=False, min_group_size=None).to_numpy(), counts)
    rows = ona.mixing_matrix(g, groups, normalize="row", min_group_size=None)
    np.testing.assert_allclose(rows.to_numpy(), w / w.sum(axis=1, keepdims=True), atol=TOL)
    total = ona.mixing_matrix(g, groups, normalize="total", min_group_size=None)
    assert total.to_numpy().sum() == pytest.approx(1.0)
    assert m.attrs["ungrouped"] == 0 and m.attrs["suppressed_groups"] == 0


def test_mixing_matrix_undirected_counts_internal_ties_once():
    g, groups = karate()
    G, _ = nx_with_groups(g, groups)
    counts = nx.attribute_mixing_matrix(G, "grp", mapping={1: 0, 2: 1}, normalized=False)
    m = ona.mixing_matrix(g, groups, weighted=False)
    # networkx counts each undirected tie in both directions: diagonal = 2 x ours.
    np.testing.assert_allclose(m.to_numpy(), counts - np.diag(np.diag(counts)) / 2)
    assert m.attrs["total"] == G.number_of_edges()


def test_group_graph_people_are_groups():
    g, groups = ukfaculty(data_file)
    gg = ona.group_graph(g, groups, min_group_size=None)
    assert list(gg.people) == [1, 2, 3, 4]
    m = ona.mixing_matrix(g, groups, min_group_size=None)
    table = gg.to_pandas().set_index(["source", "target"])["weight"]
    for a, b in itertools.product(m.index, m.columns):
        assert table.get((a, b), 0.0) == pytest.approx(m.loc[a, b])
    # School 4 has 2 people: alone in the suppressed row it would still be
    # shown, so it is hidden altogether.
    merged = ona.group_graph(g, groups)
    assert merged.number_of_people == 3 and list(merged.people) == [1, 2, 3]
    assert merged.build_report["suppressed_groups"] == 1 and merged.build_report["suppressed_row_hidden"]
    # Two small groups together (2 + 19 people at min_group_size=20) do form a shown row.
    both = ona.group_graph(g, groups, min_group_size=20)
    assert both.people[-1] == "(suppressed: 2 groups < 20)" and both.number_of_people == 3


# ---- E-I index: hand-computed --------------------------------------------------
def test_ei_karate_factions_hand_computed():
    g, groups = karate(data_file)
    m = ona.mixing_matrix(g, groups, weighted=False)
    assert m.loc[1, 1] == 33 and m.loc[1, 2] == 10 and m.loc[2, 2] == 35  # 33 + 35 + 10 = 78 ties
    assert m.attrs["total"] == 78
    org = ona.ei_index(g, groups, weighted=False, permutations=0)
    # 78 ties: 68 inside a faction (33 in faction 1, 35 in faction 2), 10 across.
    assert org["ei"] == pytest.approx((10 - 68) / 78, abs=TOL)
    # N = 34, sizes 16 and 18: 1 - 2 (16*15 + 18*17) / (34*33) = 30/1122.
    assert org["expected_ei"] == pytest.approx(30 / 1122, abs=TOL)
    # Weighted: 209 of the total weight 231 inside, 22 across.
    assert ona.ei_index(g, groups, permutations=0)["ei"] == pytest.approx((22 - 209) / 231, abs=TOL)
    grp = ona.ei_index(g, groups, level="group", weighted=False, permutations=0)
    # Faction 1: I 33, E 10 -> -23/43; expected (2*34 - 3*16 + 1)/(2*34 - 16 - 1) = 21/51.
    assert grp.loc[1, "ei"] == pytest.approx(-23 / 43, abs=TOL)
    assert grp.loc[1, "expected_ei"] == pytest.approx(21 / 51, abs=TOL)
    # Faction 2: I 35, E 10 -> -25/45; expected (68 - 54 + 1)/(68 - 18 - 1) = 15/49.
    assert grp.loc[2, "ei"] == pytest.approx(-25 / 45, abs=TOL)
    assert grp.loc[2, "expected_ei"] == pytest.approx(15 / 49, abs=TOL)


def test_ei_krackhardt_dept_hand_computed():
    g, dept = krackhardt_advice(data_file)
    org = ona.ei_index(g, dept, permutations=0)
    # 190 advice ties: 46 inside a department, 144 across -> 98/190.
    assert org["ei"] == pytest.approx(98 / 190, abs=TOL)
    # N = 21, DEPT sizes 1, 5, 8, 3, 4: sum n(n-1) = 0+20+56+6+12 = 94 -> 1 - 188/420.
    assert org["expected_ei"] == pytest.approx(1 - 188 / 420, abs=TOL)
    grp = ona.ei_index(g, dept, level="group", permutations=0, min_group_size=None)
    # DEPT 2 (8 people): 25 inside, 90 out of or into it -> 65/115; expected (42-24+1)/(42-8-1) = 19/33.
    assert grp.loc[2, "ei"] == pytest.approx(65 / 115, abs=TOL)
    assert grp.loc[2, "expected_ei"] == pytest.approx(19 / 33, abs=TOL)
    # DEPT 1 (5 people): 9 inside, 60 across -> 51/69; expected (42-15+1)/(42-5-1) = 28/36.
    assert grp.loc[1, "ei"] == pytest.approx(51 / 69, abs=TOL)
    assert grp.loc[1, "expected_ei"] == pytest.approx(28 / 36, abs=TOL)
    # DEPT 0 is the CEO alone: all 21 of his ties are external -> 1, expected 40/40.
    assert grp.loc[0, "ei"] == pytest.approx(1.0) and grp.loc[0, "expected_ei"] == pytest.approx(1.0)
    assert list(grp["size"]) == [1, 5, 8, 3, 4]


def test_ei_node_level_matches_a_loop_over_ties():
    g, dept = krackhardt_advice()
    node = ona.ei_index(g, dept, level="node", min_group_size=None)
    G = g.to_networkx()
    for p in G.nodes:
        ties = [(u, v) for u, v in itertools.chain(G.out_edges(p), G.in_edges(p))]
        ext = sum(dept[u] != dept[v] for u, v in ties)
        assert node.loc[p, "ei"] == pytest.approx((ext - (len(ties) - ext)) / len(ties), abs=TOL)
        # Expected E-I of one tie to a random other person, by enumeration (not the header's closed form).
        others = [q for q in dept.index if q != p]
        expected = np.mean([1 if dept[q] != dept[p] else -1 for q in others])
        assert node.loc[p, "expected_ei"] == pytest.approx(expected, abs=TOL)
        assert node.loc[p, "group"] == dept[p]


def test_ei_permutation_test_is_seeded_and_thread_independent():
    g, groups = ukfaculty()
    a = ona.ei_index(g, groups, level="group", permutations=300, seed=4, threads=1, min_group_size=None)
    b = ona.ei_index(g, groups, level="group", permutations=300, seed=4, threads=2, min_group_size=None)
    pd.testing.assert_frame_equal(a, b)
    p = a["p_value"].to_numpy()
    assert ((p >= 1 / 301) & (p <= 1)).all()
    assert a.attrs["permutations"] == 300 and a.attrs["seed"] == 4


def test_ei_permutation_finds_the_ukfaculty_schools_insular():
    g, groups = ukfaculty(data_file)
    a = ona.ei_index(g, groups, level="group", permutations=300, seed=4, min_group_size=None)
    # The three big schools are strongly insular: no permutation gets as low an E-I.
    assert a.loc[[1, 2, 3], "p_value"].tolist() == pytest.approx([1 / 301] * 3)


def test_ei_permutation_p_value_is_not_small_for_random_labels():
    g, groups = ukfaculty()
    rng = np.random.default_rng(0)
    shuffled = pd.Series(rng.permutation(groups.to_numpy()), index=groups.index)
    org = ona.ei_index(g, shuffled, permutations=500, seed=1)
    assert org["p_value"] > 0.05


def test_people_without_a_group_are_reported():
    g, groups = krackhardt_advice()
    partial = groups.drop([1, 2])  # two managers without a department
    G = g.to_networkx()
    touching = sum(1 for u, v in G.edges if u in (1, 2) or v in (1, 2))
    org = ona.ei_index(g, partial, permutations=0)
    assert org.attrs["ungrouped"] == 2 and set(org.attrs["ungrouped_examples"]) == {1, 2}
    assert org.attrs["ungrouped_ties"] == touching
    kept = [(u, v) for u, v in G.edges if u not in (1, 2) and v not in (1, 2)]
    ext = sum(groups[u] != groups[v] for u, v in kept)
    assert org["ei"] == pytest.approx((2 * ext - len(kept)) / len(kept), abs=TOL)
    node = ona.ei_index(g, partial, level="node")
    assert np.isnan(node.loc[1, "ei"]) and node.loc[1, "group"] is None
    assert ona.mixing_matrix(g, partial, min_group_size=None).attrs["ungrouped_ties"] == touching
    assert ona.silo_report(g, partial, permutations=0).attrs["ungrouped"] == 2


# ---- insularity and conductance -------------------------------------------------
def test_conductance_undirected_equals_networkx():
    g, groups = karate()
    G, parts = nx_with_groups(g, groups)
    c = ona.conductance(g, groups)
    for name, part in zip([1, 2], parts):
        assert c.loc[name] == pytest.approx(nx.conductance(G, part, weight="weight"), abs=TOL)


def test_conductance_directed_out_plus_in_volume():
    g, groups = ukfaculty()
    G, parts = nx_with_groups(g, groups)
    c = ona.conductance(g, groups, min_group_size=None)
    deg = {v: G.out_degree(v, weight="weight") + G.in_degree(v, weight="weight") for v in G}
    total = sum(deg.values())
    for name, part in zip(sorted(groups.unique()), parts):
        cut = nx.cut_size(G, part, set(G) - part, weight="weight")  # both directions for a DiGraph
        vol = sum(deg[v] for v in part)
        assert c.loc[name] == pytest.approx(cut / min(vol, total - vol), abs=TOL)


def test_insularity_is_share_of_weight_inside():
    g, groups = ukfaculty()
    ins = ona.insularity(g, groups, min_group_size=None)
    G = g.to_networkx()
    for name in ins.index:
        inside = sum(w for u, v, w in G.edges(data="weight") if groups[u] == groups[v] == name)
        touching = sum(w for u, v, w in G.edges(data="weight") if name in (groups[u], groups[v]))
        assert ins.loc[name] == pytest.approx(inside / touching, abs=TOL)
    inside = sum(w for u, v, w in G.edges(data="weight") if groups[u] == groups[v])
    assert ins.attrs["org_insularity"] == pytest.approx(inside / G.size(weight="weight"), abs=TOL)


# ---- minimum group size ---------------------------------------------------------
def test_small_groups_are_suppressed_everywhere():
    g, dept = krackhardt_advice(data_file)  # DEPT 0 (1), 3 (3), 4 (4) are below 5
    label = "(suppressed: 3 groups < 5)"
    merged = dept.where(dept.isin([1, 2]), "small")
    for out in (ona.mixing_matrix(g, dept), ona.insularity(g, dept), ona.conductance(g, dept),
                ona.ei_index(g, dept, level="group", permutations=0), ona.silo_report(g, dept, permutations=50)):
        assert out.attrs["suppressed_groups"] == 3
        assert label in out.index and not ({0, 3, 4} & set(out.index))
    rep = ona.silo_report(g, dept, permutations=50)
    grp = ona.ei_index(g, merged, level="group", permutations=0, min_group_size=None)
    assert rep.loc[label, "size"] == 8
    assert rep.loc[label, "internal"] == grp.loc["small", "internal"]
    assert rep.loc[label, "external"] == grp.loc["small", "external"]
    assert not rep.loc[label, "silo"]
    assert all("(suppressed" in b or not any(f"{k} (" in b for k in (0, 3, 4)) for b in rep["bridges"])
    with pytest.raises(ValueError):
        ona.mixing_matrix(g, dept, min_group_size=0)


# ---- boundary spanners ----------------------------------------------------------
def test_boundary_spanners_against_loops_and_brokerage():
    g, dept = krackhardt_advice()
    b = ona.boundary_spanners(g, dept)
    G = g.to_networkx()
    for p in G.nodes:
        ties = list(itertools.chain(G.out_edges(p), G.in_edges(p)))
        other = [v if u == p else u for u, v in ties]
        ext = sum(dept[o] != dept[p] for o in other)
        assert b.loc[p, "external_share"] == pytest.approx(ext / len(ties), abs=TOL)
        assert b.loc[p, "groups_reached"] == len({dept[o] for o in other} - {dept[p]})
    roles = ona.brokerage(g, dept)
    for col in ("coordinator", "itinerant", "representative", "gatekeeper", "liaison"):
        assert (b[col] == roles[col]).all()
    assert (b["brokerage_total"] == roles["total"]).all()
    # Sole bridges by brute force: v counts the group pairs all of whose ties touch v.
    pair_ties: dict = {}
    for u, v in G.edges:
        if dept[u] != dept[v]:
            pair_ties.setdefault(frozenset((dept[u], dept[v])), []).append((u, v))
    sole = {p: sum(all(p in t for t in ts) for ts in pair_ties.values()) for p in G.nodes}
    assert b["sole_bridge_pairs"].to_dict() == sole
    assert sum(sole.values()) > 0  # the one person alone in DEPT 0 (Krackhardt's CEO; Valjean in the fallback)


# ---- silo report ----------------------------------------------------------------
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_silo_report_finds_the_planted_silo(seed):
    log, people = ona.synthetic_org(people=300, departments=6, weeks=6, seed=seed)
    g = ona.build_graph(log)
    rep = ona.silo_report(g, people["department"], seed=seed)
    assert rep.index[rep["silo"]].tolist() == [people.attrs["silo_department"]]
    row = rep.loc[people.attrs["silo_department"]]
    assert row["ei"] < row["expected_ei"] and row["p_value"] < 0.05
    assert 1 - row["insularity"] <= 0.5 * (1 - rep.attrs["org_insularity"])
    assert rep.attrs["modularity"] == pytest.approx(ona.modularity(g, people["department"]), abs=TOL)
    assert list(rep.columns) == ["size", "internal", "external", "ei", "expected_ei", "p_value", "insularity",
                                 "conductance", "groups_reached", "bridges", "silo"]


def test_silo_report_without_permutations_flags_nothing():
    log, people = ona.synthetic_org(people=200, departments=5, weeks=4, seed=1)
    rep = ona.silo_report(ona.build_graph(log), people["department"], permutations=0)
    assert not rep["silo"].any() and rep["p_value"].isna().all()


def test_bad_arguments():
    g, groups = karate()
    with pytest.raises(ValueError):
        ona.ei_index(g, groups, level="team")
    with pytest.raises(ValueError):
        ona.mixing_matrix(g, groups, normalize="col")
    with pytest.raises(ValueError):
        ona.modularity(g, groups, resolution=-1)
    with pytest.raises(ValueError):
        ona.ei_index(g, [1, 2, 3])


def test_a_single_small_group_is_hidden_not_shown_as_the_suppressed_row():
    # ukfaculty school 4 has 2 people: merged alone it would still describe
    # 2 people, so no row may show it.
    nodes = pd.read_csv(data_file("ukfaculty/nodes.csv"))
    g = ona.build_graph(ona.read_edgelist(data_file("ukfaculty/edges.csv")))
    groups = pd.Series(nodes["group"].to_numpy(), index=nodes["id"].to_numpy())
    report = ona.silo_report(g, groups, min_group_size=5, permutations=50)
    assert report.attrs["suppressed_groups"] == 1 and report.attrs["suppressed_row_hidden"]
    assert not any(str(i).startswith("(suppressed") for i in report.index)
    assert 4 not in report.index and len(report) == 3
    mm = ona.mixing_matrix(g, groups, min_group_size=5)
    assert list(mm.index) == [1, 2, 3]


def test_org_insularity_does_not_depend_on_suppression():
    log, people = ona.synthetic_org(people=300, departments=12, weeks=2, seed=5)
    g = ona.build_graph(log)
    teams = people["team"]  # many teams are smaller than 10
    a = ona.insularity(g, teams, min_group_size=10).attrs["org_insularity"]
    b = ona.insularity(g, teams, min_group_size=None).attrs["org_insularity"]
    assert a == pytest.approx(b, rel=1e-12)
    assert a == pytest.approx(ona.silo_report(g, teams, min_group_size=10, permutations=0).attrs["org_insularity"])


@pytest.mark.parametrize("min_group_size", [3, 4, None])
def test_every_group_output_shows_the_same_rows(min_group_size):
    # Two tiny groups (2 and 1 people): min 3 merges them into one shown row,
    # min 4 hides it (3 people < 4), None shows both. The report, the group
    # tables, the group graph and the trend must agree row for row, because
    # they all apply the one C++ rule (_core.suppress_small_groups).
    log, people = ona.synthetic_org(people=120, departments=3, weeks=4, seed=2)
    g = ona.build_graph(log)
    groups = people["department"].astype(object)
    groups.iloc[:2] = "tiny-a"
    groups.iloc[2] = "tiny-b"
    expected = {None: {"tiny-a", "tiny-b"}, 3: {"(suppressed: 2 groups < 3)"}, 4: set()}[min_group_size]
    report = ona.silo_report(g, groups, min_group_size=min_group_size, permutations=20)
    rows = set(report.index)
    assert rows - set(people["department"]) == expected
    assert report.attrs["suppressed_row_hidden"] == (min_group_size == 4)
    assert set(ona.mixing_matrix(g, groups, min_group_size=min_group_size).index) == rows
    assert set(ona.insularity(g, groups, min_group_size=min_group_size).index) == rows
    assert set(ona.ei_index(g, groups, level="group", min_group_size=min_group_size, permutations=0).index) == rows
    assert set(ona.group_graph(g, groups, min_group_size=min_group_size).people) == rows
    trend = ona.silo_trend(log, groups, "M", min_group_size=min_group_size, permutations=0)
    assert set(trend["ei"].columns) - {"(organisation)"} == rows
    # The merged row is computed as one group and never flagged.
    if min_group_size == 3:
        assert report.loc["(suppressed: 2 groups < 3)", "size"] == 3
        assert not report.loc["(suppressed: 2 groups < 3)", "silo"]


def test_silo_report_binding_is_a_class_with_named_fields():
    g, groups = karate()
    gc_codes = np.asarray(groups.reindex(g.people).to_numpy() - 1, dtype=np.uint32)
    r = ona._core.silo_report(g._core, gc_codes, 2, min_group_size=None, permutations=0)
    assert len(r) == 2 and list(r.group) == [1, 0]
    assert r.bridges[0][0].group == 0 and r.bridges[0][0].weight == 22
    s = ona._core.suppress_small_groups(gc_codes, 2, min_group_size=17)
    assert (s.groups, s.suppressed_groups, s.suppressed_people, s.suppressed_row_hidden) == (1, 1, 16, True)
    with pytest.raises(ona.OptionError, match="min_group_size"):
        ona._core.suppress_small_groups(gc_codes, 2, min_group_size=0)


def test_assortativity_weighted_sums_tie_weights():
    # Hand mixing matrix: a-b (weight 3) inside group 1, c-d (1) inside group 2, b-c (2) across.
    ties = pd.DataFrame({"source": ["a", "c", "b"], "target": ["b", "d", "c"], "weight": [3.0, 1.0, 2.0]})
    g = ona.Graph.from_pandas(ties, weight="weight", directed=False)
    groups = {"a": 1, "b": 1, "c": 2, "d": 2}

    def newman(e):
        e = np.asarray(e, dtype=float) / np.sum(e)
        sq = (e @ e).sum()
        return (np.trace(e) - sq) / (1 - sq)

    # undirected: each tie counts in both directions
    assert ona.assortativity(g, groups) == pytest.approx(newman([[2, 1], [1, 2]]), abs=TOL)
    assert ona.assortativity(g, groups, weighted=True) == pytest.approx(newman([[6, 2], [2, 2]]), abs=TOL)
    with pytest.raises(TypeError, match="weighted"):
        ona.assortativity(g, groups, weighted="yes")
