"""ona.read_parquet and MessageLog.from_arrow read Arrow columns through the C++
row stage (onakit/ingest/arrow_messages.hpp): on real data written to Parquet
at test time, they give the log read_email_csv gives the CSV file, or that
MessageLog.from_pandas gives the same DataFrame (every column, report,
pseudonyms, bad rows), whatever the row groups, encodings and column types;
streaming hands out chunks that concatenate to the whole log."""

import os

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import onakit as ona
from onakit import _core
from onakit._stream_readers import STREAM_READERS
from conftest import data_file

KEY = b"parquet-equivalence-key"
RADOSLAW = dict(sender="Sender", recipients="Recipient", timestamp="EventDate", recipient_sep=None)
ENRON = dict(sender="from", recipients="to", timestamp="time", role="reciptype")


def assert_same_log(a: ona.MessageLog, b: ona.MessageLog, people_equal=True, source=None):
    """Identical logs: people, every message column, the report (source aside, unless given)."""
    if people_equal:
        assert list(a.people) == list(b.people)
    ca, cb = a._core, b._core
    for field in ("senders", "times", "offsets", "recipients", "roles", "weights", "channels"):
        np.testing.assert_array_equal(np.asarray(getattr(ca, field)), np.asarray(getattr(cb, field)), err_msg=field)
    assert ca.message_ids == cb.message_ids
    assert list(ca.channel_names) == list(cb.channel_names)
    ra, rb = dict(a.report), dict(b.report)
    sa, _ = ra.pop("source"), rb.pop("source")
    assert ra == rb
    if source is not None:
        assert sa == source


@pytest.fixture(scope="module")
def radoslaw_csv():
    return data_file("radoslaw_email/communication.csv")


@pytest.fixture(scope="module")
def radoslaw_text(radoslaw_csv):
    return pd.read_csv(radoslaw_csv, sep=";", dtype=str)  # the cells as the file holds them


@pytest.fixture(scope="module")
def enron():
    return pd.read_csv(data_file("enron-jhu-igraphdata/edges.csv"))


def write(df_or_table, path, row_group_size=10_000, **kw):
    t = df_or_table if isinstance(df_or_table, pa.Table) else pa.Table.from_pandas(df_or_table, preserve_index=False)
    pq.write_table(t, path, row_group_size=row_group_size, **kw)
    return path


@pytest.mark.parametrize("group_rows_by", [None, "sender_time"])
def test_radoslaw_parquet_equals_the_csv_reader(tmp_path, radoslaw_csv, radoslaw_text, group_rows_by):
    csv = ona.read_email_csv(radoslaw_csv, sep=";", group_rows_by=group_rows_by, **RADOSLAW)
    path = write(radoslaw_text, tmp_path / "r.parquet", row_group_size=7_000)  # 12 row groups
    assert pq.ParquetFile(path).num_row_groups == 12
    log = ona.read_parquet(path, group_rows_by=group_rows_by, batch_rows=3_000, **RADOSLAW)
    assert_same_log(log, csv, source=str(path))
    assert log.people.dtype == object
    # integer columns (pandas' own dtypes): int labels, the same log by their text
    typed = write(pd.read_csv(radoslaw_csv, sep=";"), tmp_path / "typed.parquet")
    t = ona.read_parquet(typed, group_rows_by=group_rows_by, **RADOSLAW)
    assert list(t.people) == [int(p) for p in csv.people]
    assert_same_log(t, csv, people_equal=False)
    assert list(ona.read_parquet(typed, nodetype=str, **RADOSLAW).people) == list(csv.people)


def test_dictionary_encoded_columns(tmp_path, radoslaw_csv, radoslaw_text):
    csv = ona.read_email_csv(radoslaw_csv, sep=";", **RADOSLAW)
    cols = {c: pa.array(radoslaw_text[c]).dictionary_encode() for c in radoslaw_text.columns}
    table = pa.table(cols)
    assert all(pa.types.is_dictionary(f.type) for f in table.schema)
    assert_same_log(ona.MessageLog.from_arrow(table, **RADOSLAW), csv)
    path = write(table, tmp_path / "dict.parquet")
    back = pq.read_schema(path)
    assert pa.types.is_dictionary(back.field("Sender").type)  # the file keeps the Arrow dictionary type
    assert_same_log(ona.read_parquet(path, **RADOSLAW), csv)
    # int8 and uint32 indices, large_string dictionary values
    small = pa.table({c: pa.DictionaryArray.from_arrays(a.indices.cast(pa.uint32()), a.dictionary.cast(pa.large_string()))
                      for c, a in cols.items()})
    assert_same_log(ona.MessageLog.from_arrow(small, **RADOSLAW), csv)


