"""The graph toolkit: round trips, views, subgraph/filter/ego/union, pickling, saving, per-period measures."""

import gc
import pickle
import subprocess
import sys
import textwrap
import warnings

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import onakit as ona
from conftest import data_file

EU = "email-Eu-core/email-Eu-core.txt"
EU_DEPTS = "email-Eu-core/email-Eu-core-department-labels.txt"
RADOSLAW = "radoslaw_email/communication.csv"


@pytest.fixture(scope="module")
def eu():
    """email-Eu-core as read: integer people; self-ties dropped by build_graph leave some isolates."""
    log = ona.read_edgelist(data_file(EU))
    return ona.build_graph(log)


@pytest.fixture(scope="module")
def eu_departments(eu):
    d = pd.read_csv(data_file(EU_DEPTS), sep=" ", header=None, names=["person", "dept"]).set_index("person")["dept"]
    return d


@pytest.fixture(scope="module")
def radoslaw_log():
    # One row per recipient: rows of one sender and second are one message, so split weighting shares them.
    return ona.read_email_csv(data_file(RADOSLAW), sender="Sender", recipients="Recipient", timestamp="EventDate",
                              recipient_sep=None, group_rows_by="sender_time")


@pytest.fixture(scope="module")
def radoslaw(radoslaw_log):
    return ona.build_graph(radoslaw_log, weighting="split")


def small(directed=True):
    """Integer labels, an isolate (4), a self-tie and non-integer weights."""
    df = pd.DataFrame({"source": [1, 2, 3, 3, 1], "target": [2, 3, 1, 3, 3], "weight": [0.5, 1.25, 2.0, 7.0, 0.1]})
    return ona.Graph.from_pandas(df, directed=directed, people=[3, 1, 4, 2])


def tie_dict(g):
    df = g.to_pandas()
    out = {}
    for s, t, w in df.itertuples(index=False):
        key = (s, t) if g.directed else frozenset((s, t))
        out[key] = w
    return out


def nx_tie_dict(G):
    return {((u, v) if G.is_directed() else frozenset((u, v))): d["weight"] for u, v, d in G.edges(data=True)}


# ---- round trips ------------------------------------------------------------------
def test_real_graph_has_what_the_round_trips_must_keep(eu):
    assert eu.people.dtype == np.int64
    # Some people only wrote to themselves: without self-ties they are isolates.
    assert nx.number_of_isolates(eu.to_networkx()) > 0


@pytest.mark.parametrize("directed", [True, False])
def test_pandas_round_trip_is_exact(eu, directed):
    g = eu if directed else ona.from_networkx(eu.to_networkx().to_undirected())
    df = g.to_pandas()
    h = ona.Graph.from_pandas(df)
    assert h.equals(g)
    assert h.people.dtype == np.int64 and h.directed == directed
    # Plain columns (no attrs): people= and directed= say the same.
    plain = pd.DataFrame({c: df[c].to_numpy() for c in df.columns})
    assert not plain.attrs
    h2 = ona.Graph.from_pandas(plain, people=g.people, directed=directed)
    assert h2.equals(g)
    # Without people=, the isolates are gone and the weights are still kept.
    h3 = ona.Graph.from_pandas(plain, directed=directed)
    assert h3.people.dtype == np.int64  # integer ids stay integers
    cat = plain.astype({"source": "category", "target": "category"})
    assert ona.Graph.from_pandas(cat, people=g.people, directed=directed).equals(g)
    assert ona.Graph.from_pandas(cat, directed=directed).people.dtype == np.int64
    assert h3.number_of_people == g.number_of_people - nx.number_of_isolates(g.to_networkx())
    assert tie_dict(h3) == tie_dict(g)


def test_pandas_round_trip_of_small_graphs():
    for directed in (True, False):
        g = small(directed)
        assert list(g.people) == [3, 1, 4, 2] and g.people.dtype == np.int64
        assert ona.Graph.from_pandas(g.to_pandas()).equals(g)
        assert not ona.Graph.from_pandas(g.to_pandas(), directed=not directed).equals(g)


