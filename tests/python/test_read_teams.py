"""Microsoft Teams chat reader (ona.read_teams_messages), checked against an independent
reading of the same Graph JSON with Python's json module: the real Graph docs samples in
msgraph-docs-samples, and seeded random exports in the Graph shape written by the test."""

from __future__ import annotations

import base64
import hmac
import json
import random
import warnings
from collections import Counter
from datetime import datetime, timezone

import pandas as pd
import pytest
from conftest import data_file

import onakit as ona

SAMPLES = "msgraph-docs-samples"
CHAT = "chat-list-messages_example1.json"
REPLIES = "chatmessage-list-replies_example.json"
CHAT_ID = "19:2da4c29f6d7041eca70b638b43d45437@thread.v2"
CHANNEL_ID = "19:4a95f7d8db4c4e7fae857bcebe0623e6@thread.tacv2"
ROBIN = "8ea0e38b-efb3-4757-924a-5f94061cf8c2"


def _micros(s: str) -> int:
    t = datetime.fromisoformat(s.replace("Z", "+00:00"))
    return round(t.timestamp() * 1_000_000)


def _items(path):
    text = path.read_text()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:  # JSON Lines
        return [m for line in text.splitlines() if line.strip() for m in _page(json.loads(line))]
    return _page(doc)


def _page(doc):
    if isinstance(doc, dict) and isinstance(doc.get("value"), list):
        return doc["value"]
    return doc if isinstance(doc, list) else [doc]


def teams_oracle(paths, channel_ties="recent", window=3600, members=None, mentions=True, participants=False,
                 emails=True):
    """The documented semantics in plain Python (json, datetime).

    Returns the set of (channel, message id, sender, recipient, role), the skip
    counts, and {reply id: parent id} of the links."""
    members = {k: list(v) for k, v in (members or {}).items()}
    convs: dict[str, list] = {}
    seen, skipped, read = set(), Counter[str](), 0
    order = 0
    for path in paths:
        for it in _items(path):
            if "members" in it and "messageType" not in it and "id" in it:
                members.setdefault(it["id"], []).extend(it["members"])
                continue
            read += 1
            mt = it.get("messageType")
            if mt is not None and mt != "message":
                skipped[f"messageType {mt}"] += 1
                continue
            if it.get("deletedDateTime"):
                skipped["deleted"] += 1
                continue
            frm = it.get("from") or {}
            if not frm.get("user"):
                assert frm.get("application") or frm.get("device")
                skipped["bot or application sender"] += 1
                continue
            if it.get("chatId"):
                conv = "chat:" + it["chatId"]
            elif (it.get("channelIdentity") or {}).get("channelId"):
                conv = "channel:" + it["channelIdentity"]["channelId"]
            else:
                conv = f"none:{order}"
            if it.get("id") and (conv, it["id"]) in seen:
                skipped["duplicate message"] += 1
                continue
            seen.add((conv, it.get("id")))
            ment = [m["mentioned"]["user"]["id"] for m in it.get("mentions") or []
                    if (m.get("mentioned") or {}).get("user")] if mentions else []
            convs.setdefault(conv, []).append(dict(id=it.get("id") or "", user=frm["user"]["id"],
                                                   t=_micros(it["createdDateTime"]), parent=it.get("replyToId") or "",
                                                   mentions=ment, order=order))
            order += 1
    email: dict[str, str] = {}
    for lst in members.values():
        for m in lst:
            if isinstance(m, dict) and m.get("userId") and m.get("email") and emails:
                email.setdefault(m["userId"], m["email"])

    def raw(u):
        return email.get(u, u)

    def member_raw(m):
        if isinstance(m, str):
            return raw(m)
        return raw(m["userId"]) if m.get("userId") else m["email"]

    rows, links, kept = set(), {}, set()
    win = round(window * 1_000_000)
    for conv, msgs in convs.items():
        msgs.sort(key=lambda m: m["t"])
        by_id = {m["id"]: m for m in reversed(msgs) if m["id"]}
        conv_key = conv.split(":", 1)[1]
        kept_here = set()
        replies = []
        for k, m in enumerate(msgs):
            sender = raw(m["user"])
            rec: dict = {}

            def add(r, role, sender=sender, rec=rec):
                if r and r != sender and r not in rec:
                    rec[r] = role
            for u in m["mentions"]:
                add(raw(u), "mention")
            reply = bool(m["parent"])
            parent = by_id.get(m["parent"]) if reply else None
            if parent:
                add(raw(parent["user"]), "reply")
            if reply and participants:
                for p in msgs[:k]:
                    if p["parent"] == m["parent"]:
                        add(raw(p["user"]), "reply")
            if not reply:
                if channel_ties == "recent":
                    for p in msgs[:k]:
                        if p["t"] >= m["t"] - win:
                            add(raw(p["user"]), "member")
                elif channel_ties == "members":
                    for mem in members.get(conv_key, []):
                        add(member_raw(mem), "member")
            if not rec:
                if reply and not parent:
                    skipped["no recipients (parent not in input)"] += 1
                elif reply:
                    skipped["no recipients (own thread)"] += 1
                elif channel_ties == "recent":
                    skipped["no recipients (quiet conversation)"] += 1
                elif channel_ties == "members":
                    skipped["no recipients (no members listed)"] += 1
                else:
                    skipped["no recipients (channel_ties=none)"] += 1
                continue
            kept_here.add(m["id"])
            for r, role in rec.items():
                rows.add((conv if not conv.startswith("none:") else None, m["id"], sender, r, role))
            if reply:
                replies.append(m)
        for m in replies:
            if m["parent"] in kept_here:
                links[m["id"]] = m["parent"]
        kept |= kept_here
    return rows, skipped, links, read


