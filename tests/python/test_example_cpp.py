"""The C++ example app (examples/cpp/radoslaw_teams.cpp), built against the
*installed* onakit, prints the same figures as the Python package and as
networkx / pandas oracles on the same data (radoslaw_email with its
reports-to teams).

scripts/test builds the app after installing onakit and passes its path in
ONAKIT_EXAMPLE_APP; without it this module installs the headers into a
temporary prefix and builds the app itself (a minute or two)."""
import os
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import onakit as ona

from conftest import data_file

ROOT = Path(__file__).resolve().parents[2]


def _build_app(tmp: Path) -> Path:
    if shutil.which("cmake") is None:
        pytest.fail("cmake is needed to build examples/cpp", pytrace=False)
    prefix, cfg, app = tmp / "install", tmp / "onakit", tmp / "example"

    def run(*cmd):
        subprocess.run(cmd, check=True, capture_output=True, text=True)

    run("cmake", "-S", str(ROOT), "-B", str(cfg), "-DONAKIT_BUILD_TESTS=OFF", "-DONAKIT_BUILD_PYTHON=OFF",
        "-DONAKIT_BUILD_BENCHMARKS=OFF")
    run("cmake", "--install", str(cfg), "--prefix", str(prefix))
    run("cmake", "-S", str(ROOT / "examples" / "cpp"), "-B", str(app), f"-DCMAKE_PREFIX_PATH={prefix}")
    run("cmake", "--build", str(app))
    return app / "radoslaw_teams"


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    data = data_file("radoslaw_email").parent
    given = os.environ.get("ONAKIT_EXAMPLE_APP")
    exe = Path(given) if given else _build_app(tmp_path_factory.mktemp("example_cpp"))
    done = subprocess.run([str(exe), str(data)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def py():
    """The same analysis through the Python package."""
    d = data_file("radoslaw_email")
    log = ona.read_email_csv(d / "communication.csv", sender="Sender", recipients="Recipient",
                             timestamp="EventDate", recipient_sep=None)
    hr = ona.read_people(d / "reportsto.csv", id="ID", people=log.people)
    teams = hr["ReportsToID"]
    g = ona.build_graph(log)
    return log, teams, g


def _section(out: str, number: int) -> str:
    m = re.search(rf"^== {number}\..*?(?=^== |\Z)", out, re.M | re.S)
    assert m, f"section {number} missing from the app's output:\n{out}"
    return m.group(0)


def _top(section: str, title: str) -> list[tuple[str, float]]:
    block = re.search(rf"^  {re.escape(title)}\n((?:    \d+\. .*\n)+)", section, re.M)
    assert block, f"{title!r} missing:\n{section}"
    return [(m.group(1), float(m.group(2)))
            for m in re.finditer(r"person (\S+)\s+(\S+)", block.group(1))]


def _expected_top(s: pd.Series, k: int, highest: bool = True) -> pd.Series:
    s = s.dropna()
    return (s.sort_values(ascending=not highest, kind="stable")).head(k)


def _check_top(printed, expected: pd.Series, tol: float):
    assert len(printed) == len(expected) == 5
    assert [label for label, _ in printed] == [str(x) for x in expected.index]
    np.testing.assert_allclose([v for _, v in printed], expected.to_numpy(), rtol=0, atol=tol)


def test_read_teams_and_graph(output, py):
    log, teams, g = py
    s1, s3, s2 = _section(output, 1), _section(output, 2), _section(output, 3)  # 2: the graph, 3: the teams
    m = re.search(r"(\d+) people, (\d+) messages, (\d+) rows read, (\d+) skipped", s1)
    assert m and [int(x) for x in m.groups()] == [len(log.people), log.num_messages, log.report["records_read"],
                                                 sum(log.report["skipped"].values())]
    m = re.search(r"(\d+) teams, (\d+) people without a team, CEO (\S+), (\d+) rows", s2)
    assert m
    assert int(m.group(1)) == teams.nunique() and int(m.group(2)) == int(teams.isna().sum())
    hr = pd.read_csv(data_file("radoslaw_email/reportsto.csv"))
    assert m.group(3) == str(hr.loc[hr.ID == hr.ReportsToID, "ID"].item())
    m = re.search(r"(\d+) people, (\d+) ties \(directed\), (\d+) self-addressed", s3)
    assert m and [int(x) for x in m.groups()] == [g.number_of_people, g.number_of_ties, g.build_report["pairs_self"]]


def test_people_measures_match_python_and_networkx(output, py):
    _, _, g = py
    s = _section(output, 4)
    G = g.to_networkx()
    bt = ona.betweenness(g)
    _check_top(_top(s, "betweenness"), _expected_top(bt, 5), 1e-6)
    nx_bt = pd.Series(nx.betweenness_centrality(G))
    _check_top(_top(s, "betweenness"), nx_bt.loc[_expected_top(bt, 5).index], 1e-6)
    pr = ona.pagerank(g)
    _check_top(_top(s, "pagerank"), _expected_top(pr, 5), 1e-6)
    nx_pr = pd.Series(nx.pagerank(G, weight="weight"))
    _check_top(_top(s, "pagerank"), nx_pr.loc[_expected_top(pr, 5).index], 1e-4)  # both stop at tol 1e-6
    c = ona.constraint(g)
    _check_top(_top(s, "constraint (lowest: the brokers)"), _expected_top(c, 5, highest=False), 1e-6)
    nx_c = pd.Series(nx.constraint(G, weight="weight"))
    _check_top(_top(s, "constraint (lowest: the brokers)"), nx_c.loc[_expected_top(c, 5, highest=False).index], 1e-6)


def test_team_measures_match_python_and_a_pandas_oracle(output, py):
    _, teams, g = py
    s = _section(output, 5)
    q = float(re.search(r"modularity of the teams: (\S+)", s).group(1))
    assert q == pytest.approx(ona.modularity(g, teams), abs=1e-6)
    m = re.search(r"leiden: (\d+) communities, modularity (\S+)", s)
    com = ona.communities(g, seed=0)
    assert int(m.group(1)) == com.nunique() and float(m.group(2)) == pytest.approx(com.attrs["quality"], abs=1e-6)

    m = re.search(r"organisation: E-I (\S+) \(expected under random mixing (\S+)\)", s)
    org = ona.ei_index(g, teams, level="org", permutations=0)
    assert float(m.group(1)) == pytest.approx(org["ei"], abs=1e-6)
    assert float(m.group(2)) == pytest.approx(org["expected_ei"], abs=1e-6)

    rows = re.findall(r"^    (manager \S+|\(small teams\))\s+(\d+)\s+(\S+)\s+(\S+)\s+(\S+)$", s, re.M)
    printed = pd.DataFrame(rows, columns=["team", "size", "ei", "expected", "p"]).set_index("team")
    printed = printed.astype({"size": int, "ei": float, "expected": float, "p": float})
    ei = ona.ei_index(g, teams, level="group", permutations=1000, seed=0, min_group_size=5)
    assert len(printed) == len(ei) > 1
    kept = [x for x in ei.index if not str(x).startswith("(suppressed")]
    assert sorted(printed.index) == sorted([f"manager {x}" for x in kept] + ["(small teams)"])
    for team, row in ei.iterrows():
        p = printed.loc["(small teams)" if team not in kept else f"manager {team}"]
        assert p["size"] == row["size"]
        assert p["ei"] == pytest.approx(row["ei"], abs=1e-6)
        assert p["expected"] == pytest.approx(row["expected_ei"], abs=1e-6)
        assert p["p"] == pytest.approx(row["p_value"], abs=1e-4)

    # Oracle without onakit's silo code: E-I of each team of >= 5 people from the tie table.
    ties = g.to_pandas()
    team_of = teams.dropna().astype(str)
    ties = ties[ties.source.isin(team_of.index) & ties.target.isin(team_of.index) & (ties.source != ties.target)]
    ties = ties.assign(a=team_of.loc[ties.source].to_numpy(), b=team_of.loc[ties.target].to_numpy())
    for team in kept:
        t = str(team)
        internal = ties.loc[(ties.a == t) & (ties.b == t), "weight"].sum()
        external = ties.loc[(ties.a == t) != (ties.b == t), "weight"].sum()
        assert printed.loc[f"manager {t}", "ei"] == pytest.approx((external - internal) / (external + internal),
                                                                  abs=1e-6)


def test_bgl_breadth_first_search_matches_networkx(output, py):
    _, _, g = py
    s = _section(output, 6)
    ceo = re.search(r"from the CEO \(person (\S+)\)", s).group(1)
    hops = pd.Series(nx.single_source_shortest_path_length(g.to_networkx(), ceo))
    printed = {int(h): int(n) for h, n in re.findall(r"(\d+) e-mail step\(s\) away: (\d+) people", s)}
    assert printed == hops[hops > 0].value_counts().sort_index().to_dict()
    assert int(re.search(r"not reached: (\d+)", s).group(1)) == g.number_of_people - len(hops)


def test_bad_input_is_a_typed_error_with_file_and_line(output):
    s = _section(output, 7)
    assert "caught onakit::parse_error: line 3, field 'EventDate', reason 'bad timestamp'" in s
    assert re.search(r"what\(\): \S+onakit-example-\d+\.csv:3: field 'EventDate': bad timestamp", s)
    assert "with error_policy::skip: 1 of 2 rows kept" in s and "skipped (bad timestamp): 1" in s
