"""onakit.spark against onakit on one machine: pseudonyms (and Python's hmac), tie weights and build reports
(ona.build_graph / ona.build_graphs), group mixing (ona.mixing_matrix), on the JHU Enron CSV, radoslaw and
ona.synthetic_org, with Spark in local mode (the session fixture of conftest.py)."""

import base64
import hashlib
import hmac
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import onakit as ona
from conftest import data_file

KEY = b"spark-test-key-0123"
# PySpark 4 warns about pandas 3 on each pandas conversion: its concern, not a failure of onakit's.
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")


def py_pseudonym(key: bytes, address: str) -> str:
    return base64.b32encode(hmac.new(key, address.encode(), hashlib.sha256).digest())[:16].decode().lower()


def test_import_error_names_the_extra():
    code = ("import sys; sys.modules['pyspark'] = None\n"
            "try:\n    import onakit.spark\nexcept ImportError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "pip install onakit[spark]" in out
    # and `import onakit` does not import pyspark
    code2 = "import sys, onakit; print('pyspark' in sys.modules, 'onakit.spark' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code2], capture_output=True, text=True,
                          check=True).stdout.split() == ["False", "False"]


# ---- helpers ---------------------------------------------------------------------
def collect(sdf) -> pd.DataFrame:
    from onakit.spark import _to_pandas
    return _to_pandas(sdf)


def assert_ties_equal(spark_ties: pd.DataFrame, g: ona.Graph):
    """Every tie of g, and only those, with the same weight (rel 1e-12)."""
    ours = spark_ties.set_index(["source", "target"])["weight"].sort_index()
    want = g.to_pandas().astype({"source": str, "target": str}).set_index(["source", "target"])["weight"].sort_index()
    assert len(ours) == len(want) and ours.index.equals(want.index), \
        f"tie sets differ: {len(ours)} vs {len(want)} ties; {ours.index.symmetric_difference(want.index)[:5]}"
    np.testing.assert_allclose(ours.to_numpy(), want.to_numpy(), rtol=1e-12, atol=0)


def enron_spark(spark, partitions=3):
    path = str(data_file("enron-jhu-igraphdata/edges.csv"))
    df = spark.read.csv(path, header=True)  # every column a string, as the CSV reader reads it
    return path, df.repartition(partitions)


@pytest.fixture(scope="module")
def enron(spark):
    """The JHU Enron rows in Spark (cached, 3 partitions, a message id = sender|time) and the oracle log:
    read_email_csv grouping the rows of one sender and time (group_rows_by="sender_time")."""
    from pyspark.sql import functions as F
    path, df = enron_spark(spark)
    df = df.withColumn("mid", F.concat_ws("|", "from", "time")).cache()
    log = ona.read_email_csv(path, sender="from", recipients="to", timestamp="time", role="reciptype",
                             recipient_sep=None, group_rows_by="sender_time")
    yield path, df, log
    df.unpersist()


# ---- pseudonymize ----------------------------------------------------------------
@pytest.mark.spark
def test_pseudonyms_equal_the_reader_and_python_hmac(enron):
    import onakit.spark as ons
    path, df, _ = enron
    ids = ona.Identities(exclude=["1?"], aliases={"25": "154"}, pseudonymize_key=KEY)
    log = ona.read_email_csv(path, sender="from", recipients="to", timestamp="time", role="reciptype",
                             recipient_sep=None, identities=ids, errors="skip")
    out = collect(ons.pseudonymize(df, ["from", "to"], ids).select("from", "to"))
    raw = collect(df.select("from", "to"))
    spark_people = set(out["from"].dropna()) | set(out["to"].dropna())
    assert spark_people == set(log.people)
    # each value against Python's own HMAC (aliases and exclusions applied by hand)
    def expect(v):
        c = v.strip().lower()
        c = {"25": "154"}.get(c, c)
        return None if (len(c) == 2 and c.startswith("1")) else py_pseudonym(KEY, c)
    for col in ("from", "to"):
        want = raw[col].map(expect)
        got = out[col]
        assert (want.isna() == got.isna()).all()
        assert (want[want.notna()] == got[got.notna()]).all()


