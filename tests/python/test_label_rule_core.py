"""The label-matching and people-join rules live in C++ (onakit/labels.hpp,
onakit/ingest/people_table.hpp); the façade's LabelMatcher, groups= and
read_people go through them. These tests check the Python faces against
the C++ functions and against pandas oracles on real data."""

import numpy as np
import pandas as pd
import pytest

import onakit as ona
from onakit import _core
from onakit._labels import LabelMatcher
from onakit._read_tables import NAME_COLUMNS
from onakit._results import core_of
from conftest import data_file


@pytest.fixture(scope="module")
def radoslaw():
    log = ona.read_email_csv(data_file("radoslaw_email/communication.csv"), sender="Sender",
                             recipients="Recipient", timestamp="EventDate", recipient_sep=None)
    return log, ona.build_graph(log)


def test_label_matcher_is_the_cpp_rule():
    people = pd.Index(["Ann@X.org", "ann@x.org", "17", "Bob"], dtype=object)
    m = LabelMatcher(people)
    core = _core.label_matcher(list(people))
    for key in ["Ann@X.org", "ANN@X.ORG", " 17 ", "bob", "nobody", "017"]:
        assert m.find(key) == core.find(key)
    assert m.find("ann@x.org") == 1          # exact beats folded
    assert m.find(17) == 2 and m.find(17.0) == 2  # typed keys become text first
    assert m.find(None) == -1 and m.find("  ") == -1


def test_read_people_join_matches_cpp_join_and_a_pandas_oracle(radoslaw, tmp_path):
    log, _ = radoslaw
    reports = pd.read_csv(data_file("radoslaw_email/reportsto.csv"), dtype=str)
    # Damage the table: padded ids, a repeated person, a row for nobody.
    table = reports.copy()
    table.loc[0, "ID"] = "  " + str(table.loc[0, "ID"]) + " "
    table = pd.concat([table, table.iloc[[5]], pd.DataFrame({"ID": ["nobody"], "ReportsToID": ["1"]})],
                      ignore_index=True)
    hr = ona.read_people(table, id="ID", people=log.people)
    ids = [None if pd.isna(x) else str(x).strip() for x in table["ID"]]
    match = _core.join_people([str(p) for p in log.people], ids, [None] * len(ids))
    assert hr.attrs["duplicate_rows"] == [table.loc[i, "ID"].strip() for i in match.duplicate_rows]
    assert hr.attrs["duplicate_rows"] == [reports.loc[5, "ID"]]
    assert hr.attrs["unmatched_rows"] == ["nobody"]
    # Oracle: the first row of each id, by plain dict lookup on the stripped ids.
    first: dict[str, int] = {}
    for i, x in enumerate(ids):
        first.setdefault(x, i)
    people = [str(p) for p in log.people]
    for p, row in zip(people, match.row_of):
        assert row == first.get(p, -1)
    expect = [table.loc[first[p], "ReportsToID"] if p in first else None for p in people]
    assert [None if pd.isna(x) else x for x in hr["ReportsToID"]] == expect


def test_groups_keys_with_spaces_and_floats_find_people(radoslaw):
    log, g = radoslaw
    reports = pd.read_csv(data_file("radoslaw_email/reportsto.csv"))
    exact = dict(zip(reports["ID"], reports["ReportsToID"]))                    # int keys
    padded = {f" {k} ": v for k, v in exact.items()}                             # text keys with spaces
    floats = {float(k): v for k, v in exact.items()}                             # 17.0
    base = ona.ei_index(g, exact, level="group", permutations=0)
    for variant in (padded, floats):
        other = ona.ei_index(g, variant, level="group", permutations=0)
        assert other.attrs["ungrouped"] == base.attrs["ungrouped"] == 13
        pd.testing.assert_frame_equal(other, base)


def test_name_columns_come_from_cpp():
    assert NAME_COLUMNS == frozenset(_core.name_columns)
    assert {"firstname", "displayname", "managername"} <= NAME_COLUMNS
    assert _core.is_name_column("First Name") and _core.is_name_column("display_name")
    assert not _core.is_name_column("Department")


def test_constraint_is_a_centrality_result_in_core(radoslaw):
    _, g = radoslaw
    r = _core.constraint(core_of(g), weighted=True, threads=1)
    assert isinstance(r, _core.centrality_result)
    holes = _core.structural_holes(core_of(g), weighted=True, threads=1)
    np.testing.assert_array_equal(np.asarray(r.scores), np.asarray(holes.constraint))
    s = ona.constraint(g)
    assert s.name == "constraint" and s.index.equals(g.people)
    np.testing.assert_allclose(s.to_numpy(), np.asarray(holes.constraint), rtol=0, atol=0)


def test_brokerage_passes_k_and_checks_codes(radoslaw):
    _, g = radoslaw
    codes = np.zeros(len(g.people), dtype=np.uint32)
    codes[::2] = 1
    with pytest.raises(ona.OptionError, match="group code 1 >= the number of groups 1"):
        _core.brokerage(core_of(g), codes, k=1)
    r = _core.brokerage(core_of(g), codes, k=2)
    frame = ona.brokerage(g, pd.Series(codes, index=g.people))
    np.testing.assert_array_equal(frame["total"].to_numpy(), np.asarray(r.total))
