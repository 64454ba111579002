"""ona.read_calendar against the icalendar and recurring-ical-events packages on the
50 real test calendars (icalendar-attendees-test-calendars), and ona.concat."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import shutil
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import data_file

import onakit as ona
from onakit._log import _log_from_state

icalendar = pytest.importorskip("icalendar")
recurring_ical_events = pytest.importorskip("recurring_ical_events")

DIR = "icalendar-attendees-test-calendars"
START, END = dt.datetime(1990, 1, 1), dt.datetime(2030, 1, 1)
UTC = dt.timezone.utc
REPLIES = {"REPLY", "COUNTER", "REFRESH", "DECLINECOUNTER"}

def addr(v):
    s = str(v).strip()
    if s[:7].lower() == "mailto:":
        s = s[7:].strip()
    return s.lower()

def micros(t):
    if isinstance(t, dt.datetime):
        t = t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)
    else:
        t = dt.datetime(t.year, t.month, t.day, tzinfo=UTC)
    return int((t - dt.datetime(1970, 1, 1, tzinfo=UTC)).total_seconds()) * 1_000_000

def as_list(v):
    if v is None: return []
    return v if isinstance(v, list) else [v]

def people(ev, max_attendees=50):
    """(organizer, attendees, declined, reason)"""
    org = addr(ev.get("ORGANIZER")) if ev.get("ORGANIZER") is not None else ""
    if not org:
        return None, None, 0, "no organizer"
    att, declined = [], 0
    for a in as_list(ev.get("ATTENDEE")):
        if str(a.params.get("PARTSTAT", "")).upper() == "DECLINED":
            declined += 1; continue
        x = addr(a)
        if x and x != org:
            att.append(x)
    if not att: return org, att, declined, "no attendees"
    if max_attendees and len(att) > max_attendees: return org, att, declined, "broadcast"
    return org, att, declined, None

def calendars(path):
    return icalendar.Calendar.from_ical(Path(path).read_bytes(), multiple=True)

def expected(path, start, end, max_attendees=50):
    """Multiset of (organizer, attendees, start micros) and Counter of per-VEVENT policy skips."""
    msgs: Counter = Counter()
    skips: Counter = Counter()
    lo, hi = micros(start), micros(end)
    for cal in calendars(path):
        method = str(cal.get("METHOD", "")).upper()
        vevents = [c for c in cal.subcomponents if c.name == "VEVENT"]
        for ev in vevents:
            if method in REPLIES: skips["scheduling reply"] += 1
            elif method == "CANCEL" or str(ev.get("STATUS", "")).upper() == "CANCELLED": skips["cancelled"] += 1
            else:
                r = people(ev, max_attendees)[3]
                if r: skips[r] += 1
        if method in REPLIES or method == "CANCEL" or not vevents:
            continue
        # Series (a UID with RRULE or RDATE, and its overrides) through recurring-ical-events;
        # other events as written (recurring-ical-events would swap a DTSTART after DTEND).
        series = {str(c.get("UID")) for c in vevents if c.get("UID") and (c.get("RRULE") or c.get("RDATE"))}
        only = icalendar.Calendar()
        occurrences = []
        for c in cal.subcomponents:
            if c.name == "VTIMEZONE" or (c.name == "VEVENT" and c.get("UID") and str(c.get("UID")) in series):
                only.add_component(c)
            elif c.name == "VEVENT":
                occurrences.append(c)
        if series:
            occurrences += recurring_ical_events.of(only).between(start - dt.timedelta(days=2), end + dt.timedelta(days=2))
        for occ in occurrences:
            if str(occ.get("STATUS", "")).upper() == "CANCELLED": continue
            org, att, _, reason = people(occ, max_attendees)
            if reason: continue
            t = micros(occ.get("DTSTART").dt)
            if lo <= t < hi:
                msgs[(org, tuple(sorted(att)), t)] += 1
    return msgs, skips


def _files():
    return sorted(p for p in data_file(DIR).iterdir() if p.suffix == ".ics")


def _got(log):
    df = log.to_pandas()
    if df.empty:
        return Counter()
    df = df.assign(t=df["timestamp"].to_numpy(dtype="datetime64[us]").astype(np.int64))
    out: Counter = Counter()
    for (_, sender, t), g in df.groupby(["message", "sender", "t"]):
        out[(sender, tuple(sorted(g["recipient"])), int(t))] += 1
    return out


POLICY = ("scheduling reply", "cancelled", "no organizer", "no attendees", "broadcast")


def test_every_calendar_against_icalendar_and_recurring_ical_events():
    files = _files()
    assert len(files) == 50
    compared = 0
    unreadable = []
    for path in files:
        log = ona.read_calendar(path, start=START, end=END, errors="skip")
        rep = log.report
        assert rep["records_read"] == rep["records_kept"] + sum(rep["skipped"].values()), path.name
        assert set(log.to_pandas()["role"].astype(str)) <= {"meeting"}
        # The VEVENTs and their policy skips: icalendar alone (no time needed).
        vevents = sum(1 for cal in calendars(path) for c in cal.subcomponents if c.name == "VEVENT")
        assert rep["records_read"] == vevents, path.name
        try:
            want, skips = expected(path, START, END)
        except (ValueError, KeyError) as e:  # icalendar refuses a malformed DTSTART/DTEND/RDATE value
            unreadable.append((path.name, type(e).__name__))
            continue
        compared += 1
        assert {k: rep["skipped"].get(k, 0) for k in POLICY} == {k: skips.get(k, 0) for k in POLICY}, path.name
        got = _got(log)
        assert got == want, (path.name, sorted(got - want)[:3], sorted(want - got)[:3])
    # The oracle reads all but the files with a value it refuses (libical reads them).
    assert compared >= 48, unreadable


def test_declined_attendees_are_dropped_and_counted():
    declined = 0
    for path in _files():
        for cal in calendars(path):
            if str(cal.get("METHOD", "")).upper() in REPLIES | {"CANCEL"}:
                continue
            for ev in cal.subcomponents:
                if ev.name != "VEVENT" or str(ev.get("STATUS", "")).upper() == "CANCELLED" or not ev.get("DTSTART"):
                    continue
                org, att, d, reason = people(ev)
                if reason is None:
                    declined += d
    log = ona.read_calendar(data_file(DIR), start=START, end=END, errors="skip")
    assert declined > 0
    assert log.report["dropped"].get("declined attendee", 0) == declined


def test_without_a_window_a_series_stops_one_year_after_dtstart():
    # icaljs__parserv2.ics: daily series with no end.
    path = data_file(DIR) / "icaljs__parserv2.ics"
    log = ona.read_calendar(path)
    cal = calendars(path)[0]
    masters = [c for c in cal.subcomponents if c.name == "VEVENT" and c.get("RRULE")]
    want = 0
    for m in masters:
        t0 = m.get("DTSTART").dt
        sub = icalendar.Calendar()
        for c in cal.subcomponents:
            if c.name == "VTIMEZONE" or (c.name == "VEVENT" and str(c.get("UID")) == str(m.get("UID"))):
                sub.add_component(c)
        lo = micros(t0)
        want += sum(1 for o in recurring_ical_events.of(sub).between(t0, t0 + dt.timedelta(days=366))
                    if lo <= micros(o.get("DTSTART").dt) < lo + 365 * 86400 * 1_000_000)
    assert log.num_messages == want > 100
    assert log.report["dropped"]["recurrence past horizon"] == len(masters)


def test_broadcasts_are_skipped_and_counted():
    path = data_file(DIR) / "libical__2446.ics"
    full = ona.read_calendar(path, start=START, end=END, max_attendees=None)
    small = ona.read_calendar(path, start=START, end=END, max_attendees=1)
    want, skips = expected(path, START, END, max_attendees=1)
    assert small.report["skipped"]["broadcast"] == skips["broadcast"] > 0
    assert _got(small) == want
    assert small.num_messages < full.num_messages


def test_errors_name_the_file(tmp_path):
    bad = tmp_path / "team.ics"
    bad.write_text("BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:x\nORGANIZER:mailto:a@x.org\n"
                   "ATTENDEE:mailto:b@x.org\nEND:VEVENT\nEND:VCALENDAR\n")
    with pytest.raises(ona.ParseError, match=r"team\.ics:3: .*DTSTART"):
        ona.read_calendar(bad)
    assert ona.read_calendar(bad, errors="skip").report["skipped"] == {"missing DTSTART": 1}
    (tmp_path / "notes.ics").write_text("hello\n")
    with pytest.raises(ona.ParseError, match=r"notes\.ics"):
        ona.read_calendar(tmp_path / "notes.ics")
    with pytest.raises(FileNotFoundError, match="nowhere.ics"):
        ona.read_calendar(tmp_path / "nowhere.ics")
    with pytest.raises(ona.OptionError, match="max_attendees=0"):
        ona.read_calendar(bad, max_attendees=0)
    with pytest.raises(ona.OptionError, match="start="):
        ona.read_calendar(bad, start="2024-02-01", end="2024-01-01")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ona.ReadError, match="no .ics file"):
        ona.read_calendar(empty)


def test_folder_gzip_and_pseudonyms(tmp_path):
    src = data_file(DIR) / "libical__2446.ics"
    with open(src, "rb") as f, gzip.open(tmp_path / "a.ics.gz", "wb") as g:
        shutil.copyfileobj(f, g)
    plain = ona.read_calendar(src, start=START, end=END)
    packed = ona.read_calendar(tmp_path, start=START, end=END)
    assert _got(packed) == _got(plain)
    key = ona.read_calendar(src, start=START, end=END, pseudonymize_key="k")
    assert key.num_messages == plain.num_messages
    assert not any("@example.com" in str(p) for p in key.people)
    assert not key.to_pandas()["message_id"].str.contains("host1.com").any()


def test_concat_weights_people_and_reply_links():
    meetings = ona.read_calendar(data_file(DIR) / "libical__2446.ics", start=START, end=END)
    mail = ona.read_mbox(data_file("mbox-lkml-threads-notmuch"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        both = ona.concat([mail, meetings], weights=[1.0, 0.25])
    assert any("no person appears in more than one log" in str(x.message) for x in caught)
    assert both.num_messages == mail.num_messages + meetings.num_messages
    assert both.num_pairs == mail.num_pairs + meetings.num_pairs
    df, a, b = both.to_pandas(), mail.to_pandas(), meetings.to_pandas()
    # Each source's rows, in order, with its weight, times, roles and people.
    top, bottom = df[df["message"] < mail.num_messages], df[df["message"] >= mail.num_messages]
    for part, src, w in ((top, a, 1.0), (bottom, b, 0.25)):
        assert part["sender"].tolist() == src["sender"].tolist()
        assert part["recipient"].tolist() == src["recipient"].tolist()
        assert part["timestamp"].tolist() == src["timestamp"].tolist()
        assert part["role"].astype(str).tolist() == src["role"].astype(str).tolist()
        assert set(part["weight"]) == {w}
    # Reply links kept, renumbered: a threaded log (every odd message answers the one before) after the meetings.
    state = mail._columns_state()
    rows = np.arange(mail.num_messages)
    state["parents"] = np.where(rows % 2 == 1, rows - 1, -1)
    threaded = _log_from_state(state)
    with pytest.warns(UserWarning, match="share nobody"):
        linked = ona.concat([meetings, threaded])
    par = linked.parents
    assert (par[: meetings.num_messages] == -1).all()
    assert (par[meetings.num_messages:] == np.where(rows % 2 == 1, rows - 1 + meetings.num_messages, -1)).all()
    rep = both.report
    assert rep["records_read"] == mail.report["records_read"] + meetings.report["records_read"]
    # The graph counts a meeting as a quarter message: tie weights scale.
    g1 = ona.build_graph(meetings)
    g2 = ona.build_graph(ona.concat([meetings], weights=[0.25]))
    assert np.allclose(g2.to_pandas()["weight"].to_numpy(), 0.25 * g1.to_pandas()["weight"].to_numpy())


def test_concat_merges_people_by_label_and_warns_on_label_types():
    a = ona.MessageLog.from_pandas(pd.DataFrame({"sender": [17, 18], "recipients": [18, 17],
                                                 "timestamp": ["2024-01-01", "2024-01-02"]}))
    b = ona.MessageLog.from_pandas(pd.DataFrame({"sender": ["17"], "recipients": ["19"],
                                                 "timestamp": ["2024-01-03"]}))
    with pytest.warns(UserWarning, match="different types"):
        ab = ona.concat([a, b])
    assert len(ab.people) == 3  # 17 and "17" are one person
    assert list(ab.people) == [17, 18, "19"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        aa = ona.concat([a, a], weights=[1, 2])
    assert list(aa.people) == [17, 18]
    assert aa.to_pandas()["weight"].tolist() == [1.0, 1.0, 2.0, 2.0]
    with pytest.raises(ona.OptionError, match="weights"):
        ona.concat([a, b], weights=[1.0])
    with pytest.raises(ona.OptionError, match=r"weights\[0\]"):
        ona.concat([a], weights=[-1.0])
    with pytest.raises(ona.OptionError, match="logs is empty"):
        ona.concat([])


def test_cli_reads_a_folder_of_calendars(capsys):
    from onakit.cli import main

    folder = data_file(DIR)
    assert main(["edges", str(folder), "--errors", "skip", "--start", "1990-01-01", "--end", "2030-01-01",
                 "-o", "-"]) == 0
    ties = pd.read_csv(io.StringIO(capsys.readouterr().out))
    log = ona.read_calendar(folder, start=START, end=END, errors="skip")
    want = ona.build_graph(log, start=START, end=END).to_pandas()
    assert len(ties) == len(want) > 0
    assert ties["weight"].sum() == pytest.approx(want["weight"].sum())


def test_a_bad_file_in_a_folder_is_named_and_identity_rules_apply(tmp_path):
    shutil.copy(data_file(DIR) / "libical__2446.ics", tmp_path / "a.ics")
    (tmp_path / "b.ics").write_text("From: ann@x.org\n\nnot a calendar\n")
    with pytest.raises(ona.ParseError, match=r"b\.ics"):
        ona.read_calendar(tmp_path, start=START, end=END)
    lenient = ona.read_calendar(tmp_path, start=START, end=END, errors="skip")
    assert lenient.report["skipped"]["not iCalendar"] == 1
    assert lenient.num_messages == ona.read_calendar(tmp_path / "a.ics", start=START, end=END).num_messages
    # internal_domains: attendees elsewhere are dropped and counted, organisers elsewhere skip the meeting.
    inside = ona.read_calendar(tmp_path / "a.ics", start=START, end=END, internal_domains=["example.com"])
    everyone = ona.read_calendar(tmp_path / "a.ics", start=START, end=END).to_pandas()
    kept = everyone[everyone["sender"].str.endswith("@example.com") & everyone["recipient"].str.endswith("@example.com")]
    assert inside.num_pairs == len(kept)
    assert inside.report["dropped"].get("recipient external", 0) + inside.report["skipped"].get(
        "no recipients after identity rules", 0) > 0
