"""MessageLog.from_pandas goes through the C++ row stage of the file readers
(onakit/ingest/message_rows.hpp): a DataFrame and the file it was read from
give identical logs, graphs and pseudonyms; identity rules, bad rows and the
time forms follow the CSV reader's rules."""

import hashlib
import hmac
import base64

import numpy as np
import pandas as pd
import pytest

import onakit as ona
from conftest import data_file

KEY = b"equivalence-test-key"


def pseudonym(key: bytes, address: str) -> str:
    return base64.b32encode(hmac.new(key, address.encode(), "sha256").digest())[:16].decode().lower()


def assert_same_log(a: ona.MessageLog, b: ona.MessageLog, people_equal=True):
    """Identical logs: people, messages, recipients, roles, times, weights, ids, report counts."""
    if people_equal:
        assert list(a.people) == list(b.people)
    ca, cb = a._core, b._core
    for field in ("senders", "times", "offsets", "recipients", "roles", "weights"):
        np.testing.assert_array_equal(np.asarray(getattr(ca, field)), np.asarray(getattr(cb, field)), err_msg=field)
    assert ca.message_ids == cb.message_ids
    ra, rb = dict(a.report), dict(b.report)
    ra.pop("source"), rb.pop("source")
    assert ra == rb


def assert_same_graph(a: ona.MessageLog, b: ona.MessageLog):
    ga, gb = ona.build_graph(a), ona.build_graph(b)
    pd.testing.assert_frame_equal(ga.to_pandas(), gb.to_pandas())


ENRON = dict(sender="from", recipients="to", timestamp="time", role="reciptype", recipient_sep=None)
RADOSLAW = dict(sender="Sender", recipients="Recipient", timestamp="EventDate")


@pytest.fixture(scope="module")
def enron():
    path = data_file("enron-jhu-igraphdata/edges.csv")
    return path, ona.read_email_csv(path, **ENRON)


@pytest.fixture(scope="module")
def radoslaw():
    path = data_file("radoslaw_email/communication.csv")
    return path, ona.read_email_csv(path, sep=";", **RADOSLAW)


def test_enron_dataframe_equals_file(enron):
    path, from_file = enron
    assert from_file.num_messages == 125_409  # one message per row, none refused
    text = pd.read_csv(path, dtype=str, keep_default_na=False)  # every cell as the file holds it
    assert_same_log(ona.MessageLog.from_pandas(text, **ENRON), from_file)
    assert_same_graph(ona.MessageLog.from_pandas(text, **ENRON), from_file)
    # pandas' own dtypes: integer ids come back as ints, matched by their text
    typed = ona.MessageLog.from_pandas(pd.read_csv(path), **ENRON)
    assert typed.people.dtype.kind == "i"
    assert [str(p) for p in typed.people] == list(from_file.people)
    assert_same_log(typed, from_file, people_equal=False)
    # datetime64 (naive: UTC) gives the times the C++ parser gives the text
    dt = pd.read_csv(path, parse_dates=["time"])
    assert dt["time"].dtype.kind == "M"
    assert_same_log(ona.MessageLog.from_pandas(dt, **ENRON), typed, people_equal=False)


def test_enron_message_ids_group_like_the_file(enron, tmp_path):
    # A message id per (from, time): rows of one email share it.
    path, _ = enron
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df["mid"] = df["from"] + "/" + df["time"]
    csv = tmp_path / "enron_ids.csv"
    df.to_csv(csv, index=False)
    opts = dict(ENRON, message_id="mid")
    a, b = ona.MessageLog.from_pandas(df, **opts), ona.read_email_csv(csv, **opts)
    assert a.num_messages == df.groupby(["from", "time"]).ngroups
    assert_same_log(a, b)
    assert_same_graph(a, b)
    a2 = ona.MessageLog.from_pandas(df, pseudonymize_key=KEY, **opts)
    b2 = ona.read_email_csv(csv, pseudonymize_key=KEY, **opts)
    assert_same_log(a2, b2)
    assert not set(a2._core.message_ids) & set(df["mid"])  # ids stored as keyed pseudonyms


