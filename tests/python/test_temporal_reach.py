"""Paths through time (ona.temporal_reach, ona.group_latency) against a brute-force search.

The oracle is plain Python: from every first message of a source (or from the
window's start) it walks every time-respecting continuation state by state
((person, arrival time), each next message strictly later), with no latest-start
or earliest-arrival shortcut, on small slices of SNAP's email-Eu-core-temporal
(with the derived department map) and of its department subsets.
"""

from __future__ import annotations

import gzip
from collections import defaultdict, deque

import numpy as np
import pandas as pd
import pytest

import onakit as ona
from conftest import data_file

INF = float("inf")


# ---- data -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def eu_raw():
    with gzip.open(data_file("email-Eu-core-temporal/email-Eu-core-temporal.txt.gz"), "rt") as f:
        return pd.read_csv(f, sep=" ", header=None, names=["src", "dst", "t"])


@pytest.fixture(scope="module")
def eu_dept():
    table = pd.read_csv(data_file("email-Eu-core-temporal/DERIVED_temporal_id_to_core_id_and_department.tsv"),
                        sep="\t")
    return table.set_index("temporal_id")["department"]


def dept_raw(k: int) -> pd.DataFrame:
    return pd.read_csv(data_file(f"email-Eu-core-temporal-departments/email-Eu-core-temporal-Dept{k}.txt"),
                       sep=" ", header=None, names=["src", "dst", "t"])


def to_log(rows: pd.DataFrame) -> ona.MessageLog:
    df = pd.DataFrame({"sender": rows["src"].to_numpy(), "recipients": rows["dst"].to_numpy(),
                       "timestamp": pd.to_datetime(rows["t"].to_numpy(), unit="s")})
    return ona.MessageLog.from_pandas(df, recipient_sep=None)


def contacts_of(rows: pd.DataFrame):
    """Contacts (t seconds, u, v) without self-messages, and messages out of each person sorted by time."""
    out = defaultdict(list)
    for u, v, t in zip(rows["src"].tolist(), rows["dst"].tolist(), rows["t"].tolist()):
        if u != v:
            out[u].append((t, v))
    for u in out:
        out[u].sort()
    return out


# ---- the brute-force oracle ---------------------------------------------------------
def walk(out, first_hops, last_time):
    """Every (person, arrival) state reachable from the given first hops [(t, v)]: each later hop
    strictly after the arrival, at most last_time. Returns {person: earliest arrival}."""
    best: dict = {}
    seen = set()
    queue = deque(h for h in first_hops if h[0] <= last_time)
    while queue:
        t, v = queue.popleft()
        if (v, t) in seen:
            continue
        seen.add((v, t))
        if t < best.get(v, INF):
            best[v] = t
        for t2, w in out.get(v, ()):
            if t < t2 <= last_time and (w, t2) not in seen:
                queue.append((t2, w))
    return best


def oracle_every_start(out, people, within):
    """v reached from u when a path from u's first message to v's arrival lasts <= within."""
    reached = {}
    for u in people:
        got = set()
        for t1, v in out.get(u, ()):
            got |= set(walk(out, [(t1, v)], t1 + within))
        got.discard(u)
        reached[u] = got
    return reached


def oracle_fixed_start(out, people, start, within):
    reached = {}
    for u in people:
        hops = [(t, v) for t, v in out.get(u, ()) if t >= start]
        got = set(walk(out, hops, start + within))
        got.discard(u)
        reached[u] = got
    return reached


def slices():
    """Names of small real slices, a few hundred to a thousand messages each (see slice_rows)."""
    return ["eu-first", "eu-middle", "eu-80", "dept3", "dept1"]


@pytest.fixture(scope="module")
def slice_rows(eu_raw):
    def get(name):
        if name == "eu-first":
            return eu_raw.iloc[:500]
        if name == "eu-middle":
            return eu_raw.iloc[150_000:150_600]
        if name == "eu-80":  # the messages among people 0-79: 1,091 over 800 days
            return eu_raw[(eu_raw["src"] < 80) & (eu_raw["dst"] < 80)]
        if name == "dept3":
            return dept_raw(3).iloc[2_000:2_600]
        return dept_raw(1).iloc[30_000:30_500]
    return get


