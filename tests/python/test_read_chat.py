"""Slack export, Microsoft Graph and generic JSON Lines readers, checked against
an independent stdlib (json/re/hmac) reading of the same files."""

from __future__ import annotations

import base64
import gzip
import hmac
import json
import re
from collections import Counter
from decimal import Decimal

import pytest
from conftest import data_file

import onakit as ona

SLACK = "slack-export-houstondatavis"
COMMUNICATIVE = {None, "file_share", "file_comment", "me_message", "thread_broadcast"}


def _micros(ts: str) -> int:
    return int(Decimal(ts) * 1_000_000)


def slack_oracle(root, channel_ties="recent", window=3600, emails=True, label=None):
    """The documented semantics for an export without threads or DMs, in plain Python.

    Returns the set of (channel, ts, sender, recipient, role) and the skip counts."""
    users = json.loads((root / "users.json").read_text())
    ident = {u["id"]: ((u.get("profile") or {}).get("email") or u["id"]) if emails else u["id"] for u in users}
    label = label or (lambda x: x)
    bots = {u["id"] for u in users if u.get("is_bot")} | {"USLACKBOT"}
    rows, skipped, read = set(), Counter[str](), 0
    for ch in json.loads((root / "channels.json").read_text()):
        msgs = []
        for day in sorted((root / ch["name"]).glob("*.json")):
            for m in json.loads(day.read_text()):
                read += 1
                sub = m.get("subtype")
                if sub == "bot_message":
                    skipped["bot message"] += 1
                    continue
                if sub not in COMMUNICATIVE:
                    skipped[f"subtype {sub}"] += 1
                    continue
                user = m.get("user") or (m.get("comment") or {}).get("user")
                if user in bots:
                    skipped["bot message"] += 1
                    continue
                mentions = re.findall(r"<@([^>|]+)[>|]", m.get("text", ""))
                msgs.append((_micros(m["ts"]), m["ts"], user, mentions))
        msgs.sort(key=lambda x: x[0])
        for i, (t, ts, user, mentions) in enumerate(msgs):
            rec: dict = {}
            for x in mentions:
                if x != user:
                    rec.setdefault(x, "mention")
            if channel_ties == "recent":
                for t2, _, u2, _ in msgs[:i]:
                    if t2 >= t - window * 1_000_000 and u2 != user:
                        rec.setdefault(u2, "member")
            elif channel_ties == "members":
                for u2 in ch.get("members", []):
                    if u2 != user:
                        rec.setdefault(u2, "member")
            if not rec:
                skipped[{"recent": "no recipients (quiet channel)", "members": "no recipients (no members listed)",
                         "none": "no recipients (channel_ties=none)"}[channel_ties]] += 1
                continue
            for r, role in rec.items():
                rows.add(("#" + ch["name"], ts, label(ident[user]), label(ident.get(r, r)), role))
    return rows, skipped, read


def log_rows(log):
    df = log.to_pandas()
    return set(zip(df["channel"], df["message_id"], df["sender"], df["recipient"], df["role"].astype(str)))


@pytest.mark.parametrize("channel_ties", ["recent", "members", "none"])
def test_slack_export_matches_stdlib_reading(channel_ties):
    root = data_file(SLACK)
    log = ona.read_slack_export(root, channel_ties=channel_ties)
    rows, skipped, read = slack_oracle(root, channel_ties)
    rep = log.report
    assert rep["records_read"] == read == 1382
    assert rep["skipped"] == dict(skipped)
    assert rep["records_read"] == rep["records_kept"] + sum(rep["skipped"].values())
    assert log_rows(log) == rows
    assert len(log.to_pandas()) == len(rows)  # no duplicate (message, recipient) pairs
    assert rep["skipped"]["subtype channel_join"] == 320


def test_slack_window_as_duration_and_user_ids():
    root = data_file(SLACK)
    a = ona.read_slack_export(root, recent_window="50min", resolve_emails=False)
    rows, skipped, _ = slack_oracle(root, "recent", window=3000, emails=False)
    assert log_rows(a) == rows
    assert a.report["skipped"] == dict(skipped)
    assert all(p.startswith("U") for p in a.people)