@pytest.mark.spark
def test_pseudonyms_of_arrays_delimited_and_raw_key(spark):
    import onakit.spark as ons
    log, _ = ona.synthetic_org(people=80, departments=4, weeks=1, seed=5)
    rows = log.to_pandas()
    msgs = rows.groupby("message").agg(sender=("sender", "first"), to=("recipient", list)).reset_index()
    msgs["to_text"] = msgs["to"].map(lambda xs: ";".join(x.upper() for x in xs))
    sdf = spark.createDataFrame(msgs[["message", "sender", "to", "to_text"]])
    out = collect(ons.pseudonymize(sdf, {"sender": None, "to": None, "to_text": ";"}, KEY.decode()))
    out = out.set_index("message").loc[msgs["message"]]
    assert out["sender"].tolist() == [py_pseudonym(KEY, s) for s in msgs["sender"]]
    assert [list(x) for x in out["to"]] == [[py_pseudonym(KEY, r) for r in xs] for xs in msgs["to"]]
    assert out["to_text"].tolist() == [";".join(py_pseudonym(KEY, r) for r in xs) for xs in msgs["to"]]


@pytest.mark.spark
def test_key_is_not_in_the_plan(enron, capsys):
    import onakit.spark as ons
    _, df, _ = enron
    out = ons.pseudonymize(df, ["from", "to"], ona.Identities(pseudonymize_key=KEY))
    out.explain(True)
    printed = capsys.readouterr().out
    plans = printed + str(out._jdf.queryExecution().toString())
    assert "pandas" in plans.lower() or "arrow" in plans.lower() or "udf" in plans.lower()  # the UDF is there
    for form in (KEY.decode(), KEY.hex(), base64.b64encode(KEY).decode()):
        assert form not in plans
    assert KEY.decode() not in repr(ons._rules_of(KEY))
    # what a UDF's pickled command carries: the broadcast's id, not the key
    from pyspark import cloudpickle
    shipped = cloudpickle.dumps(ons._ship(df.sparkSession, ons._rules_of(KEY)))
    assert KEY not in shipped
    assert KEY in cloudpickle.dumps(ons._rules_of(KEY))  # (the check can fail: the rules themselves hold it)
    out.count()  # runs


@pytest.mark.spark
def test_pseudonymize_errors(enron):
    import onakit.spark as ons
    _, df, _ = enron
    with pytest.raises(ona.OptionError, match="key"):
        ons.pseudonymize(df, ["from"], b"")
    with pytest.raises(KeyError, match="'sender'"):
        ons.pseudonymize(df, ["sender"], KEY)


# ---- tie_table ---------------------------------------------------------------------
ENRON_OPTIONS = [
    dict(weighting="split", role_weights={"cc": 0.5, "bcc": 0.0}, max_recipients=10),
    dict(weighting="count", self_loops=True, start="2001-01-01", end="2002-01-01"),
    dict(weighting="count", half_life="30D"),
    dict(weighting="split", start="2000-06-01", half_life="7D", reference_time="2001-06-01"),
]


@pytest.mark.spark
@pytest.mark.parametrize("options", ENRON_OPTIONS, ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items()))
def test_enron_ties_and_report_equal_build_graph(enron, options):
    """One message per sender and time (rows grouped by a message id made in Spark, oracle grouped by
    read_email_csv's group_rows_by="sender_time"), roles per row."""
    import onakit.spark as ons
    path, df, log = enron
    g = ona.build_graph(log, **options)
    t = ons.tie_table(df, sender="from", recipients="to", timestamp="time", role="reciptype", message_id="mid",
                      recipient_sep=None, **options)
    assert_ties_equal(collect(t.ties), g)
    assert t.report == g.build_report
    assert t.report["messages_with_several_recipients"] > 0
    assert t.ingest_report["records_read"] == log.report["records_read"]
    t.unpersist()


@pytest.mark.spark
def test_radoslaw_rows_as_messages_with_decay_and_string_times(spark):
    import onakit.spark as ons
    path = str(data_file("radoslaw_email/communication.csv"))
    df = spark.read.csv(path, header=True, sep=";").repartition(4)
    log = ona.read_email_csv(path, sender="Sender", recipients="Recipient", timestamp="EventDate",
                             recipient_sep=None)
    for options in (dict(), dict(half_life="7D", max_recipients=1), dict(self_loops=True, end="2010-06-01")):
        g = ona.build_graph(log, **options)
        t = ons.tie_table(df, sender="Sender", recipients="Recipient", timestamp="EventDate", recipient_sep=None,
                          **options)
        assert_ties_equal(collect(t.ties), g)
        assert t.report == g.build_report
        t.unpersist()


