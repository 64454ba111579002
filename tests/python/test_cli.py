import subprocess
import sys

import pandas as pd

from onakit.cli import main
from onakit._formats import detect_format

from conftest import data_file


def test_summary_demo(capsys):
    assert main(["summary", "--demo", "--people-count", "200", "--departments", "4", "--weeks", "2"]) == 0
    out = capsys.readouterr().out
    for word in ("people", "ties", "density", "reciprocity", "components", "most active senders", "ingest report",
                 "top brokers", "most inward-looking"):
        assert word in out
    assert "200" in out


def test_summary_demo_finds_the_planted_broker_and_silo(capsys):
    import onakit as ona

    _, people = ona.synthetic_org(people=500, departments=8, weeks=12, seed=0)
    assert main(["summary", "--demo"]) == 0
    out = capsys.readouterr().out
    brokers = out.split("top brokers")[1].splitlines()[1]
    assert people.attrs["broker"] in brokers  # the top broker is the planted one
    silo_lines = [ln for ln in out.splitlines() if ln.rstrip().endswith(" yes")]
    assert len(silo_lines) == 1 and people.attrs["silo_department"] in silo_lines[0]


def test_console_script_help_documents_options():
    exe = [sys.executable, "-m", "onakit"]
    out = subprocess.run(exe + ["edges", "--help"], capture_output=True, text=True, check=True).stdout
    for flag in ("--format", "--sender", "--recipients", "--timestamp", "--weighting", "--max-recipients",
                 "--half-life", "--min-weight", "--reciprocal", "-o"):
        assert flag in out


def test_edges_on_radoslaw_matches_pandas(tmp_path):
    src = data_file("radoslaw_email/communication.csv")
    out = tmp_path / "ties.csv"
    assert main(["edges", str(src), "--sender", "Sender", "--recipients", "Recipient", "--timestamp",
                 "EventDate", "-o", str(out)]) == 0
    ours = pd.read_csv(out)
    raw = pd.read_csv(src, sep=";")
    raw = raw[raw.Sender != raw.Recipient]
    ref = raw.groupby(["Sender", "Recipient"]).size().rename("weight").reset_index()
    ref.columns = ["source", "target", "weight"]
    m = ours.merge(ref, on=["source", "target"], how="outer", suffixes=("", "_ref"), indicator=True)
    assert (m["_merge"] == "both").all()
    assert (m["weight"] == m["weight_ref"]).all()


def test_error_names_file_and_line(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("sender,recipients,timestamp\na,b,2024-01-01\nc,d,yesterday\n")
    assert main(["summary", str(bad)]) == 3
    err = capsys.readouterr().err
    assert "bad.csv:3" in err and "timestamp" in err and "--errors skip" in err


def test_auto_format_detection_on_real_sources(capsys):
    import onakit.cli as cli

    assert detect_format(str(data_file("slack-export-houstondatavis"))) == "slack"
    assert detect_format(str(data_file("enron-mbox/enron.lay-k.inbox.mbox"))) == "mbox"
    assert detect_format(str(data_file("email-Eu-core/email-Eu-core.txt"))) == "edgelist"
    assert detect_format(str(data_file("radoslaw_email/communication.csv"))) == "csv"
    assert main(["summary", str(data_file("slack-export-houstondatavis")), "--errors", "skip"]) == 0
    out = capsys.readouterr().out
    assert "records read 1,382" in out and "subtype channel_join" in out


def test_edges_from_mbox_with_pseudonyms(tmp_path, monkeypatch):
    monkeypatch.setenv("ONAKIT_TEST_KEY", "cli-key")
    out = tmp_path / "ties.csv"
    src = data_file("enron-mbox/enron.skilling-j.sent.mbox")
    assert main(["edges", str(src), "--internal-domain", "enron.com", "--pseudonymize-key-env", "ONAKIT_TEST_KEY",
                 "-o", str(out)]) == 0
    ties = pd.read_csv(out)
    assert len(ties) > 100
    labels = set(ties.source) | set(ties.target)
    assert all(len(x) == 16 and "@" not in x for x in labels)
    assert "skilling" not in out.read_text()
