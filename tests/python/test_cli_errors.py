"""The command line as a first-time user meets it (issue #12): exit codes and one-line messages.

Every test runs ``python -m onakit`` in a subprocess on real files from
../shared/data and checks the exit code, the one error line and that no
traceback reaches the user.
"""

import io
import re
import shutil
import subprocess
import sys
import zipfile

import pandas as pd
import pytest

from conftest import data_file

RADOSLAW = "radoslaw_email/communication.csv"


def run(*args, env=None, cwd=None):
    r = subprocess.run([sys.executable, "-m", "onakit", *map(str, args)], capture_output=True, text=True,
                       timeout=600, env=env, cwd=cwd)
    assert "Traceback" not in r.stderr, r.stderr
    return r


def error_line(r) -> str:
    """The one error line of a failed run (notes and warnings may precede it)."""
    lines = [ln for ln in r.stderr.splitlines() if "error:" in ln]
    assert len(lines) == 1, r.stderr
    return lines[0]


# ---- the four: missing file, bad format, bad column, HR file matching nobody -------------------------

def test_missing_file_is_bad_input(tmp_path):
    missing = tmp_path / "no-such-export.csv"
    r = run("summary", missing)
    assert r.returncode == 3
    assert str(missing) in error_line(r) and "no such file" in error_line(r)


def test_unknown_format_is_bad_usage():
    r = run("summary", data_file(RADOSLAW), "--format", "xml")
    assert r.returncode == 2
    line = error_line(r)
    assert "--format" in line and "'xml'" in line and "mbox" in line  # names the flag and the choices


def test_wrong_format_for_the_file_names_file_and_line():
    src = data_file(RADOSLAW)
    r = run("summary", src, "--format", "mbox")
    assert r.returncode == 3
    assert error_line(r).startswith(f"onakit: error: {src}:1:")


def test_bad_column_name_names_the_flag_and_the_columns_found():
    src = data_file(RADOSLAW)
    r = run("summary", src, "--sender", "From")
    assert r.returncode == 3
    line = error_line(r)
    assert str(src) in line and "'From'" in line and "missing column" in line
    assert "--sender" in line and "'Sender'" in line  # the flag to fix and the real column
    assert "_options" not in line and "sender=" not in line


def test_hr_file_whose_ids_match_nobody():
    # The JHU Enron nodes table: "id" matches the edge list's numbers, "email" (a user name) matches nobody.
    edges, nodes = data_file("enron-jhu-igraphdata/edges.csv"), data_file("enron-jhu-igraphdata/nodes.csv")
    r = run("summary", edges, "--people", nodes, "--id-column", "email", "--group-by", "note")
    assert r.returncode == 3
    line = error_line(r)
    assert str(nodes) in line and "--id-column email" in line and "matches nobody" in line
    assert "'albert.meyers'" in line  # an id of the HR file ...
    people = pd.read_csv(edges)["from"].astype(str)
    assert f"'{people.iloc[0]}'" in line  # ... and one of the input's people
    ok = run("summary", edges, "--people", nodes, "--id-column", "id", "--group-by", "note", "-q")
    assert ok.returncode == 0, ok.stderr
    assert "groups, most inward-looking first" in ok.stdout


def test_hr_file_matching_fewer_than_half_warns():
    src, hr = data_file(RADOSLAW), data_file("radoslaw_email/reportsto.csv")
    # ReportsToID holds the 34 managers: fewer than half of the 167 people
    r = run("summary", src, "--people", hr, "--id-column", "ReportsToID", "--group-by", "ID", "-q")
    assert r.returncode == 0
    warnings = [ln for ln in r.stderr.splitlines() if "warning:" in ln]
    assert len(warnings) == 1 and "only 34 of 167 people" in warnings[0] and "--id-column ReportsToID" in warnings[0]
    # the real key: no warning
    r = run("summary", src, "--people", hr, "--id-column", "ID", "--group-by", "ReportsToID", "-q")
    assert r.returncode == 0 and "warning" not in r.stderr


