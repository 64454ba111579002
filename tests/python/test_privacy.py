"""Issue #10, privacy with a pseudonymisation key: masked values in errors, pseudonymised
message and reply ids, bounded trace statuses, read_people without raw identities, and
keys that are checked before they reach _core."""

from __future__ import annotations

import base64
import hmac
import subprocess
import sys

import pandas as pd
import pytest

import onakit as ona
from conftest import data_file

KEY = b"SECRET-KEY"


def py_id_pseudonym(key: bytes, message_id: str) -> str:
    return base64.b32encode(hmac.new(key, b"id:" + message_id.encode(), "sha256").digest())[:16].decode().lower()


# ---- 1. error messages never quote a value that could be an address ----------------

def test_headerless_csv_error_is_masked_with_a_key(tmp_path):
    f = tmp_path / "mail.csv"
    f.write_text("ann@corp.example,bob@corp.example,2024-01-01T09:00:00Z\n"
                 "bob@corp.example,ann@corp.example,2024-01-02T09:00:00Z\n")
    with pytest.raises(ona.ParseError) as e:
        ona.read_email_csv(f, pseudonymize_key=KEY)
    assert "ann@" not in str(e.value) and "corp" not in str(e.value)
    assert "'***@****.*******'" in str(e.value)
    # without a key the helpful message stays
    with pytest.raises(ona.ParseError, match="columns found: 'ann@corp.example'"):
        ona.read_email_csv(f)


def test_mbox_bad_date_is_masked_with_a_key(tmp_path):
    f = tmp_path / "a.mbox"
    f.write_text("From x Mon Jan  1 00:00:00 2024\nFrom: ann@x.org\nTo: cy@x.org\n"
                 "Date: Tue, 99 Feb\n bob@corp.example\n\nbody\n")
    with pytest.raises(ona.ParseError) as e:
        ona.read_mbox(f, pseudonymize_key=KEY)
    assert "bob" not in str(e.value) and "corp.example" not in str(e.value)
    with pytest.raises(ona.ParseError, match="Tue, 99 Feb bob@corp.example"):
        ona.read_mbox(f)


def test_other_readers_mask_values_with_a_key(tmp_path):
    jl = tmp_path / "m.jsonl"
    jl.write_text('{"sender": "a", "recipients": ["b"], "timestamp": "ann@corp.example"}\n')
    with pytest.raises(ona.ParseError) as e:
        ona.read_jsonl(jl, pseudonymize_key=KEY)
    assert "ann@" not in str(e.value)
    el = tmp_path / "e.txt"
    el.write_text("1 2 3\nann@corp.example\n")
    with pytest.raises(ona.ParseError) as e:
        ona.read_edgelist(el, pseudonymize_key=KEY)
    assert "ann@" not in str(e.value)
    trace = tmp_path / "t.csv"
    trace.write_text("ann@corp.example,bob@corp.example\n")
    with pytest.raises(ona.ParseError) as e:
        ona.read_message_trace(trace, pseudonymize_key=KEY)
    assert "ann@" not in str(e.value)
    viva = tmp_path / "viva.csv"
    viva.write_text("PrimaryCollaborator_PersonId,SecondaryCollaborator_PersonId,Email_count,MetricDate\n"
                    "ann@corp.example,bob@corp.example,ann@corp.example,2024-03-03\n")
    with pytest.raises(ona.ParseError) as e:
        ona.read_viva_p2p(viva, weight="Email_count", pseudonymize_key=KEY)
    assert "bad weight" in str(e.value) and "ann@" not in str(e.value)
    graph = tmp_path / "g.jsonl"
    graph.write_text('{"id": "AAMk.ann@corp.example", "sentDateTime": "2024-03-01T09:00:00Z",'
                     ' "from": {"emailAddress": {"address": "ann@corp.example"}},'
                     ' "toRecipients": [{"emailAddress": {"address": "bob@corp.example"}}]}\n')
    log = ona.read_graph_messages(graph, pseudonymize_key=KEY)
    assert list(log.to_pandas()["message_id"]) == [py_id_pseudonym(KEY, "AAMk.ann@corp.example")]
    with pytest.raises(KeyError) as missing:
        ona.read_people(pd.DataFrame({"ann@corp.example": ["x"]}), email="email", pseudonymize_key=KEY)
    assert "ann@" not in str(missing.value)