def test_weight_column_default_and_explicit_none():
    df = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "weight": [3.0, 0.5]})
    assert ona.Graph.from_pandas(df).to_pandas()["weight"].tolist() == [3.0, 0.5]
    assert ona.Graph.from_pandas(df, weight=None).to_pandas()["weight"].tolist() == [1.0, 1.0]
    assert ona.Graph.from_pandas(df.drop(columns="weight")).to_pandas()["weight"].tolist() == [1.0, 1.0]
    with pytest.raises(ValueError, match="missing column 'weight'"):
        ona.Graph.from_pandas(df.drop(columns="weight"), weight="weight")


def test_people_keyword_orders_and_checks():
    df = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"]})
    g = ona.Graph.from_pandas(df, people=["z", "c", "b", "a"])
    assert list(g.people) == ["z", "c", "b", "a"]
    assert ona.degree(g)["z"] == 0
    with pytest.raises(KeyError, match="not in people="):
        ona.Graph.from_pandas(df, people=["a", "b"])
    with pytest.raises(ValueError, match="twice"):
        ona.Graph.from_pandas(df, people=["a", "b", "c", "a"])


def test_to_pandas_attrs_let_edits_round_trip():
    g = small()
    df = g.to_pandas()
    heavy = df[df["weight"] >= 1]
    h = ona.Graph.from_pandas(heavy)
    assert h.people.equals(g.people)  # the people (isolates included) survive a row filter
    assert h.equals(g.filter(min_weight=1))
    grown = pd.concat([df, pd.DataFrame({"source": [9], "target": [1], "weight": [1.0]})], ignore_index=True)
    grown.attrs = df.attrs
    assert list(ona.Graph.from_pandas(grown).people) == [3, 1, 4, 2, 9]


def test_to_pandas_attrs_are_cheap_and_json_friendly(eu):
    import copy
    import json

    df = eu.to_pandas()
    assert json.loads(json.dumps(df.attrs)) == {"people": eu.people.tolist(), "directed": True}  # to_parquet's path
    assert copy.deepcopy(df.attrs)["people"] is df.attrs["people"]  # shared, not copied, by every pandas operation
    both = pd.concat([df, df.head(3)])
    assert ona.Graph.from_pandas(both).people.equals(eu.people)
    # A plain list (what read_parquet gives back) works too, and int labels stay int.
    plain = df.copy()
    plain.attrs = json.loads(json.dumps(df.attrs))
    h = ona.Graph.from_pandas(plain)
    assert h.equals(eu) and h.people.dtype == np.int64
    assert ona.Graph.from_pandas(pickle.loads(pickle.dumps(df))).equals(eu)


@pytest.mark.parametrize("directed", [True, False])
def test_networkx_round_trip_is_exact(eu, radoslaw, directed):
    for g in (eu, radoslaw, small()):
        if not directed:
            g = ona.from_networkx(g.to_networkx().to_undirected())
        G = g.to_networkx()
        assert G.is_directed() == directed
        assert list(G.nodes) == list(g.people)
        h = ona.from_networkx(G)
        assert h.equals(g)
        assert h.people.dtype == g.people.dtype  # int64 for email-Eu-core, object for radoslaw's strings


def test_from_networkx_weight_none_and_multigraph():
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", weight=2.0)
    G.add_edge("a", "b", weight=3.0)
    G.add_node("c")
    g = ona.from_networkx(G)
    assert tie_dict(g) == {("a", "b"): 5.0} and g.number_of_people == 3
    assert tie_dict(ona.from_networkx(G, weight=None)) == {("a", "b"): 2.0}


def test_igraph_round_trip(eu, radoslaw):
    igraph = pytest.importorskip("igraph")
    for g in (eu, radoslaw, small(), small(False)):
        G = g.to_igraph()
        assert isinstance(G, igraph.Graph)
        assert G.vcount() == g.number_of_people and G.ecount() == g.number_of_ties
        assert G.is_directed() == g.directed
        assert ona.from_igraph(G).equals(g)
    assert list(ona.from_igraph(igraph.Graph([(0, 1)], directed=False)).people) == [0, 1]