def test_group_by_a_column_that_is_not_there():
    src, hr = data_file(RADOSLAW), data_file("radoslaw_email/reportsto.csv")
    r = run("groups", src, "--people", hr, "--id-column", "ID", "--group-by", "department")
    assert r.returncode == 3
    line = error_line(r)
    assert str(hr) in line and "--group-by" in line and "'department'" in line and "'ReportsToID'" in line


@pytest.mark.parametrize("args, flag", [
    (["--people", "x.csv", "--group-by", "d"], "--id-column"),
    (["--id-column", "ID"], "--people"),
])
def test_people_options_need_each_other(args, flag):
    r = run("summary", data_file(RADOSLAW), *args)
    assert r.returncode == 2 and flag in error_line(r)


# ---- "What a first-time user of today's CLI ran into" --------------------------------------------------------

@pytest.mark.parametrize("flag, value", [
    ("--start", "2010-13-01"), ("--end", "2010-13-01"), ("--half-life", "abc"),
    ("--reference-time", "yesterday"), ("--max-recipients", "-1"), ("--min-weight", "-2"),
    ("--role-weight", "cc=half"),
])
def test_bad_option_values_are_usage_errors_naming_the_flag(flag, value):
    r = run("summary", data_file(RADOSLAW), flag, value)
    assert r.returncode == 2
    line = error_line(r)
    assert flag in line and value.split("=")[-1] in line
    assert r.stderr.count("\n") == 1  # one line, not argparse's usage block


def test_output_folder_is_checked_before_any_work(tmp_path):
    out = tmp_path / "nonexistent" / "dir" / "x.csv"
    r = run("edges", data_file(RADOSLAW), "-o", out)
    assert r.returncode == 2
    line = error_line(r)
    assert str(out) in line and "does not exist" in line
    assert "columns detected" not in r.stderr  # nothing was read
    assert not (tmp_path / "nonexistent").exists()


def test_latin1_csv_suggests_the_encoding_flag(tmp_path):
    # A real log with one sender written in Latin-1, as an old Windows export would have it.
    raw = data_file(RADOSLAW).read_text().splitlines()[:50]
    raw[7] = raw[7].replace(raw[7].split(";")[0], "j\u00e9r\u00f4me", 1)
    src = tmp_path / "latin1.csv"
    src.write_bytes(("\n".join(raw) + "\n").encode("latin-1"))
    r = run("summary", src)
    assert r.returncode == 3
    line = error_line(r)
    assert f"{src}:8:" in line and "invalid UTF-8" in line
    assert "--encoding" in line and "latin-1" in line and "encoding=" not in line
    ok = run("summary", src, "--encoding", "latin-1", "-q")
    assert ok.returncode == 0 and "jérôme" in ok.stdout


def _zip_folder(folder, dest, prefix=""):
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                z.write(f, prefix + f.relative_to(folder).as_posix())
    return dest


def test_zipped_slack_export_is_read_directly(tmp_path):
    folder = data_file("slack-export-houstondatavis")
    zipped = _zip_folder(folder, tmp_path / "houstondatavis Slack export Jan 1 2016.zip")
    a = run("summary", folder, "--errors", "skip", "-q")
    b = run("summary", zipped, "--errors", "skip", "-q")
    assert a.returncode == 0 and b.returncode == 0, b.stderr
    assert "records read 1,382" in b.stdout
    # the same summary, apart from the title line naming the input
    assert a.stdout.split("\n", 1)[1] == b.stdout.split("\n", 1)[1]


def test_empty_folder_has_no_messages(tmp_path):
    empty = tmp_path / "export"
    empty.mkdir()
    r = run("summary", empty)
    assert r.returncode == 3
    assert error_line(r) == f"onakit: error: no messages found in {empty}"


def test_window_that_holds_no_message_is_an_error():
    r = run("summary", data_file(RADOSLAW), "--start", "2011-01-01")
    assert r.returncode == 3
    line = error_line(r)
    assert "outside --start/--end 82,927" in line and "2010-01-02" in line and "2010-09-30" in line


