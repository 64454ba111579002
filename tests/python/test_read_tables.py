"""Viva person-to-person, Exchange message trace and HR people tables."""

import csv

import pandas as pd
import pytest

import onakit as ona
from conftest import data_file

# ---- Viva Insights person-to-person ---------------------------------------

VIVA = (
    "\ufeffMetricDate,PrimaryCollaborator_PersonId,SecondaryCollaborator_PersonId,Collaboration_hours,Email_count,"
    "PrimaryCollaborator_Organization,PrimaryCollaborator_LevelDesignation,SecondaryCollaborator_LevelDesignation,"
    "SecondaryCollaborator_Organization\r\n"
    '3/3/2024,p1,p2,1.5,4,Sales,Manager,IC,"Finance, EMEA"\r\n'
    '3/3/2024,p2,p1,0.25,1,"Finance, EMEA",IC,Manager,Sales\r\n'
    '3/10/2024,p1,p2,2,6,Sales,Manager,IC,"Finance, EMEA"\r\n'
    "3/10/2024,p1,p3,0,0,Sales,Manager,,Legal\r\n"
    "3/10/2024,p3,p1,0.5,2,Legal,Director,Manager,Sales\r\n"
)


@pytest.fixture
def viva_path(tmp_path):
    p = tmp_path / "p2p.csv"
    p.write_bytes(VIVA.encode("utf-8"))
    return p


def test_viva_weights_and_people_table(viva_path):
    log = ona.read_viva_p2p(viva_path, weight="Collaboration_hours")
    # Oracle: the standard library's csv module on the same text.
    rows = list(csv.DictReader(VIVA.lstrip("\ufeff").splitlines()))
    kept = [r for r in rows if float(r["Collaboration_hours"]) > 0]
    assert log.num_messages == len(kept) == 4
    assert list(log.people) == ["p1", "p2", "p3"]
    df = log.to_pandas()
    assert df["weight"].tolist() == [float(r["Collaboration_hours"]) for r in kept]
    assert df["sender"].tolist() == [r["PrimaryCollaborator_PersonId"] for r in kept]
    assert df["recipient"].tolist() == [r["SecondaryCollaborator_PersonId"] for r in kept]
    assert log.report["skipped"] == {"zero weight": 1}
    assert log.report["records_read"] == log.report["records_kept"] + 1
    assert log.time_span == (pd.Timestamp("2024-03-03", tz="UTC"), pd.Timestamp("2024-03-10", tz="UTC"))

    t = log.people_table
    assert list(t.index) == list(log.people)
    assert list(t.columns) == ["Organization", "LevelDesignation"]
    # Joined by id: every person's attributes match each row that names them.
    for r in kept:
        for side in ("Primary", "Secondary"):
            pid = r[f"{side}Collaborator_PersonId"]
            for attr in ("Organization", "LevelDesignation"):
                v = r[f"{side}Collaborator_{attr}"]
                if v:
                    assert t.loc[pid, attr] == v
    g = ona.build_graph(log)
    ties = g.to_pandas().set_index(["source", "target"])["weight"]
    assert ties[("p1", "p2")] == pytest.approx(3.5, abs=1e-12)


def test_viva_errors_and_options(viva_path, tmp_path):
    with pytest.raises(FileNotFoundError):
        ona.read_viva_p2p(tmp_path / "nope.csv", weight="Email_count")
    with pytest.raises(ona.ParseError, match="Focus_hours"):
        ona.read_viva_p2p(viva_path, weight="Focus_hours")
    log = ona.read_viva_p2p(viva_path, weight="email_count", date=None)
    assert log.to_pandas()["weight"].tolist() == [4.0, 1.0, 6.0, 2.0]
    assert log.time_span == (None, None)

    bad = tmp_path / "bad.csv"
    bad.write_text("PrimaryCollaborator_PersonId,SecondaryCollaborator_PersonId,Email_count\n"
                   "a,b,1\na,b,many\n,b,1\nb,a,2\n")
    with pytest.raises(ona.ParseError) as e:
        ona.read_viva_p2p(bad, weight="Email_count")
    assert e.value.line == 3 and e.value.reason == "bad weight"
    log = ona.read_viva_p2p(bad, weight="Email_count", errors="skip")
    assert log.report["skipped"] == {"bad weight": 1, "empty primary": 1}
    assert log.report["records_kept"] == 2