# ---- views and scipy -------------------------------------------------------------
def test_csr_views_are_zero_copy_read_only_and_outlive_the_graph(radoslaw):
    g = ona.build_graph(ona.read_email_csv(data_file(RADOSLAW), sender="Sender", recipients="Recipient",
                                           timestamp="EventDate", recipient_sep=None))
    c = g.csr()
    expected = [a.copy() for a in c]
    assert all(not a.flags.writeable and not a.flags.owndata for a in c)
    assert np.shares_memory(c.targets, g.csr().targets)
    with pytest.raises(ValueError):
        c.weights[0] = 1.0
    del g
    gc.collect()
    _ = [np.ones(len(e)) for e in expected]  # churn the allocator
    for a, e in zip(c, expected):
        assert np.array_equal(a, e)
    assert c.offsets[-1] == len(c.targets) == len(c.weights)


@pytest.mark.parametrize("directed", [True, False])
def test_scipy_sparse_matches_networkx(radoslaw, directed):
    g = radoslaw if directed else ona.from_networkx(radoslaw.to_networkx().to_undirected())
    A = g.to_scipy_sparse()
    B = nx.to_scipy_sparse_array(g.to_networkx(), nodelist=list(g.people), weight="weight", format="csr")
    assert A.shape == B.shape == (g.number_of_people,) * 2
    assert abs(A - B).max() == 0
    assert A.nnz == B.nnz
    A.data[:] = 0  # a copy: the graph is untouched
    assert g.csr().weights.max() > 0


# ---- subgraph, filter, ego ---------------------------------------------------------
def test_subgraph_matches_networkx_on_departments(eu, eu_departments):
    G = eu.to_networkx()
    for dept in (4, 14, 18):
        members = eu_departments.index[eu_departments == dept].tolist()[::-1]  # reversed id order
        h = eu.subgraph(members)
        assert list(h.people) == members and h.people.dtype == np.int64
        assert tie_dict(h) == nx_tie_dict(G.subgraph(members))
        assert h.directed
    keep_order = eu.people[eu.people.isin(members)]
    assert list(eu.subgraph(keep_order).people) == keep_order.tolist()


def test_subgraph_errors_name_the_labels(eu):
    with pytest.raises(KeyError, match="not people of the graph.*'17'"):
        eu.subgraph(["17", 3])
    with pytest.raises(ValueError, match="twice"):
        eu.subgraph([3, 3])


def test_subgraph_keeps_time_span_and_undirected(radoslaw):
    people = radoslaw.people[:40]
    h = radoslaw.subgraph(people)
    assert h.time_span == radoslaw.time_span and h.build_report is None
    U = radoslaw.to_networkx().to_undirected()
    u = ona.from_networkx(U)
    assert tie_dict(u.subgraph(people)) == nx_tie_dict(U.subgraph(people))


def test_filter_matches_networkx(radoslaw):
    G = radoslaw.to_networkx()
    w = radoslaw.to_pandas()["weight"]
    t = float(w.quantile(0.75))
    h = radoslaw.filter(min_weight=t)
    assert h.people.equals(radoslaw.people)
    assert tie_dict(h) == {k: v for k, v in nx_tie_dict(G).items() if v >= t}
    some = radoslaw.people[::3]
    h2 = radoslaw.filter(min_weight=t, people=some)
    assert h2.number_of_people == radoslaw.number_of_people
    assert tie_dict(h2) == {k: v for k, v in nx_tie_dict(G.subgraph(some)).items() if v >= t}
    assert radoslaw.filter().equals(radoslaw)
    with pytest.raises(ValueError, match="min_weight"):
        radoslaw.filter(min_weight=float("nan"))


