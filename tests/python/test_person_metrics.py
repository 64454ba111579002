"""ona.person_metrics: every per-person measure in one table, checked against the single measures and networkx."""

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import onakit as ona

from conftest import data_file


@pytest.fixture(scope="module")
def ukfaculty():
    log = ona.read_edgelist(data_file("ukfaculty/edges.csv"))
    nodes = pd.read_csv(data_file("ukfaculty/nodes.csv"), dtype={"group": str}).set_index("id")["group"]
    return ona.build_graph(log), nodes


def test_columns_match_the_single_measures(ukfaculty):
    g, schools = ukfaculty
    t = ona.person_metrics(g, schools, min_group_size=None)
    # by default school 4 (2 people) shows by the silo tables' suppressed label, not by its name
    shown = ona.person_metrics(g, schools)["group"]
    assert set(shown[t["group"] == "4"]) == {"(suppressed: 1 groups < 5)"}
    assert (shown[t["group"] != "4"] == t["group"][t["group"] != "4"]).all()
    assert list(t.index) == list(g.people)
    assert list(t.columns) == ["group", "in_degree", "out_degree", "in_weight", "out_weight", "betweenness",
                               "closeness", "harmonic", "pagerank", "eigenvector", "constraint", "effective_size",
                               "clustering", "core_number", "coordinator", "itinerant", "representative",
                               "gatekeeper", "liaison", "brokerage_total"]
    for name, f in [("betweenness", ona.betweenness), ("closeness", ona.closeness), ("harmonic", ona.harmonic),
                    ("pagerank", ona.pagerank), ("eigenvector", ona.eigenvector), ("constraint", ona.constraint),
                    ("effective_size", ona.effective_size), ("clustering", ona.clustering),
                    ("core_number", ona.core_number)]:
        np.testing.assert_allclose(t[name].to_numpy(dtype=float), f(g).to_numpy(dtype=float), rtol=1e-12,
                                   equal_nan=True, err_msg=name)
    roles = ona.brokerage(g, schools)
    assert (t["liaison"] == roles["liaison"]).all() and (t["brokerage_total"] == roles["total"]).all()
    assert (t["group"] == schools.reindex(g.people)).all()
    assert t.attrs["not_converged"] == [] and t.attrs["ungrouped"] == 0


def test_degrees_and_strengths_against_networkx(ukfaculty):
    g, _ = ukfaculty
    G = g.to_networkx()
    t = ona.person_metrics(g)
    assert "group" not in t.columns and "liaison" not in t.columns
    people = list(g.people)
    assert t["in_degree"].tolist() == [G.in_degree(p) for p in people]
    assert t["out_degree"].tolist() == [G.out_degree(p) for p in people]
    np.testing.assert_allclose(t["in_weight"], [G.in_degree(p, weight="weight") for p in people])
    np.testing.assert_allclose(t["out_weight"], [G.out_degree(p, weight="weight") for p in people])
    bc = nx.betweenness_centrality(G)
    np.testing.assert_allclose(t["betweenness"], [bc[p] for p in people], atol=1e-12)


def test_people_without_a_group(ukfaculty):
    g, schools = ukfaculty
    partial = schools.iloc[: len(schools) // 2]  # 40 of 81: fewer than half, so a warning
    with pytest.warns(UserWarning, match="only 40 of 81 people of the graph have a group"):
        t = ona.person_metrics(g, partial)
    missing = ~g.people.isin(partial.index)
    assert t["group"].isna().sum() == missing.sum() == t.attrs["ungrouped"]
    # the roles are brokerage's: ungrouped people are no group of their own and score 0
    with pytest.warns(UserWarning):
        roles = ona.brokerage(g, partial)
    assert (t["liaison"] == roles["liaison"]).all() and (t["brokerage_total"] == roles["total"]).all()
    assert (t.loc[missing, "brokerage_total"] == 0).all() and t["brokerage_total"].sum() > 0


def test_undirected_graph_in_equals_out():
    log = ona.read_email_csv(data_file("radoslaw_email/communication.csv"), sender="Sender",
                             recipients="Recipient", timestamp="EventDate", recipient_sep=None)
    g = ona.build_graph(log, directed=False)
    t = ona.person_metrics(g)
    assert (t["in_degree"] == t["out_degree"]).all() and np.allclose(t["in_weight"], t["out_weight"])
    assert t["in_degree"].tolist() == [d for _, d in g.to_networkx().degree(g.people)]


def test_groups_that_match_nobody_raise(ukfaculty):
    g, schools = ukfaculty
    with pytest.raises(ValueError, match="no person of the graph"):
        ona.person_metrics(g, schools.set_axis(schools.index.astype(str) + "x"))