def test_slack_pseudonyms_and_exclusions():
    root = data_file(SLACK)
    key = b"k3y"

    def pseudo(address: str) -> str:
        return base64.b32encode(hmac.new(key, address.lower().encode(), "sha256").digest())[:16].decode().lower()

    log = ona.read_slack_export(root, pseudonymize_key=key)
    rows, _, _ = slack_oracle(root, "recent", label=pseudo)
    assert log_rows(log) == rows
    assert not any("redacted" in p for p in log.people)

    ex = ona.read_slack_export(root, exclude=["redacted-48@*"])
    assert ex.report["skipped"]["sender excluded"] > 0
    assert ex.report["dropped"]["recipient excluded"] > 0
    assert "redacted-48@redacted.invalid" not in set(ex.people)
    assert ex.report["records_read"] == ex.report["records_kept"] + sum(ex.report["skipped"].values())


def test_slack_threads_and_dms_on_a_small_export(tmp_path):
    (tmp_path / "users.json").write_text(json.dumps([
        {"id": "UA", "profile": {"email": "ann@corp.example"}}, {"id": "UB", "profile": {"email": "bob@corp.example"}},
        {"id": "UC", "profile": {}}]))
    (tmp_path / "channels.json").write_text(json.dumps([{"id": "C1", "name": "eng", "members": ["UA", "UB", "UC"]}]))
    (tmp_path / "dms.json").write_text(json.dumps([{"id": "D9", "members": ["UA", "UB"]}]))
    (tmp_path / "eng").mkdir()
    (tmp_path / "eng" / "2024-03-01.json").write_text(json.dumps([
        {"type": "message", "user": "UA", "text": "q", "ts": "10.000001", "thread_ts": "10.000001"},
        {"type": "message", "user": "UB", "text": "a", "ts": "20.000001", "thread_ts": "10.000001"},
        {"type": "message", "user": "UC", "text": "b", "ts": "30.000001", "thread_ts": "10.000001"},
        {"type": "message", "subtype": "channel_topic", "user": "UC", "text": "t", "ts": "31.000001"}]))
    (tmp_path / "D9").mkdir()
    (tmp_path / "D9" / "2024-03-01.json").write_text(json.dumps([{"type": "message", "user": "UB", "ts": "40.5"}]))
    got = ona.read_slack_export(tmp_path, reply_to_thread_participants=True)
    # 10: thread root, nobody posted before -> quiet; 20: reply to UA; 30: reply to
    # UA (parent) and UB (earlier participant); the DM reaches its other member.
    assert log_rows(got) == {
        ("#eng", "20.000001", "bob@corp.example", "ann@corp.example", "reply"),
        ("#eng", "30.000001", "UC", "ann@corp.example", "reply"),
        ("#eng", "30.000001", "UC", "bob@corp.example", "reply"),
        ("dm:D9", "40.5", "bob@corp.example", "ann@corp.example", "direct"),
    }
    assert got.report["skipped"] == {"no recipients (quiet channel)": 1, "subtype channel_topic": 1}


def test_slack_errors(tmp_path):
    with pytest.raises(FileNotFoundError):
        ona.read_slack_export(tmp_path / "missing")
    with pytest.raises(ona.ParseError, match="not a Slack export"):
        ona.read_slack_export(tmp_path)
    (tmp_path / "users.json").write_text("[]")
    (tmp_path / "general").mkdir()
    (tmp_path / "general" / "2024-01-01.json").write_text(json.dumps([{"type": "message", "ts": "1.0"}]))
    with pytest.raises(ona.ParseError) as e:
        ona.read_slack_export(tmp_path)
    assert e.value.reason == "missing user" and e.value.line == 1
    log = ona.read_slack_export(tmp_path, errors="skip")
    assert log.report["skipped"] == {"missing user": 1}
    with pytest.raises(ValueError, match="channel_ties"):
        ona.read_slack_export(tmp_path, channel_ties="everyone")


# ---- JSON Lines -------------------------------------------------------------------