def test_radoslaw_dataframe_equals_file(radoslaw):
    path, from_file = radoslaw
    assert from_file.num_messages == 82_927
    text = pd.read_csv(path, sep=";", dtype=str)
    assert_same_log(ona.MessageLog.from_pandas(text, **RADOSLAW), from_file)
    assert_same_graph(ona.MessageLog.from_pandas(text, **RADOSLAW), from_file)
    typed = ona.MessageLog.from_pandas(pd.read_csv(path, sep=";"), **RADOSLAW)
    assert list(typed.people) == [int(p) for p in from_file.people]
    assert_same_log(typed, from_file, people_equal=False)


@pytest.mark.parametrize("name", ["enron", "radoslaw"])
def test_pseudonyms_equal_the_file_readers(name, enron, radoslaw):
    path, _ = enron if name == "enron" else radoslaw
    opts, sep = (ENRON, ",") if name == "enron" else (RADOSLAW, ";")
    df = pd.read_csv(path, sep=sep)  # integer ids: their text form is pseudonymised, as in the file
    a = ona.MessageLog.from_pandas(df, pseudonymize_key=KEY, **opts)
    b = ona.read_email_csv(path, sep=sep, pseudonymize_key=KEY, **opts)
    assert_same_log(a, b)
    assert_same_graph(a, b)
    raw = {str(x) for x in pd.concat([df[opts["sender"]], df[opts["recipients"]]])}
    assert not raw & set(a.people)
    assert set(a.people) == {pseudonym(KEY, r) for r in raw}


def enron_addresses():
    """The JHU Enron rows with addresses: people with a position in nodes.csv
    at enron.com, the 54 without one at example.org (so some are external)."""
    nodes = pd.read_csv(data_file("enron-jhu-igraphdata/nodes.csv"), keep_default_na=False)
    domain = np.where(nodes["note"].isin(["", "NA"]), "example.org", "enron.com")
    address = dict(zip(nodes["id"], nodes["email"] + "@" + domain))
    edges = pd.read_csv(data_file("enron-jhu-igraphdata/edges.csv"))
    return pd.DataFrame({"from": edges["from"].map(address), "to": edges["to"].map(address),
                         "time": edges["time"], "reciptype": edges["reciptype"]})


def test_internal_domains_drop_is_counted_by_reason(tmp_path):
    df = enron_addresses()
    log = ona.MessageLog.from_pandas(df, internal_domains=["enron.com"], **ENRON)
    external_sender = ~df["from"].str.endswith("@enron.com")
    external_recipient = ~df["to"].str.endswith("@enron.com")
    # one recipient per row: an external recipient leaves the row without recipients
    assert log.report["skipped"] == {"sender external": int(external_sender.sum()),
                                     "no recipients after identity rules": int((~external_sender & external_recipient).sum())}
    assert log.num_messages == int((~external_sender & ~external_recipient).sum()) > 0
    assert all(p.endswith("@enron.com") for p in log.people)
    csv = tmp_path / "enron_addresses.csv"
    df.to_csv(csv, index=False)
    assert_same_log(log, ona.read_email_csv(csv, internal_domains=["enron.com"], **ENRON))
    rules = ona.Identities(internal_domains=["enron.com"], external="fold")
    folded = ona.MessageLog.from_pandas(df, identities=rules, **ENRON)
    assert "external:example.org" in set(folded.people) and folded.num_messages == len(df)
    with pytest.raises(ona.OptionError, match="not both"):
        ona.MessageLog.from_pandas(df, identities=rules, internal_domains=["enron.com"], **ENRON)


