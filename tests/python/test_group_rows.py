"""group_rows_by: rows of one-row-per-recipient exports grouped into messages (issue 18).

Oracle: pandas groupby on the raw radoslaw_email file (82,927 rows, one per
(message, recipient), no message id): a message is a (Sender, EventDate)
group.
"""

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest

import onakit as ona
from onakit.cli import main

from conftest import data_file

RADOSLAW = "radoslaw_email/communication.csv"
COLUMNS = dict(sender="Sender", recipients="Recipient", timestamp="EventDate", recipient_sep=None)


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return pd.read_csv(data_file(RADOSLAW), sep=";")


@pytest.fixture(scope="module")
def oracle(raw) -> dict:
    groups = raw.groupby(["Sender", "EventDate"], sort=False)
    others = raw[raw.Sender != raw.Recipient].groupby(["Sender", "EventDate"])["Recipient"].nunique()
    # Messages in order of first appearance, each with its recipients in row order.
    messages = [(s, t, tuple(g["Recipient"])) for (s, t), g in groups]
    return {
        "messages": groups.ngroups,
        "multi_row": int((groups.size() >= 2).sum()),
        "several": int((groups["Recipient"].nunique() >= 2).sum()),
        "several_others": int((others >= 2).sum()),
        "list": messages,
    }


@pytest.fixture(scope="module")
def grouped():
    return ona.read_email_csv(data_file(RADOSLAW), group_rows_by="sender_time", threads=1, nodetype="auto",
                              **COLUMNS)


def _messages(log) -> list:
    """(sender, time text, recipients in order) per message of a log, in log order."""
    df = log.to_pandas()
    times = df["timestamp"].dt.strftime("%Y-%m-%d %H:%M:%S")
    return [(g["sender"].iloc[0], times[g.index[0]], tuple(g["recipient"])) for _, g in df.groupby("message")]


def test_radoslaw_grouped_by_sender_and_time_is_the_pandas_grouping(raw, oracle, grouped):
    # The figures, checked against the oracle rather than taken on trust.
    assert (oracle["messages"], oracle["multi_row"]) == (58_463, 8_098)
    assert grouped.num_messages == grouped.report["messages"] == oracle["messages"]
    assert grouped.num_pairs == len(raw)
    assert int((np.diff(np.asarray(grouped._core.offsets)) >= 2).sum()) == oracle["multi_row"]
    # 8,098 messages have two or more rows; 164 of them repeat one recipient, so
    # 7,934 have several distinct recipients: what a split can share.
    assert grouped.report["messages_with_several_recipients"] == oracle["several"] < oracle["multi_row"]
    # Message by message: sender, time, recipients in row order, messages in order of first row.
    assert _messages(grouped) == oracle["list"]
    assert f"several_recipients={oracle['several']:,}" in repr(grouped)


def test_the_default_still_reads_a_row_as_a_message_and_says_so(raw):
    log = ona.read_email_csv(data_file(RADOSLAW), **COLUMNS)
    assert log.num_messages == len(raw)
    assert log.report["messages_with_several_recipients"] == 0
    assert "several_recipients=0" in repr(log)
    none = ona.read_email_csv(data_file(RADOSLAW), group_rows_by="none", **COLUMNS)
    assert none.num_messages == len(raw)


def test_split_warns_when_it_cannot_differ_from_count(raw):
    log = ona.read_email_csv(data_file(RADOSLAW), nodetype="auto", **COLUMNS)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        split = ona.build_graph(log, weighting="split")
    assert len(caught) == 1 and caught[0].category is UserWarning
    assert "group_rows_by='sender_time'" in str(caught[0].message)
    assert split.build_report["messages_with_several_recipients"] == 0
    count = ona.build_graph(log)
    pd.testing.assert_frame_equal(split.to_pandas(), count.to_pandas())


def test_split_on_grouped_rows_matches_a_pandas_oracle(raw, oracle, grouped):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "split changes nothing" warning now
        split = ona.build_graph(grouped, weighting="split")
    count = ona.build_graph(grouped)
    assert split.build_report["messages_with_several_recipients"] == oracle["several_others"]
    assert count.build_report["messages_with_several_recipients"] == oracle["several_others"]
    # Oracle: per message, each distinct recipient other than the sender gets 1/k (count: 1).
    d = raw[raw.Sender != raw.Recipient].drop_duplicates(["Sender", "EventDate", "Recipient"])
    k = d.groupby(["Sender", "EventDate"])["Recipient"].transform("size")
    expected_split = (1.0 / k).groupby([d.Sender, d.Recipient]).sum()
    expected_count = d.groupby(["Sender", "Recipient"]).size()
    for g, expected in ((split, expected_split), (count, expected_count)):
        ties = g.to_pandas().set_index(["source", "target"])["weight"].sort_index()
        expected = expected.rename_axis(["source", "target"]).sort_index()
        assert ties.index.equals(expected.index)
        np.testing.assert_allclose(ties.to_numpy(), expected.to_numpy(), rtol=1e-12)
    assert not np.allclose(split.to_pandas()["weight"], count.to_pandas()["weight"])


def test_parallel_chunks_give_the_one_thread_log(grouped):
    two = ona.read_email_csv(data_file(RADOSLAW), group_rows_by="sender_time", threads=2, nodetype="auto",
                             **COLUMNS)
    pd.testing.assert_frame_equal(two.to_pandas(), grouped.to_pandas())
    assert two.report == grouped.report