# ---- temporal_reach ------------------------------------------------------------------
@pytest.mark.parametrize("name", slices())
@pytest.mark.parametrize("within", ["1h", "1D", "7D", None])
def test_reach_every_start_equals_bruteforce(slice_rows, name, within):
    rows = slice_rows(name)
    log = to_log(rows)
    out = contacts_of(rows)
    w = INF if within is None else pd.Timedelta(within).total_seconds()
    expected = oracle_every_start(out, list(log.people), w)
    got = ona.temporal_reach(log, within=within)
    want = pd.Series({u: len(s) for u, s in expected.items()}).reindex(got.index)
    assert got["reached"].tolist() == want.tolist()
    assert got["reached"].sum() > 0  # the slices do carry paths
    assert got.attrs["within"] == (None if within is None else pd.Timedelta(within))
    assert got.attrs["start"] is None


@pytest.mark.parametrize("name", slices())
@pytest.mark.parametrize("within", ["6h", "3D", None])
def test_reach_fixed_start_equals_bruteforce(slice_rows, name, within):
    rows = slice_rows(name)
    log = to_log(rows)
    out = contacts_of(rows)
    start = int(np.quantile(rows["t"], 0.3))  # from a real instant of the slice, inside it
    w = INF if within is None else pd.Timedelta(within).total_seconds()
    expected = oracle_fixed_start(out, list(log.people), start, w)
    got = ona.temporal_reach(log, within=within, start=pd.Timestamp(start, unit="s"))
    want = pd.Series({u: len(s) for u, s in expected.items()}).reindex(got.index)
    assert got["reached"].tolist() == want.tolist()
    assert got["reached"].sum() > 0
    assert got.attrs["start"] == pd.Timestamp(start, unit="s", tz="UTC")


def test_reach_groups_equal_bruteforce(slice_rows, eu_dept):
    rows = slice_rows("eu-middle")
    log = to_log(rows)
    out = contacts_of(rows)
    expected = oracle_every_start(out, list(log.people), pd.Timedelta("2D").total_seconds())
    got = ona.temporal_reach(log, within="2D", groups=eu_dept, min_group_size=None)
    by_group = got.attrs["by_group"]
    for u, reached in expected.items():
        counts = pd.Series([eu_dept[v] for v in reached], dtype=object).value_counts()
        row = by_group.loc[u]
        assert row[row > 0].to_dict() == counts.to_dict()
        assert got.loc[u, "groups_reached"] == len(counts)
    assert set(by_group.columns) == set(eu_dept.reindex(list(log.people)).dropna())


def test_reach_groups_suppressed(slice_rows, eu_dept):
    rows = slice_rows("eu-first")
    log = to_log(rows)
    got = ona.temporal_reach(log, within=None, groups=eu_dept, min_group_size=5)
    full = ona.temporal_reach(log, within=None, groups=eu_dept, min_group_size=None)
    assert got.attrs["suppressed_groups"] > 0
    big = [c for c in got.attrs["by_group"].columns if not isinstance(c, ona.SummaryLabel)]
    pd.testing.assert_frame_equal(got.attrs["by_group"][big], full.attrs["by_group"][big], check_column_type=False)
    merged = [c for c in got.attrs["by_group"].columns if isinstance(c, ona.SummaryLabel)]
    if merged:  # the merged row holds the small groups' people
        small = [c for c in full.attrs["by_group"].columns if c not in big]
        np.testing.assert_array_equal(got.attrs["by_group"][merged[0]].to_numpy(),
                                      full.attrs["by_group"][small].sum(axis=1).to_numpy())
    assert (got["reached"] == full["reached"]).all()


