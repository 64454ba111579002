"""ona.stream_ties and the CLI's streamed commands: the graph of a file read chunk by chunk equals the graph of
the same file read into memory, bit for bit (Graph.equals compares weights with ==), on the real data sets,
for every reader and the builder's options; freq= equals build_graphs; edges/summary/report print what the
in-memory path prints."""

from __future__ import annotations

import datetime as dt
import gzip
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from conftest import data_file

import onakit as ona

from onakit._formats import detect_format
from onakit._stream import read_function

RADOSLAW = dict(sender="Sender", recipients="Recipient", timestamp="EventDate", recipient_sep=None)
ENRON_JHU = dict(sender="from", recipients="to", timestamp="time", role="reciptype", recipient_sep=None,
                 group_rows_by="sender_time")

# (format, path relative to the data folder, reader keywords)
SOURCES = [
    ("csv", "radoslaw_email/communication.csv", RADOSLAW),
    ("csv", "enron-jhu-igraphdata/edges.csv", ENRON_JHU),
    ("edgelist", "email-Eu-core-temporal/email-Eu-core-temporal.txt.gz", dict(third="time")),
    ("mbox", "mbox-lkml-threads-notmuch/lkml-threads.mbox", {}),
    ("mbox", "enron-mbox", dict(errors="skip")),
    ("slack", "slack-dd2030-threads/DERIVED_slack_export_layout_2025-04-30_to_2025-05-21.zip", {}),
    ("slack", "slack-export-houstondatavis", {}),
    ("calendar", "icalendar-attendees-test-calendars",
     dict(start=dt.datetime(1990, 1, 1), end=dt.datetime(2030, 1, 1), errors="skip")),
]

OPTION_SETS = [
    {},
    dict(weighting="split", role_weights={"cc": 0.5, "bcc": 0.0}, max_recipients=10),
    dict(directed=False, self_loops=True, min_weight=2),
    dict(reciprocal=True),
]


def _ids(source):
    return f"{source[0]}:{source[1].split('/')[0]}"


def _comparable(report: dict) -> dict:
    """An ingest report as streaming keeps it: reply links are not followed while streaming (ties do not need
    them), and an unpacked Slack zip's temporary folder is named in source."""
    out = {k: v for k, v in report.items() if k != "source"}
    out["dropped"] = {k: v for k, v in report["dropped"].items() if k != "reply to unknown parent"}
    return out


@pytest.mark.filterwarnings("ignore:.*weighting='split' changes nothing:UserWarning")
@pytest.mark.parametrize("source", SOURCES, ids=_ids)
def test_streamed_graph_equals_the_in_memory_graph(source):
    fmt, rel, kw = source
    path = str(data_file(rel))
    log = read_function(fmt)(path, **kw)
    assert log.num_messages > 0
    for options in OPTION_SETS:
        window = {k: kw[k] for k in ("start", "end") if k in kw}  # the calendar's: also the builder's window
        whole = ona.build_graph(log, **window, **options)
        for chunk in (7, 1_000_000):
            g = ona.stream_ties(path, format=fmt, chunk_messages=chunk, **kw, **options)
            assert g.equals(whole), (options, chunk)
            assert g.build_report == whole.build_report, (options, chunk)
            assert _comparable(g.ingest_report) == _comparable(log.report)
            assert g.time_span == whole.time_span


def test_decay_without_reference_time_is_measured_from_the_latest_message():
    path = str(data_file("radoslaw_email/communication.csv"))
    log = ona.read_email_csv(path, **RADOSLAW)
    for half_life in ("30D", 7 * 86400):
        g = ona.stream_ties(path, half_life=half_life, chunk_messages=1000, **RADOSLAW)
        assert g.equals(ona.build_graph(log, half_life=half_life))
    ref = "2010-06-01"
    g = ona.stream_ties(path, half_life="7D", reference_time=ref, directed=False, **RADOSLAW)
    assert g.equals(ona.build_graph(log, half_life="7D", reference_time=ref, directed=False))


@pytest.mark.parametrize("freq, window", [("M", {}), ("W", dict(start="2010-02-01", end="2010-05-01")),
                                          ("14D", {}), ("Q", dict(start="2010-03-15"))])
def test_periods_equal_build_graphs(freq, window):
    path = str(data_file("radoslaw_email/communication.csv"))
    log = ona.read_email_csv(path, **RADOSLAW)
    streamed = ona.stream_ties(path, freq=freq, half_life="7D", chunk_messages=5000, **window, **RADOSLAW)
    built = ona.build_graphs(log, freq=freq, half_life="7D", **window)
    assert streamed.index.equals(built.index)
    assert all(a.equals(b) and a.build_report == b.build_report for a, b in zip(streamed, built))
    for key in ("freq", "messages", "messages_without_time", "messages_total", "start", "end"):
        assert streamed.attrs[key] == built.attrs[key], key
    assert streamed.attrs["ingest_report"] == log.report


