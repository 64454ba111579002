"""ona.response_times and the readers' reply links, against oracles built from the raw data.

Mail: Python's ``email`` package parses Message-ID, In-Reply-To, References,
From and Date itself; Slack: the export's JSON read with ``json``; working
time: a pandas minute-by-minute brute force on the answerer's local clock.
"""

from __future__ import annotations

import datetime
import email
import email.policy
import email.utils
import json
import mailbox
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import onakit as ona
from conftest import data_file

LKML = "mbox-lkml-threads-notmuch/lkml-threads.mbox"
GPP = ["mailing-list-3gpp-bigbang/3GPP_TSG_RAN_WG4_NR-MIMO-OTA.mbox",
       "mailing-list-3gpp-bigbang/3GPP_TSG_SA_WG4_EVS.mbox"]
SLACK = "slack-dd2030-threads/DERIVED_slack_export_layout_2025-04-30_to_2025-05-21.zip"
ID = re.compile(r"<([^<>]*)>")


def _us(x) -> Any:
    """Timedeltas (a Series) as float microseconds."""
    return pd.Series(x).dt.total_seconds() * 1e6


# ---- the mail oracle ------------------------------------------------------------
def _ids(value) -> list[str]:
    if value is None:
        return []
    s = str(value)
    found = ID.findall(s)
    return [f.strip() for f in found] if found else ([s.strip()] if s.strip() else [])


def _sender(msg, listserv: bool) -> str:
    raw = str(msg["from"] or msg["sender"] or "")
    if "@" not in raw:
        return ""  # the reader skips it as "no sender"
    if listserv:  # LISTSERV: `Name  addr@HOST` without brackets: the last word is the address
        return raw.split()[-1].strip("<>").lower()
    return email.utils.parseaddr(raw)[1].lower()


def _messages(path: Path) -> list:
    box = mailbox.mbox(str(path), create=False)
    try:
        return [email.message_from_bytes(m.as_bytes(), policy=email.policy.compat32) for m in box]
    finally:
        box.close()


def mail_oracle(paths: list[Path], listserv: bool) -> pd.DataFrame:
    """First answers from the raw messages: one row per (parent, answerer)."""
    msgs: list[dict[str, Any]] = []
    seen: set[str] = set()
    for path in paths:
        for msg in _messages(path):
            mid = (_ids(msg["message-id"]) or [""])[0]
            sender = _sender(msg, listserv)
            if not sender or (mid and mid in seen):
                continue
            seen.add(mid)
            date = msg["date"]
            t = email.utils.parsedate_to_datetime(str(date)) if date else None
            msgs.append(dict(id=mid, irt=(_ids(msg["in-reply-to"]) or [""])[0], refs=_ids(msg["references"]),
                             sender=sender, time=t))
    where = {m["id"]: i for i, m in reversed(list(enumerate(msgs))) if m["id"]}
    rows = []
    for i, m in enumerate(msgs):
        p = where.get(m["irt"])
        if p is None and m["refs"]:
            p = where.get(m["refs"][-1])
        if p is None or p == i:
            continue
        par = msgs[p]
        if par["sender"] == m["sender"] or par["time"] is None or m["time"] is None:
            continue
        delay = m["time"] - par["time"]
        if delay < datetime.timedelta(0):
            continue
        rows.append((par["id"], m["id"], par["sender"], m["sender"], pd.Timestamp(par["time"]).tz_convert("UTC"),
                     pd.Timestamp(m["time"]).tz_convert("UTC"), pd.Timedelta(delay)))
    df = pd.DataFrame(rows, columns=["parent_id", "reply_id", "asker", "answerer", "parent_time", "reply_time",
                                     "delay"])
    df = df.sort_values(["parent_id", "answerer", "reply_time", "reply_id"], kind="stable")
    return df.drop_duplicates(["parent_id", "answerer"]).reset_index(drop=True)


