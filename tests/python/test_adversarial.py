"""The adversarial input corpus (issue #16): every reader sees every bad input that applies to its format.

Cases live in ``tests/data/adversarial/<case>/`` (one file per reader format, or one
file for every reader) or are generated into ``tmp_path`` (the large ones: a 50 MB
line, 10^6 recipients, a gzip bomb, 10^5-deep JSON; and what cannot be committed:
FIFOs, link loops, truncated gzip and zip files). ``tests/data/adversarial/cases.toml``
gives, per (case, reader), the outcome of the strict read and of the lenient one
(``errors="skip"``):

- ``{error = "ParseError", line = 3, reason = "invalid UTF-8"}``: that type is
  raised; its message names the file, the line (or record) and the reason, and
  stays short (no 50 MB quote) and free of C++ names;
- ``{messages = 2, people = 3, skipped = {"invalid UTF-8" = 1}}``: the read
  succeeds with these counts; ``skipped`` and ``dropped`` are compared whole, so
  nothing disappears silently (the report must also balance: records read =
  kept + skipped).

A lenient outcome that is not given is the strict one (whole-file errors raise in
both modes). Streaming readers (``ona.stream_ties``) must end as the in-memory
reader does, and a few cases go through the CLI (one line, exit code 3).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import shutil
import threading
import tomllib
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd
import pytest

import onakit as ona

CORPUS = Path(__file__).resolve().parents[1] / "data" / "adversarial"
MANIFEST = tomllib.loads((CORPUS / "cases.toml").read_text())


@dataclass(frozen=True)
class Reader:
    """How a reader is called: its file in a case folder, the call, and what it supports."""

    file: str  # the name of its input in a case folder (a folder for Slack)
    read: Callable[..., Any]
    stream: str | None = None  # stream_ties' format= when it streams
    errors: bool = True  # takes errors="skip"
    gzip: bool = True  # reads .gz
    limit: bool = True  # takes max_input_bytes
    folder: bool = False  # a folder is a valid input (Slack, Maildir, calendars, Teams)
    kwargs: dict = field(default_factory=dict)


READERS: dict[str, Reader] = {
    "csv": Reader("mail.csv", ona.read_email_csv, stream="csv"),
    "edgelist": Reader("edges.txt", ona.read_edgelist, stream="edgelist"),
    "jsonl": Reader("lines.jsonl", ona.read_jsonl, stream="jsonl"),
    "graph_jsonl": Reader("graph.jsonl", ona.read_graph_messages),
    "mbox": Reader("mail.mbox", ona.read_mbox, stream="mbox", folder=True),
    "teams": Reader("chat.json", ona.read_teams_messages, folder=True),
    "viva": Reader("p2p.csv", ona.read_viva_p2p, kwargs={"weight": "Collaboration_hours"}),
    "trace": Reader("trace.csv", ona.read_message_trace),
    "calendar": Reader("meetings.ics", ona.read_calendar, folder=True),
    "people": Reader("people.csv", ona.read_people, errors=False, kwargs={"id": "id"}),
    "slack": Reader("slack", ona.read_slack_export, gzip=False, limit=False, folder=True),
    "slack_zip": Reader("slack.zip", ona.read_slack_export, gzip=False),
    "parquet": Reader("mail.parquet", ona.read_parquet, stream="parquet", gzip=False, limit=False),
}

# ---- inputs ----------------------------------------------------------------------------------------------------


def _good(reader: str, tmp_path: Path) -> Path:
    """The reader's well-formed input (three messages), from the utf8_bom case without its BOM."""
    r = READERS[reader]
    if reader in ("slack", "slack_zip"):
        return _slack_good(tmp_path)
    if reader == "parquet":
        return _parquet(tmp_path / "good.parquet", pd.read_csv(CORPUS / "utf8_bom" / "mail.csv", encoding="utf-8-sig"))
    p = tmp_path / ("good-" + r.file)
    p.write_bytes((CORPUS / "utf8_bom" / r.file).read_bytes()[3:])
    return p


