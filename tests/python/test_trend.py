"""Organisational change against independent oracles on real data.

* edge_betweenness: networkx.edge_betweenness_centrality (karate, radoslaw
  directed weighted and unweighted, ukfaculty);
* bridging_ties: a brute force over networkx.all_shortest_paths of every
  cross-group pair, and networkx edge removal (karate with its factions);
* network_trend: networkx per month and pandas set arithmetic (radoslaw with
  its reports-to teams);
* newcomer_integration: a direct pandas + networkx computation (radoslaw).
"""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import onakit as ona

from conftest import data_file


def _eb_close(ours: pd.Series, theirs: dict, directed: bool) -> None:
    assert len(ours) == len(theirs)
    for (u, v), x in zip(ours.index.tolist(), ours.tolist()):
        y = theirs[(u, v)] if (u, v) in theirs or directed else theirs[(v, u)]
        assert x == pytest.approx(y, rel=1e-9, abs=1e-12), (u, v)


def _radoslaw_log():
    return ona.read_email_csv(data_file("radoslaw_email/communication.csv"), sender="Sender",
                              recipients="Recipient", timestamp="EventDate", recipient_sep=None)


def _radoslaw_teams() -> pd.Series:
    hr = pd.read_csv(data_file("radoslaw_email/reportsto.csv"))
    return pd.Series(hr["ReportsToID"].to_numpy(), index=hr["ID"].astype(str), name="team")


# ---- edge betweenness --------------------------------------------------------------
def test_edge_betweenness_karate_matches_networkx():
    G = nx.karate_club_graph()
    g = ona.from_networkx(G)
    _eb_close(ona.edge_betweenness(g), nx.edge_betweenness_centrality(G), False)
    _eb_close(ona.edge_betweenness(g, normalized=False), nx.edge_betweenness_centrality(G, normalized=False), False)
    for _, _, d in G.edges(data=True):
        d["distance"] = 1.0 / d["weight"]
    _eb_close(ona.edge_betweenness(g, weighted=True), nx.edge_betweenness_centrality(G, weight="distance"), False)


def test_edge_betweenness_radoslaw_directed_matches_networkx():
    g = ona.build_graph(_radoslaw_log())
    G = g.to_networkx()
    _eb_close(ona.edge_betweenness(g), nx.edge_betweenness_centrality(G), True)
    for _, _, d in G.edges(data=True):
        d["distance"] = 1.0 / d["weight"]
    eb = ona.edge_betweenness(g, weighted=True, normalized=False)
    _eb_close(eb, nx.edge_betweenness_centrality(G, weight="distance", normalized=False), True)
    assert eb.index.names == ["source", "target"] and eb.attrs["weighted"]
    assert ona.edge_betweenness(g, threads=1).equals(ona.edge_betweenness(g, threads=2))


def test_edge_betweenness_ukfaculty_matches_networkx():
    ties = pd.read_csv(data_file("ukfaculty/edges.csv"))
    ties.columns = ["source", "target", "weight"]
    g = ona.Graph.from_pandas(ties, directed=True)
    _eb_close(ona.edge_betweenness(g), nx.edge_betweenness_centrality(g.to_networkx()), True)


# ---- bridging ties -----------------------------------------------------------------
def _karate_factions():
    G = nx.karate_club_graph()
    return G, pd.Series({v: d["club"] for v, d in G.nodes(data=True)})


def test_bridging_ties_brute_force_karate():
    G, club = _karate_factions()
    g = ona.from_networkx(G)
    ours = ona.bridging_ties(g, club, min_group_size=None)
    # brute force: every ordered cross-faction pair, every shortest path
    credit = {tuple(sorted(e)): 0.0 for e in G.edges()}
    pairs = 0
    for s, t in itertools.permutations(G.nodes(), 2):
        if club[s] == club[t]:
            continue
        pairs += 1
        paths = list(nx.all_shortest_paths(G, s, t))
        for p in paths:
            for a, b in zip(p, p[1:]):
                credit[tuple(sorted((a, b)))] += 1.0 / len(paths)
    assert ours.attrs["pairs"] == pairs
    got = {tuple(sorted((u, v))): x for u, v, x in zip(ours.source, ours.target, ours.bridging)}
    assert got.keys() == credit.keys()
    for e, x in credit.items():
        assert got[e] == pytest.approx(x / pairs, rel=1e-9, abs=1e-15), e
    assert ours["bridging"].is_monotonic_decreasing
    assert (ours["cross_group"] == (ours.source.map(club) != ours.target.map(club))).all()