def test_same_instant_never_chains():
    t0 = pd.Timestamp("2024-03-01 09:00")
    df = pd.DataFrame({"sender": ["a", "b", "b"], "recipients": ["b", "c", "d"],
                       "timestamp": [t0, t0, t0 + pd.Timedelta("1s")]})
    r = ona.temporal_reach(ona.MessageLog.from_pandas(df), within="1h")
    # a -> b at t0; b -> c at the same instant does not pass a's news on; b -> d a second later does.
    assert r["reached"].to_dict() == {"a": 2, "b": 2, "c": 0, "d": 0}
    assert ona.temporal_reach(ona.MessageLog.from_pandas(df), within="0s")["reached"].to_dict() == \
        {"a": 1, "b": 2, "c": 0, "d": 0}


def test_whole_log_properties(eu_raw):
    log = ona.read_edgelist(data_file("email-Eu-core-temporal/email-Eu-core-temporal.txt.gz"), third="time")
    week = ona.temporal_reach(log, within="7D", threads=1)
    again = ona.temporal_reach(log, within="7D", threads=2)
    pd.testing.assert_frame_equal(week, again)
    ever = ona.temporal_reach(log, within=None)
    day = ona.temporal_reach(log, within="1D")
    assert (day["reached"] <= week["reached"]).all() and (week["reached"] <= ever["reached"]).all()
    assert (day["reached"] < week["reached"]).any()
    # No limit: at most the static descendants (networkx) of each person.
    import networkx as nx
    G = nx.DiGraph()
    G.add_nodes_from(log.people)
    G.add_edges_from((u, v) for u, v in zip(eu_raw["src"], eu_raw["dst"]) if u != v)
    static = pd.Series({u: len(nx.descendants(G, u)) for u in G}).reindex(ever.index)
    assert (ever["reached"] <= static).all() and (ever["reached"] < static).any()
    # A fixed start is one of "every start"'s windows.
    first = ona.temporal_reach(log, within="7D", start=log.time_span[0] + pd.Timedelta("100D"))
    assert (first["reached"] <= week["reached"]).all() and first["reached"].sum() > 0
    assert week.attrs["contacts"] == len(eu_raw[eu_raw.src != eu_raw.dst].drop_duplicates())


# ---- group_latency --------------------------------------------------------------------
def oracle_latency(out, rows, groups):
    """Median over each group's starts (sender, instant) of the earliest arrival at each other group."""
    starts = sorted({(t, u) for u, v, t in zip(rows["src"], rows["dst"], rows["t"])
                     if u != v and u in groups})
    lat = defaultdict(list)
    names = sorted(set(groups.values()), key=lambda g: (isinstance(g, str), str(g) if isinstance(g, str) else g))
    for s, x in starts:
        best = walk(out, [(t, v) for t, v in out[x] if t >= s], INF)
        a = groups[x]
        for b in names:
            if b == a:
                continue
            arr = min((t for v, t in best.items() if groups.get(v) == b), default=INF)
            lat[(a, b)].append(arr - s)
    return lat, names


@pytest.mark.parametrize("name", ["eu-first", "eu-middle", "eu-80"])
def test_group_latency_equals_bruteforce(slice_rows, eu_dept, name):
    rows = slice_rows(name)
    log = to_log(rows)
    out = contacts_of(rows)
    people = set(log.people)
    groups = {p: g for p, g in eu_dept.items() if p in people}
    lat, names = oracle_latency(out, rows, groups)
    got = ona.group_latency(log, eu_dept, min_group_size=None)
    assert list(got.index) == names and list(got.columns) == names
    finite = 0
    for a in names:
        for b in names:
            values = lat.get((a, b), [])
            assert got.attrs["reached"].loc[a, b] == sum(v < INF for v in values)
            if a == b or not values or np.median(values) == INF:
                assert pd.isna(got.loc[a, b])
                continue
            assert got.loc[a, b] == pd.Timedelta(seconds=float(np.median(values)))
            finite += 1
    assert finite > 0
    n_starts = pd.Series(0, index=pd.Index(names, name="group"), name="starts")
    for (t, u) in {(t, u) for u, v, t in zip(rows["src"], rows["dst"], rows["t"]) if u != v and u in groups}:
        n_starts[groups[u]] += 1
    pd.testing.assert_series_equal(got.attrs["starts"], n_starts, check_dtype=False)