def test_end_before_start_is_a_usage_error():
    r = run("summary", data_file(RADOSLAW), "--start", "2010-06-01", "--end", "2010-03-01")
    assert r.returncode == 2 and "--end" in error_line(r) and "--start" in error_line(r)


def test_no_message_names_a_cpp_option_struct():
    """User-facing strings name keywords (Python) or flags (CLI), never `xxx_options::field`."""
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    literal = re.compile(r'"(?:[^"\\\n]|\\.)*\b\w+_options::\w+(?:[^"\\\n]|\\.)*"')
    offenders = []
    for path in list((root / "include").rglob("*.hpp")) + list((root / "src").rglob("*.cpp")) + \
            list((root / "python" / "onakit").rglob("*.py")):
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if not line.lstrip().startswith(("//", "#", "///")) and literal.search(line):
                offenders.append(f"{path.relative_to(root)}:{n}: {line.strip()}")
    assert offenders == []


def test_edge_list_hint_names_the_third_flag():
    # radoslaw read as an edge list: its 3rd column is a time, not a weight
    r = run("summary", data_file(RADOSLAW), "--format", "edgelist")
    assert r.returncode == 3
    line = error_line(r)
    assert "bad weight" in line and "--third time" in line and "third=" not in line


def test_summary_window_covers_counts_span_and_senders():
    src = data_file(RADOSLAW)
    r = run("summary", src, "--start", "2010-03-01", "--end", "2010-04-01", "-q")
    assert r.returncode == 0, r.stderr
    raw = pd.read_csv(src, sep=";", parse_dates=["EventDate"])
    inside = raw[(raw.EventDate >= "2010-03-01") & (raw.EventDate < "2010-04-01")]
    out = r.stdout
    assert f"messages            {len(inside):,} ({len(inside):,} message-recipient pairs) of 82,927" in out
    assert f"{inside.EventDate.min():%Y-%m-%d %H:%M} → {inside.EventDate.max():%Y-%m-%d %H:%M} UTC" in out
    top = inside.Sender.value_counts().sort_values(ascending=False, kind="stable")
    senders = out.split("most active senders (messages sent in the window)\n")[1].splitlines()
    first = senders[0].split()
    assert first[0] == str(top.index[0]) and first[1] == f"{top.iloc[0]:,}"


@pytest.mark.parametrize("flag", ["--departments", "--people-count", "--weeks", "--seed"])
def test_demo_only_options_with_a_real_input(flag):
    r = run("summary", data_file(RADOSLAW), flag, "3")
    assert r.returncode == 2
    assert flag in error_line(r) and "--demo" in error_line(r)


@pytest.mark.parametrize("args", [["--internal-domain", "corp.example"], ["--pseudonymize-key-env", "HOME"],
                                  ["--sender", "from"], ["--format", "csv"]])
def test_input_options_with_the_demo_are_refused(args):
    r = run("summary", "--demo", *args)
    assert r.returncode == 2
    assert args[0] in error_line(r) and "--demo" in error_line(r)


def test_demo_and_input_together():
    r = run("summary", data_file(RADOSLAW), "--demo")
    assert r.returncode == 2 and "not both" in error_line(r)


def test_columns_of_common_exports_are_detected(tmp_path):
    src = data_file(RADOSLAW)
    auto, explicit = tmp_path / "auto.csv", tmp_path / "explicit.csv"
    r = run("edges", src, "-o", auto)
    assert r.returncode == 0, r.stderr
    assert "--sender Sender, --recipients Recipient, --timestamp EventDate" in r.stderr  # says what it chose
    assert run("edges", src, "--sender", "Sender", "--recipients", "Recipient", "--timestamp", "EventDate",
               "-o", explicit).returncode == 0
    assert auto.read_text() == explicit.read_text()
    # JHU Enron: from,to,time,reciptype -> roles too, so --role-weight applies
    enron = data_file("enron-jhu-igraphdata/edges.csv")
    r = run("edges", enron, "--role-weight", "cc=0", "--role-weight", "bcc=0")
    assert r.returncode == 0 and "--role reciptype" in r.stderr
    ties = pd.read_csv(io.StringIO(r.stdout))
    raw = pd.read_csv(enron)
    to = raw[(raw.reciptype == "to") & (raw["from"] != raw["to"])]
    assert ties.weight.sum() == len(to)