def test_a_message_straddling_the_chunk_cut_is_one_message(tmp_path):
    # > 512 KiB, so two threads cut it in two; all rows are one message of one sender and second.
    path = tmp_path / "one_message.csv"
    rows = [f"boss@corp.example;p{i % 5000}@corp.example;2024-01-01 09:00:00" for i in range(30_000)]
    path.write_text("Sender;Recipient;EventDate\n" + "\n".join(rows) + "\n")
    one = ona.read_email_csv(path, group_rows_by="sender_time", threads=1, **COLUMNS)
    two = ona.read_email_csv(path, group_rows_by="sender_time", threads=2, **COLUMNS)
    assert one.num_messages == two.num_messages == 1
    pd.testing.assert_frame_equal(two.to_pandas(), one.to_pandas())


def test_from_pandas_groups_as_the_file_reader_does(raw, grouped):
    log = ona.MessageLog.from_pandas(raw, group_rows_by="sender_time", **COLUMNS)
    pd.testing.assert_frame_equal(log.to_pandas(), grouped.to_pandas())
    assert {k: v for k, v in log.report.items() if k != "source"} == \
           {k: v for k, v in grouped.report.items() if k != "source"}
    # a channel or weight column splits rows that differ in it
    small = pd.DataFrame({"sender": ["ann", "ann", "ann", "bob"], "recipients": ["bob", "cy", "dan", "ann"],
                          "timestamp": ["2024-01-08 09:00"] * 4, "channel": ["a", "a", "b", "a"]})
    two = ona.MessageLog.from_pandas(small, channel="channel", group_rows_by="sender_time")
    assert two.num_messages == 3 and two.report["messages_with_several_recipients"] == 1


def test_message_trace_without_ids_groups_by_sender_and_received(raw, oracle, tmp_path):
    # radoslaw written as an Exchange message trace without MessageIds
    trace = pd.DataFrame({"Received": raw.EventDate.str.replace(" ", "T") + "Z", "SenderAddress": raw.Sender,
                          "RecipientAddress": raw.Recipient, "Status": "Delivered", "MessageId": ""})
    path = tmp_path / "MessageTrace.csv"
    trace.to_csv(path, index=False)
    log = ona.read_message_trace(path, message_id=None, group_rows_by="sender_time")
    assert log.num_messages == oracle["messages"]
    assert log.report["messages_with_several_recipients"] == oracle["several"]
    with pytest.raises(ona.OptionError, match="message_id to None"):
        ona.read_message_trace(path, group_rows_by="sender_time")  # MessageId is the default column
    assert ona.read_message_trace(path).num_messages == len(raw)  # empty ids: a row is a message


def test_options_that_cannot_work_are_refused():
    path = data_file(RADOSLAW)
    with pytest.raises(ona.OptionError, match=r"group_rows_by='bogus' is not one of"):
        ona.read_email_csv(path, group_rows_by="bogus", **COLUMNS)
    with pytest.raises(ona.OptionError, match=r"needs the time column: pass timestamp="):
        ona.read_email_csv(path, **{**COLUMNS, "timestamp": None}, group_rows_by="sender_time")
    with pytest.raises(ona.OptionError, match=r"needs the message-id column"):
        ona.read_email_csv(path, group_rows_by="message_id", **COLUMNS)
    with pytest.raises(ona.OptionError, match=r"both group rows into messages"):
        ona.read_email_csv(path, message_id="EventDate", group_rows_by="sender_time", **COLUMNS)
    df = pd.DataFrame({"sender": ["a"], "recipients": ["b"]})
    with pytest.raises(ona.OptionError, match=r"pass timestamp="):
        ona.MessageLog.from_pandas(df, timestamp=None, group_rows_by="sender_time")


def test_the_count_survives_pickling(grouped, oracle):
    again = pickle.loads(pickle.dumps(grouped))
    assert again.report["messages_with_several_recipients"] == oracle["several"]


def test_cli_groups_rows_and_says_how_many_messages_have_several_recipients(oracle, capsys):
    src = str(data_file(RADOSLAW))
    flags = ["--sender", "Sender", "--recipients", "Recipient", "--timestamp", "EventDate", "--recipient-sep", ""]
    assert main(["summary", src, *flags, "--group-rows-by", "sender_time", "--weighting", "split"]) == 0
    captured = capsys.readouterr()
    assert f"messages {oracle['messages']:,} ({oracle['several']:,} with several recipients)" in captured.out
    assert f"({oracle['several_others']:,} with several recipients)" in captured.out.split("graph building")[1]
    assert "warning" not in captured.err
    # without grouping: the split warning, in the CLI's own flags (shown, not raised as under -W error)
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        assert main(["summary", src, *flags, "--weighting", "split"]) == 0
    err = capsys.readouterr().err
    assert "--weighting split changes nothing" in err and "--group-rows-by sender_time" in err
    assert main(["summary", src, *flags, "--group-rows-by", "sender_time", "--message-id", "EventDate"]) == 2
    assert main(["summary", src, "--format", "edgelist", "--group-rows-by", "sender_time"]) == 2
    assert "--group-rows-by applies to csv and trace" in capsys.readouterr().err


def test_report_shows_the_count_and_notes_a_split_without_effect(oracle):
    log = ona.read_email_csv(data_file(RADOSLAW), group_rows_by="sender_time", **COLUMNS)
    html = ona.report(log, build={"weighting": "split"}, permutations=50, layout=False).html
    assert "Messages with several recipients" in html and f"{oracle['several']:,}" in html
    assert "this equals count weighting" not in html
    rows = ona.read_email_csv(data_file(RADOSLAW), **COLUMNS)
    with pytest.warns(UserWarning, match="group_rows_by='sender_time'"):
        html = ona.report(rows, build={"weighting": "split"}, permutations=50, layout=False).html
    assert "this equals count weighting" in html
