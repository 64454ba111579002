"""Labels and groups: one matching rule everywhere, never an empty or perfect answer by accident (issue 13).

The real case: radoslaw_email's communication.csv read by ``read_email_csv``
labels people '17' (str), while ``pd.read_csv("reportsto.csv")`` keys the
hierarchy by 17 (int). Every group-level function must give the same,
non-empty answer as with matching types.
"""

import json
import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest

import onakit as ona
from conftest import data_file

matplotlib.use("Agg")

RADOSLAW = "radoslaw_email/communication.csv"
CSV_KW = dict(sender="Sender", recipients="Recipient", timestamp="EventDate", recipient_sep=None)
ROLES = ["coordinator", "itinerant", "representative", "gatekeeper", "liaison"]


@pytest.fixture(scope="module")
def rado():
    log = ona.read_email_csv(data_file(RADOSLAW), **CSV_KW)
    hier = pd.read_csv(data_file("radoslaw_email/reportsto.csv"))
    by_int = hier.set_index("ID")["ReportsToID"]          # keys 17 (int), as pandas reads them
    by_str = by_int.copy()
    by_str.index = by_str.index.astype(str)                # keys '17', matching the log's labels
    return {"log": log, "g": ona.build_graph(log), "int": by_int, "str": by_str}


def _same(a, b):
    """Two results of a group-level function are equal (frames, series, floats, graphs, reports)."""
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
        assert a.attrs == b.attrs
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b)
        assert a.attrs == b.attrs
    elif isinstance(a, ona.Graph):
        assert a.people.equals(b.people)
        pd.testing.assert_frame_equal(a.to_pandas(), b.to_pandas())
    elif isinstance(a, ona.TieChange):
        pd.testing.assert_frame_equal(a.group_pairs, b.group_pairs)
        pd.testing.assert_frame_equal(a.people, b.people)
    else:
        assert a == b


def _size(x) -> int:
    """How much group-level content a result has (0 = the empty answer of the bug)."""
    if isinstance(x, ona.Graph):
        return x.number_of_ties
    if isinstance(x, ona.TieChange):
        return len(x.group_pairs)
    if isinstance(x, pd.DataFrame) and "group" in x.columns:  # per-person tables: people with a group
        return int(x["group"].notna().sum())
    if isinstance(x, (pd.DataFrame, pd.Series)):
        return int(np.isfinite(pd.DataFrame(x).select_dtypes("number").to_numpy(dtype=float)).sum())
    return int(np.isfinite(x))


def _halves(log) -> tuple[ona.Graph, ona.Graph]:
    graphs = ona.build_graphs(log, "M")
    return graphs.iloc[0], graphs.iloc[-1]


GROUP_FUNCTIONS = {
    "silo_report": lambda g, log, gr: ona.silo_report(g, gr, permutations=50),
    "silo_trend": lambda g, log, gr: ona.silo_trend(log, gr, freq="M"),
    "mixing_matrix": lambda g, log, gr: ona.mixing_matrix(g, gr),
    "group_graph": lambda g, log, gr: ona.group_graph(g, gr),
    "ei_index_org": lambda g, log, gr: ona.ei_index(g, gr, permutations=50),
    "ei_index_group": lambda g, log, gr: ona.ei_index(g, gr, level="group", permutations=50),
    "ei_index_node": lambda g, log, gr: ona.ei_index(g, gr, level="node"),
    "modularity": lambda g, log, gr: ona.modularity(g, gr),
    "assortativity": lambda g, log, gr: ona.assortativity(g, gr),
    "insularity": lambda g, log, gr: ona.insularity(g, gr),
    "conductance": lambda g, log, gr: ona.conductance(g, gr),
    "tie_change": lambda g, log, gr: ona.tie_change(*_halves(log), groups=gr),
    "boundary_spanners": lambda g, log, gr: ona.boundary_spanners(g, gr),
    "brokerage": lambda g, log, gr: ona.brokerage(g, gr),
    "person_metrics": lambda g, log, gr: ona.person_metrics(g, gr),
}


@pytest.mark.parametrize("name", sorted(GROUP_FUNCTIONS))
def test_int_keys_match_str_people(rado, name):
    fn = GROUP_FUNCTIONS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # 154 of 167 people have a group: no warning either
        mismatched = fn(rado["g"], rado["log"], rado["int"])
    matched = fn(rado["g"], rado["log"], rado["str"])
    assert _size(matched) > 0
    _same(mismatched, matched)