def test_string_kinds_large_and_view(radoslaw_csv, radoslaw_text):
    csv = ona.read_email_csv(radoslaw_csv, sep=";", **RADOSLAW)
    for kind in (pa.large_string(), pa.string_view()):
        table = pa.table({c: pa.array(radoslaw_text[c]).cast(kind) for c in radoslaw_text.columns})
        assert_same_log(ona.MessageLog.from_arrow(table, **RADOSLAW), csv)


def test_timestamp_column_types(tmp_path, radoslaw_csv, radoslaw_text):
    csv = ona.read_email_csv(radoslaw_csv, sep=";", **RADOSLAW)
    when = pd.to_datetime(radoslaw_text["EventDate"])  # naive: UTC, as the CSV reader reads it
    seconds = (when - pd.Timestamp("1970-01-01")) // pd.Timedelta(seconds=1)
    base = {c: pa.array(radoslaw_text[c]) for c in ("Sender", "Recipient")}
    variants = {f"timestamp[{u}, {tz}]": pa.array(when.dt.tz_localize("UTC").dt.tz_convert(tz) if tz else when,
                                                  pa.timestamp(u, tz=tz))
                for u in ("s", "ms", "us", "ns") for tz in (None, "UTC", "Europe/Warsaw")}
    variants["int64 unix seconds"] = pa.array(seconds, pa.int64())
    variants["uint32 unix seconds"] = pa.array(seconds, pa.uint32())
    variants["double unix seconds"] = pa.array(seconds.astype(float), pa.float64())
    variants["int64 unix milliseconds"] = pa.array(seconds * 1000, pa.int64())
    variants["string"] = pa.array(radoslaw_text["EventDate"])
    for name, times in variants.items():
        table = pa.table(dict(base, EventDate=times))
        assert_same_log(ona.MessageLog.from_arrow(table, **RADOSLAW), csv), name
        if name.startswith("timestamp[ms") or name.startswith("int64") or name == "string":
            path = write(table, tmp_path / "t.parquet")
            assert_same_log(ona.read_parquet(path, **RADOSLAW), csv), name
    # dates: midnight UTC, as pandas gives a date column to from_pandas
    days = when.dt.normalize()
    table = pa.table(dict(base, EventDate=pa.array(days.dt.date, pa.date32())))
    want = ona.MessageLog.from_pandas(pd.DataFrame(dict(radoslaw_text[["Sender", "Recipient"]], EventDate=days)),
                                      **RADOSLAW)
    assert_same_log(ona.MessageLog.from_arrow(table, **RADOSLAW), want)
    assert_same_log(ona.MessageLog.from_arrow(table.cast(pa.schema([table.schema.field(0), table.schema.field(1),
                                                                    pa.field("EventDate", pa.date64())])),
                                              **RADOSLAW), want)


def enron_messages(enron):
    """One row per (sender, time, role) with its recipients as a list: the JHU Enron rows grouped."""
    return enron.groupby(["from", "time", "reciptype"], sort=False)["to"].agg(list).reset_index()