def test_bridging_ties_and_removal_karate():
    """A tie carrying no cross-group shortest path can be removed without
    lengthening any cross-group distance; removing the top tie lengthens some."""
    G, club = _karate_factions()
    ours = ona.bridging_ties(ona.from_networkx(G), club, min_group_size=None)
    cross = [(s, t) for s, t in itertools.permutations(G.nodes(), 2) if club[s] != club[t]]
    base = dict(nx.all_pairs_shortest_path_length(G))

    def total_after_removing(u, v):
        H = G.copy()
        H.remove_edge(u, v)
        d = dict(nx.all_pairs_shortest_path_length(H))
        return sum(d[s].get(t, np.inf) for s, t in cross)

    before = sum(base[s][t] for s, t in cross)
    for u, v, x in zip(ours.source, ours.target, ours.bridging):
        after = total_after_removing(u, v)
        if x == 0:
            assert after == before, (u, v)
        if after > before:
            assert x > 0, (u, v)
    top = ours.iloc[0]
    assert total_after_removing(top.source, top.target) > before


def _cross_efficiency(G, club, weight=None):
    d = dict(nx.all_pairs_dijkstra_path_length(G, weight=weight)) if weight else \
        dict(nx.all_pairs_shortest_path_length(G))
    pairs = [(s, t) for s, t in itertools.permutations(G.nodes(), 2) if club[s] != club[t]]
    return sum(1.0 / d[s][t] for s, t in pairs if t in d[s]) / len(pairs)


@pytest.mark.parametrize("weighted", [False, True])
def test_bridging_ties_efficiency_loss_is_networkx_edge_removal(weighted):
    G, club = _karate_factions()
    for _, _, d in G.edges(data=True):
        d["distance"] = 1.0 / d["weight"]
    weight = "distance" if weighted else None
    top = ona.bridging_ties(ona.from_networkx(G), club, min_group_size=None, top=12, weighted=weighted)
    base = _cross_efficiency(G, club, weight)
    assert top.attrs["efficiency"] == pytest.approx(base, rel=1e-12)
    changed = 0
    for u, v, loss in zip(top.source, top.target, top.efficiency_loss):
        H = G.copy()
        H.remove_edge(u, v)
        want = base - _cross_efficiency(H, club, weight)
        assert loss == pytest.approx(want, rel=1e-9, abs=1e-13), (u, v)
        changed += want > 1e-12
    assert changed > 0


def test_bridging_ties_efficiency_loss_directed_radoslaw():
    g = ona.build_graph(_radoslaw_log())
    teams = _radoslaw_teams()
    top = ona.bridging_ties(g, teams, top=3, min_group_size=None)
    G = g.to_networkx()
    grouped = {v: teams[v] for v in G if v in teams.index}

    def eff(X):
        d = dict(nx.all_pairs_shortest_path_length(X))
        pairs = [(s, t) for s in grouped for t in grouped if grouped[s] != grouped[t]]
        return sum(1.0 / d[s][t] for s, t in pairs if t in d[s]) / len(pairs)

    base = eff(G)
    assert top.attrs["efficiency"] == pytest.approx(base, rel=1e-12)
    for u, v, loss in zip(top.source, top.target, top.efficiency_loss):
        H = G.copy()
        H.remove_edge(u, v)
        assert loss == pytest.approx(base - eff(H), rel=1e-9, abs=1e-13)


def test_bridging_ties_errors_and_suppression():
    G, club = _karate_factions()
    g = ona.from_networkx(G)
    with pytest.raises(ValueError, match="groups"):
        ona.bridging_ties(g, pd.Series("one", index=list(G.nodes())))
    small = club.copy()
    small.iloc[:3] = "tiny"
    df = ona.bridging_ties(g, small, min_group_size=5)
    assert df.attrs["suppressed_groups"] == 1
    assert not (df.source_group == "tiny").any()
    assert len(ona.bridging_ties(g, club, top=5)) == 5


