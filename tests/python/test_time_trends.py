"""Change over time: build_graphs, silo_trend, tie_change, rank_change.

Oracles: hand-built logs with the expected figures worked out in comments,
and independent pandas computations straight from the raw rows of
email-Eu-core-temporal (SNAP) and radoslaw_email (Michalski et al.).
"""

import gzip

import numpy as np
import pandas as pd
import pytest
from conftest import data_file
from scipy.stats import rankdata

import onakit as ona

TOL = 1e-12  # figures are ratios of integer counts; only rounding can differ

ORG = "(organisation)"


# ---- hand-built logs ------------------------------------------------------------
@pytest.fixture
def small_log(tmp_path):
    # Jan: a->b, a->c (the second at 23:59:59 on Jan 31); Feb: b->a at 00:00:00 on
    # Feb 1 (a period is [start, end): it belongs to February); March: nothing;
    # April: a->b;c (one message, two ties); and one message without a time.
    p = tmp_path / "log.csv"
    p.write_text("sender,recipients,timestamp\n"
                 "a,b,2024-01-05 10:00:00\n"
                 "a,c,2024-01-31 23:59:59\n"
                 "b,a,2024-02-01 00:00:00\n"
                 "a,b;c,2024-04-10 08:00:00\n"
                 "c,a,\n")
    return ona.read_email_csv(p)


def ties(g):
    return {(s, t): w for s, t, w in g.to_pandas().itertuples(index=False)}


def test_build_graphs_months(small_log):
    graphs = ona.build_graphs(small_log, freq="M")
    assert isinstance(graphs.index, pd.PeriodIndex)
    assert [str(p) for p in graphs.index] == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert all(g.people.equals(small_log.people) for g in graphs)
    assert ties(graphs["2024-01"]) == {("a", "b"): 1.0, ("a", "c"): 1.0}
    assert ties(graphs["2024-02"]) == {("b", "a"): 1.0}
    assert graphs["2024-03"].number_of_ties == 0
    assert ties(graphs["2024-04"]) == {("a", "b"): 1.0, ("a", "c"): 1.0}
    assert graphs.attrs["messages"] == {"2024-01": 2, "2024-02": 1, "2024-03": 0, "2024-04": 1}
    assert graphs.attrs["messages_without_time"] == 1
    assert graphs.attrs["messages_total"] == 5


def test_build_graphs_weeks_quarters_and_offsets(small_log):
    weeks = ona.build_graphs(small_log, freq="W")
    # 2024-01-05 is a Friday: week Mon 01-01 .. Sun 01-07; 2024-04-10 is in the week of Mon 04-08.
    assert str(weeks.index[0]) == "2024-01-01/2024-01-07"
    assert str(weeks.index[-1]) == "2024-04-08/2024-04-14"
    assert len(weeks) == 15  # Mondays 01-01 .. 04-08: 14 weeks later plus the first
    assert sum(weeks.attrs["messages"].values()) == 4
    q = ona.build_graphs(small_log, freq="Q")
    assert [str(p) for p in q.index] == ["2024Q1", "2024Q2"]
    assert q.attrs["messages"] == {"2024Q1": 3, "2024Q2": 1}
    # "ME" (a month-end offset) means calendar months, like "M".
    assert [str(p) for p in ona.build_graphs(small_log, freq="ME").index] == ["2024-01", "2024-02", "2024-03",
                                                                              "2024-04"]
    # An offset that is not a period frequency gives [start, end) intervals.
    ms = ona.build_graphs(small_log, freq="MS")
    assert isinstance(ms.index, pd.IntervalIndex)
    assert ms.index[0].left == pd.Timestamp("2024-01-01", tz="UTC")
    assert ms.index[-1].right == pd.Timestamp("2024-05-01", tz="UTC")
    assert list(ms.attrs["messages"].values()) == [2, 1, 0, 1]


def test_build_graphs_builder_options_and_span(small_log):
    und = ona.build_graphs(small_log, freq="M", directed=False)
    assert not und.iloc[0].directed
    # an explicit span: only February onwards
    feb = ona.build_graphs(small_log, freq="M", start="2024-02-01")
    assert [str(p) for p in feb.index] == ["2024-02", "2024-03", "2024-04"]
    with pytest.raises(ValueError, match="frequency"):
        ona.build_graphs(small_log, freq="not a frequency")
    with pytest.raises(TypeError):
        ona.build_graphs(ona.build_graph(small_log))