def test_enron_list_and_delimited_recipients_equal_from_pandas(tmp_path, enron):
    g = enron_messages(enron)
    assert g["to"].map(len).max() > 1
    want = ona.MessageLog.from_pandas(g, **ENRON)
    assert want.num_pairs == len(enron)
    path = write(g, tmp_path / "lists.parquet", row_group_size=5_000)
    assert pa.types.is_list(pq.read_schema(path).field("to").type)
    assert_same_log(ona.read_parquet(path, **ENRON), want)
    large = pa.Table.from_pandas(g, preserve_index=False)
    large = large.set_column(large.schema.get_field_index("to"), "to",
                             large.column("to").cast(pa.large_list(pa.string())))
    assert_same_log(ona.read_parquet(write(large, tmp_path / "large.parquet"), **ENRON), want, people_equal=False)
    # delimited text: the same log
    d = g.assign(to=g["to"].map(lambda xs: ";".join(map(str, xs))))
    text = ona.read_parquet(write(d, tmp_path / "text.parquet"), **ENRON)
    # from_pandas turns back into ints only the labels it saw as ints (the senders);
    # read_parquet every label that is an integer's text, once a label column holds integers
    assert text.people.dtype.kind == "i"
    assert_same_log(text, ona.MessageLog.from_pandas(d, **ENRON), people_equal=False)
    assert [str(p) for p in text.people] == [str(p) for p in want.people]
    assert_same_log(text, want)
    assert list(ona.read_parquet(tmp_path / "text.parquet", nodetype=str, **ENRON).people) == \
        [str(p) for p in want.people]


def test_enron_message_ids_and_channels(tmp_path, enron):
    df = enron.astype(str).assign(mid=lambda d: d["from"] + "/" + d["time"], ch=lambda d: "topic " + d["topic"])
    opts = dict(ENRON, message_id="mid", channel="ch")
    want = ona.MessageLog.from_pandas(df, **opts)
    assert want.num_messages == df.groupby(["from", "time"]).ngroups
    assert_same_log(ona.read_parquet(write(df, tmp_path / "ids.parquet"), **opts), want)
    a = ona.read_parquet(tmp_path / "ids.parquet", pseudonymize_key=KEY, **opts)
    assert_same_log(a, ona.MessageLog.from_pandas(df, pseudonymize_key=KEY, **opts))
    assert not set(a._core.message_ids) & set(df["mid"])


def test_email_eu_core_temporal_equals_from_pandas(tmp_path):
    df = pd.read_csv(data_file("email-Eu-core-temporal/email-Eu-core-temporal.txt.gz"), sep=" ", header=None,
                     names=["src", "dst", "t"])
    opts = dict(sender="src", recipients="dst", timestamp="t", recipient_sep=None)
    want = ona.MessageLog.from_pandas(df, **opts)
    log = ona.read_parquet(write(df, tmp_path / "eu.parquet", row_group_size=50_000), **opts)
    assert log.people.dtype.kind == "i"
    assert_same_log(log, want)
    assert log.num_messages == len(df)


def test_pseudonyms_equal_the_csv_reader(tmp_path, radoslaw_csv):
    csv = ona.read_email_csv(radoslaw_csv, sep=";", pseudonymize_key=KEY, **RADOSLAW)
    path = write(pd.read_csv(radoslaw_csv, sep=";"), tmp_path / "typed.parquet")
    log = ona.read_parquet(path, pseudonymize_key=KEY, **RADOSLAW)
    assert_same_log(log, csv)
    assert log.people.dtype == object and "17" not in set(log.people)


def test_bad_rows_are_named_by_file_and_row(tmp_path, radoslaw_text):
    df = radoslaw_text.copy()
    df.loc[70_000, "Sender"] = ""            # row 70001
    df.loc[74_999, "EventDate"] = "yesterday"  # row 75000
    df.loc[80_000, "Recipient"] = None       # row 80001
    path = write(df, tmp_path / "bad.parquet", row_group_size=10_000)
    with pytest.raises(ona.ParseError) as e:
        ona.read_parquet(path, **RADOSLAW)
    with pytest.raises(ona.ParseError) as p:
        ona.MessageLog.from_pandas(df, **RADOSLAW)
    assert (e.value.file, e.value.line, e.value.field, e.value.reason) == (str(path), 70_001, "Sender", "empty sender")
    assert str(e.value) == str(p.value).replace("<pandas>", str(path), 1)
    with pytest.raises(ona.ParseError) as e:
        ona.read_parquet(path, batch_rows=777, **RADOSLAW)
    assert e.value.line == 70_001
    with pytest.raises(ona.ParseError) as e:
        ona.MessageLog.from_arrow(pa.Table.from_pandas(df), **RADOSLAW)
    assert (e.value.file, e.value.line) == ("<arrow>", 70_001)
    lenient = ona.read_parquet(path, errors="skip", **RADOSLAW)
    want = ona.MessageLog.from_pandas(df, errors="skip", **RADOSLAW)
    assert lenient.report["skipped"] == {"empty sender": 1, "bad timestamp": 1, "no recipients": 1}
    assert_same_log(lenient, want)
    # a folder: the error names the file, and the row within it
    folder = tmp_path / "parts"
    folder.mkdir()
    for i, start in enumerate(range(0, len(df), 30_000)):
        write(df.iloc[start:start + 30_000], folder / f"part-{i}.parquet")
    with pytest.raises(ona.ParseError) as e:
        ona.read_parquet(folder, **RADOSLAW)
    assert (e.value.file, e.value.line) == (str(folder / "part-2.parquet"), 70_001 - 60_000)
    both = ona.read_parquet(folder, errors="skip", **RADOSLAW)
    assert_same_log(both, want, source=str(folder))