# ---- network trend -----------------------------------------------------------------
def test_network_trend_radoslaw_matches_networkx_and_pandas():
    log = _radoslaw_log()
    teams = _radoslaw_teams()
    trend = ona.network_trend(log, teams, freq="M")
    rows = pd.read_csv(data_file("radoslaw_email/communication.csv"), sep=";", dtype={"Sender": str,
                                                                                      "Recipient": str})
    rows["month"] = pd.to_datetime(rows["EventDate"]).dt.to_period("M")
    rows = rows[rows.Sender != rows.Recipient]
    assert list(trend.index.astype(str)) == sorted(rows.month.astype(str).unique())
    prev = None
    for month, part in rows.groupby("month"):
        r = trend.loc[month]
        w = part.groupby(["Sender", "Recipient"]).size()
        G = nx.DiGraph()
        G.add_weighted_edges_from((k[0], k[1], float(x)) for k, x in w.items())
        assert r["people"] == G.number_of_nodes() and r["ties"] == G.number_of_edges()
        assert r["density"] == pytest.approx(nx.density(G), rel=1e-12)
        assert r["reciprocity"] == pytest.approx(nx.overall_reciprocity(G), rel=1e-12)
        assert r["clustering"] == pytest.approx(nx.average_clustering(G), rel=1e-9)
        grouped = [v for v in G if v in teams.index]
        H = G.subgraph(grouped)
        parts = [set(m) for _, m in teams[grouped].groupby(teams[grouped]).groups.items()]
        assert r["modularity"] == pytest.approx(nx.community.modularity(H, parts, weight="weight"), rel=1e-9)
        ties = set(w.index)
        gties = [(u, v) for u, v in ties if u in teams.index and v in teams.index]
        cross = [(u, v) for u, v in gties if teams[u] != teams[v]]
        assert r["cross_group_share"] == pytest.approx(len(cross) / len(gties), rel=1e-12)
        if prev is None:
            assert pd.isna(r["formed"]) and pd.isna(r["churn"]) and pd.isna(r["bridging_share"])
        else:
            assert r["formed"] == len(ties - prev) and r["lost"] == len(prev - ties)
            assert r["churn"] == pytest.approx(len(ties ^ prev) / len(ties | prev), rel=1e-12)
            new_cross = [e for e in cross if e not in prev]
            assert r["bridging_share"] == pytest.approx(len(new_cross) / len(gties), rel=1e-12)
        assert 1 <= r["communities"] <= r["people"]
        prev = ties
    assert trend.attrs["ungrouped"] > 0  # 13 accounts of the log are not in the hierarchy


def test_network_trend_without_groups_and_prebuilt_graphs():
    log, people = ona.synthetic_org(people=60, departments=3, weeks=9, seed=4)
    trend = ona.network_trend(log, freq="M")
    assert "modularity" not in trend.columns and "cross_group_share" not in trend.columns
    graphs = ona.build_graphs(log, freq="M")
    again = ona.network_trend(graphs, people["department"])
    assert again[["people", "ties", "density"]].equals(trend[["people", "ties", "density"]])
    with pytest.raises(TypeError):
        ona.network_trend(graphs, weighting="split")
    with pytest.raises(TypeError):
        ona.network_trend(pd.DataFrame())


# ---- newcomers ---------------------------------------------------------------------
def _weekly_oracle(rows: pd.DataFrame, people: list):
    """Per calendar week (pandas 'W'): undirected networkx graph over all people."""
    out = {}
    for week, part in rows.groupby("week"):
        G = nx.Graph()
        G.add_nodes_from(people)
        G.add_edges_from(zip(part.Sender, part.Recipient))
        G.remove_edges_from(list(nx.selfloop_edges(G)))
        out[week] = G
    return out