def test_pseudonymize_key_leaves_no_raw_address_anywhere():
    df = enron_addresses().iloc[:5000].copy()
    df["mid"] = df["from"] + "|" + df["time"]  # ids that hold addresses
    df.loc[3, "time"] = "not a time"  # a bad row: its error must not show the address either
    log = ona.MessageLog.from_pandas(df, pseudonymize_key=KEY, message_id="mid", errors="skip",
                                     **{k: v for k, v in ENRON.items()})
    assert log.report["skipped"] == {"bad timestamp": 1}
    raw = set(df["from"]) | set(df["to"])
    local_parts = {a.split("@")[0] for a in raw}
    text = " ".join(map(str, log.people)) + " ".join(log._core.message_ids) + repr(log.report) + \
        log.to_pandas().astype(str).to_csv()
    assert not any(p in text for p in local_parts)
    with pytest.raises(ona.ParseError) as e:
        ona.MessageLog.from_pandas(df, pseudonymize_key=KEY, message_id="mid", **ENRON)
    assert e.value.line == 4 and e.value.reason == "bad timestamp"
    assert not any(p in str(e.value) for p in local_parts)
    # a sender address in an error of the id rule is the pseudonym, not the address
    two = pd.DataFrame({"sender": ["ann@corp.example", "bob@corp.example"], "recipients": ["cy@corp.example"] * 2,
                        "mid": ["<1.ann@corp.example>"] * 2})
    with pytest.raises(ona.ParseError, match="message id with two senders") as e:
        ona.MessageLog.from_pandas(two, timestamp=None, message_id="mid", pseudonymize_key=KEY)
    assert "ann" not in str(e.value) and "bob" not in str(e.value) and pseudonym(KEY, "ann@corp.example") in str(e.value)


def test_bad_rows_strict_names_the_first_and_skip_counts_by_reason():
    df = pd.DataFrame({
        "s": ["a", "", "b", "c", "d", "e", "f", "g", "b\x00x", "h"],
        "r": ["b", "a", ";;", "a", "a", "a;;b", "a", "a", "a", "a"],
        "t": ["2024-01-01", "2024-01-01", "2024-01-01", "yesterday", "2024-01-01", "", "2024-01-01", "2024-01-01",
              "2024-01-01", "2024-01-01"],
        "role": ["to", "to", "to", "to", "sideways", "cc", "to", "to", "to", "bcc"],
        "id": ["m1", "m2", "m3", "m4", "m5", "m6", "m1", "m8", "m9", "m10"],
        "w": [1, 1, 1, 1, 1, 2, 1, -1, 1, np.nan],
    })
    opts = dict(sender="s", recipients="r", timestamp="t", role="role", message_id="id", weight="w")
    with pytest.raises(ona.ParseError) as e:
        ona.MessageLog.from_pandas(df, **opts)
    assert (e.value.file, e.value.line, e.value.field, e.value.reason) == ("<pandas>", 2, "s", "empty sender")
    assert str(e.value).startswith("<pandas>:2: field 's': empty sender")
    log = ona.MessageLog.from_pandas(df, errors="skip", **opts)
    r = log.report
    assert r["skipped"] == {"empty sender": 1, "no recipients": 1, "bad timestamp": 1, "unknown role": 1,
                            "message id with two senders": 1, "bad weight": 2, "bad address": 1}
    assert r["dropped"] == {"empty recipient": 1, "empty timestamp": 1}
    assert r["records_read"] == 10 and r["records_kept"] == 2 and log.num_messages == 2
    assert log.to_pandas()["weight"].tolist() == [1.0, 2.0, 2.0]
    # strict: each bad row, after a good first row, is named by its row, column and reason
    for line, (reason, field) in {3: ("no recipients", "r"), 4: ("bad timestamp", "t"), 5: ("unknown role", "role"),
                                  7: ("message id with two senders", "id"), 8: ("bad weight", "w"),
                                  9: ("bad address", "s"), 10: ("bad weight", "w")}.items():
        with pytest.raises(ona.ParseError) as e:
            ona.MessageLog.from_pandas(df.iloc[[0, line - 1]], **opts)
        assert (e.value.line, e.value.reason, e.value.field) == (2, reason, field)