def test_a_folder_is_one_table_in_sorted_order(tmp_path, radoslaw_csv, radoslaw_text):
    csv = ona.read_email_csv(radoslaw_csv, sep=";", group_rows_by="sender_time", **RADOSLAW)
    folder = tmp_path / "ds"
    (folder / "sub").mkdir(parents=True)
    cuts = [0, 20_000, 41_234, 60_000, len(radoslaw_text)]
    names = ["a.parquet", "b.parquet", "sub/c.parquet", "sub/d.parquet"]
    for name, lo, hi in reversed(list(zip(names, cuts[:-1], cuts[1:]))):  # written last to first: order is by name
        write(radoslaw_text.iloc[lo:hi], folder / name, row_group_size=4_000)
    (folder / "_SUCCESS").write_text("")
    log = ona.read_parquet(folder, group_rows_by="sender_time", **RADOSLAW)
    assert_same_log(log, csv, source=str(folder))  # messages straddling files are grouped as in one file
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="without .parquet files"):
        ona.read_parquet(tmp_path / "empty", **RADOSLAW)


class Collect:
    """A sink that keeps a copy of each chunk's message columns."""

    def __init__(self):
        self.chunks = []

    def add(self, log):
        self.chunks.append({f: np.array(getattr(log, f)) for f in ("senders", "times", "offsets", "recipients",
                                                                     "roles", "weights")})


def concat(chunks):
    out = {f: np.concatenate([c[f] for c in chunks]) for f in ("senders", "times", "recipients", "roles", "weights")}
    offsets, base = [np.zeros(1, np.int64)], 0
    for c in chunks:
        offsets.append(c["offsets"][1:].astype(np.int64) + base)
        base += int(c["offsets"][-1])
    out["offsets"] = np.concatenate(offsets)
    return out