def test_viva_pseudonymize_key_rekeys_ids(viva_path):
    key = b"viva-key"
    log = ona.read_viva_p2p(viva_path, weight="Collaboration_hours", pseudonymize_key=key)
    ids = ona.Identities(pseudonymize_key=key)
    assert list(log.people) == [ids.resolve(p) for p in ("p1", "p2", "p3")]
    assert log.people_table.loc[ids.resolve("p3"), "Organization"] == "Legal"


# ---- Exchange message trace ------------------------------------------------

TRACE = (
    "#TYPE Deserialized.Microsoft.Exchange.Management.FfoReporting.MessageTrace\r\n"
    '"Received","SenderAddress","RecipientAddress","Subject","Status","Size","MessageId","MessageTraceId"\r\n'
    '"2024-03-01T10:15:00.1234567Z","cat@corp.example","ann@corp.example","Re: ""Q1"", budget","Delivered",'
    '"20480","<m2@corp.example>","b3c1"\r\n'
    '"2024-03-01T09:00:02.5000000Z","ann@corp.example","cat@corp.example","Plan","Delivered","5120",'
    '"<m1@corp.example>","a1f0"\r\n'
    '"2024-03-01T09:00:00.1234567Z","ann@corp.example","bob@corp.example","Plan","Delivered","5120",'
    '"<m1@corp.example>","a1f1"\r\n'
    '"2024-03-01T09:00:00.1234567Z","ann@corp.example","bob@corp.example","Plan","Delivered","5120",'
    '"<m1@corp.example>","a1f1"\r\n'
    '"2024-03-01T09:00:01.0000000Z","ann@corp.example","x@vendor.example","Plan","Delivered","5120",'
    '"<m1@corp.example>","a1f3"\r\n'
    '"3/1/2024 8:59:59 AM","bob@corp.example","nobody@corp.example","Hi","Failed","900","<m0@corp.example>","9d00"\r\n'
    '"3/1/2024 8:30:00 PM","bob@corp.example","ann@corp.example","Hi","Delivered","900","<m3@corp.example>","9d01"\r\n'
)


@pytest.fixture
def trace_path(tmp_path):
    p = tmp_path / "MessageTrace.csv"
    p.write_bytes(TRACE.encode("utf-8"))
    return p


def test_message_trace_groups_delivered_rows(trace_path):
    log = ona.read_message_trace(trace_path, internal_domains=["corp.example"])
    # Oracle: csv module; delivered, internal, de-duplicated (message id, recipient) pairs.
    rows = list(csv.DictReader(TRACE.splitlines()[1:]))
    pairs = []
    for r in rows:
        if r["Status"] == "Delivered" and r["RecipientAddress"].endswith("@corp.example"):
            p = (r["MessageId"], r["SenderAddress"], r["RecipientAddress"])
            if p not in pairs:
                pairs.append(p)
    assert log.num_pairs == len(pairs) == 4
    assert log.num_messages == len({p[0] for p in pairs}) == 3
    df = log.to_pandas()
    assert df["message_id"].unique().tolist() == ["<m2@corp.example>", "<m1@corp.example>", "<m3@corp.example>"]
    assert list(zip(df["message_id"], df["sender"], df["recipient"])) == sorted(
        pairs, key=lambda p: ["<m2@corp.example>", "<m1@corp.example>", "<m3@corp.example>"].index(p[0]))
    rep = log.report
    assert rep["skipped"] == {"duplicate row": 1, "status Failed": 1, "no recipients after identity rules": 1}
    assert rep["records_read"] == len(rows) == rep["records_kept"] + sum(rep["skipped"].values())
    times = df.groupby("message_id", sort=False)["timestamp"].first()
    assert times["<m1@corp.example>"] == pd.Timestamp("2024-03-01T09:00:00.123456", tz="UTC")  # earliest row
    assert times["<m3@corp.example>"] == pd.Timestamp("2024-03-01T20:30:00", tz="UTC")  # 8:30:00 PM
    assert "nobody@corp.example" not in set(log.people)


