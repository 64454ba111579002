import subprocess
import sys

import pandas as pd

from onakit.cli import main

from conftest import data_file


def test_summary_demo(capsys):
    assert main(["summary", "--demo", "--people", "200", "--departments", "4", "--weeks", "2"]) == 0
    out = capsys.readouterr().out
    for word in ("people", "ties", "density", "reciprocity", "components", "most active senders", "ingest report"):
        assert word in out
    assert "200" in out


def test_console_script_help_documents_options():
    exe = [sys.executable, "-m", "onakit.cli"]
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
    assert main(["summary", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.csv:3" in err and "timestamp" in err