def test_build_graphs_decay_is_measured_from_each_period_end(small_log):
    graphs = ona.build_graphs(small_log, freq="M", half_life="1D")
    # a->b at Jan 5 10:00, period end Feb 1 00:00 (reference 1 µs before):
    # age = 26 days 14 h = 26.5833 days -> 2 ** -26.5833
    w = ties(graphs["2024-01"])[("a", "b")]
    assert w == pytest.approx(2 ** -(26 + 14 / 24), rel=1e-6)


def test_silo_trend_hand_computed(small_log):
    groups = {"a": "x", "b": "x", "c": "y"}
    trend = ona.silo_trend(small_log, groups, freq="M", min_group_size=None)
    assert list(trend["ei"].columns) == ["x", "y", ORG]
    jan, feb, mar = trend.loc["2024-01"], trend.loc["2024-02"], trend.loc["2024-03"]
    # Jan: a->b inside x, a->c from x to y. x: I=1, E=1 -> E-I 0, insularity 1/2;
    # y: I=0, E=1 -> E-I 1, insularity 0; organisation: I=1, E=1 -> 0.
    assert jan[("ei", "x")] == 0 and jan[("insularity", "x")] == 0.5
    assert jan[("ei", "y")] == 1 and jan[("insularity", "y")] == 0
    assert jan[("ei", ORG)] == 0 and jan[("external", ORG)] == 1 and jan[("internal", ORG)] == 1
    # Feb: b->a only, inside x: x E-I = -1; y has no ties (NaN); org -1.
    assert feb[("ei", "x")] == -1 and np.isnan(feb[("ei", "y")]) and feb[("ei", ORG)] == -1
    # March: no ties at all.
    assert trend.loc["2024-03", "ei"].isna().all() and mar[("external", ORG)] == 0
    assert trend["p_value"].isna().all().all()  # permutations=0 by default
    assert trend.attrs["sizes"] == {"x": 2, "y": 1, ORG: 3}
    assert trend.attrs["messages_without_time"] == 1
    # prebuilt graphs give the same table
    graphs = ona.build_graphs(small_log, freq="M")
    pd.testing.assert_frame_equal(ona.silo_trend(graphs, groups, min_group_size=None), trend)
    with pytest.raises(TypeError, match="builder options"):
        ona.silo_trend(graphs, groups, directed=False)


def test_silo_trend_reports_ungrouped_people(small_log):
    trend = ona.silo_trend(small_log, {"a": "x", "b": "x"}, freq="M", min_group_size=None)
    assert trend.attrs["ungrouped"] == 1 and trend.attrs["ungrouped_examples"] == ["c"]
    # Jan: a->c touches the ungrouped c, left out; a->b inside x.
    assert trend.attrs["ungrouped_ties"]["2024-01"] == 1
    assert trend.loc["2024-01", ("ei", "x")] == -1


def test_silo_trend_matches_pandas_sums_per_period():
    # Oracle: each period's tie table summed with pandas (ei_index and insularity
    # would share silo_trend's implementation, so they could not disagree).
    log, people = ona.synthetic_org(people=150, departments=5, weeks=9, seed=7)
    dept = people["department"]
    trend = ona.silo_trend(log, dept, freq="M")
    periods = ona.build_graphs(log, freq="M")
    assert list(trend.index) == list(periods.index)
    for period, g in periods.items():
        ties = g.to_pandas()
        ties = ties[ties["source"] != ties["target"]]
        a, b = dept.loc[ties["source"]].to_numpy(), dept.loc[ties["target"]].to_numpy()
        w = ties["weight"].to_numpy()
        for grp in dept.unique():
            inside = w[(a == grp) & (b == grp)].sum()
            outside = w[(a == grp) != (b == grp)].sum()
            assert trend.loc[period, ("external", grp)] == pytest.approx(outside, rel=1e-12)
            assert trend.loc[period, ("ei", grp)] == pytest.approx((outside - inside) / (outside + inside), abs=TOL)
            assert trend.loc[period, ("insularity", grp)] == pytest.approx(inside / (outside + inside), abs=TOL)
        inside, outside = w[a == b].sum(), w[a != b].sum()
        assert trend.loc[period, ("ei", ORG)] == pytest.approx((outside - inside) / (outside + inside), abs=TOL)