def ours_by_id(log, rt) -> pd.DataFrame:
    ids = np.asarray(log._core.message_ids, dtype=object)
    a = rt.answers
    return pd.DataFrame({"parent_id": ids[a["parent"]], "reply_id": ids[a["reply"]], "asker": a["asker"],
                         "answerer": a["answerer"], "parent_time": a["parent_time"], "reply_time": a["reply_time"],
                         "delay": a["delay"]})


def _same(ours: pd.DataFrame, want: pd.DataFrame, keys: list[str]) -> None:
    o = ours.sort_values(keys).reset_index(drop=True)
    w = want.sort_values(keys).reset_index(drop=True)
    assert len(o) == len(w) > 0
    pd.testing.assert_frame_equal(o[w.columns], w, check_dtype=False)


@pytest.mark.parametrize("case", ["lkml", "3gpp"])
def test_mail_reply_delays_match_the_email_package(case):
    if case == "lkml":
        paths = [data_file(LKML)]
        log = ona.read_mbox(paths[0])
    else:
        paths = [data_file(p) for p in GPP]
        log = ona.read_mbox(paths[0].parent, errors="skip", default_recipient="list@3gpp.example")
        assert log.report["dropped"].get("not a mail file") == 1  # the LISTSERV log in the folder
    want = mail_oracle(paths, listserv=case == "3gpp")
    rt = ona.response_times(log)
    _same(ours_by_id(log, rt), want, ["parent_id", "answerer"])
    # the per-person summary against pandas over the oracle's rows
    per = want.groupby("answerer")["delay"]
    got = rt.people.loc[per.size().index]
    assert (got["answers"].to_numpy() == per.size().to_numpy()).all()
    us = want.assign(d=_us(want["delay"])).groupby("answerer")["d"]
    np.testing.assert_allclose(_us(got["median"]), us.median(), rtol=0, atol=1)
    np.testing.assert_allclose(_us(got["p90"]), us.quantile(0.9), rtol=0, atol=1)
    within = want.assign(h=want["delay"] <= pd.Timedelta(hours=1), d=want["delay"] <= pd.Timedelta(hours=24))
    np.testing.assert_allclose(got["within_1h"], within.groupby("answerer")["h"].mean())
    np.testing.assert_allclose(got["within_24h"], within.groupby("answerer")["d"].mean())
    # per tie
    t = rt.ties.set_index(["asker", "answerer"])
    cnt = want.groupby(["asker", "answerer"]).size()
    assert (t.loc[cnt.index, "answers"].to_numpy() == cnt.to_numpy()).all()
    print(f"{case}: {len(want)} answers, median delay {want['delay'].median()}")


def test_mailing_list_never_answered_is_undefined_without_to():
    """LISTSERV archives keep no To header: nobody is addressed, so never_answered is NaN, not 0 or 1."""
    log = ona.read_mbox(data_file(GPP[1]), default_recipient="list@3gpp.example")
    rt = ona.response_times(log)
    answerers = rt.people[rt.people["answers"] > 0]
    assert len(answerers) > 0 and answerers["never_answered"].isna().all()


def test_mbox_parent_links_and_unknown_parents():
    """MessageLog.parents from In-Reply-To (else the last References id), unknown parents counted."""
    path = data_file(LKML)
    log = ona.read_mbox(path)
    ids = list(log._core.message_ids)
    par = log.parents
    where = {m: i for i, m in enumerate(ids)}
    unknown = 0
    seen: set[str] = set()
    for msg in _messages(path):
        mid = _ids(msg["message-id"])[0]
        if mid in seen:  # the reader keeps the first copy of a Message-ID
            continue
        seen.add(mid)
        irt, refs = (_ids(msg["in-reply-to"]) or [""])[0], _ids(msg["references"])
        want = where.get(irt)
        if want is None and refs:
            want = where.get(refs[-1])
        if want is None and (irt or refs):
            unknown += 1
        assert par[where[mid]] == (-1 if want is None else want)
    assert log.report["dropped"].get("reply to unknown parent", 0) == unknown
    # MailLog.replies still lists every id of both headers
    assert set(log.replies["header"]) == {"in-reply-to", "references"}