@pytest.mark.parametrize("chunk", [1, 997, 5_000, 10**7])
def test_streamed_chunks_concatenate_to_the_whole_log(tmp_path, radoslaw_text, chunk):
    path = write(radoslaw_text.iloc[:20_000] if chunk == 1 else radoslaw_text, tmp_path / "r.parquet",
                 row_group_size=3_333)
    whole = ona.read_parquet(path, **RADOSLAW)
    sink = Collect()
    rest = STREAM_READERS["parquet"](path, sink, chunk, **RADOSLAW)
    assert rest.num_messages == 0 and list(rest.people) == list(whole.people)
    assert rest.report == whole.report
    assert all(len(c["senders"]) >= min(chunk, whole.num_messages) for c in sink.chunks[:-1])
    assert len(sink.chunks) == -(-whole.num_messages // chunk) if chunk > 1 else len(sink.chunks) == whole.num_messages
    got = concat(sink.chunks)
    for f, v in got.items():
        np.testing.assert_array_equal(v, np.asarray(getattr(whole._core, f)), err_msg=f)


def test_grouped_rows_are_handed_out_once_complete(tmp_path, radoslaw_text):
    path = write(radoslaw_text, tmp_path / "r.parquet", row_group_size=3_333)
    whole = ona.read_parquet(path, group_rows_by="sender_time", **RADOSLAW)
    sink = Collect()
    rest = STREAM_READERS["parquet"](path, sink, 1_000, group_rows_by="sender_time", **RADOSLAW)
    assert len(sink.chunks) == 1 and rest.report == whole.report
    np.testing.assert_array_equal(sink.chunks[0]["senders"], whole._core.senders)
    np.testing.assert_array_equal(sink.chunks[0]["offsets"], whole._core.offsets)


def test_arrow_streams_and_readers_equal_the_table(radoslaw_csv, radoslaw_text):
    csv = ona.read_email_csv(radoslaw_csv, sep=";", **RADOSLAW)
    table = pa.Table.from_pandas(radoslaw_text, preserve_index=False)

    class CStream:  # any object with the PyCapsule stream protocol (a Polars or DuckDB result)
        def __arrow_c_stream__(self, requested_schema=None):
            return table.__arrow_c_stream__(requested_schema)

    # a pandas DataFrame has __arrow_c_stream__ too (pandas >= 2.2)
    for data in (table, table.to_reader(max_chunksize=4_321), CStream(), table.to_batches()[0], radoslaw_text):
        log = ona.MessageLog.from_arrow(data, **RADOSLAW)
        assert_same_log(log, csv, source="<arrow>")


def test_wrong_columns_and_types_name_what_the_user_typed(tmp_path, radoslaw_text):
    path = write(radoslaw_text.iloc[:100], tmp_path / "r.parquet")
    with pytest.raises(ona.ParseError, match=r"r\.parquet: missing column 'Sendr'"):
        ona.read_parquet(path, **dict(RADOSLAW, sender="Sendr"))
    floats = pa.table({"s": [1.5], "r": ["a"], "t": ["2024-01-01"]})
    with pytest.raises(ona.OptionError, match=r"column 's' \(sender=\) holds Arrow type double"):
        ona.MessageLog.from_arrow(floats, sender="s", recipients="r", timestamp="t")
    with pytest.raises(ona.OptionError, match="timestamp="):
        ona.MessageLog.from_arrow(pa.table({"s": ["a"], "r": ["b"], "t": [True]}), sender="s", recipients="r",
                                  timestamp="t")
    with pytest.raises(ona.OptionError, match="from_arrow: expected a pyarrow Table"):
        ona.MessageLog.from_arrow(radoslaw_text.to_dict("list"), **RADOSLAW)
    with pytest.raises(FileNotFoundError, match="no such file"):
        ona.read_parquet(tmp_path / "missing.parquet")


def test_nulls_weights_and_roles_follow_from_pandas():
    df = pd.DataFrame({"s": ["a", None, "b", "c", "d", "e"], "r": [["b", None], ["a"], None, ["a"], ["b"], []],
                       "t": pd.to_datetime(["2024-01-01", "2024-01-02", None, "2024-01-03", None, "2024-01-04"]),
                       "w": [1.0, 2.0, np.nan, 0.5, -1.0, 3.0], "role": ["to", "cc", "bcc", "cc", None, "to"]})
    opts = dict(sender="s", recipients="r", timestamp="t", weight="w", role="role", errors="skip")
    a = ona.MessageLog.from_arrow(pa.Table.from_pandas(df, preserve_index=False), **opts)
    b = ona.MessageLog.from_pandas(df, **opts)
    assert a.report["skipped"] and a.report["dropped"]
    assert_same_log(a, b)
    text_w = df.assign(w=df["w"].map(lambda x: None if np.isnan(x) else f"{x:g}"))
    assert_same_log(ona.MessageLog.from_arrow(pa.Table.from_pandas(text_w, preserve_index=False), **opts),
                    ona.MessageLog.from_pandas(text_w, **opts))


def test_core_reader_refuses_an_early_hand_out_of_grouped_rows():
    r = _core.ArrowMessageReader(sender="s", recipients="r", message_id="m")
    assert r.grouped
    with pytest.raises(ona.OptionError, match="complete only after finish"):
        r.handed_out()


def build_keywords(**kw):
    """_core.build_graph's keywords (StreamBuilder takes the same, without log)."""
    base = dict(weighting="count", directed=True, role_weights=[1.0] * len(_core.role_names), max_recipients=None,
                self_loops=False, start=None, end=None, half_life=None, reference_time=None, min_weight=0.0,
                reciprocal=False, threads=0)
    return dict(base, **kw)


@pytest.mark.parametrize("options", [{}, {"weighting": "split", "directed": False}])
def test_streamed_graph_equals_build_graph_bit_for_bit(tmp_path, radoslaw_text, options):
    path = write(radoslaw_text, tmp_path / "r.parquet", row_group_size=3_333)
    kw = build_keywords(**options)
    for grouping in (None, "sender_time"):
        whole = ona.read_parquet(path, group_rows_by=grouping, **RADOSLAW)
        want = _core.build_graph(log=whole._core, **kw)
        builder = _core.StreamBuilder(**kw)
        rest = STREAM_READERS["parquet"](path, builder, 997, group_rows_by=grouping, **RADOSLAW)
        got = builder.finish(rest._core)
        for f in ("out_offsets", "out_targets", "out_weights"):
            np.testing.assert_array_equal(getattr(got.graph, f), getattr(want.graph, f), err_msg=f)
        assert list(got.graph.labels) == list(want.graph.labels)
        assert got.report == want.report


def test_progress_bar_leaves_the_result_alone(tmp_path, radoslaw_text, capsys):
    path = write(radoslaw_text, tmp_path / "r.parquet")
    quiet = ona.read_parquet(path, **RADOSLAW)
    shown = ona.read_parquet(path, progress=True, **RADOSLAW)
    assert_same_log(shown, quiet)
    assert capsys.readouterr().out == ""
    with pytest.raises(ona.OptionError, match="progress"):
        ona.read_parquet(path, progress="yes", **RADOSLAW)
    with pytest.raises(ona.OptionError, match="batch_rows"):
        ona.read_parquet(path, batch_rows=0, **RADOSLAW)


def test_stream_ties_reads_a_parquet_folder(tmp_path, radoslaw_text):
    folder = tmp_path / "export"
    folder.mkdir()
    for i, start in enumerate(range(0, len(radoslaw_text), 25_000)):
        write(radoslaw_text.iloc[start:start + 25_000], folder / f"part-{i}.parquet", row_group_size=6_000)
    opts = dict(RADOSLAW, group_rows_by="sender_time")
    want = ona.build_graph(ona.read_parquet(folder, **opts), weighting="split")
    got = ona.stream_ties(folder, weighting="split", chunk_messages=4_000, **opts)  # the format is detected
    assert got.equals(want)
    assert got.number_of_ties == want.number_of_ties > 0


def test_prefetched_batches_keep_order_errors_and_stop_early():
    from onakit._read_parquet import _prefetched

    assert list(_prefetched(iter(range(1000)))) == list(range(1000))

    def broken():
        yield 1
        raise OSError("row group 2 is corrupt")

    with pytest.raises(OSError, match="corrupt"):
        list(_prefetched(broken()))
    produced = []

    def endless():
        i = 0
        while True:
            produced.append(i)
            yield i
            i += 1

    it = _prefetched(endless())
    assert [next(it) for _ in range(3)] == [0, 1, 2]
    it.close()  # the consumer leaves (an error, Ctrl-C): the decoder thread stops
    n = len(produced)
    assert n <= 3 + 2 + 2
    import threading
    assert not any(t.name == "onakit-parquet-decoder" for t in threading.enumerate())


def test_stream_ties_periods_and_decay_on_parquet(tmp_path, radoslaw_csv):
    # PeriodStreamBuilder (freq=) and the first pass for half_life (TimeSpanSink) take the chunks as well
    path = write(pd.read_csv(radoslaw_csv, sep=";"), tmp_path / "r.parquet", row_group_size=5_000)
    log = ona.read_parquet(path, **RADOSLAW)
    streamed = ona.stream_ties(path, freq="MS", chunk_messages=3_000, **RADOSLAW)
    in_memory = ona.build_graphs(log, "MS")
    assert len(streamed) == len(in_memory) == 9
    assert list(streamed.index) == list(in_memory.index)
    assert all(a.equals(b) for a, b in zip(streamed, in_memory))
    decayed = ona.stream_ties(path, half_life="30D", chunk_messages=3_000, **RADOSLAW)
    assert decayed.equals(ona.build_graph(log, half_life="30D"))