@pytest.mark.parametrize("name", sorted(GROUP_FUNCTIONS))
def test_str_keys_match_int_people(rado, name):
    """The other direction: the log read with nodetype=int, the groups keyed by str."""
    log = ona.read_email_csv(data_file(RADOSLAW), **CSV_KW, nodetype=int)
    g = ona.build_graph(log)
    fn = GROUP_FUNCTIONS[name]
    got = fn(g, log, rado["str"])
    want = fn(g, log, rado["int"])
    assert _size(want) > 0
    _same(got, want)


def test_mixing_matches_an_independent_count(rado):
    """Oracle: the mixing matrix equals a pandas crosstab of the tie table with groups joined by text."""
    g, gr = rado["g"], rado["int"]
    ties = g.to_pandas()
    by_text = {str(k): v for k, v in gr.items()}
    ties["a"] = ties["source"].map(by_text)
    ties["b"] = ties["target"].map(by_text)
    ties = ties.dropna(subset=["a", "b"])
    want = pd.crosstab(ties["a"].astype(int), ties["b"].astype(int), values=ties["weight"], aggfunc="sum").fillna(0)
    got = ona.mixing_matrix(g, gr, min_group_size=None)
    assert got.to_numpy().sum() == pytest.approx(ties["weight"].sum()) and got.to_numpy().sum() > 0
    pd.testing.assert_frame_equal(got.loc[want.index, want.columns], want, check_names=False)
    assert got.attrs["ungrouped"] == 13  # the 13 accounts missing from the hierarchy (README of the data set)


def test_report_matches_across_label_types(rado):
    a = ona.report(rado["log"], rado["int"], permutations=50, layout=False)
    b = ona.report(rado["log"], rado["str"], permutations=50, layout=False)
    assert len(a.tables["groups"]) > 1
    pd.testing.assert_frame_equal(a.tables["groups"], b.tables["groups"])


# ---- no match at all: an error naming both sides; a partial match: a warning ----------
UNMATCHABLE = sorted(set(GROUP_FUNCTIONS) - {"silo_trend", "tie_change"})


@pytest.mark.parametrize("name", UNMATCHABLE + ["silo_trend", "tie_change"])
def test_unmatchable_keys_raise_naming_types(rado, name):
    far = rado["int"].copy()
    far.index = far.index + 1000  # ints that are nobody's label, even as text
    with pytest.raises(ValueError, match=r"no person of the graph has a group") as err:
        GROUP_FUNCTIONS[name](rado["g"], rado["log"], far)
    msg = str(err.value)
    assert "people are str ('17'" in msg and "group keys are int (1" in msg and "0 of 167 people" in msg


def test_unmatchable_mapping_and_array(rado):
    g = rado["g"]
    with pytest.raises(ValueError, match=r"people are str .*group keys are str \('p17'"):
        ona.silo_report(g, {"p17": "a", "p23": "b"}, permutations=0)
    with pytest.raises(ValueError, match=r"every entry of the array is missing"):
        ona.mixing_matrix(g, [None] * g.number_of_people)


def test_address_keys_are_masked_when_people_have_none(rado):
    """A pseudonymised (or id-labelled) graph: the message must not echo addresses from the keys."""
    with pytest.raises(ValueError) as err:
        ona.mixing_matrix(rado["g"], {"ann@corp.example": "x", "bob@corp.example": "y"})
    assert "@" not in str(err.value) and "<address>" in str(err.value)


def test_partial_match_warns_with_count_and_examples(rado):
    g = rado["g"]
    part = rado["int"].iloc[:50]  # 50 of the 154 hierarchy rows
    covered = int(pd.Index(part.index.astype(str)).isin(g.people).sum())
    assert 0 < covered < g.number_of_people / 2
    with pytest.warns(UserWarning, match=rf"only {covered} of 167 people of the graph have a group") as rec:
        report = ona.silo_report(g, part, permutations=0, min_group_size=None)
    assert len(rec) == 1 and "(str ('" in str(rec[0].message)
    assert rec[0].filename == __file__  # points at the caller, not at onakit
    assert report["size"].sum() == covered


def test_half_or_more_does_not_warn(rado):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ona.mixing_matrix(rado["g"], rado["int"].iloc[:100])  # 100 of 167