def _slack_good(tmp_path: Path) -> Path:
    src = CORPUS / "json_numbers" / "slack"
    out = tmp_path / "good-slack"
    shutil.copytree(src, out)
    day = json.loads((src / "general" / "2024-03-01.json").read_text().replace("1e400", '"1709287200.000200"'))
    (out / "general" / "2024-03-01.json").write_text(json.dumps(day))
    return out


def _zip_folder(folder: Path, out: Path) -> Path:
    with zipfile.ZipFile(out, "w") as z:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                z.write(p, "export/" + p.relative_to(folder).as_posix())
    return out


def _parquet(path: Path, df: pd.DataFrame) -> Path:
    df.to_parquet(path, index=False)
    return path


def _committed(case: str, reader: str, tmp_path: Path) -> Path | None:
    """The case's committed input for this reader: its own file, or the case's one file for every reader."""
    folder = CORPUS / case
    r = READERS[reader]
    if reader == "slack_zip" and (folder / "slack").is_dir():
        return _zip_folder(folder / "slack", tmp_path / "slack.zip")
    if (folder / r.file).exists():
        return folder / r.file
    files = [p for p in folder.iterdir() if p.is_file()]
    if len(files) == 1 and not re.search(r"\.(csv|txt|jsonl|json|mbox|ics)$", files[0].name):
        if reader == "slack":  # the one file as every file of an export
            return None
        return files[0]
    return None


# Generated cases: (case, reader, tmp_path) -> (path, extra keywords), or None when it does not apply.
GENERATORS: dict[str, Callable[[str, Path], tuple[Path, dict] | None]] = {}


def generated(fn):
    GENERATORS[fn.__name__] = fn
    return fn


@generated
def directory(reader: str, tmp_path: Path):
    d = tmp_path / ("folder-" + READERS[reader].file)
    d.mkdir()
    return d, {}