def log_rows(log):
    df = log.to_pandas()
    if df.empty:
        return set()
    channel = df["channel"] if "channel" in df else [None] * len(df)
    return {(c, i, s, r, str(role)) for c, i, s, r, role in
            zip(channel, df["message_id"], df["sender"], df["recipient"], df["role"])}


def log_links(log):
    df = log.to_pandas()
    if df.empty or "parent" not in df:
        return {}
    ids = df.groupby("message")["message_id"].first()
    par = df.groupby("message")["parent"].first()
    return {ids[m]: ids[p] for m, p in par.items() if p >= 0}


def check(log, paths, **kw):
    rows, skipped, links, read = teams_oracle(paths, **kw)
    rep = log.report
    assert rep["records_read"] == read
    assert rep["skipped"] == dict(skipped)
    assert rep["records_read"] == rep["records_kept"] + sum(rep["skipped"].values())
    assert log_rows(log) == rows
    assert len(log.to_pandas()) == len(rows)  # no (message, recipient) pair twice
    assert log_links(log) == links
    return rows


# ---- the real Graph samples ---------------------------------------------------------

def test_real_samples_recent_against_json():
    paths = [data_file(f"{SAMPLES}/{CHAT}"), data_file(f"{SAMPLES}/{REPLIES}")]
    with pytest.warns(UserWarning, match="none of the 6 records read made a tie"):
        log = ona.read_teams_messages(paths)
    check(log, paths)
    # what is really there: one system message, two chat posts by Robin alone, three
    # replies to a channel post that is not in the samples
    assert log.report["skipped"] == {"messageType unknownFutureValue": 1, "no recipients (quiet conversation)": 2,
                                     "no recipients (parent not in input)": 3}


def test_real_samples_with_members_against_json():
    paths = [data_file(f"{SAMPLES}/{CHAT}"), data_file(f"{SAMPLES}/{REPLIES}")]
    members = {CHAT_ID: [ROBIN, {"userId": "kim-id", "email": "kim@contoso.example"}, "lee-id"],
               CHANNEL_ID: [ROBIN, "kim-id"]}
    log = ona.read_teams_messages(paths, channel_ties="members", members=members)
    rows = check(log, paths, channel_ties="members", members=members)
    assert len(rows) == 4 and {r[3] for r in rows} == {"kim@contoso.example", "lee-id"}
    assert log.to_pandas()["timestamp"].min() == pd.Timestamp("2021-03-17T08:59:08.136Z")