# ---- compare_partitions -------------------------------------------------------------
def test_compare_partitions_refuses_disjoint_people(rado):
    comm = ona.communities(rado["g"], seed=0)
    other = pd.Series(comm.to_numpy(), index=[f"x{p}" for p in comm.index])
    with pytest.raises(ValueError, match=r"share 0 people .*167 only in a, 167 only in b"):
        ona.compare_partitions(comm, other)
    with pytest.raises(ValueError, match=r"share 1 person"):
        ona.compare_partitions(comm, other.rename(index={other.index[0]: comm.index[0]}))
    with pytest.raises(ValueError, match=r"share 0 people"):
        ona.compare_partitions([1, None, 2], [None, 3, None])


def test_compare_partitions_matches_labels_by_the_rule(rado):
    comm = ona.communities(rado["g"], seed=0)  # str people '17'
    got = ona.compare_partitions(comm, rado["int"])
    want = ona.compare_partitions(comm, rado["str"])
    pd.testing.assert_series_equal(got, want)
    assert got.attrs == want.attrs and got.attrs["people"] == 154 and 0 < got["nmi"] < 1


# ---- brokerage and boundary spanners: ungrouped people alike ------------------------
def test_ungrouped_people_are_left_out_of_brokerage_alike(rado):
    g, gr = rado["g"], rado["int"]
    roles = ona.brokerage(g, gr)  # raised before: 13 people have no group
    spans = ona.boundary_spanners(g, gr)
    pd.testing.assert_frame_equal(roles[ROLES], spans[ROLES])
    assert (roles["total"] == spans["brokerage_total"]).all()
    ungrouped = spans["group"].isna()
    assert ungrouped.sum() == roles.attrs["ungrouped"] == 13
    assert (roles.loc[ungrouped].to_numpy() == 0).all() and roles["total"].sum() > 0
    # Oracle: the counts equal brokerage on the graph of grouped people only
    # (two-paths touching an ungrouped person are exactly the ones removed).
    ties = g.to_pandas()
    keep = set(g.people[~ungrouped.to_numpy()])
    sub = ona.Graph.from_pandas(ties[ties["source"].isin(keep) & ties["target"].isin(keep)], weight="weight",
                                people=g.people[~ungrouped.to_numpy()])  # not to_pandas' people, who include the ungrouped
    alone = ona.brokerage(sub, {p: gr[int(p)] for p in sub.people})
    pd.testing.assert_frame_equal(roles.loc[alone.index], alone, check_names=False)
    pm = ona.person_metrics(g, gr)
    assert (pm[ROLES].to_numpy() == roles.loc[pm.index, ROLES].to_numpy()).all()
    assert (pm["brokerage_total"] == roles["total"]).all()