# ---- the Slack oracle -------------------------------------------------------------
def slack_oracle(path: Path) -> pd.DataFrame:
    z = zipfile.ZipFile(path)
    users = {u["id"]: u for u in json.loads(z.read("users.json"))}

    def who(uid):
        email_ = (users.get(uid, {}).get("profile") or {}).get("email")
        return email_.lower() if email_ else uid

    rows = []
    by_channel: dict[str, list] = {}
    for name in z.namelist():
        if name.count("/") == 1 and name.endswith(".json"):
            by_channel.setdefault(name.split("/")[0], []).extend(json.loads(z.read(name)))
    for channel, msgs in by_channel.items():
        ok = [m for m in msgs if m.get("user") and m.get("subtype") in (None, "file_share", "file_comment",
                                                                        "me_message", "thread_broadcast")
              and not users.get(m["user"], {}).get("is_bot") and m["user"] != "USLACKBOT"]
        by_ts: dict[str, dict] = {}
        for m in ok:
            by_ts.setdefault(m["ts"], m)
        for m in ok:
            if not m.get("thread_ts") or m["thread_ts"] == m["ts"] or m["thread_ts"] not in by_ts:
                continue
            p = by_ts[m["thread_ts"]]
            if p["user"] == m["user"]:
                continue
            tp, tr = (pd.Timestamp(int(Decimal(x["ts"]) * 10**6), unit="us", tz="UTC") for x in (p, m))
            if tr < tp:
                continue
            rows.append((channel, p["ts"], m["ts"], who(p["user"]), who(m["user"]), tp, tr, tr - tp))
    df = pd.DataFrame(rows, columns=["channel", "parent_id", "reply_id", "asker", "answerer", "parent_time",
                                     "reply_time", "delay"])
    df = df.sort_values(["channel", "parent_id", "answerer", "reply_time", "reply_id"], kind="stable")
    return df.drop_duplicates(["channel", "parent_id", "answerer"]).reset_index(drop=True)


def test_slack_thread_delays_match_the_json():
    path = data_file(SLACK)
    # without keep_thread_parents the first post of a quiet channel reaches nobody and is skipped, and so
    # is the parent its replies answer: they are counted, not lost
    plain = ona.read_slack_export(path)
    log = ona.read_slack_export(path, keep_thread_parents=True)
    assert plain.report["dropped"]["reply to unknown parent"] > log.report["dropped"]["reply to unknown parent"]
    assert (plain.parents >= 0).sum() < (log.parents >= 0).sum()
    # the plain reading loses half the parents: response_times says so and names the remedy
    with pytest.warns(UserWarning, match="keep_thread_parents=True"):
        ona.response_times(plain)
    want = slack_oracle(path)
    rt = ona.response_times(log)
    ids = np.asarray(log._core.message_ids, dtype=object)
    names = np.asarray([c.lstrip("#") for c in log._core.channel_names], dtype=object)
    chan = names[np.asarray(log._core.channels, dtype=np.int64)]
    ours = ours_by_id(log, rt).assign(channel=chan[rt.answers["reply"]])
    # a thread parent the reader kept no message for (e.g. one only its own author replied to, then
    # answered by someone mentioned) cannot be answered in the log: its replies are counted in
    # dropped["reply to unknown parent"]
    kept = set(zip(chan, ids))
    in_log = np.array([(c, p) in kept for c, p in zip(want["channel"], want["parent_id"])], dtype=bool)
    print(f"slack: {in_log.mean():.1%} of the oracle's answers have their parent in the log")
    assert in_log.mean() > 0.95
    _same(ours, want[in_log], ["channel", "parent_id", "answerer"])
    assert log.report["dropped"].get("reply to unknown parent", 0) >= int((~in_log).sum())
    print(f"slack: {len(ours)} answers, median delay {ours['delay'].median()}")