def test_group_latency_min_group_size(slice_rows, eu_dept):
    rows = slice_rows("eu-middle")
    log = to_log(rows)
    got = ona.group_latency(log, eu_dept, min_group_size=5)
    assert got.attrs["suppressed_groups"] > 0
    # The same as the oracle on departments with the small ones merged.
    people = list(log.people)
    size = eu_dept.reindex(people).value_counts()
    small = set(size[size < 5].index)
    merged = {p: ("small" if eu_dept[p] in small else eu_dept[p]) for p in people if p in eu_dept.index}
    lat, _ = oracle_latency(contacts_of(rows), rows, merged)
    label = {c: ("small" if isinstance(c, ona.SummaryLabel) else c) for c in got.index}
    for a in got.index:
        for b in got.columns:
            values = lat.get((label[a], label[b]), [])
            if a == b or not values or np.median(values) == INF:
                assert pd.isna(got.loc[a, b])
            else:
                assert got.loc[a, b] == pd.Timedelta(seconds=float(np.median(values)))


def test_group_latency_threads_and_whole_log(eu_dept):
    log = ona.read_edgelist(data_file("email-Eu-core-temporal/email-Eu-core-temporal.txt.gz"), third="time")
    one = ona.group_latency(log, eu_dept, threads=1)
    two = ona.group_latency(log, eu_dept, threads=2)
    pd.testing.assert_frame_equal(one, two)
    assert one.notna().to_numpy().sum() > 0


# ---- errors named as typed -------------------------------------------------------------
@pytest.fixture(scope="module")
def small_log(eu_raw):
    return to_log(eu_raw.iloc[:200])


def test_within_spellings(small_log):
    a = ona.temporal_reach(small_log, within="7 days")
    b = ona.temporal_reach(small_log, within="7D")
    c = ona.temporal_reach(small_log, within=7 * 86400)
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a, c)
    with pytest.raises(ona.OptionError, match=r"within='a week' is not a duration"):
        ona.temporal_reach(small_log, within="a week")
    with pytest.raises(ona.OptionError, match=r"within='-1D' is negative"):
        ona.temporal_reach(small_log, within="-1D")
    with pytest.raises(ona.OptionError, match=r"start='someday'"):
        ona.temporal_reach(small_log, start="someday")
    with pytest.raises(ona.OptionError, match=r"threads=-1"):
        ona.temporal_reach(small_log, threads=-1)
    with pytest.raises(TypeError, match="MessageLog"):
        ona.temporal_reach(ona.build_graph(small_log))


def test_empty_window_warns_and_untimed_log_raises(small_log):
    with pytest.warns(UserWarning, match="no message falls in the window"):
        r = ona.temporal_reach(small_log, start="2030-01-01")
    assert r["reached"].sum() == 0
    untimed = ona.MessageLog.from_pandas(pd.DataFrame({"sender": ["a"], "recipients": ["b"]}), timestamp=None)
    with pytest.raises(ValueError, match="has a time"):
        ona.temporal_reach(untimed)
    with pytest.raises(ValueError, match="has a time"):
        ona.group_latency(untimed, {"a": 1, "b": 2}, min_group_size=None)
    with pytest.raises(ValueError, match="no person"):
        ona.group_latency(small_log, {"nobody": 1})


# ---- progress ------------------------------------------------------------------------
def test_progress_reports_work_and_keeps_the_result(capsys):
    from onakit import _core
    log = ona.read_edgelist(data_file("email-Eu-core-temporal/email-Eu-core-temporal.txt.gz"), third="time")
    seen = []
    _core.temporal_reach(log._core, within=None, threads=1, progress=lambda d, t: seen.append((d, t)))
    assert seen and all(0 <= d <= t == len(log.people) for d, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    plain = ona.temporal_reach(log, within="1D")
    capsys.readouterr()
    shown = ona.temporal_reach(log, within="1D", progress=True)
    pd.testing.assert_frame_equal(plain, shown)
    assert "temporal_reach" in capsys.readouterr().err

    def fails(done, total):
        raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        _core.group_latency(log._core, groups=np.zeros(len(log.people), dtype=np.uint32), num_groups=1,
                            progress=fails)
