import numpy as np
import pandas as pd
import pytest

import onakit as ona


def frame():
    return pd.DataFrame({
        "sender": ["ann", "bob", "ann", "cy"],
        "recipients": ["bob;cy", "ann", " bob ", "cy;ann"],
        "timestamp": ["2024-01-08T09:00:00Z", "2024-01-08 10:00:00", "2024-01-09T09:00:00+01:00", "2024-01-10"],
    })


def test_from_pandas_splits_recipients_and_reports():
    log = ona.MessageLog.from_pandas(frame())
    assert log.num_messages == 4 and log.num_pairs == 6
    assert list(log.people) == ["ann", "bob", "cy"]
    r = log.report
    assert r["records_read"] == 4 and r["records_kept"] == 4 and r["messages"] == 4
    df = log.to_pandas()
    assert list(df.columns[:5]) == ["message", "sender", "recipient", "role", "timestamp"]
    assert df.loc[df.message == 2, "timestamp"].iloc[0] == pd.Timestamp("2024-01-09T08:00:00Z")


def test_build_graph_count_split_roles():
    log = ona.MessageLog.from_pandas(frame())
    g = ona.build_graph(log)
    t = g.to_pandas().set_index(["source", "target"])["weight"]
    assert t[("ann", "bob")] == 2 and t[("ann", "cy")] == 1
    assert ("cy", "cy") not in t.index  # self-tie dropped
    assert g.build_report["pairs_self"] == 1
    s = ona.build_graph(log, weighting="split").to_pandas().set_index(["source", "target"])["weight"]
    assert s[("ann", "bob")] == pytest.approx(1.5)


def test_build_graph_window_decay_and_options():
    log = ona.MessageLog.from_pandas(frame())
    g = ona.build_graph(log, start="2024-01-08T09:30", end="2024-01-10")
    assert g.build_report["messages_outside_window"] == 2
    d = ona.build_graph(log, half_life="1D", reference_time="2024-01-10T08:00:00Z")
    w = d.to_pandas().set_index(["source", "target"])["weight"]
    assert w[("ann", "bob")] == pytest.approx(2 ** -(47 / 24) + 2 ** -1)
    r = ona.build_graph(log, reciprocal=True)
    assert r.number_of_ties == 4  # ann<->bob, ann<->cy
    u = ona.build_graph(log, directed=False)
    assert not u.directed and u.number_of_ties == 2
    with pytest.raises(ona.OptionError):
        ona.build_graph(log, weighting="bogus")
    with pytest.raises(ona.OptionError, match="unknown role"):
        ona.build_graph(log, role_weights={"fwd": 1})


def test_roles_and_message_ids():
    df = pd.DataFrame({"id": ["m1", "m1", "m2"], "from": ["a", "a", "b"], "to": ["b", "c", "a"],
                       "type": ["TO", "cc", "bcc"], "t": [1_700_000_000, 1_700_000_000, 1_700_000_100]})
    log = ona.MessageLog.from_pandas(df, sender="from", recipients="to", timestamp="t", role="type",
                                     message_id="id", recipient_sep=None)
    assert log.num_messages == 2 and log.num_pairs == 3
    g = ona.build_graph(log, weighting="split", role_weights={"cc": 0.5})
    w = g.to_pandas().set_index(["source", "target"])["weight"]
    assert w[("a", "b")] == pytest.approx(0.5) and w[("a", "c")] == pytest.approx(0.25)
    assert log.to_pandas()["role"].tolist() == ["to", "cc", "bcc"]


def test_bad_rows_strict_and_skip():
    df = pd.DataFrame({"sender": ["a", None, "c", "d"], "recipients": ["b", "a", ";", "a"],
                       "timestamp": ["2024-01-01", "2024-01-01", "2024-01-01", "not a time"]})
    with pytest.raises(ona.ParseError) as e:
        ona.MessageLog.from_pandas(df)
    assert isinstance(e.value, ValueError) and e.value.line == 2 and e.value.reason == "empty sender"
    log = ona.MessageLog.from_pandas(df, errors="skip")
    r = log.report
    assert r["skipped"] == {"empty sender": 1, "bad timestamp": 1, "no recipients": 1}
    assert r["records_read"] == r["records_kept"] + sum(r["skipped"].values())
    assert log.num_messages == 1


def test_synthetic_org_is_seeded_and_has_planted_silo():
    log, people = ona.synthetic_org(people=300, departments=6, weeks=4, seed=3)
    log2, people2 = ona.synthetic_org(people=300, departments=6, weeks=4, seed=3)
    assert log.to_pandas().equals(log2.to_pandas()) and people.equals(people2)
    assert len(people) == 300 and people["department"].nunique() == 6
    assert people.index.equals(log.people)
    g = ona.build_graph(log)
    ties = g.to_pandas()
    dept = people["department"].astype(str)
    ties["same"] = dept.loc[ties.source].to_numpy() == dept.loc[ties.target].to_numpy()
    ties["dept"] = dept.loc[ties.source].to_numpy()
    external = 1 - ties[ties.same].groupby("dept")["weight"].sum() / ties.groupby("dept")["weight"].sum()
    silo = people.attrs["silo_department"]
    assert external.idxmin() == silo
    assert external[silo] < 0.5 * external.drop(silo).min()
    assert "MessageLog(messages=" in repr(log)