def test_newcomer_integration_radoslaw_matches_pandas_networkx():
    log = _radoslaw_log()
    teams = _radoslaw_teams()
    weeks = 4
    nc = ona.newcomer_integration(log, weeks=weeks, groups=teams)
    rows = pd.read_csv(data_file("radoslaw_email/communication.csv"), sep=";", dtype={"Sender": str,
                                                                                      "Recipient": str})
    rows["time"] = pd.to_datetime(rows["EventDate"])
    rows["week"] = rows["time"].dt.to_period("W")
    people = list(log.people)
    first = pd.concat([rows.set_index("Sender")["time"], rows.set_index("Recipient")["time"]]).groupby(level=0).min()
    all_weeks = pd.period_range(rows.week.min(), rows.week.max(), freq="W")
    start_week = first.dt.to_period("W").map(lambda p: all_weeks.get_loc(p))
    newcomers = sorted(start_week[start_week >= weeks].index)
    assert sorted(nc.index.get_level_values("person").unique()) == newcomers
    tenured_from = start_week.where(start_week >= weeks, 0) + weeks
    graphs = _weekly_oracle(rows, people)
    team_of = teams.reindex(people)
    cache: dict = {}
    for (person, k), (_, r) in zip(nc.index.tolist(), nc.iterrows()):
        t = start_week[person] + k
        week = all_weeks[t]
        assert r["period"] == week
        G = graphs.get(week, nx.empty_graph(people))
        if week not in cache:
            bc = nx.betweenness_centrality(G)
            reach = {v: len({team_of[u] for u in G[v] if pd.notna(team_of[u])} - {team_of[v]})
                     if pd.notna(team_of[v]) else 0 for v in people}
            ten = [v for v in people if tenured_from[v] <= t]
            cache[week] = (bc, reach, np.median([G.degree(v) for v in ten]), np.median([bc[v] for v in ten]),
                           np.median([reach[v] for v in ten]))
        bc, reach, md, mb, mr = cache[week]
        assert r["degree"] == G.degree(person)
        assert r["betweenness"] == pytest.approx(bc[person], rel=1e-9, abs=1e-15)
        assert r["groups_reached"] == reach[person]
        assert r["tenured_degree"] == md
        assert r["tenured_betweenness"] == pytest.approx(mb, rel=1e-9, abs=1e-15)
        assert r["tenured_groups_reached"] == mr
        assert r["start"] == first[person].tz_localize("UTC")
    assert nc.attrs["newcomers"] == len(newcomers)


def test_newcomer_integration_start_dates():
    log = _radoslaw_log()
    starts = pd.Series({"106": "2010-05-24", "93": "2010-09-23", "17": "2012-01-01"})
    nc = ona.newcomer_integration(log, start_dates=starts, weeks=3)
    assert sorted(nc.index.get_level_values("person").unique()) == ["106", "93"]
    assert nc.loc[("106", 0), "start"] == pd.Timestamp("2010-05-24", tz="UTC")
    # the last week of the log is the last one a newcomer can be followed in
    assert len(nc.loc["93"]) == 2
    with pytest.raises(ValueError, match="start_dates"):
        ona.newcomer_integration(log, start_dates=pd.Series({"nobody": "2010-05-01"}))
    with pytest.raises(ValueError, match="weeks"):
        ona.newcomer_integration(log, weeks=0)


# ---- progress and Ctrl-C -----------------------------------------------------------
def test_edge_betweenness_reports_sources_done_and_stops_on_ctrl_c():
    import importlib

    # the shared helpers of test_interrupt.py and test_progress.py (sibling test modules)
    run_and_interrupt = importlib.import_module("test_interrupt").run_and_interrupt
    Positions = importlib.import_module("test_progress").Positions
    searched_sources = importlib.import_module("test_progress").searched_sources

    from onakit import _core
    from onakit._results import core_of

    g = ona.build_graph(ona.read_edgelist(data_file("email-Eu-core/email-Eu-core.txt")))
    # edge_betweenness folds people with one contact (fewer searches); the cross-group form does not
    for fn, total in ((lambda p: _core.edge_betweenness(core_of(g), threads=2, progress=p), searched_sources(g)),
                      (lambda p: _core.group_edge_betweenness(core_of(g), np.arange(len(g), dtype=np.uint32) % 5,
                                                              5, progress=p), g.number_of_people)):
        p = Positions()
        fn(p)
        p.check_moving(total=total, minimum=10)
    # 30,000 people, 530,000 ties: minutes uninterrupted
    run_and_interrupt("""
        log, _ = ona.synthetic_org(people=30000, departments=30, weeks=2, seed=1)
        g = ona.build_graph(log)
        _core.edge_betweenness(core_of(g), progress=Started())
    """)