@pytest.mark.parametrize("radius", [0, 1, 2])
def test_ego_network_matches_networkx(eu, radoslaw, radius):
    for g in (eu, radoslaw):
        G = g.to_networkx()
        for person in g.people[[0, 7, len(g.people) // 2]]:
            cases = {"both": nx.ego_graph(G, person, radius, undirected=True),
                     "out": nx.ego_graph(G, person, radius),
                     "in": nx.ego_graph(G.reverse(), person, radius).reverse()}
            for direction, E in cases.items():
                h = ona.ego_network(g, person, radius=radius, direction=direction)
                assert h.people[0] == person
                assert set(h.people) == set(E.nodes), direction
                assert tie_dict(h) == nx_tie_dict(E), direction


def test_ego_network_breadth_first_order_and_undirected():
    g = ona.Graph.from_pandas(pd.DataFrame({"source": ["a", "b", "c", "x"], "target": ["b", "c", "d", "a"]}),
                              directed=False)
    h = ona.ego_network(g, "b", radius=2, direction="out")  # direction is ignored when undirected
    assert list(h.people) == ["b", "a", "c", "x", "d"]
    assert not h.directed


def test_ego_network_errors(eu):
    with pytest.raises(KeyError, match="ego_network"):
        ona.ego_network(eu, "nobody")
    with pytest.raises(ValueError, match="radius"):
        ona.ego_network(eu, 0, radius=-1)
    with pytest.raises(ValueError, match="direction"):
        ona.ego_network(eu, 0, direction="up")


# ---- union ------------------------------------------------------------------------
def test_union_of_periods_is_the_whole_graph(radoslaw_log):
    graphs = ona.build_graphs(radoslaw_log, freq="M")
    whole = ona.build_graph(radoslaw_log)
    u = ona.union(graphs)
    assert u.equals(whole)  # counts are integers: the sums are exact
    assert u.time_span[0] == whole.time_span[0] and u.time_span[1] == whole.time_span[1]


def test_union_matches_summing_tie_tables_with_pandas(radoslaw_log):
    graphs = ona.build_graphs(radoslaw_log, freq="Q", weighting="split")
    # Graphs over different people, in different orders.
    parts = [g.subgraph(g.people[i::2][::-1]) for i, g in enumerate(graphs)] + [graphs.iloc[0]]
    u = ona.union(parts)
    expected = (pd.concat([p.to_pandas() for p in parts]).groupby(["source", "target"])["weight"].sum())
    got = u.to_pandas().set_index(["source", "target"])["weight"]
    pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), check_exact=False, rtol=1e-12)
    order = list(dict.fromkeys(x for p in parts for x in p.people))
    assert list(u.people) == order


def test_union_errors_and_warning():
    a, b = small(True), small(False)
    with pytest.raises(ValueError, match="directed"):
        ona.union([a, b])
    with pytest.raises(ValueError, match="no graphs"):
        ona.union([])
    other = ona.Graph.from_pandas(pd.DataFrame({"source": ["3"], "target": ["1"]}))
    with pytest.warns(UserWarning, match="share no person"):
        u = ona.union([a, other])
    assert u.number_of_people == 6


# ---- pickling and saving ------------------------------------------------------------
def _same_log(a, b):
    pd.testing.assert_frame_equal(a.to_pandas(), b.to_pandas())
    assert a.people.equals(b.people) and a.people.dtype == b.people.dtype
    assert a.report == b.report and a.time_span == b.time_span


def test_pickle_graph_and_log(eu, radoslaw, radoslaw_log):
    for g in (eu, radoslaw, small(False)):
        h = pickle.loads(pickle.dumps(g))
        assert h.equals(g) and h.time_span == g.time_span and h.build_report == g.build_report
    _same_log(pickle.loads(pickle.dumps(radoslaw_log)), radoslaw_log)
    log = ona.read_edgelist(data_file(EU))
    back = pickle.loads(pickle.dumps(log))
    _same_log(back, log)
    assert ona.build_graph(back).equals(eu)


def test_pickle_keeps_channels_ids_and_mail_sides():
    chat = ona.read_slack_export(data_file("slack-export-houstondatavis"))
    back = pickle.loads(pickle.dumps(chat))
    _same_log(back, chat)
    assert "channel" in back.to_pandas().columns
    mbox = next(p for p in sorted(data_file("enron-mbox").iterdir()) if p.is_file())
    mail = ona.read_mbox(mbox, errors="skip")
    back = pickle.loads(pickle.dumps(mail))
    assert type(back) is type(mail)
    _same_log(back, mail)
    pd.testing.assert_frame_equal(back.replies, mail.replies)
    pd.testing.assert_series_equal(back.display_names, mail.display_names)