def test_message_trace_strict_skip_and_pseudonyms(trace_path, tmp_path):
    with pytest.raises(FileNotFoundError):
        ona.read_message_trace(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("Received,SenderAddress,RecipientAddress,Status,MessageId\n"
                   "2024-03-01T09:00:00Z,a@x,b@x,Delivered,<1>\n"
                   "yesterday,a@x,b@x,Delivered,<2>\n"
                   "2024-03-01T09:00:00Z,c@x,b@x,Delivered,<1>\n"
                   "2024-03-01T09:00:00Z,a@x,b@x,Quarantined,<3>\n")
    with pytest.raises(ona.ParseError) as e:
        ona.read_message_trace(bad)
    assert (e.value.line, e.value.reason, e.value.field) == (3, "bad timestamp", "Received")
    log = ona.read_message_trace(bad, errors="skip")
    assert log.report["skipped"] == {"bad timestamp": 1, "message id with two senders": 1, "status Quarantined": 1}

    key = "trace-key"
    log = ona.read_message_trace(trace_path, internal_domains=["corp.example"], pseudonymize_key=key)
    ids = ona.Identities(pseudonymize_key=key)
    assert list(log.people) == [ids.resolve(a) for a in ("cat@corp.example", "ann@corp.example", "bob@corp.example")]
    assert not any("@" in p for p in log.people)
    assert "@" not in repr(log.report)


# ---- HR people tables ------------------------------------------------------

def test_people_enron_by_id():
    edges = data_file("enron-jhu-igraphdata/edges.csv")
    nodes_path = data_file("enron-jhu-igraphdata/nodes.csv")
    log = ona.read_email_csv(edges, sender="from", recipients="to", timestamp="time", role="reciptype",
                             recipient_sep=None)
    hr = ona.read_people(nodes_path, id="id", people=log.people)
    assert list(hr.index) == list(log.people)
    assert hr.attrs["unmatched_people"] == []
    assert hr.attrs["unmatched_rows"] == []
    # Oracle: the standard library's csv module, keyed by id.
    with open(nodes_path, newline="") as f:
        by_id = {r["id"]: r for r in csv.DictReader(f)}
    assert len(by_id) == 184 == len(hr)
    for person in log.people:
        assert hr.loc[person, "name"] == by_id[str(person)]["name"]
        assert hr.loc[person, "note"] == by_id[str(person)]["note"]
    # Hand-checked rows of nodes.csv.
    assert hr.loc["1", "name"] == "Albert Meyers"
    assert hr.loc["2", "note"] == "Vice President"
    # Joined by id, not by position: the log's first person is not id 1.
    assert log.people[0] != "1"


def test_people_radoslaw_hierarchy_reports_unmatched():
    log = ona.read_email_csv(data_file("radoslaw_email/communication.csv"), sender="Sender",
                             recipients="Recipient", timestamp="EventDate", recipient_sep=None)
    assert len(log.people) == 167
    hr = ona.read_people(data_file("radoslaw_email/reportsto.csv"), id="ID", people=log.people)
    missing = [4, 10, 21, 23, 24, 26, 46, 51, 75, 87, 93, 111, 139]
    assert sorted(int(p) for p in hr.attrs["unmatched_people"]) == missing
    assert hr.attrs["unmatched_rows"] == []
    assert hr["ReportsToID"].notna().sum() == 154
    reports = pd.read_csv(data_file("radoslaw_email/reportsto.csv"))
    oracle = dict(zip(reports["ID"].astype(str), reports["ReportsToID"].astype(str)))
    for person, boss in hr["ReportsToID"].dropna().items():
        assert boss == oracle[person]
    assert hr.loc["144", "ReportsToID"] == "19"  # first data row of the file


def test_people_email_eu_core_departments():
    log = ona.read_edgelist(data_file("email-Eu-core/email-Eu-core.txt"))
    labels = data_file("email-Eu-core/email-Eu-core-department-labels.txt")
    hr = ona.read_people(labels, id="node", sep=" ", columns=["node", "department"], people=log.people)
    assert len(hr) == len(log.people) == 1005
    assert hr.attrs["unmatched_people"] == [] and hr.attrs["unmatched_rows"] == []
    with open(labels) as f:
        oracle = dict(line.split() for line in f if line.strip())
    assert all(hr.loc[p, "department"] == oracle[str(p)] for p in log.people)
    counts = hr["department"].value_counts()
    assert counts.index[0] == "4" and counts.iloc[0] == 109  # README: largest dept 4, 109 people
    assert counts.size == 42


def test_people_pseudonymised_emails_and_aliases(tmp_path):
    mail = tmp_path / "mail.csv"
    mail.write_text("sender,recipients,timestamp\n"
                    "ann@corp.example,bob@corp.example;old.cat@corp.example,2024-03-01T09:00:00Z\n"
                    "Bob@Corp.example,dan@corp.example,2024-03-01T10:00:00Z\n")
    key = b"hr-key"
    aliases = {"old.cat@corp.example": "cat@corp.example"}
    log = ona.read_email_csv(mail, pseudonymize_key=key, aliases=aliases)
    assert not any("@" in p for p in log.people)
    hr = pd.DataFrame({
        "email": [" ANN@corp.example", "bob@corp.example", "cat@corp.example", "eve@corp.example"],
        "department": ["Sales", "Ops", "Legal", "HR"],
        "level": [3, 2, 4, 1],
    })
    out = ona.read_people(hr, email="email", people=log.people, pseudonymize_key=key, aliases=aliases)
    ids = ona.Identities(pseudonymize_key=key, aliases=aliases)
    assert out.loc[ids.resolve("ann@corp.example"), "department"] == "Sales"
    assert out.loc[ids.resolve("bob@corp.example"), "level"] == 2
    assert out.loc[ids.resolve("old.cat@corp.example"), "department"] == "Legal"  # via the alias
    assert out.attrs["unmatched_people"] == [ids.resolve("dan@corp.example")]
    assert out.attrs["unmatched_rows"] == [3]  # with a key: row positions, never addresses
    # Without the key nothing can match a pseudonymised log.
    plain = ona.read_people(hr, email="email", people=log.people)
    assert plain.attrs["unmatched_rows"] == ["ANN@corp.example", "bob@corp.example", "cat@corp.example",
                                             "eve@corp.example"]


def test_people_plain_email_match_and_errors(tmp_path):
    mail = tmp_path / "mail.csv"
    mail.write_text("sender,recipients,timestamp\nAnn@Corp.example,bob@corp.example,2024-03-01T09:00:00Z\n")
    log = ona.read_email_csv(mail)
    hr = pd.DataFrame({"mail": ["ann@corp.example", "bob@corp.example", "bob@corp.example"], "site": ["A", "B", "C"]})
    out = ona.read_people(hr, email="mail", people=log)
    assert out.loc["Ann@Corp.example", "site"] == "A"  # canonical (case-folded) match
    assert out.loc["bob@corp.example", "site"] == "B"  # first row wins
    assert out.attrs["duplicate_rows"] == ["bob@corp.example"]
    keyed = ona.read_people(hr.iloc[:2], email="mail")
    assert list(keyed.index) == ["ann@corp.example", "bob@corp.example"]
    with pytest.raises(KeyError):
        ona.read_people(hr, id="employee_id", people=log)
    with pytest.raises(ona.OptionError):
        ona.read_people(hr)
    with pytest.raises(FileNotFoundError):
        ona.read_people(tmp_path / "hr.csv", id="id")