def test_real_replies_link_to_a_post_in_another_file(tmp_path):
    src = data_file(f"{SAMPLES}/{REPLIES}")
    post = {"id": "1616989510408", "replyToId": None, "messageType": "message",
            "createdDateTime": "2021-03-29T03:45:00.000Z", "deletedDateTime": None, "chatId": None,
            "channelIdentity": {"teamId": "fbe2bf47-16c8-47cf-b4a5-4b9b187c508b", "channelId": CHANNEL_ID},
            "from": {"application": None, "device": None, "user": {"id": "sam-id", "displayName": "Sam"}},
            "mentions": [{"id": 0, "mentionText": "Robin", "mentioned": {"user": {"id": ROBIN}}}]}
    (tmp_path / "posts.json").write_text(json.dumps({"value": [post]}))
    (tmp_path / "replies.json").write_text(src.read_text())
    log = ona.read_teams_messages(tmp_path)
    check(log, [tmp_path / "posts.json", tmp_path / "replies.json"])
    assert log_links(log) == {"1616989747416": "1616989510408", "1616989750004": "1616989510408",
                              "1616989753153": "1616989510408"}
    assert log.parents.tolist() == [-1, 0, 0, 0]


# ---- seeded random exports in the Graph shape -----------------------------------------

def random_export(tmp_path, seed):
    rng = random.Random(seed)
    users = [f"user-{k}" for k in range(7)]
    convs = [("chatId", "19:chat-a@thread.v2"), ("chatId", "19:chat-b@thread.v2"),
             ("channel", "19:chan-x@thread.tacv2")]
    times = rng.sample(range(0, 6 * 3600 * 1000), 160)
    base = _micros("2024-03-04T08:00:00Z") // 1000
    msgs: list[dict] = []
    ids: list[tuple[str, str]] = []
    for k, off in enumerate(sorted(times)):
        kind, cid = rng.choice(convs)
        mid = str(base + off)
        m: dict = {"id": mid, "replyToId": None, "etag": mid, "messageType": "message",
             "createdDateTime": datetime.fromtimestamp((base + off) / 1000, timezone.utc).isoformat(
                 timespec="milliseconds").replace("+00:00", "Z"),
             "deletedDateTime": None, "chatId": cid if kind == "chatId" else None,
             "channelIdentity": {"teamId": "team-1", "channelId": cid} if kind == "channel" else None,
             "from": {"application": None, "device": None,
                      "user": {"id": rng.choice(users), "displayName": "x", "userIdentityType": "aadUser"}},
             "body": {"contentType": "text", "content": "..."}, "mentions": []}
        r = rng.random()
        if r < 0.05:
            m["messageType"] = rng.choice(["systemEventMessage", "chatEvent"])
            m["from"] = None
        elif r < 0.08:
            m["deletedDateTime"] = m["createdDateTime"]
        elif r < 0.11:
            m["from"] = {"application": {"id": "app", "displayName": "Bot"}, "device": None, "user": None}
        if kind == "channel" and ids and rng.random() < 0.5:
            parents = [p for p in ids if p[0] == cid]
            if parents:
                m["replyToId"] = rng.choice(parents)[1] if rng.random() < 0.9 else "404"
        if rng.random() < 0.3:
            m["mentions"].append({"id": 0, "mentionText": "x", "mentioned": {"user": {"id": rng.choice(users)}}})
        if rng.random() < 0.1:
            m["mentions"].append({"id": 1, "mentionText": "General",
                                  "mentioned": {"conversation": {"id": cid, "conversationIdentityType": "channel"}}})
        if not m["replyToId"]:
            ids.append((cid, mid))
        msgs.append(m)
    rng.shuffle(msgs)  # pages are not in time order (Graph lists newest first)
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "a-page-1.json").write_text(json.dumps({"@odata.context": "x", "value": msgs[:60]}))
    (tmp_path / "export" / "b-page-2.json").write_text(json.dumps({"value": msgs[60:110] + msgs[:5]}))  # 5 duplicates
    (tmp_path / "export" / "c-rest.jsonl").write_text("".join(json.dumps(m) + "\n" for m in msgs[110:]))
    members = {"19:chat-a@thread.v2": [{"userId": u, "email": f"{u}@corp.example"} for u in users[:4]],
               "19:chan-x@thread.tacv2": users[2:] + [{"email": "guest@partner.example"}]}
    files = sorted((tmp_path / "export").iterdir())
    return files, members


