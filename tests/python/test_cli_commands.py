"""onakit metrics / groups / edges / report / summary with an HR file, on real data (issue #12)."""

import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import onakit as ona
from onakit.cli import main

from conftest import data_file

RADOSLAW = "radoslaw_email/communication.csv"
HR = "radoslaw_email/reportsto.csv"


def run(*args):
    r = subprocess.run([sys.executable, "-m", "onakit", *map(str, args)], capture_output=True, text=True,
                       timeout=900)
    assert "Traceback" not in r.stderr, r.stderr
    return r


@pytest.fixture(scope="module")
def radoslaw():
    log = ona.read_email_csv(data_file(RADOSLAW), sender="Sender", recipients="Recipient", timestamp="EventDate",
                             recipient_sep=None)
    hr = ona.read_people(data_file(HR), id="ID", people=log.people)
    return log, ona.build_graph(log), hr["ReportsToID"]


def test_every_command_has_help_with_examples_and_exit_codes():
    top = run("--help")
    assert top.returncode == 0
    for cmd in ("report", "metrics", "groups", "edges", "summary"):
        assert cmd in top.stdout
        r = run(cmd, "--help")
        assert r.returncode == 0
        for text in ("examples:", f"onakit {cmd} ", "exit codes:", "--people", "--group-by", "--quiet",
                     "--start", "--internal-domain"):
            assert text in r.stdout, (cmd, text)


def test_metrics_with_managers_teams(tmp_path, radoslaw):
    log, g, teams = radoslaw
    out = tmp_path / "people.csv"
    # --min-group-size 1: every manager's team by name (by default teams under 5 show the suppressed label)
    r = run("metrics", data_file(RADOSLAW), "--people", data_file(HR), "--id-column", "ID",
            "--group-by", "ReportsToID", "--min-group-size", "1", "-o", out, "-q")
    assert r.returncode == 0, r.stderr
    assert r.stderr.strip() == f"wrote 20 measures of 167 people to {out}"
    table = pd.read_csv(out, index_col=0, dtype={"person": str, "group": str})
    table.index = table.index.astype(str)
    assert len(table) == 167 and table.index.is_unique
    expected = ona.person_metrics(g, teams)
    pd.testing.assert_frame_equal(table.reindex(expected.index)[["betweenness", "pagerank", "constraint"]],
                                  expected[["betweenness", "pagerank", "constraint"]], check_names=False, rtol=1e-9)
    # the group column is the HR file's manager id; 13 people have no row in it
    groups = table["group"].reindex(expected.index)
    assert groups.isna().sum() == 13
    raw_hr = pd.read_csv(data_file(HR), dtype=str).set_index("ID")["ReportsToID"]
    matched = groups.dropna()
    assert (matched == raw_hr.reindex(matched.index)).all()
    # in-degree: distinct senders that wrote to each person (self-addressed mails are no ties)
    raw = pd.read_csv(data_file(RADOSLAW), sep=";", dtype=str)
    raw = raw[raw.Sender != raw.Recipient]
    in_deg = raw.groupby("Recipient").Sender.nunique().reindex(table.index, fill_value=0)
    assert (table["in_degree"] == in_deg).all()


def test_groups_is_the_silo_report(tmp_path, radoslaw):
    _, g, teams = radoslaw
    out = tmp_path / "groups.csv"
    r = run("groups", data_file(RADOSLAW), "--people", data_file(HR), "--id-column", "ID",
            "--group-by", "ReportsToID", "--min-group-size", "3", "--permutations", "200", "-o", out, "-q")
    assert r.returncode == 0, r.stderr
    table = pd.read_csv(out, index_col=0, dtype={"group": str})
    expected = ona.silo_report(g, teams, min_group_size=3, permutations=200)
    assert list(table.index.astype(str)) == [str(x) for x in expected.index]
    assert np.allclose(table["ei"], expected["ei"]) and (table["size"] == expected["size"]).all()
    assert (table["silo"] == expected["silo"]).all()
    assert expected.attrs["suppressed_groups"] > 0  # managers with 1-2 reports: one suppressed row, no names
    assert any("suppressed" in str(i) for i in table.index)


def test_groups_without_groups_is_a_usage_error():
    r = run("groups", data_file(RADOSLAW))
    assert r.returncode == 2 and "--group-by" in r.stderr and "--people" in r.stderr


def test_edges_with_groups(tmp_path, radoslaw):
    _, g, teams = radoslaw
    out = tmp_path / "ties.csv"
    r = run("edges", data_file(RADOSLAW), "--people", data_file(HR), "--id-column", "ID",
            "--group-by", "ReportsToID", "--min-group-size", "1", "-o", out, "-q")
    assert r.returncode == 0, r.stderr
    ties = pd.read_csv(out, dtype=str)
    assert list(ties.columns) == ["source", "target", "weight", "source_group", "target_group"]
    assert len(ties) == g.number_of_ties
    assert (ties["source_group"].fillna("-") == teams.reindex(ties["source"]).fillna("-").to_numpy()).all()