def test_pickle_in_a_fresh_process(tmp_path, radoslaw, radoslaw_log):
    (tmp_path / "in.pkl").write_bytes(pickle.dumps((radoslaw, radoslaw_log)))
    script = textwrap.dedent(f"""
        import pickle
        import onakit as ona
        g, log = pickle.loads(open({str(tmp_path / "in.pkl")!r}, "rb").read())
        assert isinstance(g, ona.Graph) and isinstance(log, ona.MessageLog)
        rebuilt = ona.build_graph(log, weighting="split")
        out = (g.to_pandas(), list(g.people), g.time_span, g.build_report, log.to_pandas(), log.report,
               rebuilt.equals(g))
        open({str(tmp_path / "out.pkl")!r}, "wb").write(pickle.dumps(out))
    """)
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    ties, people, span, report, log_df, log_report, rebuilt_equal = pickle.loads((tmp_path / "out.pkl").read_bytes())
    pd.testing.assert_frame_equal(ties, radoslaw.to_pandas())
    assert people == list(radoslaw.people) and span == radoslaw.time_span and report == radoslaw.build_report
    pd.testing.assert_frame_equal(log_df, radoslaw_log.to_pandas())
    assert log_report == radoslaw_log.report and rebuilt_equal


LABELS: dict[str, pd.Index] = {
    "int": pd.Index([10, 3, 7, 99], name="person"),
    "str": pd.Index(["ann", "bob", "cy", "dé"], name="person"),
    "string": pd.Index(["ann", "bob", "cy", "dé"], dtype="string", name="who"),
    "mixed": pd.Index([1, "one", 2.5, False], dtype=object, name="person"),
    "intobject": pd.Index([1, 2, 3, 4], dtype=object, name=None),
    "float": pd.Index([0.5, 1.5, 2.5, 3.5], name="person"),
    "datetime": pd.Index(pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"]), name="day"),
}


@pytest.mark.parametrize("kind", sorted(LABELS))
@pytest.mark.parametrize("directed", [True, False])
def test_save_load_keeps_labels_dtype(tmp_path, kind, directed):
    people = LABELS[kind]
    df = pd.DataFrame({"source": people[[0, 1, 1]].tolist(), "target": people[[1, 0, 1]].tolist(),
                       "weight": [0.1, 0.2, 0.3]})
    g = ona.Graph.from_pandas(df, people=people, directed=directed)
    path = tmp_path / "graph.onakit"  # any name: no suffix is appended
    g.save(path)
    assert path.exists()
    h = ona.load_graph(path)
    assert h.equals(g)
    assert g.people.dtype == people.dtype  # from_pandas(people=) keeps the dtype ...
    assert h.people.dtype == people.dtype and h.people.name == g.people.name  # ... and so does load_graph
    assert [type(x) for x in h.people] == [type(x) for x in people]
    assert h.number_of_people == 4  # the isolates stay


def test_save_load_real_graphs_keep_provenance(tmp_path, eu, radoslaw):
    for g in (eu, radoslaw):
        g.save(tmp_path / "g.npz")
        h = ona.load_graph(tmp_path / "g.npz")
        assert h.equals(g) and h.people.dtype == g.people.dtype
        assert h.time_span == g.time_span and h.build_report == g.build_report
    assert ona.load_graph(tmp_path / "g.npz").time_span[0] is not None
    with np.load(tmp_path / "g.npz", allow_pickle=False) as z:  # the documented members, no pickles
        assert {"offsets", "targets", "weights", "people", "meta"} <= set(z.files)
        assert np.array_equal(z["weights"], radoslaw.csr().weights)


def test_save_and_load_errors(tmp_path):
    g = ona.Graph.from_pandas(pd.DataFrame({"source": [(1, 2)], "target": [(3, 4)]}))
    with pytest.raises(ValueError, match="Graph.save"):
        g.save(tmp_path / "tuples.npz")
    with pytest.raises(ona.ReadError, match="no such file"):
        ona.load_graph(tmp_path / "missing.npz")
    (tmp_path / "text.npz").write_text("not a graph")
    with pytest.raises(ona.ReadError, match="text.npz.*not an onakit graph file"):
        ona.load_graph(tmp_path / "text.npz")
    np.savez(tmp_path / "other.npz", a=np.arange(3))
    with pytest.raises(ona.ReadError, match="missing"):
        ona.load_graph(tmp_path / "other.npz")
    # A damaged file: an undirected graph whose rows are not symmetric.
    small(False).save(tmp_path / "u.npz")
    with np.load(tmp_path / "u.npz", allow_pickle=False) as z:
        members = {k: z[k] for k in z.files}
    members["weights"] = members["weights"] + np.arange(len(members["weights"]))
    np.savez_compressed(tmp_path / "bad.npz", **members)
    with pytest.raises(ona.ReadError, match="damaged"):
        ona.load_graph(tmp_path / "bad.npz")
    members["weights"] = members["weights"][:-1]
    np.savez_compressed(tmp_path / "short.npz", **members)
    with pytest.raises(ona.ReadError, match="inconsistent sizes"):
        ona.load_graph(tmp_path / "short.npz")


# ---- over time ------------------------------------------------------------------------
def test_per_period_matches_a_loop(radoslaw_log):
    graphs = ona.build_graphs(radoslaw_log, freq="M")
    table = ona.per_period(graphs, ona.pagerank, alpha=0.9)
    assert table.index.equals(graphs.index) and table.index.name == "period"
    assert list(table.columns) == list(radoslaw_log.people) and table.columns.name == "person"
    for p, g in graphs.items():
        expected = ona.pagerank(g, alpha=0.9)
        np.testing.assert_array_equal(table.loc[p].to_numpy(), expected.reindex(table.columns).to_numpy())
    assert table.attrs["measure"] == "pagerank" and table.attrs["kwargs"] == {"alpha": 0.9}
    dens = ona.per_period(graphs, "density")
    assert isinstance(dens, pd.Series) and dens.tolist() == [ona.density(g) for g in graphs]


def test_per_period_people_union_with_nan():
    a = ona.Graph.from_pandas(pd.DataFrame({"source": ["x"], "target": ["y"]}))
    b = ona.Graph.from_pandas(pd.DataFrame({"source": ["z"], "target": ["x"]}))
    t = ona.per_period({"jan": a, "feb": b}, ona.degree)
    assert list(t.columns) == ["x", "y", "z"] and list(t.index) == ["jan", "feb"]
    assert np.isnan(t.loc["jan", "z"]) and np.isnan(t.loc["feb", "y"]) and t.loc["feb", "z"] == 1.0
    with pytest.raises(ValueError, match="not an onakit function"):
        ona.per_period([a], "no_such_measure")
    with pytest.raises(TypeError, match="DataFrame"):
        ona.per_period([a], lambda g: g.to_pandas())


def test_tie_change_to_pandas_and_html(radoslaw_log):
    graphs = ona.build_graphs(radoslaw_log, freq="M")
    tc = ona.tie_change(graphs.iloc[0], graphs.iloc[1])
    ties = tc.to_pandas()
    pd.testing.assert_frame_equal(ties, tc.ties)
    ties.iloc[0, 2] = -1.0  # a copy
    assert tc.ties.iloc[0, 2] != -1.0
    pd.testing.assert_frame_equal(tc.to_pandas("people"), tc.people)
    with pytest.raises(ValueError, match="groups="):
        tc.to_pandas("group_pairs")
    html = tc._repr_html_()
    assert "onakit.TieChange" in html and "<table" in html and f"{len(tc.ties):,} ties" in html
    for status, count in tc.summary.items():
        assert f"{status} {int(count):,}" in html
    groups = pd.Series({p: int(p) % 3 for p in radoslaw_log.people})
    tg = ona.tie_change(graphs.iloc[0], graphs.iloc[1], groups, min_group_size=1)
    assert "group pairs" in tg._repr_html_()
    pd.testing.assert_frame_equal(tg.to_pandas("group_pairs"), tg.group_pairs)


def test_selection_needs_a_list_of_people(eu):
    with pytest.raises(TypeError, match=r"write \['ann'\]"):
        eu.subgraph("ann")
    with pytest.raises(TypeError, match="list of people"):
        eu.filter(people=3)
