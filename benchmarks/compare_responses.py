"""Side by side: response times on the threaded sets, onakit vs the tests' oracles, in one run.

For each threaded set in ``<data>`` (best of ``--repeat`` runs, wall clock):

* ``lkml``: ``mbox-lkml-threads-notmuch/lkml-threads.mbox``;
* ``3gpp``: the two LISTSERV mboxes of ``mailing-list-3gpp-bigbang``;
* ``slack``: the dd2030 export zip of ``slack-dd2030-threads`` (``keep_thread_parents=True``).

Two comparisons per set:

* end to end: ``ona.read_*`` + ``ona.response_times`` against the oracle of
  tests/python/test_response_times.py (Python's ``email`` package parsing
  Message-ID/In-Reply-To/References/From/Date, or ``json`` on the Slack
  export, then first answers in pandas);
* the measure alone: ``ona.response_times(log)`` on a log already read,
  against the same first-answer computation in pandas on a table already
  parsed (parent/reply ids, senders, times).

It prints both answer counts and the median reply delay of each set, and the
median working-time delay (09:00-17:00 on weekdays; UTC for the mailing lists,
whose people are worldwide, Asia/Tokyo for the Japanese Slack workspace).

    PYTHONPATH=build/<dir>/python .venv/bin/python benchmarks/compare_responses.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import email
import email.policy
import email.utils
import json
import mailbox
import os
import re
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pandas as pd

import onakit as ona

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


def best(fn, repeat: int):
    t, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        t = min(t, time.perf_counter() - t0)
    return t, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.environ.get("ONAKIT_DATA_DIR",
                                                     Path(__file__).resolve().parents[2] / "shared" / "data"))
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    data = Path(a.data)
    gpp = data / "mailing-list-3gpp-bigbang"
    sets = {
        "lkml": (lambda: ona.read_mbox(data / "mbox-lkml-threads-notmuch/lkml-threads.mbox"),
                 lambda: mail_table([data / "mbox-lkml-threads-notmuch/lkml-threads.mbox"], False), mail_answers),
        "3gpp": (lambda: ona.read_mbox(gpp, errors="skip", default_recipient="list@3gpp.example"),
                 lambda: mail_table(sorted(gpp.glob("*.mbox")), True), mail_answers),
        "slack": (lambda: ona.read_slack_export(data / "slack-dd2030-threads" /
                                                "DERIVED_slack_export_layout_2025-04-30_to_2025-05-21.zip",
                                                keep_thread_parents=True),
                  lambda: slack_table(data / "slack-dd2030-threads" /
                                      "DERIVED_slack_export_layout_2025-04-30_to_2025-05-21.zip"), slack_answers),
    }
    print(f"{'set':6} {'answers':>8} {'oracle':>8} {'median delay':>22} {'onakit e2e':>11} {'oracle e2e':>11} "
          f"{'ratio':>7} {'onakit rt':>10} {'pandas rt':>10} {'ratio':>7}")
    for name, (read, parse, answers) in sets.items():
        t_ours, rt = best(lambda: ona.response_times(read()), a.repeat)
        t_oracle, want = best(lambda: answers(parse()), a.repeat)
        log = read()
        table = parse()
        t_rt, _ = best(lambda: ona.response_times(log), max(a.repeat, 5))
        t_pd, _ = best(lambda: answers(table), max(a.repeat, 5))
        med = rt.answers["delay"].median()
        print(f"{name:6} {len(rt.answers):8,} {len(want):8,} {str(med):>22} {t_ours * 1e3:9.1f}ms {t_oracle * 1e3:9.1f}ms "
              f"{t_oracle / t_ours:6.1f}x {t_rt * 1e3:8.2f}ms {t_pd * 1e3:8.2f}ms {t_pd / t_rt:6.1f}x")
        zone = "Asia/Tokyo" if name == "slack" else "UTC"
        bh = ona.response_times(log, business_hours=("09:00", "17:00"), tz=zone)
        print(f"       working-time median (09:00-17:00 {zone}, weekdays): {bh.answers['delay'].median()}; "
              f"within 1 h: {(rt.answers['delay'] <= pd.Timedelta(hours=1)).mean():.1%}, "
              f"within 24 h: {(rt.answers['delay'] <= pd.Timedelta(hours=24)).mean():.1%}")


if __name__ == "__main__":
    main()