def test_metrics_on_a_pseudonymised_mbox_with_an_email_keyed_hr_file(tmp_path, monkeypatch):
    """The HR file's e-mails are matched to the pseudonyms through the same key; no address is written."""
    src = data_file("enron-mbox/enron.skilling-j.sent.mbox")
    log = ona.read_mbox(src, internal_domains=["enron.com"], errors="skip")
    senders = log.to_pandas()["recipient"].value_counts().index[:20]
    hr = tmp_path / "hr.csv"
    pd.DataFrame({"email": senders, "department": ["Legal" if i % 2 else "Trading" for i in range(20)]}) \
        .to_csv(hr, index=False)
    monkeypatch.setenv("ONAKIT_TEST_KEY", "cli-metrics-key")
    out = tmp_path / "people.csv"
    r = run("metrics", src, "--internal-domain", "enron.com", "--errors", "skip", "--pseudonymize-key-env",
            "ONAKIT_TEST_KEY", "--people", hr, "--email-column", "email", "--group-by", "department", "-o", out)
    assert r.returncode == 0, r.stderr
    table = pd.read_csv(out, index_col=0)
    assert table["group"].notna().sum() == 20
    text = out.read_text() + r.stderr.replace(str(src), "INPUT")
    assert not any(addr in text for addr in senders)
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text), re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text)


def test_demo_summary_group_by_another_column(capsys):
    assert main(["summary", "--demo", "--people-count", "120", "--departments", "3", "--weeks", "2",
                 "--group-by", "site", "-q"]) == 0
    out = capsys.readouterr().out
    _, people = ona.synthetic_org(people=120, departments=3, weeks=2)
    assert f"groups              {people['site'].nunique()} (site)" in out


def test_quiet_and_non_terminal_stderr_have_no_progress(tmp_path):
    out = tmp_path / "ties.csv"
    loud = run("edges", data_file(RADOSLAW), "-o", out)
    quiet = run("edges", data_file(RADOSLAW), "-o", out, "--quiet")
    assert "\r" not in loud.stderr and "columns detected" in loud.stderr  # no bars off a terminal, but notes
    assert quiet.stderr.splitlines() == [f"wrote 5,783 ties among 167 people to {out}"]


def _report_or_skip():
    try:
        from onakit.report import report  # noqa: F401
    except ImportError:
        pytest.skip("onakit.report (the report helper's package) is not in this build yet")


def test_report_demo(tmp_path):
    _report_or_skip()
    out = tmp_path / "silo-report.html"
    r = run("report", "--demo", "-o", out)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == str(out) and out.exists()
    assert "people" in lines[1] and "silo" in lines[1]
    html = out.read_text()
    assert "onakit report --demo -o" in html  # the command in the method notes


def test_report_on_radoslaw_with_managers_teams(tmp_path):
    _report_or_skip()
    out = tmp_path / "report.html"
    r = run("report", data_file(RADOSLAW), "--people", data_file(HR), "--id-column", "ID", "--group-by",
            "ReportsToID", "--title", "Radoslaw manufacturing", "-o", out, "-q")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == str(out)
    assert "167 people" in r.stdout
    assert "Radoslaw manufacturing" in out.read_text()


def test_report_needs_an_output():
    r = run("report", "--demo")
    assert r.returncode == 2 and "-o" in r.stderr


def test_progress_shows_on_a_terminal(tmp_path):
    """A tqdm line per step when stderr is a terminal (a pty with a size here); --quiet silences it."""
    import fcntl
    import os
    import pty
    import struct
    import termios

    def on_tty(*extra):
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        p = subprocess.Popen([sys.executable, "-m", "onakit", "edges", str(data_file(RADOSLAW)), "-o",
                              str(tmp_path / "ties.csv"), *extra], stdout=subprocess.DEVNULL, stderr=slave)
        os.close(slave)
        out = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        assert p.wait(timeout=300) == 0
        os.close(master)
        return out.decode()

    loud = on_tty()
    assert f"reading {data_file(RADOSLAW)}" in loud and "building the graph" in loud
    quiet = on_tty("--quiet")
    assert "building the graph" not in quiet and "wrote 5,783 ties" in quiet


def test_groups_from_a_headerless_space_separated_label_file(tmp_path):
    """SNAP's email-Eu-core departments: `node dept` lines without a header."""
    src = data_file("email-Eu-core/email-Eu-core.txt")
    labels = data_file("email-Eu-core/email-Eu-core-department-labels.txt")
    r = run("groups", src, "--people", labels, "--id-column", "0", "--group-by", "1")
    assert r.returncode == 3
    line = [ln for ln in r.stderr.splitlines() if "error:" in ln][0]
    assert "--people-columns" in line and "--people-sep ' '" in line and "columns=" not in line
    out = tmp_path / "groups.csv"
    r = run("groups", src, "--people", labels, "--people-sep", " ", "--people-columns", "node,dept",
            "--id-column", "node", "--group-by", "dept", "--permutations", "100", "-o", out, "-q")
    assert r.returncode == 0, r.stderr
    table = pd.read_csv(out, index_col=0)
    dept = pd.read_csv(labels, sep=" ", header=None, names=["node", "dept"])
    sizes = dept.dept.value_counts()
    shown = table[~table.index.astype(str).str.startswith("(suppressed")]
    assert (shown["size"] == sizes.reindex(shown.index.astype(int)).to_numpy()).all()
    assert int(table["size"].sum()) == len(dept)  # every person counted once, small departments merged