def test_gzip_and_format_detection(tmp_path):
    src = data_file("radoslaw_email/communication.csv")
    gz = tmp_path / "communication.csv.gz"
    with open(src, "rb") as f, gzip.open(gz, "wb") as out:
        shutil.copyfileobj(f, out)
    g = ona.stream_ties(gz, chunk_messages=999, **RADOSLAW)  # format detected: csv
    assert g.equals(ona.build_graph(ona.read_email_csv(src, **RADOSLAW)))


def test_lenient_counts_survive_streaming(tmp_path):
    lines = data_file("radoslaw_email/communication.csv").read_text().splitlines()
    bad = lines[:2000] + ["broken;row"] * 3 + ["17;x;not a date"] + lines[2000:4000]
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(bad) + "\n")
    with pytest.raises(ona.ParseError, match="bad.csv"):
        ona.stream_ties(path, **RADOSLAW)
    g = ona.stream_ties(path, errors="skip", chunk_messages=100, **RADOSLAW)
    log = ona.read_email_csv(path, errors="skip", **RADOSLAW)
    assert g.ingest_report == log.report
    assert sum(g.ingest_report["skipped"].values()) == 4
    assert g.equals(ona.build_graph(log))


def test_bad_calls_name_what_the_user_typed():
    path = str(data_file("radoslaw_email/communication.csv"))
    with pytest.raises(ona.OptionError, match="format='xlsx'"):
        ona.stream_ties(path, format="xlsx")
    with pytest.raises(ona.OptionError, match="sendr="):
        ona.stream_ties(path, sendr="Sender")
    with pytest.raises(ona.OptionError, match="chunk_messages=0"):
        ona.stream_ties(path, chunk_messages=0, **RADOSLAW)
    with pytest.raises(ona.OptionError, match="weighting"):
        ona.stream_ties(path, weighting="mean", **RADOSLAW)
    with pytest.raises(FileNotFoundError, match="nowhere.csv"):
        ona.stream_ties("nowhere.csv")


def _cli(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "onakit", *argv], capture_output=True, text=True, check=False)


CSV_FLAGS = ["--sender", "Sender", "--recipients", "Recipient", "--timestamp", "EventDate"]


def test_cli_edges_streams_the_same_ties(tmp_path):
    path = str(data_file("radoslaw_email/communication.csv"))
    out = tmp_path / "ties.csv"
    r = _cli("edges", path, *CSV_FLAGS, "--half-life", "30D", "--chunk-messages", "777", "-o", str(out))
    assert r.returncode == 0, r.stderr
    got = pd.read_csv(out)
    want = ona.build_graph(ona.read_email_csv(path, **RADOSLAW), half_life="30D").to_pandas()
    assert len(got) == len(want) > 5000
    assert (got["source"].astype(str).to_numpy() == want["source"].astype(str).to_numpy()).all()
    assert (got["target"].astype(str).to_numpy() == want["target"].astype(str).to_numpy()).all()
    assert (got["weight"].to_numpy() == want["weight"].to_numpy()).all()  # written with repr precision


def test_cli_summary_does_not_depend_on_the_chunk_size():
    path = str(data_file("radoslaw_email/communication.csv"))
    flags = [*CSV_FLAGS, "--start", "2010-03-01", "--end", "2010-06-01"]
    small = _cli("summary", path, *flags, "--chunk-messages", "13")
    large = _cli("summary", path, *flags)
    assert small.returncode == large.returncode == 0, small.stderr
    assert small.stdout == large.stdout
    log = ona.read_email_csv(path, **RADOSLAW)
    times = log.to_pandas().drop_duplicates("message")["timestamp"]
    inside = ((times >= pd.Timestamp("2010-03-01", tz="UTC")) & (times < pd.Timestamp("2010-06-01", tz="UTC"))).sum()
    assert f"messages            {inside:,} " in small.stdout
    assert f"of {log.num_messages:,} in the input" in small.stdout


def test_cli_chunk_messages_is_checked():
    r = _cli("edges", str(data_file("radoslaw_email/communication.csv")), *CSV_FLAGS, "--chunk-messages", "0")
    assert r.returncode != 0
    assert "--chunk-messages" in r.stderr and "Traceback" not in r.stderr


def test_detect_format_knows_parquet(tmp_path):
    (tmp_path / "a.parquet").write_bytes(b"PAR1")
    assert detect_format(str(tmp_path / "a.parquet")) == "parquet"
    assert detect_format(str(tmp_path)) == "parquet"