# ---- working time -------------------------------------------------------------------
def brute_working_delay(start: pd.Timestamp, end: pd.Timestamp, zone: str, hours=(9, 17)) -> pd.Timedelta:
    """Working time by stepping minute by minute on the local clock of the reply (seconds at the ends)."""
    off = end.tz_convert(zone).utcoffset()
    assert off is not None
    a, b = (start.tz_convert("UTC").tz_localize(None) + off), (end.tz_convert("UTC").tz_localize(None) + off)
    edges = pd.date_range(a.floor("min"), b.ceil("min"), freq="min")
    total = pd.Timedelta(0)
    for lo, hi in zip(edges[:-1], edges[1:]):
        lo2, hi2 = max(lo, a), min(hi, b)
        if hi2 <= lo2 or lo.weekday() >= 5 or not (hours[0] <= lo.hour < hours[1]):
            continue
        total += hi2 - lo2
    return total


def test_business_hours_against_a_minute_brute_force():
    log = ona.read_mbox(data_file(LKML))
    people = log.people
    zones = pd.Series(["America/New_York" if i % 3 == 0 else "Europe/Berlin" if i % 3 == 1 else "Asia/Tokyo"
                       for i in range(len(people))], index=people)
    rt = ona.response_times(log, business_hours=("09:00", "17:00"), tz=zones)
    plain = ona.response_times(log)
    assert (rt.answers[["reply", "parent"]].to_numpy() == plain.answers[["reply", "parent"]].to_numpy()).all()
    assert (rt.answers["delay"] <= plain.answers["delay"]).all()
    sample = rt.answers[rt.answers["delay"] < pd.Timedelta(days=20)].sample(n=40, random_state=0)
    assert (sample["delay"] > pd.Timedelta(0)).any()
    for _, r in sample.iterrows():
        want = brute_working_delay(r["parent_time"], r["reply_time"], zones[r["answerer"]])
        assert abs(r["delay"] - want) <= pd.Timedelta(seconds=1), (r, want)
    # one zone name for everyone equals a Series giving everyone that zone
    one = ona.response_times(log, business_hours=("09:00", "17:00"), tz="Asia/Tokyo")
    same = ona.response_times(log, business_hours=("09:00", "17:00"),
                              tz=pd.Series("Asia/Tokyo", index=people))
    assert one.answers["delay"].equals(same.answers["delay"])


def test_errors_name_the_keyword():
    log = ona.read_mbox(data_file(LKML))
    with pytest.raises(ona.OptionError, match="business_hours"):
        ona.response_times(log, business_hours=("17:00", "09:00"))
    with pytest.raises(ona.OptionError, match="business_hours"):
        ona.response_times(log, business_hours="9-5")
    with pytest.raises(ona.OptionError, match="tz"):
        ona.response_times(log, business_hours=True, tz="Mars/Olympus")
    with pytest.raises(ValueError, match="tz"):
        ona.response_times(log, business_hours=True, tz=pd.Series({"nobody@example.org": "UTC"}))
    with pytest.warns(UserWarning, match="tz"):
        ona.response_times(log, tz="UTC")
    with pytest.raises(ValueError, match="reply links"):
        ona.response_times(ona.synthetic_org(people=20, departments=2, weeks=1)[0])
    with pytest.raises(ValueError, match="min_group_size"):
        ona.response_times(log, groups=pd.Series("a", index=log.people), min_group_size=0)