@pytest.mark.parametrize("channel_ties", ["recent", "members", "none"])
@pytest.mark.parametrize("seed", [1, 2])
def test_random_exports_against_json(tmp_path, channel_ties, seed):
    files, members = random_export(tmp_path, seed)
    log = ona.read_teams_messages(tmp_path / "export", channel_ties=channel_ties, members=members)
    rows = check(log, files, channel_ties=channel_ties, members=members)
    assert len(rows) > 20
    assert log.report["skipped"]["duplicate message"] > 0  # of the 5 repeated records, those not skipped earlier
    assert log.report["dropped"]["mention (not a user)"] > 0
    roles = {r[4] for r in rows}
    assert {"mention", "reply"} <= roles and ("member" in roles) == (channel_ties != "none")


def test_random_export_options_against_json(tmp_path):
    files, members = random_export(tmp_path, 3)
    kw = dict(window=600, participants=True, mentions=False, emails=False)
    log = ona.read_teams_messages(files, recent_window="10min", reply_to_thread_participants=True, mentions=False,
                                  resolve_emails=False, members=members)
    check(log, files, members=members, **kw)
    assert not any("@" in p for p in log.people)
    # members as a file (a GET /chats?$expand=members response) gives the same log as the mapping
    listing = {"value": [{"id": k, "chatType": "group", "members": v} for k, v in members.items()]}
    (tmp_path / "members.json").write_text(json.dumps(listing))
    a = ona.read_teams_messages(files, channel_ties="members", members=members)
    b = ona.read_teams_messages(files, channel_ties="members", members=tmp_path / "members.json")
    assert log_rows(a) == log_rows(b) and a.report == b.report


def test_pseudonyms(tmp_path):
    files, members = random_export(tmp_path, 4)
    key = b"k3y"

    def pseudo(s: str) -> str:
        return base64.b32encode(hmac.new(key, s.lower().encode(), "sha256").digest())[:16].decode().lower()

    log = ona.read_teams_messages(files, members=members, pseudonymize_key=key)
    plain = ona.read_teams_messages(files, members=members)
    assert {(s, r, role) for _, _, s, r, role in log_rows(log)} == \
        {(pseudo(s), pseudo(r), role) for _, _, s, r, role in log_rows(plain)}
    assert not any("chat-a" in str(c) for c in log.to_pandas()["channel"])


# ---- errors ----------------------------------------------------------------------------