@pytest.mark.spark
@pytest.mark.parametrize("freq,options", [("M", dict(weighting="count")),
                                          ("W", dict(weighting="count", half_life="3D", start="2010-02-01")),
                                          ("Q", dict(weighting="count", end="2010-08-15", self_loops=True))])
def test_radoslaw_periods_equal_build_graphs(spark, freq, options):
    import onakit.spark as ons
    path = str(data_file("radoslaw_email/communication.csv"))
    df = spark.read.csv(path, header=True, sep=";").repartition(3)
    log = ona.read_email_csv(path, sender="Sender", recipients="Recipient", timestamp="EventDate",
                             recipient_sep=None)
    graphs = ona.build_graphs(log, freq=freq, **options)
    t = ons.tie_table(df, sender="Sender", recipients="Recipient", timestamp="EventDate", recipient_sep=None,
                      freq=freq, **options)
    ties = collect(t.ties)
    assert list(t.ties.columns) == ["period", "source", "target", "weight"]
    with_ties = {str(p): g for p, g in graphs.items() if g.number_of_ties}
    assert set(ties["period"]) == set(with_ties)
    for p, g in with_ties.items():
        assert_ties_equal(ties[ties["period"] == p], g)
    report = t.report
    used = {str(p) for p, g in graphs.items() if g.build_report["messages_used"]}
    assert used <= set(report)
    for p, rep in report.items():
        assert rep == graphs.loc[pd.Period(p, freq=freq)].build_report, p
    # Graph.from_spark: a Series of graphs by period, as build_graphs
    series = ona.Graph.from_spark(t, people=log.people)
    assert isinstance(series.index, pd.PeriodIndex)
    for period, graph in series.items():
        assert_ties_equal(graph.to_pandas().astype({"source": str, "target": str}), graphs.loc[period])
    t.unpersist()


@pytest.mark.spark
def test_synthetic_org_timestamps_arrays_and_delimited(spark):
    import onakit.spark as ons
    log, _ = ona.synthetic_org(people=200, departments=5, weeks=4, seed=7)
    rows = log.to_pandas()
    options = dict(weighting="split", role_weights={"cc": 0.25}, max_recipients=6, half_life="10D")
    g = ona.build_graph(log, **options)
    # one row per recipient, Spark timestamps, roles per row, in a session whose time zone is not UTC
    sdf = spark.createDataFrame(rows[["message", "sender", "recipient", "role", "timestamp"]]).repartition(3)
    old = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", "America/New_York")
    try:
        t = ons.tie_table(sdf, recipients="recipient", role="role", message_id="message", recipient_sep=None,
                          **options)
        assert_ties_equal(collect(t.ties), g)
        assert t.report == g.build_report
    finally:
        spark.conf.set("spark.sql.session.timeZone", old)
    # one row per message: recipients as an array, then as a delimited string (no roles: all "to")
    msgs = rows.groupby("message", sort=True).agg(sender=("sender", "first"), recipients=("recipient", list),
                                                  timestamp=("timestamp", "first")).reset_index()
    plain = ona.MessageLog.from_pandas(msgs, sender="sender", recipients="recipients", timestamp="timestamp")
    opts2 = dict(weighting="split", max_recipients=6, half_life="10D")
    g2 = ona.build_graph(plain, **opts2)
    arrays = spark.createDataFrame(msgs.astype({"timestamp": str})).repartition(4)
    t2 = ons.tie_table(arrays, **opts2)
    assert_ties_equal(collect(t2.ties), g2)
    assert t2.report == g2.build_report
    msgs["recipients"] = msgs["recipients"].map(";".join)
    t3 = ons.tie_table(spark.createDataFrame(msgs.astype({"timestamp": str})).repartition(2), **opts2)
    assert_ties_equal(collect(t3.ties), g2)
    # from_spark with the log's people gives build_graph's graph (count weights are exact)
    t4 = ons.tie_table(sdf, recipients="recipient", role="role", message_id="message", recipient_sep=None)
    g4 = ona.Graph.from_spark(t4, people=log.people)
    assert g4.equals(ona.build_graph(log))
    assert g4.build_report == ona.build_graph(log).build_report
    for t_ in (t, t2, t3, t4):
        t_.unpersist()