def test_cli_stderr_carries_no_address_with_a_key(tmp_path, monkeypatch):
    f = tmp_path / "mail.csv"
    f.write_text("sender,recipients,timestamp\nann@corp.example,bob@corp.example,bob@corp.example\n")
    (tmp_path / "key").write_bytes(KEY)
    r = subprocess.run([sys.executable, "-m", "onakit.cli", "summary", str(f), "--format", "csv",
                        "--pseudonymize-key-file", str(tmp_path / "key")], capture_output=True, text=True)
    assert r.returncode != 0
    assert "bad timestamp" in r.stderr and "@corp" not in r.stderr


# ---- 2. message ids and reply ids are pseudonymised, and replies still link -----------

def _resolved_links(log) -> int:
    rep = log.replies
    return int((rep["parent"] >= 0).sum())


def test_mbox_thread_ids_are_pseudonymised_and_stay_linked():
    path = data_file("mbox-lkml-threads-notmuch/lkml-threads.mbox")
    plain = ona.read_mbox(path, errors="skip")
    keyed = ona.read_mbox(path, errors="skip", pseudonymize_key=KEY)
    ids = keyed.to_pandas()["message_id"]
    assert ids.notna().all() and not ids.str.contains("@").any()
    rep = keyed.replies
    assert not rep["parent_id"].str.contains("@").any() and not rep["message_id"].str.contains("@").any()
    assert _resolved_links(plain) > 100
    assert _resolved_links(keyed) == _resolved_links(plain)
    # the same raw id gives the same value in every run, and Python can check it
    first = plain.to_pandas()["message_id"].iloc[0]
    assert ids.iloc[0] == py_id_pseudonym(KEY, first)
    assert ona.Identities(pseudonymize_key=KEY).pseudonymize_id(first) == ids.iloc[0]
    again = ona.read_mbox(path, errors="skip", pseudonymize_key=KEY)
    assert list(again.to_pandas()["message_id"]) == list(ids)


def test_csv_trace_and_jsonl_ids_are_pseudonymised(tmp_path):
    f = tmp_path / "mail.csv"
    f.write_text("id,sender,recipients,timestamp\n<1.ann@corp.example>,ann,bob,2024-01-01\n")
    log = ona.read_email_csv(f, message_id="id", pseudonymize_key=KEY)
    assert list(log.to_pandas()["message_id"]) == [py_id_pseudonym(KEY, "<1.ann@corp.example>")]
    jl = tmp_path / "m.jsonl"
    jl.write_text('{"sender": "a", "recipients": ["b"], "timestamp": 1, "id": "<1.ann@corp.example>"}\n')
    log = ona.read_jsonl(jl, message_id="id", pseudonymize_key=KEY)
    assert list(log.to_pandas()["message_id"]) == [py_id_pseudonym(KEY, "<1.ann@corp.example>")]


# ---- 3. an unknown message-trace status does not become a report key -----------------

def test_unknown_trace_statuses_are_counted_under_one_reason(tmp_path):
    rows = ["Received,SenderAddress,RecipientAddress,Status,MessageId"]
    rows += [f"2024-03-01T09:00:00Z,a@c.org,b@c.org,p{k}@corp.example,<m{k}@c.org>" for k in range(200)]
    rows += ["2024-03-01T09:00:00Z,a@c.org,b@c.org,failed,<x@c.org>",
             "2024-03-01T09:00:00Z,a@c.org,b@c.org,Delivered,<y@c.org>"]
    f = tmp_path / "trace.csv"
    f.write_text("\n".join(rows) + "\n")
    log = ona.read_message_trace(f)
    assert log.report["skipped"] == {"status (unrecognised)": 200, "status Failed": 1}


# ---- 4. read_people with a key keeps no raw identity ----------------------------------

