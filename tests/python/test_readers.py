"""Readers on the real data sets in ../shared/data, checked against pandas."""

import numpy as np
import pandas as pd
import pytest

import onakit as ona

from conftest import data_file, oracle_file


def tie_frame(g):
    return g.to_pandas().set_index(["source", "target"])["weight"].sort_index()


def test_jhu_enron_roles_and_ties_equal_pandas_groupby():
    path = data_file("enron-jhu-igraphdata/edges.csv")
    log = ona.read_email_csv(path, sender="from", recipients="to", timestamp="time", role="reciptype",
                             recipient_sep=None)
    assert log.num_messages == 125_409
    roles = log.to_pandas()["role"].value_counts()
    assert roles["to"] == 81_023 and roles["cc"] == 22_193 and roles["bcc"] == 22_193
    raw = pd.read_csv(path)
    for weights in ({}, {"cc": 0.5, "bcc": 0.25}):
        g = ona.build_graph(log, role_weights=weights)
        raw["w"] = raw["reciptype"].map({"to": 1.0, **{"cc": 1.0, "bcc": 1.0}, **weights})
        ref = raw[raw["from"] != raw["to"]].groupby(["from", "to"])["w"].sum()
        ref.index.names = ["source", "target"]
        ours = tie_frame(g)
        ours.index = ours.index.set_levels([lvl.astype(int) for lvl in ours.index.levels])
        ours = ours.sort_index()
        ref = ref.sort_index()
        assert len(ours) == len(ref)
        np.testing.assert_array_equal(ours.index.to_numpy(), ref.index.to_numpy())
        np.testing.assert_allclose(ours.to_numpy(), ref.to_numpy(), rtol=1e-12)
    assert g.build_report["pairs_self"] == 16_483


def test_radoslaw_csv_and_konect_copy_agree():
    log = ona.read_email_csv(data_file("radoslaw_email/communication.csv"), sender="Sender",
                             recipients="Recipient", timestamp="EventDate")
    assert log.num_messages == 82_927 and len(log.people) == 167
    lo, hi = log.time_span
    assert lo == pd.Timestamp("2010-01-02 05:40:10", tz="UTC") or lo.year == 2010
    konect = ona.read_edgelist(data_file("radoslaw_email/out.radoslaw_email_email"))
    assert konect.num_messages == 82_927 and len(konect.people) == 167
    assert konect.people.dtype.kind == "i"  # "auto" node type: integer labels
    a = ona.build_graph(log, self_loops=True)
    b = ona.build_graph(konect, self_loops=True)
    # Same data, different numbering: same multiset of tie weights.
    assert sorted(a.to_pandas()["weight"]) == sorted(b.to_pandas()["weight"])
    # KONECT times are the Dataverse times read as UTC.
    assert konect.time_span == log.time_span


def test_email_eu_core_and_temporal():
    g = ona.build_graph(ona.read_edgelist(data_file("email-Eu-core/email-Eu-core.txt")), self_loops=True)
    assert g.number_of_ties == 25_571
    log = ona.read_edgelist(data_file("email-Eu-core-temporal/email-Eu-core-temporal.txt.gz"), third="time")
    assert log.num_messages == 332_334 and len(log.people) == 986
    t = ona.build_graph(log)
    assert t.number_of_ties == 24_929
    lo, hi = log.time_span
    assert (hi - lo).total_seconds() == 69_459_254


def test_weighted_edgelist_with_header_equals_pandas():
    path = oracle_file("ukfaculty/edges.csv")  # a networkx graph in the same layout without the data
    g = ona.build_graph(ona.read_edgelist(path))
    raw = pd.read_csv(path)
    ref = raw.groupby(["from", "to"])["weight"].sum()
    ours = g.to_pandas().set_index(["source", "target"])["weight"]
    assert g.number_of_people == len(set(raw["from"]) | set(raw["to"]))
    assert ours.to_dict() == ref.to_dict()


def test_weighted_edgelists_with_headers():
    uk = ona.read_edgelist(data_file("ukfaculty/edges.csv"))
    g = ona.build_graph(uk)
    assert g.number_of_people == 81 and g.number_of_ties == 817
    dnc = ona.build_graph(ona.read_edgelist(data_file("dnc-corecipient/out.dnc-corecipient")), directed=False)
    assert dnc.number_of_people == 906
    assert dnc.to_pandas()["weight"].sum() == 136_602


def test_strict_and_lenient_reading(tmp_path):
    p = tmp_path / "log.csv"
    p.write_text("sender,recipients,timestamp\n"
                 "a,b;c,2024-01-01T10:00:00Z\n"
                 ",b,2024-01-01T10:00:00Z\n"
                 "a,b,2024-02-30\n"
                 "b,a;;c,1704103200\n")
    with pytest.raises(ona.ParseError) as e:
        ona.read_email_csv(p)
    assert e.value.file.endswith("log.csv") and e.value.line == 3 and isinstance(e.value, ValueError)
    log = ona.read_email_csv(p, errors="skip")
    r = log.report
    assert r["records_read"] == 4 and r["records_kept"] == 2
    assert r["skipped"] == {"empty sender": 1, "bad timestamp": 1}
    assert r["dropped"] == {"empty recipient": 1}
    with pytest.raises(FileNotFoundError):
        ona.read_email_csv(tmp_path / "missing.csv")
    with pytest.raises(ona.ParseError, match="sender"):
        ona.read_email_csv(p, sender="From")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(ValueError):
        ona.read_email_csv(empty)