@pytest.mark.spark
def test_tie_table_errors(enron):
    import onakit.spark as ons
    _, df, _ = enron
    with pytest.raises(ona.OptionError, match="role_weights"):
        ons.tie_table(df, sender="from", recipients="to", timestamp="time", role_weights={"boss": 2})
    with pytest.raises(ona.OptionError, match="half_life"):
        ons.tie_table(df, sender="from", recipients="to", timestamp="time", half_life="-3D")
    with pytest.raises(KeyError, match="sender='sender'"):
        ons.tie_table(df, recipients="to", timestamp="time")
    with pytest.raises(ValueError, match="freq='14D'"):
        ons.tie_table(df, sender="from", recipients="to", timestamp="time", freq="14D")


# ---- group_mixing ------------------------------------------------------------------
@pytest.mark.spark
@pytest.mark.parametrize("min_group_size", [None, 70, 1000])
def test_group_mixing_equals_mixing_matrix(spark, min_group_size):
    import onakit.spark as ons
    log, people = ona.synthetic_org(people=300, departments=8, weeks=2, seed=4)
    g = ona.build_graph(log, weighting="split")
    ties = spark.createDataFrame(g.to_pandas())
    groups = people["department"].copy()
    groups.iloc[::17] = None  # some people without a group
    want = ona.mixing_matrix(g, groups, min_group_size=min_group_size)
    table = people.assign(department=groups)
    for form in (table, spark.createDataFrame(table.reset_index()[["person", "department"]])):
        got = ons.group_mixing(ties, form, group_by="department", min_group_size=min_group_size)
        assert list(got.index) == list(want.index) and list(got.columns) == list(want.columns)
        np.testing.assert_allclose(got.to_numpy(), want.to_numpy(), rtol=1e-12, atol=0)
        for k in ("ungrouped", "suppressed_groups", "suppressed_people", "suppressed_row_hidden", "ungrouped_ties"):
            assert got.attrs[k] == want.attrs[k], k
        for k in ("ungrouped_weight", "total"):
            assert got.attrs[k] == pytest.approx(want.attrs[k], rel=1e-12), k


@pytest.mark.spark
def test_group_mixing_int_groups_and_matching(spark):
    """radoslaw's integer ids: people keyed by int match the tie table's strings; int group labels stay ints."""
    import onakit.spark as ons
    path = str(data_file("radoslaw_email/communication.csv"))
    log = ona.read_email_csv(path, sender="Sender", recipients="Recipient", timestamp="EventDate",
                             recipient_sep=None)
    g = ona.build_graph(log)
    people = pd.DataFrame({"person": [int(p) for p in log.people]})
    people["unit"] = people["person"] % 7
    want = ona.mixing_matrix(g, people.set_index("person")["unit"])
    got = ons.group_mixing(spark.createDataFrame(g.to_pandas()), people, group_by="unit")
    assert list(got.index) == list(want.index) == list(range(7))
    np.testing.assert_allclose(got.to_numpy(), want.to_numpy(), rtol=1e-12, atol=0)
    with pytest.raises(ValueError):
        ons.group_mixing(spark.createDataFrame(g.to_pandas()), people.assign(person=people.person + 10_000),
                         group_by="unit")


def test_duplicate_recipient_keeps_its_largest_role_weight_in_any_row_order():
    """A Spark shuffle reorders a message's rows: build_graph must not depend on that order. Oracle: pandas,
    max role weight per (message, recipient), split over the distinct recipients other than the sender."""
    df = pd.read_csv(data_file("enron-jhu-igraphdata/edges.csv"), dtype=str, keep_default_na=False)
    df["mid"] = df["from"] + "|" + df["time"]
    rw = {"to": 1.0, "cc": 0.5, "bcc": 0.0}
    d = df[df["from"] != df["to"]].assign(w=lambda x: x["reciptype"].map(rw))
    assert d["w"].notna().all()
    best = d.groupby(["mid", "from", "to"])["w"].max().reset_index()
    best["w"] = best["w"] / best.groupby("mid")["to"].transform("size")
    oracle = best[best["w"] > 0].groupby(["from", "to"])["w"].sum()
    oracle.index.names = ["source", "target"]
    for seed in (1, 2):
        rows = df.sample(frac=1, random_state=seed)
        log = ona.MessageLog.from_pandas(rows, sender="from", recipients="to", timestamp="time", role="reciptype",
                                         message_id="mid", recipient_sep=None)
        table = ona.build_graph(log, weighting="split", role_weights={"cc": 0.5, "bcc": 0.0}).to_pandas()
        ours = table.set_index(["source", "target"])["weight"].sort_index()
        assert ours.index.equals(oracle.sort_index().index)
        np.testing.assert_allclose(ours.to_numpy(), oracle.sort_index().to_numpy(), rtol=1e-12)
