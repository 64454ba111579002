"""Streaming readers (_core.stream_<reader>, onakit._stream_readers.STREAM_READERS).

On real data sets of ../shared/data, with chunk sizes 1, 7, 1000 and the
default, the chunks a streaming reader hands its sink, concatenated, equal
the in-memory reader's log (every column, people in the same order, the
report's counts), also for gzip copies and for lenient reads of files with
bad records injected. Independent counts (pandas, the json and mailbox
packages) check the totals.
"""

from __future__ import annotations

import gzip
import json
import mailbox
import shutil

import numpy as np
import pandas as pd
import pytest

import onakit as ona
from onakit import _core
from onakit._stream_readers import STREAM_READERS, stream_reader

from conftest import data_file

CHUNKS = [1, 7, 1000, 1_000_000]
COLUMNS = ["senders", "times", "offsets", "recipients", "roles", "weights", "message_ids", "channels"]
REPORT_COUNTS = ["records_read", "records_kept", "skipped", "dropped", "messages", "messages_with_several_recipients"]


def stream(fmt, path, chunk, **kw):
    sink = _core.CollectingSink()
    rest = STREAM_READERS[fmt](str(path), sink, chunk, **kw)
    return sink, rest


def assert_same(whole: ona.MessageLog, sink, rest: ona.MessageLog, chunk: int, reply_links: bool = False):
    got = sink.log
    assert rest.num_messages == 0
    assert list(rest.people) == list(whole.people)
    assert rest.people.dtype == whole.people.dtype
    assert list(got.people) == list(whole._core.people)
    for col in COLUMNS:
        np.testing.assert_array_equal(np.asarray(getattr(got, col)), np.asarray(getattr(whole._core, col)), err_msg=col)
    want = dict(whole.report)
    have = dict(rest.report)
    if reply_links:  # a stream links no replies (file summary of stream.hpp)
        want["dropped"] = {k: v for k, v in want["dropped"].items() if k != "reply to unknown parent"}
    for key in REPORT_COUNTS:
        assert have[key] == want[key], key
    assert have["source"] == want["source"]
    sizes = sink.chunk_sizes
    assert all(s >= chunk for s in sizes[:-1]) and all(s > 0 for s in sizes)
    assert sum(sizes) == whole.num_messages


@pytest.mark.parametrize("chunk", CHUNKS)
def test_email_csv_radoslaw_every_grouping_and_gzip(chunk, tmp_path):
    path = data_file("radoslaw_email/communication.csv")
    gz = tmp_path / "communication.csv.gz"
    with open(path, "rb") as src, gzip.open(gz, "wb") as dst:
        shutil.copyfileobj(src, dst)
    kw = dict(sender="Sender", recipients="Recipient", timestamp="EventDate", recipient_sep=None, threads=2)
    rows = pd.read_csv(path, sep=";")
    for p in (path, gz):
        for group in (None, "sender_time"):
            whole = ona.read_email_csv(p, group_rows_by=group, **kw)
            sink, rest = stream("csv", p, chunk, group_rows_by=group, **kw)
            assert_same(whole, sink, rest, chunk)
            assert sink.log.num_pairs == len(rows)  # pandas: one pair per row
    assert rest.report["messages"] == 58463  # sender_time groups 82,927 rows into 58,463 messages


@pytest.mark.parametrize("chunk", CHUNKS)
def test_email_csv_enron_lenient_bad_rows(chunk, tmp_path):
    lines = data_file("enron-jhu-igraphdata/edges.csv").read_text().splitlines()
    bad = [lines[0]]
    for k, line in enumerate(lines[1:], 1):
        if k % 499 == 0:
            bad.append(',154,"2001-01-01 00:00:00","to",1,0')  # empty sender
        if k % 701 == 0:
            bad.append('25,154,"soon","to",1,0')  # bad timestamp
        if k % 997 == 0:
            bad.append('25,154')  # wrong number of fields
        bad.append(line)
    p = tmp_path / "enron_bad.csv"
    p.write_text("\n".join(bad) + "\n")
    kw = dict(sender="from", recipients="to", timestamp="time", role="reciptype", recipient_sep=None,
              errors="skip", nodetype="auto")
    whole = ona.read_email_csv(p, **kw)
    assert set(whole.report["skipped"]) == {"empty sender", "bad timestamp", "wrong number of fields"}
    sink, rest = stream("csv", p, chunk, **kw)
    assert_same(whole, sink, rest, chunk)
    assert rest.people.dtype == np.int64


@pytest.mark.parametrize("chunk", CHUNKS)
@pytest.mark.parametrize("rel", ["email-Eu-core/email-Eu-core.txt",
                                 "email-Eu-core-temporal/email-Eu-core-temporal.txt.gz",
                                 "dnc-corecipient/out.dnc-corecipient", "opsahl-ucsocial/out.opsahl-ucsocial",
                                 "ukfaculty/edges.csv", "reality-mining-calls-texts-benson/text-Reality.txt"])
def test_edgelist_real_files(rel, chunk):
    path = data_file(rel)
    whole = ona.read_edgelist(path)
    sink, rest = stream("edgelist", path, chunk)
    assert_same(whole, sink, rest, chunk)


