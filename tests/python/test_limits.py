"""Issue 10 regressions: thread counts, hangs, out-of-range times, weights and
options, DataFrame column quirks. Calls that used to kill the interpreter run
in a subprocess, so a regression fails the test instead of the test run."""

import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest

import onakit as ona
from onakit import _core


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=300)


def small_log():
    df = pd.DataFrame({"sender": ["a", "b", "c", "a"], "recipients": ["b", "c", "a", "c"],
                       "timestamp": ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"]})
    return ona.MessageLog.from_pandas(df)


# ---- 1. threads= ---------------------------------------------------------------------
CRASHERS = {
    "build_graph": "ona.build_graph(log, threads=T)",
    "build_graphs": "ona.build_graphs(log, freq='W', threads=T)",
    "clustering": "ona.clustering(g, threads=T)",
    "constraint": "ona.constraint(g, threads=T)",
    "brokerage": "ona.brokerage(g, groups, threads=T)",
    "ei_index": "ona.ei_index(g, groups, permutations=20, threads=T)",
    "silo_report": "ona.silo_report(g, groups, min_group_size=1, permutations=20, threads=T)",
    "boundary_spanners": "ona.boundary_spanners(g, groups, threads=T)",
    "betweenness_approx": "ona.betweenness(g, approximate=True, epsilon=0.5, threads=T)",
    "read_email_csv": "ona.read_email_csv(path, threads=T)",
}


@pytest.mark.parametrize("name", sorted(CRASHERS))
def test_huge_threads_raise_option_error_in_a_subprocess(name, tmp_path):
    # Issue 10: threads=100000 segfaulted (clustering with 40000 made libgomp
    # exit); now an OptionError naming threads=, and the maximum allowed value
    # (capped to the cores and the work) gives the same result as threads=1.
    path = tmp_path / "mail.csv"
    path.write_text("sender,recipients,timestamp\na,b,2024-01-01\nb,c,2024-01-02\nc,a,2024-01-09\n")
    call = CRASHERS[name]
    r = run_python(f"""
        import onakit as ona, pandas as pd
        path = {str(path)!r}
        log = ona.read_email_csv(path)
        g = ona.build_graph(log)
        groups = pd.Series(["x", "y", "x"], index=g.people)
        def run(T):
            out = {call}
            return out
        for T in (100000, -1, 2**40):
            try:
                run(T)
            except ona.OptionError as e:
                assert "threads" in str(e), str(e)
            else:
                raise SystemExit(f"threads={{T}} accepted")
        a, b = run(1), run(ona._core.max_threads)
        print("ok", type(a).__name__)
    """)
    assert r.returncode == 0, (r.returncode, r.stdout, r.stderr)
    assert r.stdout.startswith("ok")


def test_max_threads_on_a_tiny_graph_gives_the_same_scores():
    g = ona.build_graph(small_log())
    for f in (ona.clustering, ona.constraint, ona.betweenness, ona.closeness, ona.pagerank):
        pd.testing.assert_series_equal(f(g, threads=_core.max_threads), f(g, threads=1))


def test_cli_huge_threads_is_a_usage_error(tmp_path):
    path = tmp_path / "mail.csv"
    path.write_text("sender,recipients\na,b\nb,c\n")
    r = subprocess.run([sys.executable, "-m", "onakit.cli", "edges", str(path), "--threads", "100000"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2, (r.returncode, r.stderr)
    lines = [ln for ln in r.stderr.splitlines() if "error:" in ln]  # after argparse's usage lines
    assert len(lines) == 1 and "--threads" in lines[0] and "100000" in lines[0], r.stderr


# ---- 2. hangs ----------------------------------------------------------------------
def test_tiny_epsilon_falls_back_to_exact_betweenness():
    # Issue 10: epsilon=1e-6 on 300 people drew ~2.7e12 samples (minutes, no Ctrl-C).
    log, _ = ona.synthetic_org(people=300, departments=5, weeks=2, seed=3)
    g = ona.build_graph(log)
    approx = ona.betweenness(g, approximate=True, epsilon=1e-6)
    assert approx.attrs["exact"] is True and approx.attrs["samples"] == 0
    np.testing.assert_allclose(approx.to_numpy(), ona.betweenness(g).to_numpy(), rtol=0, atol=1e-12)


# ---- 3. times outside 1677-2262 ------------------------------------------------------
def test_years_1_and_9999_round_trip(tmp_path):
    # Issue 10: 0001-01-01 became 1754-08-30 and 9999-12-31 became 1816-03-30.
    rows = "sender,recipients,timestamp\na,b,0001-01-01T00:00:00Z\nb,c,9999-12-31T23:59:59.999999Z\nc,a,2024-05-01\n"
    path = tmp_path / "mail.csv"
    path.write_text(rows)
    want = ["0001-01-01 00:00:00+00:00", "9999-12-31 23:59:59.999999+00:00", "2024-05-01 00:00:00+00:00"]
    for log in (ona.read_email_csv(path),
                ona.MessageLog.from_pandas(pd.read_csv(path)),
                ona.MessageLog.from_pandas(pd.read_csv(path).assign(timestamp=lambda d: pd.to_datetime(d.timestamp, format="ISO8601", utc=True)))):
        ts = log.to_pandas()["timestamp"]
        assert [str(t) for t in ts] == want
        lo, hi = log.time_span
        assert (lo.year, hi.year) == (1, 9999)


def test_build_graphs_keeps_a_year_one_tie_in_its_period():
    df = pd.DataFrame({"sender": ["a", "b"], "recipients": ["b", "c"],
                       "timestamp": ["0001-06-01", "0003-02-01"]})
    graphs = ona.build_graphs(ona.MessageLog.from_pandas(df), freq="Y")
    assert [str(p) for p in graphs.index] == ["0001", "0002", "0003"]
    assert graphs.attrs["messages"] == {"0001": 1, "0002": 0, "0003": 1}
    assert graphs.iloc[0].number_of_ties == 1
    assert graphs.attrs["start"].year == 1


def test_from_pandas_counts_or_raises_on_times_that_overflow():
    # Issue 10: 1e300 and nanosecond epochs silently became NaT.
    df = pd.DataFrame({"sender": ["a", "b", "c"], "recipients": ["b", "c", "a"],
                       "timestamp": [1e300, 1.7e18, 1.7e9]})
    log = ona.MessageLog.from_pandas(df, errors="skip")
    assert log.num_messages == 1
    assert log.report["skipped"] == {"bad timestamp": 2}
    with pytest.raises(ona.ParseError, match="timestamp"):
        ona.MessageLog.from_pandas(df)


def test_to_micros_keeps_far_dates():
    from onakit._time import to_micros

    assert to_micros("0001-01-01") == -62135596800000000
    assert to_micros(pd.Timestamp("9999-12-31", tz="Europe/Paris")) == 253402210800000000
    with pytest.raises(ona.OptionError):
        to_micros(1e300)


# ---- 4. weights that overflow ----------------------------------------------------------
def test_ties_that_sum_to_infinity_are_rejected():
    # Issue 10: two rows of 1e308 made an inf tie; betweenness 6.25, spectral NaN.
    df = pd.DataFrame({"sender": ["a", "a", "b"], "recipients": ["b", "b", "c"], "w": [1e308, 1e308, 1.0]})
    log = ona.MessageLog.from_pandas(df, timestamp=None, weight="w")
    with pytest.raises(ona.OptionError, match=r"'a' -> 'b'.*rescale"):
        ona.build_graph(log)
    ties = pd.DataFrame({"source": ["a", "a"], "target": ["b", "b"], "weight": [1e308, 1e308]})
    with pytest.raises(ona.OptionError, match=r"'a' -> 'b'.*'weight'.*rescale"):
        ona.Graph.from_pandas(ties, weight="weight")
    with pytest.raises(ona.OptionError, match=r"'[ab]' - '[ab]'.*rescale"):
        ona.Graph.from_pandas(ties.assign(source=["b", "a"], target=["a", "b"]), weight="weight", directed=False)


# ---- 5. out-of-range options ------------------------------------------------------------
@pytest.mark.parametrize("call, keyword", [
    (lambda g, log: ona.betweenness(g, approximate=True, seed=-1), "seed"),
    (lambda g, log: ona.communities(g, seed=-1), "seed"),
    (lambda g, log: ona.communities(g, seed=2**64), "seed"),
    (lambda g, log: ona.build_graph(log, max_recipients=-1), "max_recipients"),
    (lambda g, log: ona.build_graph(log, max_recipients=2**70), "max_recipients"),
    (lambda g, log: ona.pagerank(g, max_iter=-1), "max_iter"),
    (lambda g, log: ona.eigenvector(g, max_iter=2**40), "max_iter"),
    (lambda g, log: ona.reach(g, k=-1), "k"),
    (lambda g, log: ona.synthetic_org(people=-1), "people"),
    (lambda g, log: ona.synthetic_org(seed=-1), "seed"),
    (lambda g, log: ona.closeness(g, threads=2**70), "threads"),
])
def test_out_of_range_options_are_option_errors(call, keyword):
    log = small_log()
    g = ona.build_graph(log)
    with pytest.raises(ona.OptionError, match=keyword) as info:
        call(g, log)
    assert not isinstance(info.value, TypeError)


def test_numpy_integers_are_still_accepted():
    g = ona.build_graph(small_log())
    ona.communities(g, seed=np.uint64(2**63))
    ona.pagerank(g, max_iter=np.int32(50), threads=np.int64(1))


# ---- 6. DataFrame column quirks --------------------------------------------------------
def test_from_pandas_accepts_categorical_columns():
    df = pd.DataFrame({"sender": ["a", "b", "a"], "recipients": ["b;c", "a", "c"], "role": ["to", "cc", "to"],
                       "timestamp": ["2024-01-01", "2024-01-02", "2024-01-03"]})
    plain = ona.MessageLog.from_pandas(df, role="role", recipient_sep=";")
    cat = ona.MessageLog.from_pandas(df.astype("category"), role="role", recipient_sep=";")
    pd.testing.assert_frame_equal(cat.to_pandas(), plain.to_pandas())
    nums = pd.DataFrame({"sender": ["a", "b"], "recipients": ["b", "a"], "timestamp": [1.7e9, 1.7e9 + 60]})
    pd.testing.assert_frame_equal(ona.MessageLog.from_pandas(nums.astype({"timestamp": "category"})).to_pandas(),
                                  ona.MessageLog.from_pandas(nums).to_pandas())


def test_from_pandas_names_a_duplicate_column():
    df = pd.DataFrame([["a", "b", "c"]], columns=["sender", "recipients", "recipients"])
    with pytest.raises(ValueError, match="'recipients' appears 2 times"):
        ona.MessageLog.from_pandas(df, timestamp=None)