def test_group_pairs_and_min_group_size():
    log = ona.read_mbox(data_file(LKML))
    rt0 = ona.response_times(log)
    # groups: the domain of each address
    dom = pd.Series([p.split("@")[-1] for p in log.people], index=log.people)
    rt = ona.response_times(log, groups=dom, min_group_size=3)
    gp = rt.group_pairs
    sizes = dom.value_counts()
    small = set(sizes[sizes < 3].index)
    label = [g for g in gp["asker_group"].unique() if str(g).startswith("(suppressed")]
    merged = (lambda d: label[0] if d in small else d) if label else (lambda d: d)
    want = rt0.answers.assign(a=rt0.answers["asker"].map(dom).map(merged),
                              b=rt0.answers["answerer"].map(dom).map(merged))
    cnt = want.groupby(["a", "b"]).size()
    g = gp.set_index(["asker_group", "answerer_group"])
    assert not (set(g.index.get_level_values(0)) & small)
    assert (g.loc[cnt.index, "answers"].to_numpy() == cnt.to_numpy()).all()
    med = want.assign(d=_us(want["delay"])).groupby(["a", "b"])["d"].median()
    np.testing.assert_allclose(_us(g.loc[med.index, "median"]), med, atol=1)
    assert rt.attrs["suppressed_groups"] == len(small)


def test_never_answered_against_a_pandas_count():
    """The share of messages that asked a person directly (To) and got no answer from them."""
    log = ona.read_mbox(data_file(LKML))
    rt = ona.response_times(log)
    df = log.to_pandas()
    asked = df[(df["role"] == "to") & (df["recipient"] != df["sender"])][["message", "recipient"]].drop_duplicates()
    answered = set(zip(rt.answers["parent"], rt.answers["answerer"]))
    asked = asked.assign(ok=[(m, r) in answered for m, r in zip(asked["message"], asked["recipient"])])
    per = asked.groupby("recipient")["ok"].agg(["size", "sum"])
    got = rt.people.loc[per.index]
    assert (got["addressed"].to_numpy() == per["size"].to_numpy()).all()
    np.testing.assert_allclose(got["never_answered"], 1 - per["sum"] / per["size"])


def test_jsonl_reply_to(tmp_path):
    lines = [{"id": "a", "from": "ann", "to": ["bob"], "t": "2024-03-04T09:00:00Z"},
             {"id": "b", "from": "bob", "to": ["ann"], "t": "2024-03-04T10:30:00Z", "parent": "a"},
             {"id": "c", "from": "cy", "to": ["ann"], "t": "2024-03-04T11:00:00Z", "parent": "zzz"},
             {"id": 4, "from": "ann", "to": ["bob"], "t": "2024-03-04T12:00:00Z", "parent": "b"}]
    p = tmp_path / "m.jsonl"
    p.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    log = ona.read_jsonl(p, sender="from", recipients="to", timestamp="t", message_id="id", reply_to="parent")
    assert log.parents.tolist() == [-1, 0, -1, 1]
    assert log.report["dropped"]["reply to unknown parent"] == 1
    with pytest.warns(UserWarning, match="1 replies answer a message that is not in the log"):
        rt = ona.response_times(log)
    assert rt.answers["delay"].tolist() == [pd.Timedelta(minutes=90), pd.Timedelta(minutes=90)]
    assert rt.attrs["replies_to_unknown_parent"] == 1
    # only self replies: empty tables, with a warning that says why
    selfish = tmp_path / "self.jsonl"
    selfish.write_text("\n".join(json.dumps(x) for x in [
        {"id": "a", "from": "ann", "to": ["bob"], "t": "2024-03-04T09:00:00Z"},
        {"id": "b", "from": "ann", "to": ["bob"], "t": "2024-03-04T09:10:00Z", "parent": "a"}]) + "\n")
    lone = ona.read_jsonl(selfish, sender="from", recipients="to", timestamp="t", message_id="id", reply_to="parent")
    with pytest.warns(UserWarning, match="1 self replies"):
        assert len(ona.response_times(lone).answers) == 0
    with pytest.raises(ona.OptionError, match="reply_to"):
        ona.read_jsonl(p, sender="from", recipients="to", timestamp="t", reply_to="parent")