@pytest.mark.parametrize("chunk", CHUNKS)
def test_jsonl_written_by_the_json_package(chunk, tmp_path):
    rows = pd.read_csv(data_file("radoslaw_email/communication.csv"), sep=";")
    p = tmp_path / "radoslaw.jsonl"
    with open(p, "w") as f:
        for k, r in enumerate(rows.itertuples()):
            f.write(json.dumps({"from": str(r.Sender), "to": [str(r.Recipient)], "at": r.EventDate,
                                "id": f"m{k}", "re": f"m{k // 3}"}) + "\n")
            if k % 1001 == 0:
                f.write("{oops\n")
    gz = tmp_path / "radoslaw.jsonl.gz"
    with open(p, "rb") as src, gzip.open(gz, "wb") as dst:
        shutil.copyfileobj(src, dst)
    kw = dict(sender="from", recipients="to", timestamp="at", message_id="id", reply_to="re", errors="skip")
    for path in (p, gz):
        whole = ona.read_jsonl(path, **kw)
        assert whole.report["skipped"] == {"invalid JSON": len(range(0, len(rows), 1001))}
        sink, rest = stream("jsonl", path, chunk, **kw)
        assert_same(whole, sink, rest, chunk, reply_links=True)
        assert sink.log.num_messages == len(rows)


@pytest.mark.parametrize("chunk", CHUNKS)
def test_mbox_files_folder_and_gzip(chunk, tmp_path):
    f = data_file("enron-mbox/enron.skilling-j.sent.mbox")
    gz = tmp_path / "skilling.mbox.gz"
    with open(f, "rb") as src, gzip.open(gz, "wb") as dst:
        shutil.copyfileobj(src, dst)
    for path in (f, gz, data_file("mbox-lkml-threads-notmuch/lkml-threads.mbox"), data_file("enron-mbox"),
                 data_file("mbox-parser-samples-perceval")):
        whole = ona.read_mbox(path, errors="skip")
        sink, rest = stream("mbox", path, chunk, errors="skip")
        assert_same(whole, sink, rest, chunk, reply_links=True)
    # The mailbox package counts the messages of the mbox (a copy: it opens files read-write).
    copy = tmp_path / "copy.mbox"
    shutil.copyfile(f, copy)
    box = mailbox.mbox(str(copy), create=False)
    try:
        n = len(box)
    finally:
        box.close()
    assert n > 0
    _, rest = stream("mbox", f, chunk, errors="skip")
    assert rest.report["records_read"] == n


def test_errors_name_the_file_and_unknown_formats_are_refused(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("sender,recipients,timestamp\n" + "a,b,2024-01-01T00:00:00Z\n" * 500 + ",b,2024-01-01T00:00:01Z\n")
    with pytest.raises(ona.ParseError) as whole_err:
        ona.read_email_csv(p)
    with pytest.raises(ona.ParseError) as stream_err:
        stream("csv", p, 7)
    assert str(stream_err.value) == str(whole_err.value) and str(p) in str(stream_err.value)
    with pytest.raises(ona.OptionError, match="chunk_messages"):
        stream("csv", p, 0)
    with pytest.raises(ona.OptionError, match="format='slack'"):
        stream_reader("slack")
    with pytest.raises(FileNotFoundError):
        stream("edgelist", tmp_path / "missing.txt", 7)
    with pytest.raises(TypeError):
        stream("edgelist", p, 7, recipients="x")  # read_edgelist has no such keyword


def test_progress_sees_each_window_and_can_stop_the_read():
    path = data_file("radoslaw_email/communication.csv")
    seen: list[tuple[int, int]] = []

    def progress(done, total):
        seen.append((done, total))

    kw = dict(path=str(path), sender="Sender", recipients="Recipient", timestamp="EventDate", role=None,
              message_id=None, sep=None, recipient_sep=None, errors="strict")
    rest = _core.stream_email_csv(**kw, progress=progress, sink=_core.CollectingSink(keep=False), chunk_messages=1000)
    assert rest.report["messages"] == 82927
    assert len(seen) > 10
    assert all(total == path.stat().st_size for _, total in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and seen[-1][0] > path.stat().st_size // 2

    class Stop(Exception):
        pass

    def stop(done, total):
        if done > total // 2:
            raise Stop  # what Ctrl-C's KeyboardInterrupt does through the same poll

    sink = _core.CollectingSink()
    with pytest.raises(Stop):
        _core.stream_email_csv(**kw, progress=stop, sink=sink, chunk_messages=1000)
    assert 0 < sink.log.num_messages < 82927  # stopped between windows, after some chunks


@pytest.mark.parametrize("chunk", [7, 1000, 1_000_000])
@pytest.mark.parametrize("weighting", ["count", "split"])
def test_streamed_read_into_the_stream_builder_is_build_graphs_graph(chunk, weighting):
    """The reader half of ona.stream_ties: STREAM_READERS into _core.StreamBuilder against _core.build_graph
    of the in-memory log, CSR arrays compared exactly (weights with ==)."""
    from onakit._build import builder_keywords

    cases = [("csv", data_file("radoslaw_email/communication.csv"),
              dict(sender="Sender", recipients="Recipient", timestamp="EventDate", recipient_sep=None,
                   group_rows_by="sender_time"), ona.read_email_csv),
             ("edgelist", data_file("email-Eu-core-temporal/email-Eu-core-temporal.txt.gz"), dict(third="time"),
              ona.read_edgelist),
             ("mbox", data_file("enron-mbox/enron.lay-k.inbox.mbox"), dict(errors="skip"), ona.read_mbox)]
    kw = builder_keywords(weighting=weighting)
    for fmt, path, reader_kw, read in cases:
        whole = _core.build_graph(log=read(path, **reader_kw)._core, **kw).graph
        builder = _core.StreamBuilder(**kw)
        rest = STREAM_READERS[fmt](str(path), builder, chunk, **reader_kw)
        streamed = builder.finish(rest._core).graph
        assert streamed.num_edges == whole.num_edges > 0, fmt
        assert list(streamed.labels) == list(whole.labels), fmt
        for col in ("out_offsets", "out_targets", "out_weights"):
            assert np.array_equal(np.asarray(getattr(streamed, col)), np.asarray(getattr(whole, col))), (fmt, col)