def test_time_forms_follow_the_csv_rules():
    base = pd.Timestamp("2024-03-01T09:00:00Z")
    us = int(base.value // 1000)
    cases = {
        "iso offset": (["2024-03-01T11:00:00+02:00"], us),
        "iso naive (UTC)": (["2024-03-01 09:00:00"], us),
        "unix s": ([us / 1e6], us),
        "unix ms": ([us / 1e3], us),
        "unix s int": ([us // 1_000_000], us),
        "unix s text": ([str(us // 1_000_000)], us),
        "unix ms text": ([str(us // 1000)], us),
        "fraction": ([1433864707.943132], 1433864707943132),
        "datetime64 tz": (pd.Series([pd.Timestamp("2024-03-01T10:00:00", tz="Europe/Paris")]), us),
        "datetime64 naive": (pd.Series([pd.Timestamp("2024-03-01T09:00:00")]), us),
        "datetime64 us": (pd.Series([np.datetime64("2024-03-01T09:00:00.000001", "us")]), us + 1),
        "datetime objects": (pd.Series([base.to_pydatetime()], dtype=object), us),
        "year 1": (["0001-01-01T00:00:00Z"], -62135596800000000),
    }
    for name, (values, want) in cases.items():
        df = pd.DataFrame({"sender": ["a"], "recipients": ["b"], "timestamp": values})
        got = ona.MessageLog.from_pandas(df)._core.times[0]
        assert got == want, name
    # missing times: a message without time, counted as the CSV reader counts an empty cell
    for missing in ([pd.NaT, base], [None, "2024-03-01T09:00:00Z"], [np.nan, us / 1e6], ["", "2024-03-01"]):
        df = pd.DataFrame({"sender": ["a", "b"], "recipients": ["b", "a"], "timestamp": missing})
        log = ona.MessageLog.from_pandas(df)
        assert log.num_messages == 2 and log.report["dropped"] == {"empty timestamp": 1}
        assert log.to_pandas()["timestamp"].isna().tolist() == [True, False]
    bad = pd.DataFrame({"sender": ["a", "b", "c"], "recipients": ["b", "c", "a"],
                        "timestamp": ["2024-13-01", "3/1/2024", "2024-03-01"]})  # month 13; US form is export-only
    log = ona.MessageLog.from_pandas(bad, errors="skip")
    assert log.report["skipped"] == {"bad timestamp": 2} and log.num_messages == 1


def test_list_like_recipients_and_labels():
    df = pd.DataFrame({"sender": [1, 2, 3], "recipients": [[2, 3], (1,), "2;3"], "timestamp": [None] * 3})
    log = ona.MessageLog.from_pandas(df)
    assert list(log.people) == [1, 2, 3] and log.num_pairs == 5
    assert log.report["dropped"] == {"empty timestamp": 3}
    empty = pd.DataFrame({"sender": ["a", "b"], "recipients": [[], ["a", " "]], "timestamp": None})
    log = ona.MessageLog.from_pandas(empty, timestamp=None, errors="skip")
    assert log.report["skipped"] == {"no recipients": 1} and log.report["dropped"] == {"empty recipient": 1}


def test_channel_column_names_each_messages_channel():
    df = pd.DataFrame({"sender": ["a", "b", "c"], "recipients": ["b", "a", "a"], "timestamp": None,
                       "ch": ["#general", None, "#random"]})
    log = ona.MessageLog.from_pandas(df, timestamp=None, channel="ch")
    assert list(log._core.channel_names) == ["#general", "#random"]
    assert log._core.channels.tolist() == [0, -1, 1]
    with pytest.raises(ona.ParseError, match="missing column 'chan'"):
        ona.MessageLog.from_pandas(df, timestamp=None, channel="chan")