# ---- label dtypes --------------------------------------------------------------------
def test_from_pandas_keeps_int_labels(rado):
    df = pd.read_csv(data_file(RADOSLAW), sep=";")
    g = ona.Graph.from_pandas(df, "Sender", "Recipient")
    assert g.people.dtype == np.int64
    ints = ona.read_email_csv(data_file(RADOSLAW), **CSV_KW, nodetype=int)
    assert sorted(g.people) == sorted(ints.people)
    named = ona.Graph.from_pandas(pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"]}))
    assert not pd.api.types.is_numeric_dtype(named.people.dtype) and list(named.people) == ["a", "b", "c"]


def test_read_email_csv_nodetype(rado, tmp_path):
    ints = ona.read_email_csv(data_file(RADOSLAW), **CSV_KW, nodetype=int)
    auto = ona.read_email_csv(data_file(RADOSLAW), **CSV_KW, nodetype="auto")
    assert ints.people.dtype == np.int64 and auto.people.equals(ints.people)
    assert list(ints.people.astype(str)) == list(rado["log"].people)
    assert rado["log"].people.dtype == object  # the default keeps the labels as written
    g = ona.build_graph(ints)
    ties, want = g.to_pandas(), rado["g"].to_pandas()
    assert ties["source"].map(str).tolist() == want["source"].tolist() and ties["weight"].equals(want["weight"])
    mail = tmp_path / "mail.csv"
    mail.write_text("sender,recipients,timestamp\nann@x.org,17,2024-01-01T00:00:00Z\n")
    with pytest.raises(ona.OptionError, match=r"nodetype=int, but the person label 'ann@x.org' is not an integer"):
        ona.read_email_csv(mail, nodetype=int)
    assert ona.read_email_csv(mail, nodetype="auto").people.dtype == object
    with pytest.raises(ona.OptionError, match=r"nodetype must be"):
        ona.read_email_csv(mail, nodetype=float)


def test_read_jsonl_nodetype(tmp_path):
    rows = pd.read_csv(data_file(RADOSLAW), sep=";", nrows=500)
    path = tmp_path / "rado.jsonl"
    path.write_text("".join(json.dumps({"sender": str(r.Sender), "recipients": [str(r.Recipient)],
                                        "timestamp": str(r.EventDate).replace(" ", "T") + "Z"}) + "\n"
                            for r in rows.itertuples()))
    as_int = ona.read_jsonl(path, nodetype=int)
    as_str = ona.read_jsonl(path)
    assert as_int.people.dtype == np.int64 and as_str.people.dtype == object
    assert list(as_int.people.astype(str)) == list(as_str.people)
    assert set(as_int.people) == set(rows["Sender"]) | set(rows["Recipient"])


def test_seven_and_oh_seven_are_not_merged(tmp_path):
    path = tmp_path / "ids.csv"
    path.write_text("sender,recipients\n7,07\n")
    assert list(ona.read_email_csv(path, timestamp=None, nodetype="auto").people) == ["7", "07"]
    with pytest.raises(ona.OptionError, match=r"'7' and '07' are the same integer"):
        ona.read_email_csv(path, timestamp=None, nodetype=int)


# ---- the suppressed row among int groups ----------------------------------------------
def test_suppressed_row_sorts_and_plots_among_int_groups(rado):
    import matplotlib.pyplot as plt

    report = ona.silo_report(rado["g"], rado["int"], permutations=0)
    label = f"(suppressed: {report.attrs['suppressed_groups']} groups < 5)"
    assert report.attrs["suppressed_groups"] > 0 and label in report.index
    assert isinstance(report.loc[label, "size"], (int, np.integer))  # still found by its text
    ordered = report.sort_index()
    assert ordered.index[-1] == label and isinstance(ordered.index[-1], ona.SummaryLabel)
    ints = list(ordered.index[:-1])
    assert ints == sorted(ints) and all(isinstance(x, (int, np.integer)) for x in ints)
    ax = ordered["size"].plot.bar()
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == label
    plt.close(ax.figure)
    mixing = ona.mixing_matrix(rado["g"], rado["int"])
    assert mixing.sort_index().sort_index(axis=1).index[-1] == label
    trend = ona.silo_trend(rado["log"], rado["int"], freq="M")
    cols = trend["ei"].sort_index(axis=1).columns
    assert list(cols[-2:]) == ["(organisation)", label]  # two summary labels sort as text, after the groups


def test_summary_label_is_a_plain_string_otherwise():
    import pickle

    s = ona.SummaryLabel("(suppressed: 2 groups < 5)")
    assert s == "(suppressed: 2 groups < 5)" and hash(s) == hash("(suppressed: 2 groups < 5)")
    assert list(pd.Index([s, 3, 1]).sort_values()) == [1, 3, s]
    assert sorted(["zeta", s, "a"]) == ["a", "zeta", s]
    assert s > 10**9 and s > "zzz" and not s < "a" and 3 < s
    assert pickle.loads(pickle.dumps(s)) == s and isinstance(pickle.loads(pickle.dumps(s)), ona.SummaryLabel)


def test_report_warns_about_coverage_once(rado):
    part = rado["int"].iloc[:50]
    with pytest.warns(UserWarning) as rec:
        rep = ona.report(rado["log"], part, permutations=9, layout=False)
    coverage = [str(w.message) for w in rec if "have a group" in str(w.message)]
    assert len(coverage) == 1 and coverage[0].startswith("report: groups: only ")
    assert len(rep.tables["groups"]) > 0


def test_float_keys_and_padded_text_match_too(rado):
    """pandas reads an id column with a gap as floats (17.0); HR exports pad ids (' 17 '): both match '17'."""
    want = ona.mixing_matrix(rado["g"], rado["str"])
    floats = rado["int"].copy()
    floats.index = floats.index.astype(float)
    padded = rado["str"].copy()
    padded.index = [f" {k} " for k in padded.index]
    for keyed in (floats, padded, dict(floats.items())):
        _same(ona.mixing_matrix(rado["g"], keyed), want)


def test_labels_equal_as_text_are_refused():
    """Person 1 and person "1" print alike in every table and file, so a tie table holding both is refused,
    naming the row (issue #16: labels colliding after str() are an error, never two people nobody can tell apart)."""
    with pytest.raises(ona.ParseError, match="same text"):
        ona.Graph.from_pandas(pd.DataFrame({"source": [1, "1"], "target": ["1", 2]}, dtype=object))