@generated
def truncated_gzip(reader: str, tmp_path: Path):
    r = READERS[reader]
    if not r.gzip:
        return None
    data = gzip.compress(_good(reader, tmp_path).read_bytes())
    p = tmp_path / (r.file + ".gz")
    p.write_bytes(data[: len(data) * 2 // 3])
    return p, {}


@generated
def truncated_zip(reader: str, tmp_path: Path):
    if reader != "slack_zip":
        return None
    data = _zip_folder(_good("slack", tmp_path), tmp_path / "whole.zip").read_bytes()
    p = tmp_path / "slack.zip"
    p.write_bytes(data[: len(data) * 2 // 3])
    return p, {}


@generated
def truncated_parquet(reader: str, tmp_path: Path):
    if reader != "parquet":
        return None
    data = _good("parquet", tmp_path).read_bytes()
    p = tmp_path / "mail.parquet"
    p.write_bytes(data[: len(data) // 2])
    return p, {}


BOMB_LIMIT = 1 << 20


@generated
def gzip_bomb(reader: str, tmp_path: Path):
    """16 MiB of zeros after the good file's first line, in ~16 KB of gzip; read with max_input_bytes=1 MiB."""
    r = READERS[reader]
    if not (r.gzip and r.limit):
        return None
    p = tmp_path / (r.file + ".gz")
    head = _good(reader, tmp_path).read_bytes().split(b"\n")[0] + b"\n"
    with gzip.open(p, "wb", compresslevel=9) as f:
        f.write(head)
        for _ in range(16):
            f.write(b"0" * (1 << 20))
    assert p.stat().st_size < 100_000
    return p, {"max_input_bytes": BOMB_LIMIT}


@generated
def zip_bomb(reader: str, tmp_path: Path):
    if reader != "slack_zip":
        return None
    folder = _good("slack", tmp_path)
    p = tmp_path / "slack.zip"
    _zip_folder(folder, p)
    with zipfile.ZipFile(p, "a", compression=zipfile.ZIP_DEFLATED) as z:
        with z.open("export/general/2024-03-02.json", "w") as f:
            for _ in range(16):
                f.write(b" " * (1 << 20))
    return p, {"max_input_bytes": BOMB_LIMIT}


@generated
def fifo(reader: str, tmp_path: Path):
    """A FIFO whose writer (a thread) writes the good input: read as the file would be."""
    r = READERS[reader]
    if reader in ("slack", "slack_zip", "parquet"):
        return None
    data = _good(reader, tmp_path).read_bytes()
    p = tmp_path / r.file
    os.mkfifo(p)

    def write():
        try:
            with open(p, "wb") as f:
                f.write(data)
        except OSError:
            pass

    t = threading.Thread(target=write, daemon=True)
    t.start()
    return p, {}


HUGE = 50 << 20


@generated
def huge_line(reader: str, tmp_path: Path):
    """A 50 MB line (a 50 MB sender) as the second record; the message must not quote it whole."""
    big = "a" * HUGE
    p = tmp_path / READERS[reader].file
    if reader == "csv":
        p.write_text(f"sender,recipients,timestamp\nann@x.org,bob@x.org,2024-03-01\n{big}@x.org,ann@x.org,x\n")
    elif reader == "edgelist":
        p.write_text(f"ann bob 1\n{big} ann x\n")
    elif reader == "jsonl":
        p.write_text('{"sender": "ann@x.org", "recipients": ["bob@x.org"]}\n'
                     f'{{"sender": "{big}@x.org", "recipients": ["ann@x.org"], "timestamp": "x"}}\n')
    elif reader == "mbox":
        p.write_text("From a Fri Mar  1 09:00:00 2024\nFrom: ann@x.org\nTo: bob@x.org\n\n\n"
                     f"From a Fri Mar  1 09:00:00 2024\nFrom: ann@x.org\nTo: bob@x.org\nDate: {big}\n\n")
    else:
        return None
    return p, {"timestamp": None} if reader == "jsonl" else {}


MANY = 1_000_000


@generated
def many_recipients(reader: str, tmp_path: Path):
    """One message to 10^6 recipients."""
    p = tmp_path / READERS[reader].file
    names = [f"p{i}@x.org" for i in range(MANY)]
    if reader == "csv":
        p.write_text("sender,recipients,timestamp\nann@x.org," + ";".join(names) + ",2024-03-01T09:00:00Z\n")
    elif reader == "jsonl":
        p.write_text(json.dumps({"sender": "ann@x.org", "recipients": names, "timestamp": 1709283600}) + "\n")
    elif reader == "mbox":
        p.write_text("From a Fri Mar  1 09:00:00 2024\nFrom: ann@x.org\nTo: " + ",\n ".join(names)
                     + "\nDate: Fri, 1 Mar 2024 09:00:00 +0000\n\n")
    elif reader == "parquet":
        _parquet(p, pd.DataFrame({"sender": ["ann@x.org"], "recipients": [";".join(names)],
                                  "timestamp": ["2024-03-01T09:00:00Z"]}))
    else:
        return None
    return p, {}


DEEP = 100_000


@generated
def deep_json(reader: str, tmp_path: Path):
    """10^5 nested arrays as the second record (the recipients of JSON Lines, a message of Teams, a Slack day)."""
    deep = "[" * DEEP + "]" * DEEP
    if reader in ("slack", "slack_zip"):
        folder = _good("slack", tmp_path)
        (folder / "general" / "2024-03-02.json").write_text("[" + deep + "]")
        return (folder if reader == "slack" else _zip_folder(folder, tmp_path / "slack.zip")), {}
    p = tmp_path / READERS[reader].file
    if reader == "jsonl":
        p.write_text('{"sender": "ann@x.org", "recipients": ["bob@x.org"], "timestamp": 1709283600}\n'
                     f'{{"sender": "ann@x.org", "recipients": {deep}, "timestamp": 1709283600}}\n')
    elif reader == "graph_jsonl":
        good = _good(reader, tmp_path).read_text().splitlines()[0]
        p.write_text(good + "\n" + good[:-1] + f', "extra": {deep}}}\n')
    elif reader == "teams":
        p.write_text('{"value": [' + json.dumps(json.loads(_good(reader, tmp_path).read_text())["value"][0])
                     + ", " + deep + "]}")
    else:
        return None
    return p, {}


@generated
def maildir_link_loop(reader: str, tmp_path: Path):
    if reader != "mbox":
        return None
    md = tmp_path / "maildir"
    (md / "cur").mkdir(parents=True)
    (md / "new").mkdir()
    (md / "cur" / "1").write_text("From: a@x.org\nTo: b@x.org\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\n")
    os.symlink("loop", md / "cur" / "loop")
    os.symlink(md, md / "new" / "up")  # a link to a folder: not followed
    return md, {}


# ---- outcomes ---------------------------------------------------------------------------------------------------

ERRORS = {"ParseError": ona.ParseError, "ReadError": ona.ReadError, "OptionError": ona.OptionError,
          "FileNotFoundError": FileNotFoundError, "IsADirectoryError": IsADirectoryError}


def _input(case: str, reader: str, tmp_path: Path) -> tuple[Path, dict] | None:
    spec = MANIFEST[case]
    if "make" in spec:
        return GENERATORS[spec["make"]](reader, tmp_path)
    p = _committed(case, reader, tmp_path)
    return None if p is None else (p, {})


def _call(reader: str, path: Path, errors: str | None, kw: dict):
    r = READERS[reader]
    args = dict(r.kwargs, **kw)
    if errors is not None and r.errors:
        args["errors"] = errors
    return r.read(path, **args)


def observe(fn: Callable[[], Any]) -> dict:
    """What a call did, in the manifest's terms."""
    try:
        with warnings.catch_warnings():  # a warning (e.g. "no message made a tie") is not the outcome
            warnings.simplefilter("ignore")
            out = fn()
    except Exception as e:  # noqa: BLE001 - the outcome under test
        got: dict[str, Any] = {"error": type(e).__name__, "message": str(e)}
        if isinstance(e, ona.ParseError):
            got["line"] = e.line
            got["reason"] = e.reason
        return got
    if isinstance(out, pd.DataFrame):
        return {"rows": len(out)}
    if isinstance(out, ona.Graph):
        rep = out.ingest_report
        return {"ties": out.number_of_ties, "messages": rep["messages"], "skipped": dict(rep["skipped"]),
                "dropped": dict(rep["dropped"])}
    rep = out.report
    return {"messages": out.num_messages, "people": len(out.people), "skipped": dict(rep["skipped"]),
            "dropped": dict(rep["dropped"]), "balanced": rep["records_read"] == rep["records_kept"] + sum(
                rep["skipped"].values())}


def _pairs():
    for case, spec in MANIFEST.items():
        for reader in READERS:
            if reader in spec:
                why = spec[reader].get("xfail")
                marks = [pytest.mark.xfail(reason=why, strict=True)] if why else []
                yield pytest.param(case, reader, id=f"{case}-{reader}", marks=marks)


PAIRS = list(_pairs())


def check(got: dict, want: dict, path: Path, where: str):
    if "error" in want:
        assert got.get("error") == want["error"], f"{where}: expected {want}, got {got}"
        msg = got["message"]
        name = want.get("names", path.name)
        assert name in msg, f"{where}: the message does not name {name!r}: {msg}"
        if "line" in want and got["error"] == "ParseError":
            assert got.get("line", 0) == want["line"], f"{where}: line {got.get('line')} != {want['line']}: {msg}"
            if want["line"]:
                assert f":{want['line']}:" in msg, f"{where}: the message does not give line {want['line']}: {msg}"
        if "reason" in want:
            assert want["reason"] in msg, f"{where}: the message does not say {want['reason']!r}: {msg}"
        for text in want.get("contains", []):
            assert text in msg, f"{where}: the message does not say {text!r}: {msg}"
        assert len(msg) < 1500, f"{where}: a {len(msg)}-character message"
        assert not re.search(r"::|_options\b|std::|\bstruct\b", msg), f"{where}: a C++ name in the message: {msg}"
        return
    assert "error" not in got, f"{where}: expected {want}, got {got}"
    for key in ("messages", "people", "rows", "ties"):
        if key in want:
            assert got[key] == want[key], f"{where}: {key} {got[key]} != {want[key]} ({got})"
    for key in ("skipped", "dropped"):
        if key in got:
            assert got[key] == want.get(key, {}), f"{where}: {key} {got[key]} != {want.get(key, {})}"
    assert got.get("balanced", True), f"{where}: the report does not balance: {got}"


def _outcomes(case: str, reader: str) -> tuple[dict, dict | None]:
    spec = MANIFEST[case][reader]
    strict = spec["strict"] if "strict" in spec else {k: v for k, v in spec.items() if k not in ("note", "xfail")}
    skip = spec.get("skip")
    if skip is None and READERS[reader].errors:
        # line 1 of a table is its header, which no mode can skip
        if "error" in strict and strict.get("line", 0) not in (0, 1, None):
            raise AssertionError(f"cases.toml: [{case}.{reader}] has a record error but no skip outcome")
        skip = strict
    return strict, skip


@pytest.mark.parametrize("case, reader", PAIRS)
def test_reader(case, reader, tmp_path):
    made = _input(case, reader, tmp_path)
    assert made is not None, f"cases.toml lists {reader} for {case}, but the case has no input for it"
    path, kw = made
    kw = dict(kw, **MANIFEST[case][reader].get("kwargs", {}))
    strict, skip = _outcomes(case, reader)
    check(observe(lambda: _call(reader, path, "strict" if READERS[reader].errors else None, kw)), strict, path,
          f"{case}/{reader} strict")
    if skip is not None and not (MANIFEST[case].get("once") and skip is strict):  # large cases: read once
        if MANIFEST[case].get("make") == "fifo":  # a FIFO is read once: a new one
            (tmp_path / "again").mkdir()
            path = _input(case, reader, tmp_path / "again")[0]
        check(observe(lambda: _call(reader, path, "skip", kw)), skip, path, f"{case}/{reader} skip")


STREAMED = [p for p in PAIRS if READERS[p.values[1]].stream and MANIFEST[p.values[0]].get("make") != "fifo"
            and not MANIFEST[p.values[0]].get("once") and not MANIFEST[p.values[0]][p.values[1]].get("xfail")
            and p.values[0] != "utf16_bom"]  # streaming refuses UTF-16 (an OptionError saying so): read it in memory


@pytest.mark.parametrize("case, reader", STREAMED)
def test_stream_ties_ends_as_the_reader(case, reader, tmp_path):
    """stream_ties reads the same input to the same end: the same error (type, line) or the same counts."""
    made = _input(case, reader, tmp_path)
    assert made is not None
    path, kw = made
    kw = dict(kw, **READERS[reader].kwargs, **MANIFEST[case][reader].get("kwargs", {}))
    for mode in ("strict", "skip"):
        whole = observe(lambda: _call(reader, path, mode, kw))
        streamed = observe(lambda: ona.stream_ties(path, format=READERS[reader].stream, errors=mode, **kw))
        if "error" in whole:
            assert streamed.get("error") == whole["error"], (mode, whole, streamed)
            assert streamed.get("line") == whole.get("line"), (mode, whole, streamed)
        else:
            assert "error" not in streamed, (mode, whole, streamed)
            for key in ("messages", "skipped", "dropped"):
                want = whole[key]
                if key == "dropped":  # a stream links no replies
                    want = {k: v for k, v in want.items() if k != "reply to unknown parent"}
                assert streamed[key] == want, (mode, key, whole, streamed)


# ---- the command line: one line, exit code 3, for a few cases -----------------------------------------------------

CLI_CASES = [("binary_garbage", "csv", "garbage.bin"),
             ("invalid_utf8", "csv", "invalid UTF-8"), ("unclosed_quote", "csv", "unterminated quote"),
             ("truncated_final", "jsonl", "invalid JSON"),
             ("truncated_gzip", "mbox", "decompress"), ("gzip_bomb", "csv", "--max-input-bytes"),
             ("slack_missing_users", "slack", "users.json")]


@pytest.mark.parametrize("case, reader, words", CLI_CASES, ids=[f"{c}-{r}" for c, r, _ in CLI_CASES])
def test_cli_one_line_and_exit_code(case, reader, words, tmp_path, capsys):
    from onakit.cli import main

    made = _input(case, reader, tmp_path)
    assert made is not None
    path, kw = made
    fmt = {"csv": "csv", "jsonl": "jsonl", "mbox": "mbox", "slack": "slack"}[reader]
    argv = ["summary", str(path), "--format", fmt]
    if "max_input_bytes" in kw:
        argv += ["--max-input-bytes", str(kw["max_input_bytes"])]
    assert main(argv) == 3
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if "error:" in ln]  # notes ("columns detected") may precede it
    assert len(lines) == 1 and lines[0].startswith("onakit: error: "), err
    assert path.name in lines[0] and words in lines[0], err
    assert "Traceback" not in err


# ---- a FIFO nobody writes to: it waits as `cat` would, and Ctrl-C stops it --------------------------------------

FIFO_READS = {
    "read_email_csv": "ona.read_email_csv(path)",
    "stream_ties": "ona.stream_ties(path, format='csv')",
    "read_mbox": "ona.read_mbox(path)",
}


@pytest.mark.parametrize("writer", ["none", "silent"])
@pytest.mark.parametrize("call", list(FIFO_READS))
def test_fifo_wait_stops_on_ctrl_c(call, writer, tmp_path):
    """A read waiting on a FIFO (for a writer that never comes, or for bytes from one that writes a first line,
    then nothing) ends on Ctrl-C with a KeyboardInterrupt naming the file, within a second: the wait polls.

    A blocking open() or read() would not: the signal makes open() fail with EINTR (a bare KeyboardInterrupt from
    Python's handler, not ours), and read() is retried on EINTR, so the read of a silent writer hung for ever.
    """
    import signal
    import subprocess
    import sys
    import time

    fifo = tmp_path / "mail.mbox" if call == "read_mbox" else tmp_path / "mail.csv"
    os.mkfifo(fifo)
    code = (
        "import os, sys, threading, time, onakit as ona\n"
        "path = sys.argv[1]\n"
        "if sys.argv[2] == 'silent':  # a writer that sends a first line, then keeps the pipe open\n"
        "    def write():\n"
        "        f = os.open(path, os.O_WRONLY)\n"
        "        os.write(f, b'sender,recipients\\n' if path.endswith('.csv') else b'From a Fri Mar  1 09:00:00 2024\\n')\n"
        "        time.sleep(60)\n"
        "    threading.Thread(target=write, daemon=True).start()\n"
        "print('started', flush=True)\n"
        "try:\n"
        f"    {FIFO_READS[call]}\n"
        "except KeyboardInterrupt as e:\n"
        "    print('caught:', e, flush=True)\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    p = subprocess.Popen([sys.executable, "-c", code, str(fifo), writer], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert p.stdout is not None
        assert p.stdout.readline().strip() == "started"
        time.sleep(0.5)  # inside the read
        sent = time.monotonic()
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=10)
        took = time.monotonic() - sent
    finally:
        p.kill()
        p.wait()
    assert f"caught: reading {fifo} interrupted" in out, (out, err)
    assert took < 2.0, f"{took:.1f} s from Ctrl-C to KeyboardInterrupt"  # polls every 100 ms; 2 s for a loaded CI


# ---- format detection never peeks into a pipe -------------------------------------------------------------------

def _fifo_with(tmp_path: Path, data: bytes, name: str = "mail.csv") -> tuple[Path, threading.Thread]:
    p = tmp_path / name
    os.mkfifo(p)

    def write():
        try:
            with open(p, "wb") as f:
                f.write(data)
        except OSError:
            pass

    t = threading.Thread(target=write, daemon=True)
    t.start()
    return p, t


def test_detect_format_refuses_a_pipe_without_reading_it(tmp_path):
    from onakit._formats import detect_format as _detect_format

    good = _good("csv", tmp_path).read_bytes()
    fifo, writer = _fifo_with(tmp_path, good)
    with pytest.raises(ona.OptionError, match=r"mail\.csv is a pipe.*format="):
        _detect_format(str(fifo))
    # nothing was taken from the pipe: the reader, told the format, gets every message
    log = ona.read_email_csv(fifo)
    writer.join(5)
    assert log.num_messages == 3 and len(log.people) == 3


def test_cli_reads_a_pipe_only_with_its_format_and_columns(tmp_path, capsys):
    from onakit.cli import main

    good = _good("csv", tmp_path).read_bytes()
    fifo, writer = _fifo_with(tmp_path, good)
    # without --format: a usage error naming the pipe and the flag, before anything is read
    assert main(["edges", str(fifo)]) == 2
    err = capsys.readouterr().err
    assert "is a pipe" in err and "--format" in err and "Traceback" not in err, err
    # --format csv without columns: they cannot be detected either
    assert main(["edges", str(fifo), "--format", "csv"]) == 2
    err = capsys.readouterr().err
    assert "is a pipe" in err and "--sender, --recipients and --timestamp" in err, err
    # with them: every message of the pipe is read (4 ties from 3 messages)
    assert main(["edges", str(fifo), "--format", "csv", "--sender", "sender", "--recipients", "recipients",
                 "--timestamp", "timestamp"]) == 0
    out = capsys.readouterr().out.splitlines()
    writer.join(5)
    assert out[0] == "source,target,weight" and len(out) == 5, out


# ---- tie tables: Graph.from_pandas and MessageLog.from_pandas ------------------------------------------------------

@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -1.0, "heavy", None])
def test_tie_table_bad_weight_names_the_row(bad):
    ties = pd.DataFrame({"source": ["ann", "bob", "cy"], "target": ["bob", "cy", "ann"], "weight": [1.0, 2.0, 3.0]},
                        index=[10, 11, 12]).astype({"weight": object})
    ties.loc[12, "weight"] = bad
    with pytest.raises(ona.ParseError) as e:
        ona.Graph.from_pandas(ties)
    msg = str(e.value)
    assert e.value.line == 3 and "<pandas>:3:" in msg and "weight" in msg, msg
    assert "index 12" in msg and repr(bad) in msg, msg


@pytest.mark.parametrize("bad", [None, float("nan"), pd.NA, ""])
def test_tie_table_missing_end_names_the_row(bad):
    ties = pd.DataFrame({"source": ["ann", "bob", "cy"], "target": ["bob", "cy", "ann"]}, dtype=object)
    ties.loc[1, "target"] = bad
    with pytest.raises(ona.ParseError) as e:
        ona.Graph.from_pandas(ties)
    msg = str(e.value)
    assert e.value.line == 2 and "<pandas>:2:" in msg and "target" in msg, msg


def test_tie_table_labels_equal_as_text_are_an_error():
    # 1 and "1" would be two people that print, match groups and write to CSV alike
    ties = pd.DataFrame({"source": [1, "1"], "target": ["bob", "cy"]})
    with pytest.raises(ona.ParseError) as e:
        ona.Graph.from_pandas(ties)
    msg = str(e.value)
    assert "1" in msg and "'1'" in msg and "source" in msg, msg
    # distinct texts of mixed types are fine: 1.0 is read as 1 (one person, the rule of label_text)
    g = ona.Graph.from_pandas(pd.DataFrame({"source": [1, 2.0], "target": ["bob", 1.0]}))
    assert g.number_of_people == 3


def test_message_table_labels_equal_as_text_merge_with_a_warning():
    df = pd.DataFrame({"sender": [1, "1", 2], "recipients": [2, 2, 1], "timestamp": None})
    with pytest.warns(UserWarning, match=r"1 and '1'.*one person"):
        log = ona.MessageLog.from_pandas(df, timestamp=None)
    assert len(log.people) == 2


def test_message_table_missing_labels_are_counted():
    df = pd.DataFrame({"sender": ["ann", None, float("nan"), "cy"], "recipients": ["bob", "ann", "ann", None]})
    with pytest.raises(ona.ParseError) as e:
        ona.MessageLog.from_pandas(df, timestamp=None)
    assert e.value.line == 2 and "sender" in str(e.value)
    log = ona.MessageLog.from_pandas(df, timestamp=None, errors="skip")
    assert log.num_messages == 1 and sum(log.report["skipped"].values()) == 3, log.report


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -2.0])
def test_message_table_bad_weight_names_the_row(bad):
    df = pd.DataFrame({"sender": ["ann", "bob"], "recipients": ["bob", "ann"], "w": [1.0, bad]})
    with pytest.raises(ona.ParseError) as e:
        ona.MessageLog.from_pandas(df, timestamp=None, weight="w")
    assert e.value.line == 2 and "'w'" in str(e.value), str(e.value)
    log = ona.MessageLog.from_pandas(df, timestamp=None, weight="w", errors="skip")
    assert log.num_messages == 1 and sum(log.report["skipped"].values()) == 1
