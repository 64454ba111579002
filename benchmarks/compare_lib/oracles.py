"""The references that are not graph libraries: Python's mailbox + email, and the brute-force oracles of the tests.

* mbox: ``mailbox.mbox`` and, per message, ``email.utils.getaddresses`` on
  From/To/Cc/Bcc, ``parsedate_to_datetime`` on Date and the Message-ID: the
  standard library's way to the metadata ``ona.read_mbox`` reads (it parses
  whole messages, as ``mailbox`` always does).
* temporal reach: the plain Python search of tests/python/test_temporal_reach.py
  (every time-respecting continuation, state by state, here with bisection
  and earliest-arrival pruning).
* response times: the oracle of tests/python/test_response_times.py (Python's
  ``email`` package parsing Message-ID/In-Reply-To/References/From/Date, or
  ``json`` on the Slack export, then first answers in pandas).
"""

from __future__ import annotations

import bisect
import email
import email.policy
import email.utils
import json
import mailbox
import re
import zipfile
from collections import defaultdict, deque
from decimal import Decimal
from pathlib import Path

import pandas as pd

INF = float("inf")


def python_reference(path: str) -> int:
    n = 0
    box = mailbox.mbox(path, create=False)
    for msg in box:
        email.utils.getaddresses(msg.get_all("from", []))
        for f in ("to", "cc", "bcc"):
            email.utils.getaddresses([str(v) for v in msg.get_all(f, [])])
        d = msg.get("date")
        if d:
            try:
                email.utils.parsedate_to_datetime(str(d))
            except (TypeError, ValueError):
                pass
        msg.get("message-id")
        n += 1
    box.close()
    return n


def walk(out, first_hops, last_time):
    """The oracle's search: every (person, arrival) state from the first hops, each next hop strictly
    later and at most last_time; earliest arrival per person. As in the tests, plus two exact speed-ups
    for the whole log: a person's later messages are found by bisection, and a state is expanded only
    when it arrives earlier than every state of that person so far (a later arrival can continue along
    a subset of the same messages)."""
    best: dict = {}
    queue = deque(h for h in first_hops if h[0] <= last_time)
    while queue:
        t, v = queue.popleft()
        if t >= best.get(v, INF):
            continue
        best[v] = t
        times, targets = out.get(v, ((), ()))
        for k in range(bisect.bisect_right(times, t), len(times)):
            if times[k] > last_time:
                break
            if times[k] < best.get(targets[k], INF):
                queue.append((times[k], targets[k]))
    return best


def oracle_every_start(out, u, within):
    got = set()
    times, targets = out.get(u, ((), ()))
    for t1, v in zip(times, targets):
        got |= set(walk(out, [(t1, v)], t1 + within))
    got.discard(u)
    return len(got)


def oracle_fixed_start(out, u, start, within):
    times, targets = out.get(u, ((), ()))
    got = set(walk(out, [(t, v) for t, v in zip(times, targets) if t >= start], start + within))
    got.discard(u)
    return len(got)


def temporal_out(raw: pd.DataFrame) -> dict:
    """The oracle's adjacency: sender -> (sorted times, targets), self-messages left out."""
    out: dict = defaultdict(list)
    for u, v, t in zip(raw["src"].tolist(), raw["dst"].tolist(), raw["t"].tolist()):
        if u != v:
            out[u].append((t, v))
    for u in out:
        out[u].sort()
        out[u] = ([t for t, _ in out[u]], [v for _, v in out[u]])
    return out


ID = re.compile(r"<([^<>]*)>")


def _ids(value) -> list[str]:
    if value is None:
        return []
    s = str(value)
    found = ID.findall(s)
    return [f.strip() for f in found] if found else ([s.strip()] if s.strip() else [])


def mail_table(paths: list[Path], listserv: bool) -> pd.DataFrame:
    rows, seen = [], set()
    for path in paths:
        for m in mailbox.mbox(str(path), create=False):
            msg = email.message_from_bytes(m.as_bytes(), policy=email.policy.compat32)
            mid = (_ids(msg["message-id"]) or [""])[0]
            if mid and mid in seen:
                continue
            seen.add(mid)
            raw = str(msg["from"] or msg["sender"])
            sender = raw.split()[-1].strip("<>").lower() if listserv else email.utils.parseaddr(raw)[1].lower()
            date = msg["date"]
            t = pd.Timestamp(email.utils.parsedate_to_datetime(str(date))).tz_convert("UTC") if date else pd.NaT
            refs = _ids(msg["references"])
            rows.append((mid, (_ids(msg["in-reply-to"]) or [""])[0], refs[-1] if refs else "", sender, t))
    return pd.DataFrame(rows, columns=["id", "irt", "ref", "sender", "time"])


def mail_answers(df: pd.DataFrame) -> pd.DataFrame:
    first = df[df["id"] != ""].drop_duplicates("id")
    known = set(first["id"])
    parent = df["irt"].where(df["irt"].isin(known), df["ref"].where(df["ref"].isin(known), ""))
    return _first_answers(df.assign(parent=parent), first.set_index("id"))


def _first_answers(df: pd.DataFrame, by_id: pd.DataFrame) -> pd.DataFrame:
    r = df[(df["parent"] != "") & (df["parent"] != df["id"])]
    r = r.join(by_id[["sender", "time"]].add_prefix("p_"), on="parent")
    r = r[(r["sender"] != r["p_sender"]) & r["time"].notna() & r["p_time"].notna()]
    r = r.assign(delay=r["time"] - r["p_time"])
    r = r[r["delay"] >= pd.Timedelta(0)]
    return r.sort_values(["parent", "sender", "time", "id"], kind="stable").drop_duplicates(["parent", "sender"])


def slack_table(path: Path) -> pd.DataFrame:
    z = zipfile.ZipFile(path)
    users = {u["id"]: u for u in json.loads(z.read("users.json"))}
    rows = []
    for name in z.namelist():
        if name.count("/") == 1 and name.endswith(".json"):
            channel = name.split("/")[0]
            for m in json.loads(z.read(name)):
                if not m.get("user") or m.get("subtype") not in (None, "file_share", "file_comment", "me_message",
                                                                 "thread_broadcast"):
                    continue
                if users.get(m["user"], {}).get("is_bot") or m["user"] == "USLACKBOT":
                    continue
                thread = m.get("thread_ts") or ""
                rows.append((channel + "/" + m["ts"], channel + "/" + thread if thread and thread != m["ts"] else "",
                             m["user"], pd.Timestamp(int(Decimal(m["ts"]) * 10**6), unit="us", tz="UTC")))
    return pd.DataFrame(rows, columns=["id", "parent", "sender", "time"])


def slack_answers(df: pd.DataFrame) -> pd.DataFrame:
    by_id = df.drop_duplicates("id").set_index("id")
    return _first_answers(df[df["parent"].isin(by_id.index) | (df["parent"] == "")], by_id)