def test_errors_name_file_and_record(tmp_path):
    good = {"id": "1", "messageType": "message", "createdDateTime": "2024-03-01T09:00:00Z", "chatId": "19:c",
            "from": {"user": {"id": "ann"}}}
    bad = dict(good, id="2", createdDateTime="2024-03-01 nine")
    p = tmp_path / "page.json"
    p.write_text(json.dumps({"value": [good, bad]}))
    with pytest.raises(ona.ParseError) as e:
        ona.read_teams_messages(p)
    assert (e.value.file, e.value.line, e.value.field, e.value.reason) == (str(p), 2, "createdDateTime",
                                                                          "bad timestamp")
    assert "page.json:2" in str(e.value)
    with pytest.warns(UserWarning, match="made a tie"):
        log = ona.read_teams_messages(p, errors="skip")
    assert log.report["skipped"] == {"bad timestamp": 1, "no recipients (quiet conversation)": 1}
    with pytest.raises(FileNotFoundError):
        ona.read_teams_messages(tmp_path / "missing.json")
    with pytest.raises(ona.OptionError, match="channel_ties"):
        ona.read_teams_messages(p, channel_ties="everyone")
    with pytest.raises(ona.OptionError, match="recent_window"):
        ona.read_teams_messages(p, recent_window="soon")
    with pytest.raises(ona.OptionError, match="members="):
        ona.read_teams_messages(p, members={"19:c": "ann"})
    with pytest.raises(ona.ParseError, match="members="):
        ona.read_teams_messages(p, members={"19:c": [{"displayName": "Ann"}]})
    # member lists that name none of the conversations: an error, not an empty log
    with pytest.raises(ona.OptionError, match="none of the 1 member lists"):
        ona.read_teams_messages(p, channel_ties="members", members={"19:other": ["bob"]}, errors="skip")
    with pytest.raises(ona.OptionError, match="needs member lists"):
        ona.read_teams_messages(p, channel_ties="members", errors="skip")
    log = ona.read_teams_messages(p, channel_ties="members", members={"19:c": ["ann", "bob"]}, errors="skip")
    assert log_rows(log) == {("chat:19:c", "1", "ann", "bob", "member")}


def test_progress_ticks_per_file_and_masked_errors(tmp_path):
    files, members = random_export(tmp_path, 5)
    seen = []
    ona._core.read_teams_messages(paths=[str(f) for f in files], channel_ties="recent", recent_window=3600.0,
                                  reply_to_thread_participants=False, mentions=True, resolve_emails=True,
                                  progress=lambda done, total: seen.append((done, total)))
    assert sorted({d for d, _ in seen}) == list(range(len(files))) and {t for _, t in seen} == {len(files)}
    a = ona.read_teams_messages(files, progress=False)
    b = ona.read_teams_messages(files, progress=True)
    assert log_rows(a) == log_rows(b)
    # with a key, a value quoted in an error is masked
    p = tmp_path / "bad.json"
    p.write_text(json.dumps({"value": [{"id": "1", "messageType": "message", "createdDateTime": "ann@corp.example",
                                        "chatId": "19:c", "from": {"user": {"id": "ann"}}}]}))
    with pytest.raises(ona.ParseError) as e:
        ona.read_teams_messages(p, pseudonymize_key=b"k3y")
    assert "ann@corp.example" not in str(e.value) and e.value.reason == "bad timestamp"
    with pytest.raises(ona.ParseError, match="ann@corp.example"):
        ona.read_teams_messages(p)


def test_member_pages_as_members_file_and_in_the_export(tmp_path):
    chat = "19:8b081ef6_5031bb31@unq.gbl.spaces"
    page = {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#chats('19%3A8b081ef6_5031bb31"
                              "%40unq.gbl.spaces')/members",
            "value": [{"@odata.type": "#microsoft.graph.aadUserConversationMember", "id": "MCMj", "roles": [],
                       "userId": u, "email": f"{u[:3]}@corp.example"} for u in ("ann-id", "bob-id", "cy-id")]}
    message = {"id": "1", "messageType": "message", "createdDateTime": "2024-03-01T09:00:00Z", "chatId": chat,
               "from": {"user": {"id": "bob-id"}}}
    (tmp_path / "members.json").write_text(json.dumps(page))
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "messages.json").write_text(json.dumps({"value": [message]}))
    a = ona.read_teams_messages(tmp_path / "export", channel_ties="members", members=tmp_path / "members.json")
    (tmp_path / "export" / "members.json").write_text(json.dumps(page))
    b = ona.read_teams_messages(tmp_path / "export", channel_ties="members")
    want = {(f"chat:{chat}", "1", "bob@corp.example", r, "member") for r in ("ann@corp.example", "cy-@corp.example")}
    assert log_rows(a) == log_rows(b) == want
    assert a.report["records_read"] == b.report["records_read"] == 1