def test_tie_change_hand_computed():
    jan = ona.Graph.from_pandas(pd.DataFrame({"source": ["a", "a", "b", "c"], "target": ["b", "c", "c", "d"],
                                              "weight": [2, 1, 3, 4]}), weight="weight")
    feb = ona.Graph.from_pandas(pd.DataFrame({"source": ["a", "b", "c", "c"], "target": ["b", "c", "a", "d"],
                                              "weight": [5, 1, 1, 4]}), weight="weight")
    tc = ona.tie_change(jan, feb)
    got = {(s, t): (b, a, st) for s, t, b, a, _, st in tc.ties.itertuples(index=False)}
    assert got == {("a", "b"): (2, 5, "strengthened"), ("a", "c"): (1, 0, "lost"),
                   ("b", "c"): (3, 1, "weakened"), ("c", "a"): (0, 1, "formed"), ("c", "d"): (4, 4, "unchanged")}
    assert tc.summary.to_dict() == {"formed": 1, "lost": 1, "strengthened": 1, "weakened": 1, "unchanged": 1}
    # a's ties: a->b strengthened, a->c lost, c->a formed; weight 2+1 -> 5+1.
    a = tc.people.loc["a"]
    assert (a["formed"], a["lost"], a["strengthened"], a["weakened"], a["unchanged"]) == (1, 1, 1, 0, 0)
    assert (a["before"], a["after"], a["change"]) == (3, 6, 3)
    # threshold 0.5: a->b 2 -> 5 (> 3) still strengthened; b->c 3 -> 1 (< 1.5) still weakened;
    # threshold 2: 5 > 2 * 3 is false, 1 < 3 * (1 - 2) is false: both unchanged.
    assert ona.tie_change(jan, feb, threshold=0.5).summary["strengthened"] == 1
    s2 = ona.tie_change(jan, feb, threshold=2).summary
    assert (s2["strengthened"], s2["weakened"], s2["unchanged"]) == (0, 0, 3)
    # groups x = {a, b}, y = {c, d}: x->x a->b strengthened; x->y a->c lost, b->c weakened;
    # y->x c->a formed; y->y c->d unchanged.
    gp = ona.tie_change(jan, feb, {"a": "x", "b": "x", "c": "y", "d": "y"}, min_group_size=None).group_pairs
    assert list(gp.loc[("x", "y"), ["lost", "weakened", "before", "after"]]) == [1, 1, 4, 1]
    assert gp.loc[("y", "x"), "formed"] == 1 and gp.loc[("x", "x"), "strengthened"] == 1
    assert tc["ties"] is tc.ties