def test_unrecognised_columns_say_which_flags_are_needed(tmp_path):
    src = data_file("krackhardt-hightech/krack_full_edgelist.csv")
    r = run("summary", src)  # "ego","alter","advice_tie",...: no common sender/recipient names
    assert r.returncode == 3
    line = error_line(r)
    assert "--sender COLUMN" in line and "columns found" in line


def test_external_fold_needs_an_internal_domain():
    r = run("summary", data_file("enron-mbox/enron.skilling-j.sent.mbox"), "--external", "fold")
    assert r.returncode == 2
    assert "--external fold needs --internal-domain" in error_line(r)


def test_strict_parse_error_points_at_errors_skip():
    src = data_file("enron-mbox/enron.lay-k.inbox.mbox")
    r = run("summary", src)
    assert r.returncode == 3
    line = error_line(r)
    assert re.search(re.escape(str(src)) + r":\d+: ", line) and "--errors skip" in line
    assert run("summary", src, "--errors", "skip", "-q").returncode == 0


def test_internal_error_is_one_line_and_debug_shows_the_traceback(monkeypatch, capsys):
    import onakit.cli as cli

    def boom(*a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(cli, "person_metrics", boom)
    argv = ["metrics", "--demo", "--people-count", "40", "--departments", "2", "--weeks", "1"]
    assert cli.main(argv) == 4
    err = capsys.readouterr().err
    assert err.strip() == "onakit: error: internal error: RuntimeError: kaboom; rerun with --debug"
    assert cli.main(argv + ["--debug"]) == 4
    assert "Traceback" in capsys.readouterr().err


def test_flag_names_maps_keywords_to_flags():
    from onakit.cli import flag_names

    assert flag_names("pass the right column name as sender=") == "pass the right column name as --sender"
    assert flag_names("pass third='time'; or encoding='latin-1' (or 'cp1252')") == \
        "pass --third time; or --encoding latin-1 (or 'cp1252')"
    assert flag_names("max_input_bytes=12 is out of range") == "--max-input-bytes 12 is out of range"
    assert flag_names("message_id='x'") == "--message-id x"
    assert flag_names("sender@example.org a.sender=1") == "sender@example.org a.sender=1"  # not keywords


@pytest.mark.parametrize("keyword, value", [("start", "2010-13-01"), ("end", "soon"), ("half_life", "abc"),
                                            ("reference_time", "yesterday")])
def test_library_names_the_keyword_for_bad_times(keyword, value):
    """The Python face raises OptionError naming the keyword (no pandas traceback); the CLI maps it to the flag."""
    import onakit as ona
    from onakit.cli import flag_names

    log = ona.read_email_csv(data_file(RADOSLAW), sender="Sender", recipients="Recipient", timestamp="EventDate",
                             recipient_sep=None)
    with pytest.raises(ona.OptionError) as e:
        ona.build_graph(log, **{keyword: value})
    assert str(e.value).startswith(f"{keyword}={value!r} is not a")
    assert flag_names(str(e.value)).startswith(f"--{keyword.replace('_', '-')} {value} is not a")


def test_report_period_is_checked_before_any_work(tmp_path):
    out = tmp_path / "r.html"
    r = run("report", data_file(RADOSLAW), "--freq", "fortnightly", "-o", out)
    assert r.returncode == 2 and "--freq" in error_line(r) and "'fortnightly'" in error_line(r)
    assert not out.exists()


@pytest.mark.parametrize("keyword, value, reason", [("start", float("nan"), "is not a finite number"),
                                                    ("end", 1e20, "is out of range")])
def test_library_names_the_keyword_for_bad_numeric_times(keyword, value, reason):
    import onakit as ona

    log, _ = ona.synthetic_org(people=20, departments=2, weeks=1)
    with pytest.raises(ona.OptionError, match="^" + re.escape(f"{keyword}={value!r} {reason}")):
        ona.build_graph(log, **{keyword: value})