def test_read_people_with_a_key_drops_names_and_pseudonymises_addresses(tmp_path):
    mail = tmp_path / "mail.csv"
    mail.write_text("sender,recipients,timestamp\nann@corp.example,bob@corp.example,2024-03-01T09:00:00Z\n")
    log = ona.read_email_csv(mail, pseudonymize_key=KEY)
    hr = pd.DataFrame({
        "email": ["ann@corp.example", "bob@corp.example", "eve@corp.example"],
        "Full Name": ["Ann Lee", "Bob Roe", "Eve Poe"],
        "first_name": ["Ann", "Bob", "Eve"],
        "manager": ["bob@corp.example", None, "bob@corp.example"],
        "department": ["Sales", "Ops", "HR"],
    })
    out = ona.read_people(hr, email="email", people=log.people, pseudonymize_key=KEY)
    ids = ona.Identities(pseudonymize_key=KEY)
    assert list(out.columns) == ["email", "manager", "department"]
    text = out.to_csv() + repr(out.attrs)
    assert "@" not in text and "Ann" not in text and "Eve" not in text
    assert out.loc[ids.resolve("ann@corp.example"), "manager"] == ids.resolve("bob@corp.example")
    assert out.loc[ids.resolve("ann@corp.example"), "email"] == ids.resolve("ann@corp.example")
    assert out.loc[ids.resolve("bob@corp.example"), "department"] == "Ops"
    assert out.attrs["unmatched_rows"] == [2]
    # without people: indexed by the pseudonyms
    alone = ona.read_people(hr, email="email", pseudonymize_key=KEY)
    assert list(alone.index) == [ids.resolve(a) for a in hr["email"]]
    assert "@" not in alone.to_csv()
    # without a key nothing changes
    plain = ona.read_people(hr, email="email", people=log.people)
    assert "first_name" in plain.columns


# ---- 5. keys are checked and converted before they reach _core ------------------------

@pytest.mark.parametrize("empty", ["", b"", bytearray(), memoryview(b"")])
def test_empty_keys_are_refused_everywhere(tmp_path, empty):
    f = tmp_path / "mail.csv"
    f.write_text("sender,recipients,timestamp\nann@x.org,bob@x.org,2024-01-01\n")
    with pytest.raises(ona.OptionError, match="pseudonymize_key is empty"):
        ona.Identities(pseudonymize_key=empty)
    with pytest.raises(ona.OptionError, match="pseudonymize_key is empty"):
        ona.read_email_csv(f, pseudonymize_key=empty)
    with pytest.raises(ona.OptionError, match="pseudonymize_key is empty"):
        ona.read_people(pd.DataFrame({"email": ["a@x.org"]}), email="email", pseudonymize_key=empty)


def test_key_types_are_converted_without_echoing_the_key():
    aliases = {"old@x.org": "ann@x.org"}
    ref = ona.Identities(pseudonymize_key=b"SECRET", aliases=aliases).resolve("old@x.org")
    for key in (bytearray(b"SECRET"), memoryview(b"SECRET"), "SECRET"):
        assert ona.Identities(pseudonymize_key=key, aliases=aliases).resolve("old@x.org") == ref
    for bad in (12345, 1.5, ["SECRET"], object()):
        with pytest.raises(TypeError) as e:
            ona.Identities(pseudonymize_key=bad, aliases=aliases)
        assert "pseudonymize_key" in str(e.value) and "SECRET" not in str(e.value) and "old@" not in str(e.value)
    # every other argument is checked too, so no binding error can print the key
    for kw in ({"aliases": 5}, {"internal_domains": 5}, {"internal_domains": "corp.example"}, {"exclude": [1]},
               {"external": 1}, {"keep_domain": "yes"}, {"strip_plus_tag": None}):
        with pytest.raises(TypeError) as e:
            ona.Identities(pseudonymize_key=b"SECRET", **kw)
        assert "SECRET" not in str(e.value) and "incompatible" not in str(e.value)


def test_readers_report_a_wrong_key_type_by_keyword(tmp_path):
    f = tmp_path / "mail.csv"
    f.write_text("sender,recipients,timestamp\nann@x.org,bob@x.org,2024-01-01\n")
    with pytest.raises(TypeError, match="pseudonymize_key must be bytes or str, not int"):
        ona.read_email_csv(f, pseudonymize_key=12345)


def test_cli_refuses_empty_keys(tmp_path, monkeypatch):
    from onakit.cli import main

    f = tmp_path / "mail.csv"
    f.write_text("sender,recipients,timestamp\nann@x.org,bob@x.org,2024-01-01\n")
    empty = tmp_path / "key"
    empty.write_text("\n")
    assert main(["summary", str(f), "--pseudonymize-key-file", str(empty)]) != 0
    monkeypatch.setenv("ONAKIT_EMPTY_KEY", "")
    assert main(["summary", str(f), "--pseudonymize-key-env", "ONAKIT_EMPTY_KEY"]) != 0
    assert main(["summary", str(f), "--pseudonymize-key-env", ""]) != 0
    with pytest.raises(ona.OptionError, match="pseudonymize_key is empty"):
        ona.key_from_env("ONAKIT_EMPTY_KEY")
    with pytest.raises(ona.OptionError, match="pseudonymize_key is empty"):
        ona.key_from_file(empty)