def test_tie_change_aligns_people_and_undirected_ties():
    g1 = ona.Graph.from_pandas(pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"]}), directed=False)
    # same undirected ties written the other way round, c gone, d new
    g2 = ona.Graph.from_pandas(pd.DataFrame({"source": ["d", "b"], "target": ["b", "a"]}), directed=False)
    tc = ona.tie_change(g1, g2)
    assert tc.attrs["only_before"] == ["c"] and tc.attrs["only_after"] == ["d"]
    st = {frozenset((s, t)): x for s, t, x in tc.ties[["source", "target", "status"]].itertuples(index=False)}
    assert st == {frozenset("ab"): "unchanged", frozenset("bc"): "lost", frozenset("bd"): "formed"}
    with pytest.raises(ValueError, match="directed"):
        ona.tie_change(g1, ona.Graph.from_pandas(pd.DataFrame({"source": ["a"], "target": ["b"]})))


def test_rank_change_hand_computed():
    before = pd.Series({"a": 3.0, "b": 2.0, "c": 1.0, "z": 9.0})
    after = pd.Series({"a": 1.0, "b": 3.0, "c": 2.0, "d": 5.0})
    rc = ona.rank_change(before, after)
    # common a, b, c: before ranks a1 b2 c3, after b1 c2 a3 -> a -2, b +1, c +1.
    assert rc.index.tolist() == ["b", "c", "a"]
    assert rc["rank_change"].tolist() == [1, 1, -2]
    assert rc.attrs["only_before"] == ["z"] and rc.attrs["only_after"] == ["d"]
    with pytest.raises(TypeError):
        ona.rank_change(before.to_numpy(), after)


# ---- email-Eu-core-temporal -------------------------------------------------------
@pytest.fixture(scope="module")
def eu():
    path = data_file("email-Eu-core-temporal/email-Eu-core-temporal.txt.gz")
    depts = pd.read_csv(data_file("email-Eu-core-temporal/DERIVED_temporal_id_to_core_id_and_department.tsv"),
                        sep="\t")
    with gzip.open(path, "rt") as f:
        raw = pd.read_csv(f, sep=" ", header=None, names=["src", "dst", "t"])
    log = ona.read_edgelist(path, third="time")
    return log, raw, depts.set_index("temporal_id")["department"]


def test_eu_core_monthly_org_ei_matches_pandas(eu):
    log, raw, dept = eu
    trend = ona.silo_trend(log, dept, freq="M")
    month = pd.to_datetime(raw["t"], unit="s").dt.to_period("M")
    ds, dd = raw["src"].map(dept), raw["dst"].map(dept)
    rows = pd.DataFrame({"month": month, "internal": (ds == dd).astype(int),
                         "external": (ds != dd).astype(int)})[ds.notna() & dd.notna() & (raw["src"] != raw["dst"])]
    # The data have no message from 1971-07 to 1972-02: those months are empty
    # graphs (NaN ratios, zero weights), so the months stay consecutive.
    months = pd.period_range("1970-01", "1972-03", freq="M", name="period")
    per = rows.groupby("month")[["internal", "external"]].sum().reindex(months, fill_value=0)
    with np.errstate(invalid="ignore"):
        expected = (per["external"] - per["internal"]) / (per["external"] + per["internal"])
    assert trend.index.equals(months)
    assert expected.isna().sum() == 8
    np.testing.assert_allclose(trend[("ei", ORG)].to_numpy(), expected.to_numpy(), atol=TOL)
    np.testing.assert_array_equal(trend[("internal", ORG)].to_numpy(), per["internal"].to_numpy())
    assert sum(trend.attrs["messages"].values()) == len(raw)
    assert trend.attrs["ungrouped"] == 0


def test_eu_core_monthly_group_figures_with_suppression(eu):
    log, raw, dept = eu
    trend = ona.silo_trend(log, dept, freq="M", min_group_size=5)
    # pandas: departments with < 5 of the log's people merged into one group.
    people = pd.Index(log.people)
    size = dept.reindex(people).value_counts()
    small = size[size < 5].index
    merged = dept.where(~dept.isin(small), -1)
    label = f"(suppressed: {len(small)} groups < 5)"
    assert trend.attrs["suppressed_groups"] == len(small) > 0
    assert label in trend["ei"].columns  # the merged groups hold >= 5 people
    month = pd.to_datetime(raw["t"], unit="s").dt.to_period("M")
    a, b = raw["src"].map(merged), raw["dst"].map(merged)
    for grp in list(size[size >= 5].index[:6]) + [-1]:
        inside = ((a == grp) & (b == grp)).groupby(month).sum().reindex(trend.index, fill_value=0)
        touching = ((a == grp) ^ (b == grp)).groupby(month).sum().reindex(trend.index, fill_value=0)
        col = label if grp == -1 else grp
        np.testing.assert_array_equal(trend[("internal", col)].to_numpy(), inside.to_numpy())
        np.testing.assert_array_equal(trend[("external", col)].to_numpy(), touching.to_numpy())
        with np.errstate(invalid="ignore"):
            ins = (inside / (inside + touching)).to_numpy(dtype=float)
        np.testing.assert_allclose(trend[("insularity", col)].to_numpy(), ins, atol=TOL)


# ---- radoslaw_email ---------------------------------------------------------------
@pytest.fixture(scope="module")
def rado():
    path = data_file("radoslaw_email/communication.csv")
    raw = pd.read_csv(path, sep=";", dtype={"Sender": str, "Recipient": str})
    raw["month"] = pd.to_datetime(raw["EventDate"]).dt.to_period("M")
    rep = pd.read_csv(data_file("radoslaw_email/reportsto.csv"), dtype=str)
    team = rep.set_index("ID")["ReportsToID"]  # the CEO 86 reports to himself: team 86
    log = ona.read_email_csv(path, sender="Sender", recipients="Recipient", timestamp="EventDate")
    return log, raw, team


def test_radoslaw_monthly_team_trend_matches_pandas(rado):
    log, raw, team = rado
    trend = ona.silo_trend(log, team, freq="M", min_group_size=None)
    assert [str(p) for p in trend.index] == [f"2010-{m:02d}" for m in range(1, 10)]
    # 13 accounts are missing from the hierarchy: ungrouped, reported, never dropped silently.
    assert trend.attrs["ungrouped"] == 13
    assert set(trend.attrs["ungrouped_examples"]) <= {"4", "10", "21", "23", "24", "26", "46", "51", "75", "87",
                                                      "93", "111", "139"}
    r = raw[raw["Sender"] != raw["Recipient"]]
    ts, tr = r["Sender"].map(team), r["Recipient"].map(team)
    ok = ts.notna() & tr.notna()
    per = pd.DataFrame({"month": r["month"], "i": (ts == tr) & ok, "e": (ts != tr) & ok}).groupby("month").sum()
    np.testing.assert_allclose(trend[("ei", ORG)].to_numpy(),
                               ((per["e"] - per["i"]) / (per["e"] + per["i"])).to_numpy(), atol=TOL)
    ungrouped_ties = (~ok).groupby(r["month"]).sum()  # directed ties (pairs) per month touching the ungrouped
    pairs = r.assign(u=~ok).drop_duplicates(["month", "Sender", "Recipient"]).groupby("month")["u"].sum()
    assert list(trend.attrs["ungrouped_ties"].values()) == pairs.tolist()
    assert (ungrouped_ties >= pairs).all()
    for t in ["86", "19", "27"]:
        inside = ((ts == t) & (tr == t)).groupby(r["month"]).sum()
        touching = ((ts == t) ^ (tr == t)).groupby(r["month"]).sum() - (
            ((ts == t) & tr.isna()) | ((tr == t) & ts.isna())).groupby(r["month"]).sum()
        np.testing.assert_array_equal(trend[("internal", t)].to_numpy(), inside.to_numpy())
        np.testing.assert_array_equal(trend[("external", t)].to_numpy(), touching.to_numpy())
        np.testing.assert_allclose(trend[("ei", t)].to_numpy(),
                                   ((touching - inside) / (touching + inside)).to_numpy(), atol=TOL)


def test_radoslaw_tie_change_first_vs_last_month_matches_pandas_merge(rado):
    log, raw, team = rado
    graphs = ona.build_graphs(log, freq="M")
    tc = ona.tie_change(graphs.iloc[0], graphs.iloc[-1], team)
    r = raw[raw["Sender"] != raw["Recipient"]]
    jan = r[r["month"] == pd.Period("2010-01", "M")].groupby(["Sender", "Recipient"]).size().rename("before")
    sep = r[r["month"] == pd.Period("2010-09", "M")].groupby(["Sender", "Recipient"]).size().rename("after")
    m = pd.merge(jan, sep, left_index=True, right_index=True, how="outer").fillna(0)
    expected = {
        "formed": int(((m["before"] == 0) & (m["after"] > 0)).sum()),
        "lost": int(((m["before"] > 0) & (m["after"] == 0)).sum()),
        "strengthened": int(((m["before"] > 0) & (m["after"] > m["before"])).sum()),
        "weakened": int(((m["after"] > 0) & (m["after"] < m["before"])).sum()),
        "unchanged": int((m["after"] == m["before"]).sum()),
    }
    assert tc.summary.to_dict() == expected
    assert len(tc.ties) == len(m)
    got = tc.ties.set_index(["source", "target"])[["before", "after"]].sort_index()
    np.testing.assert_array_equal(got.to_numpy(), m.sort_index().to_numpy())
    # per person: formed ties sent or received
    formed = m[(m["before"] == 0) & (m["after"] > 0)].reset_index()
    per_person = pd.concat([formed["Sender"], formed["Recipient"]]).value_counts()
    assert tc.people["formed"][tc.people["formed"] > 0].sort_index().to_dict() == per_person.sort_index().to_dict()
    # per group pair: weight before and after, ties with an ungrouped end left out
    ta = m.index.get_level_values(0).map(team)
    tb = m.index.get_level_values(1).map(team)
    ok = np.asarray(ta.notna()) & np.asarray(tb.notna())
    gp = m[ok].groupby([ta[ok], tb[ok]])[["before", "after"]].sum()
    assert tc.attrs["ungrouped_ties"] == int((~ok).sum())
    assert tc.group_pairs[["before", "after"]].sum().tolist() == gp.sum().tolist()


def test_radoslaw_rank_change_degree_and_pagerank(rado):
    log, raw, team = rado
    graphs = ona.build_graphs(log, freq="M")
    for f in (ona.degree, ona.pagerank):
        b, a = f(graphs.iloc[0]), f(graphs.iloc[-1])
        rc = ona.rank_change(b, a)
        assert len(rc) == len(log.people) and rc.attrs["only_before"] == [] == rc.attrs["only_after"]
        rb = pd.Series(rankdata(-b.to_numpy(), method="min"), index=b.index)
        ra = pd.Series(rankdata(-a.to_numpy(), method="min"), index=a.index)
        np.testing.assert_array_equal(rc["rank_before"].to_numpy(), rb.loc[rc.index].to_numpy())
        np.testing.assert_array_equal(rc["rank_change"].to_numpy(), (rb - ra).loc[rc.index].to_numpy())
        assert rc["rank_change"].is_monotonic_decreasing