GRAPH = [
    {"id": "AAMk1", "conversationId": "conv1", "sentDateTime": "2024-03-01T09:00:00Z", "isDraft": False,
     "from": {"emailAddress": {"name": "Ann", "address": "ann@corp.example"}},
     "toRecipients": [{"emailAddress": {"name": "Bob", "address": "bob@corp.example"}}],
     "ccRecipients": [{"emailAddress": {"name": "Dee", "address": "dee@partner.example"}}],
     "bccRecipients": [{"emailAddress": {"name": "Cy", "address": "cy@corp.example"}}]},
    {"id": "AAMk2", "conversationId": "conv1", "sentDateTime": "2024-03-01T09:30:00Z", "isDraft": False,
     "from": {"emailAddress": {"name": "Bob", "address": "bob@corp.example"}},
     "toRecipients": [{"emailAddress": {"name": "Ann", "address": "ann@corp.example"}}],
     "ccRecipients": [], "bccRecipients": []},
    {"id": "AAMk3", "isDraft": True, "sentDateTime": None, "from": None, "toRecipients": []},
]


def graph_oracle(messages, keep=lambda a: True):
    rows = set()
    for m in messages:
        if m.get("isDraft"):
            continue
        for field, role in (("toRecipients", "to"), ("ccRecipients", "cc"), ("bccRecipients", "bcc")):
            for r in m.get(field) or []:
                if keep(r["emailAddress"]["address"]):
                    rows.add((m["conversationId"], m["id"], m["from"]["emailAddress"]["address"],
                              r["emailAddress"]["address"], role))
    return rows


def test_graph_messages(tmp_path):
    p = tmp_path / "mail.jsonl.gz"
    with gzip.open(p, "wt") as f:
        f.write("\n".join(json.dumps(m) for m in GRAPH) + "\n")
    log = ona.read_graph_messages(p)
    assert log_rows(log) == graph_oracle(GRAPH)
    assert log.report["skipped"] == {"draft": 1}
    df = log.to_pandas()
    assert str(df["timestamp"].iloc[0]) == "2024-03-01 09:00:00+00:00"
    internal = ona.read_graph_messages(p, internal_domains=["corp.example"])
    assert log_rows(internal) == graph_oracle(GRAPH, keep=lambda a: a.endswith("@corp.example"))
    assert internal.report["dropped"] == {"recipient external": 1}
    with pytest.raises(FileNotFoundError):
        ona.read_graph_messages(tmp_path / "nope.jsonl")


def test_read_jsonl_fields_and_errors(tmp_path):
    lines = [
        {"from": {"address": "ann@x.org"}, "to": ["bob@x.org", "cy@x.org"], "at": "2024-03-01T09:00:00Z",
         "kind": "cc", "mid": "m1", "room": "ops"},
        {"from": {"address": "bob@x.org"}, "to": "ann@x.org|cy@x.org", "at": 1709283600, "mid": 2},
    ]
    p = tmp_path / "m.jsonl"
    p.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n" + '{"from": {"address": "cy@x.org"}}\n')
    kw = dict(sender="from.address", recipients="to", timestamp="at", role="kind", message_id="mid",
              channel="room", recipient_sep="|")
    with pytest.raises(ona.ParseError) as e:
        ona.read_jsonl(p, **kw)
    assert (e.value.line, e.value.reason, e.value.field) == (4, "no recipients", "to")
    log = ona.read_jsonl(p, errors="skip", **kw)
    df = log.to_pandas()
    assert list(zip(df["sender"], df["recipient"], df["role"].astype(str), df["message_id"])) == [
        ("ann@x.org", "bob@x.org", "cc", "m1"), ("ann@x.org", "cy@x.org", "cc", "m1"),
        ("bob@x.org", "ann@x.org", "to", "2"), ("bob@x.org", "cy@x.org", "to", "2")]
    assert df["timestamp"].nunique() == 1  # 1709283600 s == 2024-03-01T09:00:00Z
    assert list(df["channel"].iloc[:2]) == ["ops", "ops"] and df["channel"].iloc[2:].isna().all()
    assert log.report["skipped"] == {"no recipients": 1}
    assert log.report["records_read"] == 3
    pseudo = ona.read_jsonl(p, errors="skip", pseudonymize_key="s", **kw)
    expected = base64.b32encode(hmac.new(b"s", b"ann@x.org", "sha256").digest())[:16].decode().lower()
    assert pseudo.people[0] == expected
