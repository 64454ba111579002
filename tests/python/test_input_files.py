"""Input files and folders that change, never end, or point elsewhere (issue 10)."""

import gzip
import os
import subprocess
import sys
import textwrap

import pytest

import onakit as ona

from conftest import data_file


def _run(code: str, tmp_path) -> subprocess.CompletedProcess:
    """Runs `code` in a fresh interpreter (a SIGBUS would kill this one)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    return subprocess.run([sys.executable, "-X", "faulthandler", "-c", textwrap.dedent(code)], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=300)


def _big_csv(path, rows=50_000):
    with open(path, "w") as f:
        f.write("sender,recipients,timestamp\n")
        for i in range(rows):
            f.write(f"ann{i % 50}@x.org,bob@x.org;cy@x.org,2024-01-01T10:00:00Z\n")


def _big_mbox(path, messages=5_000):
    with open(path, "w") as f:
        for i in range(messages):
            f.write(f"From a@x.org Mon Jan  1 00:00:00 2024\nFrom: a{i}@x.org\nTo: b@x.org\n"
                    "Date: Mon, 1 Jan 2024 10:00:00 +0000\n\nbody\n\n")


@pytest.mark.parametrize("faulthandler_first", [True, False])
def test_file_truncated_while_read_is_a_read_error(tmp_path, faulthandler_first):
    # Deterministic: a test hook truncates each file right after it is mapped,
    # as another process could. Before the fix the interpreter died of SIGBUS.
    _big_csv(tmp_path / "warmup.csv", 10)
    _big_csv(tmp_path / "mail.csv")
    _big_mbox(tmp_path / "mail.mbox")
    code = f"""
        import faulthandler
        import onakit as ona
        from onakit import _core
        if not {faulthandler_first}:
            faulthandler.disable()
            ona.read_email_csv("warmup.csv")   # onakit's guard goes first...
            faulthandler.enable()              # ...then faulthandler replaces it
        _core._set_truncate_after_mapping(True)
        for read, path in [(ona.read_email_csv, "mail.csv"), (ona.read_mbox, "mail.mbox")]:
            try:
                read(path)
            except ona.ReadError as e:
                assert path in str(e) and "changed (truncated) while it was read" in str(e), str(e)
            else:
                raise AssertionError("no ReadError for " + path)
        print("ok")
    """
    r = _run(code, tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "ok"
    assert "Fatal Python error" not in r.stderr


def test_faulthandler_still_reports_other_bus_errors(tmp_path):
    # Faults outside onakit's mappings still reach faulthandler and kill the process.
    _big_csv(tmp_path / "warmup.csv", 10)
    code = """
        import os, signal
        import onakit as ona
        ona.read_email_csv("warmup.csv")
        os.kill(os.getpid(), signal.SIGBUS)
    """
    r = _run(code, tmp_path)
    assert r.returncode == -7, (r.returncode, r.stderr)
    assert "Bus error" in r.stderr


def test_gzip_bomb_stops_at_max_input_bytes(tmp_path):
    bomb = tmp_path / "bomb.csv.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as f:
        f.write(b"sender,recipients\n")
        for _ in range(16):
            f.write(b"0" * (1 << 20))
    assert bomb.stat().st_size < 100_000
    with pytest.raises(ona.ReadError, match="max_input_bytes") as e:
        ona.read_email_csv(bomb, timestamp=None, max_input_bytes=1 << 20)
    assert str(bomb) in str(e.value) and "1048576" in str(e.value)
    with pytest.raises(ona.ReadError, match="max_input_bytes"):
        ona.read_edgelist(bomb, max_input_bytes=1000)
    with pytest.raises(ona.OptionError, match="max_input_bytes"):
        ona.read_email_csv(bomb, max_input_bytes=0)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_endless_device_stops_at_max_input_bytes():
    with pytest.raises(ona.ReadError, match="max_input_bytes") as e:
        ona.read_mbox("/dev/zero", max_input_bytes=1 << 20)
    assert "/dev/zero" in str(e.value)
    with pytest.raises(ona.ReadError, match="max_input_bytes"):
        ona.read_jsonl("/dev/zero", sender="s", recipients="r", max_input_bytes=1 << 20)


def test_folder_of_gzipped_archives_reads_like_the_files(tmp_path):
    sources = [data_file("mailing-list-3gpp-bigbang/3GPP_TSG_SA_WG4_EVS.mbox"),
               data_file("mailing-list-3gpp-bigbang/3GPP_TSG_RAN_WG4_NR-MIMO-OTA.mbox")]
    names = ["2024-February.txt.gz", "2024-January.mbox.gz"]
    for src, name in zip(sources, names):
        (tmp_path / name).write_bytes(gzip.compress(src.read_bytes()))
    kw = dict(errors="skip", default_recipient="list@3gpp.org")
    folder = ona.read_mbox(tmp_path, **kw)
    files = [ona.read_mbox(tmp_path / n, **kw) for n in sorted(names)]
    assert folder.num_messages == sum(f.num_messages for f in files) > 0
    assert "not a mail file" not in folder.report["dropped"]
    assert folder.report["records_read"] == sum(f.report["records_read"] for f in files)
    df = folder.to_pandas()
    assert list(df["sender"]) == [s for f in files for s in f.to_pandas()["sender"]]


def test_empty_mbox_is_reported(tmp_path):
    (tmp_path / "empty.mbox").write_bytes(b"")
    with pytest.raises(ona.ParseError, match="empty input") as e:
        ona.read_mbox(tmp_path / "empty.mbox")
    assert e.value.file.endswith("empty.mbox")
    log = ona.read_mbox(tmp_path / "empty.mbox", errors="skip")
    assert log.report["skipped"] == {"empty input": 1}
    assert ona.read_mbox(tmp_path).report["dropped"] == {"empty file": 1}


def test_folder_walk_survives_link_loops(tmp_path):
    md = tmp_path / "md"
    (md / "cur").mkdir(parents=True)
    (md / "cur" / "1").write_text("From: a@x.org\nTo: b@x.org\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\n")
    os.symlink("loop", md / "cur" / "loop")
    os.symlink("gone", md / "cur" / "dangling")
    os.mkfifo(md / "cur" / "fifo")
    log = ona.read_mbox(md, errors="skip")
    assert log.num_messages == 1
    assert log.report["dropped"] == {"unreadable entry": 1, "broken link": 1, "not a regular file": 1}
    with pytest.raises(ona.ReadError, match="loop"):
        ona.read_mbox(md)


def test_slack_channel_outside_the_export_is_skipped(tmp_path):
    export = tmp_path / "export"
    (export / "eng").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    day = '[{"type": "message", "user": "UA", "text": "<@UB>", "ts": "100.000001"}]'
    (export / "users.json").write_text('[{"id": "UA", "name": "ann"}, {"id": "UB", "name": "bob"}]')
    (export / "channels.json").write_text('[{"id": "C1", "name": "eng"}, {"id": "C2", "name": "../outside"}]')
    (export / "eng" / "2024-03-01.json").write_text(day)
    (tmp_path / "outside" / "2024-03-01.json").write_text(day)
    log = ona.read_slack_export(export, errors="skip")
    assert log.num_messages == 1
    assert log.report["skipped"]["channel folder outside the export"] == 1
    with pytest.raises(ona.ParseError, match="channel folder outside the export"):
        ona.read_slack_export(export)


def test_edgelist_first_line_is_data_unless_it_looks_like_a_header(tmp_path):
    p = tmp_path / "edges.txt"
    p.write_text("a b c\nd e 2\n")
    with pytest.raises(ona.ParseError, match="bad weight"):
        ona.read_edgelist(p)
    log = ona.read_edgelist(p, errors="skip")
    assert log.report["records_read"] == 2 and log.report["skipped"] == {"bad weight": 1}
    p.write_text("source target weight\nd e 2\n")
    assert ona.read_edgelist(p).report["records_read"] == 1


def test_cli_max_input_bytes(tmp_path, capsys):
    from onakit.cli import main

    p = tmp_path / "mail.csv"
    p.write_text("sender,recipients,timestamp\na,b,2024-01-01\n" * 50)
    assert main(["summary", str(p), "--max-input-bytes", "100"]) == 3
    err = capsys.readouterr().err
    assert "--max-input-bytes" in err and str(p) in err
