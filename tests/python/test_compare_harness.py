"""benchmarks/compare's pure parts: arguments, the plan, agreement rules, the table, the goals, the README block.

No timing and no peer installs: the agreement logic is checked on known
inputs (a deliberately wrong peer result included), and the one peer check
that needs python-igraph skips without it.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))  # the harness's package, compare_lib
agree: Any = importlib.import_module("compare_lib.agree")
harness: Any = importlib.import_module("compare_lib.harness")
report: Any = importlib.import_module("compare_lib.report")
tables: Any = importlib.import_module("compare_lib.tables")
workloads: Any = importlib.import_module("compare_lib.workloads")


# ---- arguments and the plan

def test_defaults_and_quick():
    a = harness.parse_args([])
    assert (a.repeat, a.timeout, a.thread_list, a.mbox_scale) == (3, 900.0, [1, 2], 10)
    assert a.workload_list == list(workloads.WORKLOADS)
    q = harness.parse_args(["--quick", "--workloads", "betweenness,pagerank", "--graphs", "eu-core", "--threads", "2,1"])
    assert (q.repeat, q.timeout, q.thread_list, q.mbox_scale) == (1, 120.0, [1, 2], 1)
    assert q.workload_list == ["betweenness", "pagerank"] and q.graph_list == ["eu-core"]


@pytest.mark.parametrize("argv, says", [
    (["--workloads", "betweenness,pagernk"], "--workloads: unknown pagernk"),
    (["--threads", "two"], "--threads"),
    (["--threads", "0"], "--threads"),
    (["--repeat", "0"], "--repeat"),
])
def test_bad_arguments_name_the_flag(argv, says, capsys):
    with pytest.raises(SystemExit) as e:
        harness.parse_args(argv)
    assert e.value.code == 2
    assert says in capsys.readouterr().err


def test_plan_threads_and_limits():
    items = workloads.plan(["betweenness", "csv_ties"], None, True, [1, 2])
    by: dict[tuple[str, str, str], list[int]] = {(m["workload"], m["graph"], m["lib"]): [] for m in items}
    for m in items:
        by[(m["workload"], m["graph"], m["lib"])].append(m["threads"])
    # threaded libraries at 1 and 2 threads, the single-threaded ones once as t=1
    assert by[("betweenness", "eu-core", "onakit")] == [1, 2]
    assert by[("betweenness", "eu-core", "networkit")] == [1, 2]
    assert by[("betweenness", "eu-core", "igraph")] == [1]
    assert by[("betweenness", "eu-core", "networkx")] == [1]
    assert by[("csv_ties", "org2k", "polars")] == [1, 2] and by[("csv_ties", "org2k", "duckdb")] == [1, 2]
    assert by[("csv_ties", "org2k", "pandas")] == [1]
    # --quick leaves networkx's O(n m) betweenness out of the 2k organisation
    assert ("betweenness", "org2k", "networkx") not in by
    # a full run shows it as skipped beyond its limit rather than dropping it
    full = workloads.plan(["betweenness"], ["org20k"], False, [2])
    nx_rows = [m for m in full if m["lib"] == "networkx"]
    assert len(nx_rows) == 1 and "skipped" in nx_rows[0]


def test_plan_marks_one_exact_reference_per_graph():
    items = workloads.plan(["approx_betweenness"], None, True, [1, 2])
    refs = [(m["graph"], m["lib"], m["threads"]) for m in items if m.get("exact_ref")]
    assert refs == [("org2k", "onakit", 2), ("eu-core", "onakit", 2)]


def test_graph_filter_selects_from_full_list():
    items = workloads.plan(["pagerank"], ["org20k"], True, [2])
    assert {m["graph"] for m in items} == {"org20k"}


# ---- agreement

def test_close_agrees_and_a_wrong_peer_is_flagged():
    ref = np.array([0.1, 0.2, 0.0, 0.7])
    ok = agree.compare(ref * (1 + 1e-12), ref, {"kind": "close", "rtol": 1e-9, "atol": 1e-15})
    assert ok.ok and ok.max_rel is not None and ok.max_rel < 1e-11
    wrong = ref.copy()
    wrong[3] = 0.35  # e.g. a forgotten factor of 2 on one person
    bad = agree.compare(wrong, ref, {"kind": "close", "rtol": 1e-9, "atol": 1e-15})
    assert not bad.ok
    assert bad.max_abs == pytest.approx(0.35) and bad.max_rel == pytest.approx(0.5)
    assert "max abs 3.5e-01" in bad.text


def test_close_flags_nan_and_shape():
    ref = np.array([1.0, 2.0])
    assert not agree.compare(np.array([1.0, np.nan]), ref, {"kind": "close", "rtol": 1e-9}).ok
    assert not agree.compare(np.array([1.0, 2.0, 3.0]), ref, {"kind": "close", "rtol": 1e-9}).ok


def test_partial_reference_checks_only_the_sample():
    onakit = np.array([3.0, 5.0, 8.0, 1.0])
    oracle = np.array([np.nan, 5.0, np.nan, 1.0])  # the oracle searched from two people only
    a = agree.compare(oracle, onakit, {"kind": "close", "rtol": 0.0, "atol": 0.0, "partial": True})
    assert a.ok and a.checked == 2
    oracle[1] = 4.0
    assert not agree.compare(oracle, onakit, {"kind": "close", "rtol": 0.0, "atol": 0.0, "partial": True}).ok


def test_l1_bound():
    y = np.full(4, 0.25)
    x = y + np.array([1e-4, -1e-4, 0.0, 0.0])
    assert agree.compare(x, y, {"kind": "l1", "bound": 1e-3}).ok
    assert not agree.compare(x, y, {"kind": "l1", "bound": 1e-4}).ok


def test_error_rule_and_spearman():
    exact = np.array([0.0, 0.1, 0.2, 0.3, 0.4])
    approx = exact + np.array([0.01, -0.01, 0.0, 0.02, -0.02])
    a = agree.compare(approx, exact, {"kind": "error", "bound": 0.05})
    assert a.ok and a.rank == pytest.approx(1.0)
    assert not agree.compare(approx, exact, {"kind": "error", "bound": 0.015}).ok
    assert agree.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert agree.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    # ties get average ranks: the same as scipy.stats.spearmanr on this input
    assert agree.spearman([1, 1, 2, 3], [1, 2, 2, 3]) == pytest.approx(0.8333333333333334)
    assert not agree.compare(exact[::-1], exact, {"kind": "rank", "min": 0.9}).ok


def test_equal_and_modularity():
    assert agree.compare(np.array([1, 2]), np.array([1, 2]), {"kind": "equal"}).ok
    d = agree.compare(np.array([1, 3]), np.array([1, 2]), {"kind": "equal"})
    assert not d.ok and "differs at 1: 3 vs 2" in d.text
    m = agree.compare(0.41, 0.43, {"kind": "modularity", "slack": 0.05})
    assert m.ok and "Q 0.4100 (-0.0200)" in m.text
    assert not agree.compare(0.30, 0.43, {"kind": "modularity", "slack": 0.05}).ok


def test_unknown_rule_is_an_error():
    with pytest.raises(ValueError, match="unknown agreement rule"):
        agree.compare(np.zeros(2), np.zeros(2), {"kind": "cosine"})


def _record(tmp_path: Path, lib: str, values, threads: int = 1, workload: str = "betweenness", **extra) -> dict:
    out = tmp_path / f"{workload}_{lib}_{threads}"
    np.savez(str(out) + ".npz", values=np.asarray(values))
    rec = {"workload": workload, "graph": "g", "lib": lib, "threads": threads, "seconds": 1.0,
           "facts": {"people": len(values)}, "_npz": str(out) + ".npz"}
    rec.update(extra)
    return rec


def test_check_flags_a_wrong_peer_and_it_fails_the_run(tmp_path):
    ref = [0.0, 0.25, 0.5, 0.25]
    records = [_record(tmp_path, "onakit", ref, 1), _record(tmp_path, "onakit", ref, 2),
               _record(tmp_path, "igraph", ref), _record(tmp_path, "networkit", [0.0, 0.5, 1.0, 0.5], 2)]
    harness.check(records)
    assert records[1]["agreement"]["ok"]  # onakit t=2 against onakit t=1
    assert records[2]["agreement"]["ok"]
    assert not records[3]["agreement"]["ok"]
    assert harness.failures(records) == [records[3]]
    rows = report.table_rows(records, {"betweenness": "onakit"}, {"betweenness": "betweenness (exact)"})
    assert rows[3][6].startswith("**DISAGREES: max abs")
    assert rows[2][6].startswith("max abs 0")
    assert rows[1][6] == "max abs 0, rel 0 (vs t=1)"  # onakit t=2 against onakit t=1


def test_check_closeness_uses_the_named_reference(tmp_path):
    onakit = _record(tmp_path, "onakit", [0.5, 0.5], 2, workload="closeness")
    np.savez(onakit["_npz"], values=np.array([0.5, 0.5]), **{"ref:wf_improved=False": np.array([1.0, 1.0])})
    peer = _record(tmp_path, "igraph", [1.0, 1.0], 1, workload="closeness")
    peer["facts"]["reference"] = "wf_improved=False"
    harness.check([onakit, peer])
    assert peer["agreement"]["ok"] and "(vs onakit wf_improved=False)" in peer["agreement"]["text"]


def test_check_tie_tables(tmp_path):
    a = tables.canonical(pd.DataFrame({"sender": ["p2@x", "p1@x"], "recipient": ["p1@x", "p2@x"],
                                       "weight": [3, 1]}))
    assert a["sender"].tolist() == [1, 2] and a["weight"].tolist() == [1.0, 3.0]
    b = dict(a, weight=np.array([1.0, 4.0]))
    ok, text = tables.same_ties(a, b)
    assert not ok and "weight differs at tie 1: 3.0 vs 4.0" in text
    assert tables.same_ties(a, dict(a))[0]


# ---- the table, the goals, the files

def test_status_and_ratio_cells():
    recs = [{"workload": "w", "graph": "g", "lib": "onakit", "threads": 2, "seconds": 2.0},
            {"workload": "w", "graph": "g", "lib": "networkit", "threads": 2, "seconds": 5.0},
            {"workload": "w", "graph": "g", "lib": "networkit", "threads": 1, "timeout": 120.0},
            {"workload": "w", "graph": "g", "lib": "igraph", "threads": 1, "skipped": "20,000 people > 2,100"},
            {"workload": "w", "graph": "g", "lib": "onakit", "threads": 1, "seconds": 3.0}]
    assert report.status_text(recs[2]) == "> 120 s"
    assert report.status_text(recs[3]).startswith("skipped (")
    assert report.ratio_text(recs, recs[1], "onakit") == "2.50x"
    assert report.ratio_text(recs, recs[2], "onakit") == "> 40.0x"  # timed out: at least this slow
    assert report.ratio_text(recs, recs[0], "onakit") == ""
    assert report.status_text({"seconds": 12.5, "facts": {"extrapolated_from": 4}}) == "~12.5"


def test_markdown_table_escapes_pipes():
    md = report.markdown_table(["a", "b"], [["x|y", "1"]])
    assert md.splitlines() == ["| a | b |", "|---|---|", "| x\\|y | 1 |"]


def test_goals_met_missed_and_not_measured():
    recs = [{"workload": "betweenness", "graph": "org20k", "lib": "onakit", "threads": 2, "seconds": 1.0},
            {"workload": "betweenness", "graph": "org20k", "lib": "igraph", "threads": 1, "seconds": 7.0},
            {"workload": "betweenness", "graph": "org20k", "lib": "networkit", "threads": 2, "seconds": 5.0},
            {"workload": "build", "graph": "org20k", "lib": "onakit", "threads": 2, "seconds": 0.1,
             "facts": {"arcs": 1000, "graph_bytes": 20_088, "people": 10, "offset_bytes": 4}}]
    gs = {g["goal"]: g for g in report.goals(recs)}
    assert gs["betweenness exact >= 6x igraph on a synthetic org"]["status"] == "met"
    assert gs["betweenness exact >= 8x NetworKit on a synthetic org"]["status"] == "MISSED"
    mailbox = "betweenness exact >= 10x igraph on a real mailbox graph (SNAP email-Enron; email-W3C undirected while " \
              "Enron is missing)"
    assert gs[mailbox]["status"] == "not measured"
    recs += [{"workload": "betweenness", "graph": "w3c-u", "lib": "onakit", "threads": 2, "seconds": 1.0},
             {"workload": "betweenness", "graph": "w3c-u", "lib": "igraph", "threads": 1, "seconds": 12.0}]
    w3c = {g["goal"]: g for g in report.goals(recs)}[mailbox]
    assert w3c["status"] == "met" and w3c["graph"] == "w3c-u"  # the fallback while Enron is missing
    memory = "graph memory <= 20 B per directed tie (+ the per-person offsets)"
    assert gs[memory]["status"] == "met"  # 20 B per tie + 2 x 4 B per person (11 offsets each way)
    assert gs[memory]["figure"].startswith("20.00 B/tie + 8 B/person (20.09 B/tie all included")
    recs[3]["facts"]["graph_bytes"] = 21_088
    assert {g["goal"]: g for g in report.goals(recs)}[memory]["status"] == "MISSED"  # 21 B per tie


def test_readme_block_replacement():
    text = f"intro\n{report.BEGIN}\nold table\n{report.END}\nafter\n"
    out = report.replace_block(text, "| new |\n")
    assert out == f"intro\n{report.BEGIN}\n| new |\n{report.END}\nafter\n"
    assert report.replace_block(out, "| newer |").count("| new") == 1
    with pytest.raises(ValueError, match="no <!-- compare:begin -->"):
        report.replace_block("no markers", "x")
    readme = (ROOT / "README.md").read_text()
    assert readme.index(report.BEGIN) < readme.index(report.END)  # the Performance section has the block


def test_markdown_file_has_command_machine_and_goals(tmp_path):
    rec = {"workload": "degree", "graph": "eu-core", "lib": "onakit", "threads": 2, "seconds": 0.01,
           "peak_rss": 100 * 2**20, "facts": {"people": 1005, "ties": 24929}}
    result = {"date": "2026-12-05 11:00 UTC", "command": "benchmarks/compare --quick", "length_s": 120.0,
              "machine": {"cpu": "CPU X", "cores": 2, "ram_gib": 24.0, "os": "Debian", "compiler": "g++ 12",
                          "load_before": "0.5", "load_after": "0.7"},
              "onakit": {"version": "0.1.0", "commit": "abc", "build_type": "Release", "path": "/x"},
              "versions": {"igraph": "1.0"}, "repeat": 1, "bases": {}, "titles": {"degree": "degree"},
              "records": [rec], "goals": report.goals([rec])}
    md = report.markdown(result)
    assert "`benchmarks/compare --quick`" in md and "CPU X, 2 cores" in md and "load average 0.5 before" in md
    assert "| degree | eu-core (1,005 p, 24,929 t) | onakit | 2 | 0.01 |  |  | 100 |" in md
    assert "| goal | graph | measured | status |" in md
    json.dumps(result)  # the JSON file holds the same


def test_igraph_peer_agrees_with_onakit_on_karate():
    pytest.importorskip("igraph")
    import onakit as ona

    peers: Any = importlib.import_module("compare_lib.peers")
    ties = pd.DataFrame({"source": [0, 0, 1, 2, 3, 3], "target": [1, 2, 2, 3, 4, 0]})
    g = ona.Graph.from_pandas(ties, directed=True)
    P = peers.PeerGraphs(g)
    for measure in ("betweenness", "harmonic", "degree", "edge_betweenness"):
        call, finish, ref = peers.peer_call(measure, "igraph", P, 1, {})
        mine = np.asarray(peers.onakit_calls(ona, P, 1, {})[measure](), dtype=float)
        assert ref == ""
        assert agree.compare(finish(call()), mine, {"kind": "close", "rtol": 1e-9, "atol": 1e-15}).ok, measure


def test_expected_length_scales_the_quick_run(tmp_path):
    quick = [{"workload": "betweenness", "graph": "org2k", "lib": "igraph", "threads": 1, "seconds": 0.5},
             {"workload": "pagerank", "graph": "org2k", "lib": "igraph", "threads": 1, "seconds": 0.01}]
    items = [{"workload": "betweenness", "graph": "org20k", "lib": "igraph", "threads": 1, "repeat": 1},
             {"workload": "pagerank", "graph": "org20k", "lib": "igraph", "threads": 1, "repeat": 1},
             {"workload": "pagerank", "graph": "org20k", "lib": "networkx", "threads": 1, "repeat": 1,
              "skipped": "too large"}]
    n0, m0 = harness.SIZES["org2k"]
    n, m = harness.SIZES["org20k"]
    want = 0.5 * n * m / (n0 * m0) + 0.01 * m / m0 + 2 * harness.PROCESS_S  # betweenness: O(n m)
    assert harness.estimate(items, quick, timeout=900.0) == pytest.approx(want)
    assert harness.estimate(items[:1], quick, timeout=30.0) == pytest.approx(30.0 + harness.PROCESS_S)
    (tmp_path / "compare.json").write_text(json.dumps({"quick": True, "records": quick, "date": "d"}))
    text = harness.expected_length(tmp_path, False, items, 900.0, 1)
    assert text.startswith("expected length ~") and "at most" in text


def _args(tmp_path: Path, *extra: str):
    a = harness.parse_args(["--quick", *extra])
    a.onakit_path = ""  # the children import the onakit this test imports (PYTHONPATH is inherited)
    return a


def test_a_child_past_its_timeout_is_reported_not_dropped(tmp_path):
    a = _args(tmp_path, "--timeout", "0.01")
    m = {"workload": "degree", "graph": "org2k", "lib": "onakit", "threads": 1, "max_people": None}
    rec = harness.measure(m, a, tmp_path, {})
    assert rec["timeout"] == 0.01 and "seconds" not in rec
    assert report.status_text(rec) == "> 0.01 s"


def test_a_failing_child_is_an_error_row_and_fails_the_run(tmp_path):
    a = _args(tmp_path)
    m = {"workload": "degree", "graph": "org200", "lib": "no-such-library", "threads": 1, "max_people": None}
    rec = harness.measure(m, a, tmp_path, {})
    assert rec["error"].startswith("KeyError")
    assert harness.failures([rec]) == [rec]
    assert report.status_text(rec) == "ERROR"


def test_merge_keeps_the_earlier_runs_other_measurements(tmp_path):

    old = {"runs": [{"date": "d1", "command": "benchmarks/compare", "commit": "aaa", "length_s": 60, "load": "1",
                     "cpu": "AMD EPYC"}],
           "records": [{"workload": "csv_ties", "graph": "org2k", "lib": "onakit", "threads": 1, "seconds": 9.0},
                       {"workload": "degree", "graph": "org2k", "lib": "onakit", "threads": 1, "seconds": 2.0}]}
    (tmp_path / "compare.json").write_text(json.dumps(old))
    new = [{"workload": "csv_ties", "graph": "org2k", "lib": "onakit", "threads": 1, "seconds": 1.0}]
    this = {"date": "d2", "command": "benchmarks/compare --workloads csv_ties --merge", "commit": "bbb",
            "cpu": "Intel Xeon"}
    records, runs = harness.merge_runs(tmp_path / "compare.json", new, this)
    assert [(r["workload"], r["seconds"], r["run"]) for r in records] == [("csv_ties", 1.0, 0), ("degree", 2.0, 1)]
    assert [r["commit"] for r in runs] == ["bbb", "aaa"]
    md = report.markdown({"runs": runs, "records": records, "goals": [], "onakit": {}, "machine": {}, "repeat": 1,
                          "bases": {"csv_ties": "onakit", "degree": "onakit"},
                          "titles": {"csv_ties": "CSV", "degree": "degree"}, "date": "d2", "command": "x",
                          "length_s": 1})
    assert "Measured in 2 runs" in md and "onakit at commit aaa" in md and "onakit at commit bbb" in md
    # Each run names its CPU, and runs on different ones are said not to compare by time.
    assert "commit aaa, AMD EPYC" in md and "commit bbb, Intel Xeon" in md and "different machines" in md
    with pytest.raises(SystemExit, match="cannot read the earlier results"):
        harness.merge_runs(tmp_path / "missing.json", new, this)


def test_a_missing_real_set_lets_the_next_graph_stand_in():
    recs = [{"workload": "betweenness", "graph": "enron", "lib": "onakit", "threads": 2, "missing": "no data"},
            {"workload": "betweenness", "graph": "enron", "lib": "igraph", "threads": 1, "missing": "no data"},
            {"workload": "betweenness", "graph": "w3c-u", "lib": "onakit", "threads": 2, "seconds": 1.0},
            {"workload": "betweenness", "graph": "w3c-u", "lib": "igraph", "threads": 1, "seconds": 31.0}]
    g = report.speed_goal(recs, "t", "betweenness", "igraph", 1, 10, ["enron", "w3c-u"])
    assert (g["graph"], g["status"]) == ("w3c-u", "met")
