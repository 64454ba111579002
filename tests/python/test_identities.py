import base64
import hashlib
import hmac

import pandas as pd
import pytest

import onakit as ona

from conftest import data_file


def py_pseudonym(key: bytes, address: str) -> str:
    return base64.b32encode(hmac.new(key, address.encode(), hashlib.sha256).digest())[:16].decode().lower()


def test_pseudonyms_match_python_hmac():
    ids = ona.Identities(pseudonymize_key=b"k3y")
    for raw, canon in [("Ann <ANN@corp.example>", "ann@corp.example"), (" bob@x.org ", "bob@x.org"), ("17", "17")]:
        assert ids.canonical(raw) == canon
        assert ids.resolve(raw) == py_pseudonym(b"k3y", canon)
    assert "k3y" not in repr(ids)


def test_rules_on_a_csv(tmp_path):
    p = tmp_path / "mail.csv"
    p.write_text("from,to,date\n"
                 "Ann <ann@corp.example>,bob@corp.example;noreply@corp.example,2024-01-01T09:00:00Z\n"
                 "bob@corp.example,ann@corp.example;x@gmail.com,2024-01-01T10:00:00Z\n"
                 "x@gmail.com,ann@corp.example,2024-01-01T11:00:00Z\n"
                 "A.Old@legacy.example,bob@corp.example,2024-01-01T12:00:00Z\n")
    log = ona.read_email_csv(p, sender="from", recipients="to", timestamp="date",
                             internal_domains=["corp.example"], exclude=["noreply@*"],
                             aliases={"a.old@legacy.example": "ann@corp.example"})
    assert sorted(log.people) == ["ann@corp.example", "bob@corp.example"]
    r = log.report
    assert r["skipped"] == {"sender external": 1}
    assert r["dropped"] == {"recipient excluded": 1, "recipient external": 1}
    assert r["records_read"] == r["records_kept"] + sum(r["skipped"].values())
    g = ona.build_graph(log)
    assert g.to_pandas().set_index(["source", "target"])["weight"][("ann@corp.example", "bob@corp.example")] == 2
    folded = ona.read_email_csv(p, sender="from", recipients="to", timestamp="date",
                                identities=ona.Identities(internal_domains=["corp.example"], external="fold"))
    assert "external:gmail.com" in set(folded.people)


def test_pseudonymised_enron_ties_equal_pandas_with_python_hmac():
    path = data_file("enron-jhu-igraphdata/edges.csv")
    key = b"notebook-key"
    log = ona.read_email_csv(path, sender="from", recipients="to", timestamp="time", recipient_sep=None,
                             pseudonymize_key=key)
    assert all(len(p) == 16 for p in log.people)
    ours = ona.build_graph(log).to_pandas().set_index(["source", "target"])["weight"].sort_index()
    raw = pd.read_csv(path)
    raw = raw[raw["from"] != raw["to"]]
    raw["source"] = raw["from"].astype(str).map(lambda a: py_pseudonym(key, a))
    raw["target"] = raw["to"].astype(str).map(lambda a: py_pseudonym(key, a))
    ref = raw.groupby(["source", "target"]).size().astype(float).sort_index()
    assert ours.to_dict() == ref.to_dict()
    assert len(ours) == len(ref) > 1000


def test_keys_from_env_and_file(tmp_path, monkeypatch):
    monkeypatch.setenv("ONAKIT_KEY", "from-env")
    assert ona.key_from_env("ONAKIT_KEY") == b"from-env"
    f = tmp_path / "key"
    f.write_bytes(b"from-file\n")
    assert ona.key_from_file(f) == b"from-file"
    monkeypatch.delenv("ONAKIT_KEY")
    with pytest.raises(ValueError, match="ONAKIT_KEY"):
        ona.key_from_env("ONAKIT_KEY")
    with pytest.raises(ona.OptionError):
        ona.read_email_csv(f, identities=ona.Identities(), exclude=["x"])
