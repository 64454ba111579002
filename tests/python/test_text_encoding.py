"""Text that is not UTF-8, NUL bytes in addresses, and read_people's input errors (issue #10).

Before the fix these raised UnicodeDecodeError (no file, no line, even with
errors="skip"), or only later from log.people / display_names / to_pandas();
a NUL inside an address made a person of its own; read_people on an empty
file raised csv.Error.
"""

from __future__ import annotations

import pytest

import onakit as ona

LATIN1_CSV = ("sender,recipients,timestamp\n"
              "ann@x.org,bob@x.org,2024-03-01T09:00:00Z\n"
              "jörg@x.org,ann@x.org,2024-03-01T10:00:00Z\n"
              "bob@x.org,ann@x.org,2024-03-01T11:00:00Z\n")


def _all_str(log: ona.MessageLog) -> None:
    """Every string accessor works (each would raise UnicodeDecodeError on invalid UTF-8)."""
    assert all(isinstance(p, str) for p in log.people)
    log.to_pandas()
    repr(log)
    str(log.report)


def test_latin1_csv_strict_names_file_and_line(tmp_path):
    p = tmp_path / "latin1.csv"
    p.write_bytes(LATIN1_CSV.encode("latin-1"))
    with pytest.raises(ona.ParseError) as e:
        ona.read_email_csv(p)
    assert e.value.line == 3 and e.value.reason == "invalid UTF-8"
    assert f"{p}:3" in str(e.value) and "encoding=" in str(e.value)


def test_latin1_csv_skip_counts_and_encoding_decodes(tmp_path):
    p = tmp_path / "latin1.csv"
    p.write_bytes(LATIN1_CSV.encode("latin-1"))
    log = ona.read_email_csv(p, errors="skip")
    assert log.report["skipped"] == {"invalid UTF-8": 1}
    _all_str(log)
    log = ona.read_email_csv(p, encoding="latin-1")
    assert "jörg@x.org" in list(log.people)
    _all_str(log)
    with pytest.raises(ona.OptionError, match="encoding"):
        ona.read_email_csv(p, encoding="klingon")


def test_utf16_csv_with_bom_is_read(tmp_path):
    p = tmp_path / "utf16.csv"
    p.write_bytes(LATIN1_CSV.encode("utf-16"))  # Python writes the BOM
    log = ona.read_email_csv(p)
    assert log.num_messages == 3 and "jörg@x.org" in list(log.people)
    p.write_bytes(LATIN1_CSV.encode("utf-16-le"))  # no BOM: a clear error, not a file of NULs
    with pytest.raises(ona.ParseError, match="utf-16-le"):
        ona.read_email_csv(p)
    assert ona.read_email_csv(p, encoding="utf-16-le").num_messages == 3


def test_edgelist_trace_and_viva_take_encoding(tmp_path):
    e = tmp_path / "e.txt"
    e.write_bytes("a b\nb jörg\n".encode("latin-1"))
    assert ona.read_edgelist(e, errors="skip").report["skipped"] == {"invalid UTF-8": 1}
    assert "jörg" in list(ona.read_edgelist(e, encoding="latin-1").people)
    t = tmp_path / "trace.csv"
    t.write_bytes(("Received,SenderAddress,RecipientAddress,Status,MessageId\n"
                   "2024-03-01T09:00:00Z,zoë@x.org,bob@x.org,Delivered,<1@x>\n").encode("cp1252"))
    log = ona.read_message_trace(t, errors="skip")
    assert log.report["skipped"] == {"invalid UTF-8": 1}
    log = ona.read_message_trace(t, encoding="cp1252")
    assert log.num_messages == 1 and "zoë@x.org" in list(log.people)
    v = tmp_path / "p2p.csv"
    v.write_bytes(("PrimaryCollaborator_PersonId,SecondaryCollaborator_PersonId,Email_count,"
                   "PrimaryCollaborator_Organization\np1,p2,3,Réseau\n").encode("latin-1"))
    with pytest.raises(ona.ParseError, match="invalid UTF-8"):
        ona.read_viva_p2p(v, weight="Email_count")
    log = ona.read_viva_p2p(v, weight="Email_count", encoding="latin-1")
    assert log.people_table.loc["p1", "Organization"] == "Réseau"


def test_cli_encoding_flag(tmp_path, capsys):
    from onakit.cli import main

    p = tmp_path / "latin1.csv"
    p.write_bytes(LATIN1_CSV.encode("latin-1"))
    assert main(["summary", str(p), "--format", "csv", "--encoding", "latin-1"]) == 0
    assert main(["summary", str(p), "--format", "csv"]) == 3  # an onakit error naming file:line, no traceback
    assert f"{p}:3" in capsys.readouterr().err


def test_mbox_8bit_display_name_and_message_id(tmp_path):
    box = tmp_path / "old.mbox"
    box.write_bytes(b"From x Mon Jan  1 00:00:00 2024\n"
                    b"From: J\xf6rg M\xfcller <jorg@x.org>\n"
                    b"To: \"Ren\xe9\" <rene@x.org>\n"
                    b"Message-ID: <caf\xe9@x.org>\n"
                    b"In-Reply-To: <r\xe9@x.org>\n"
                    b"Date: Mon, 1 Jan 2024 00:00:00 +0000\n\nbody\n")
    for errors in ("strict", "skip"):
        log = ona.read_mbox(box, errors=errors)
        assert list(log.display_names) == ["Jörg Müller", "René"]
        assert list(log.to_pandas().message_id) == ["café@x.org"]
        assert list(log.replies.parent_id) == ["ré@x.org"]
        _all_str(log)


def test_nul_in_an_address_is_a_bad_address(tmp_path):
    p = tmp_path / "nul.csv"
    p.write_bytes(b"sender,recipients\nb@x.org,a@x.org\nb\x00@x.org,a@x.org\n")
    with pytest.raises(ona.ParseError) as e:
        ona.read_email_csv(p, timestamp=None)
    assert e.value.line == 3 and e.value.reason == "bad address" and e.value.field == "sender"
    log = ona.read_email_csv(p, timestamp=None, errors="skip")
    assert list(log.people) == ["b@x.org", "a@x.org"]  # no separate "b\0@x.org" person
    assert log.report["skipped"] == {"bad address": 1}
    box = tmp_path / "nul.mbox"
    box.write_bytes(b"From x Mon Jan  1 00:00:00 2024\nFrom: a@x.org\nTo: b\x00@x.org, c@x.org\n\n")
    log = ona.read_mbox(box)
    assert list(log.people) == ["a@x.org", "c@x.org"]
    assert log.report["dropped"]["bad address"] == 1


def test_read_people_input_errors_name_the_file(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ona.ParseError, match="empty input") as e:
        ona.read_people(empty, id="id")
    assert str(empty) in str(e.value)

    latin = tmp_path / "latin.csv"
    latin.write_bytes("id,site\n1,Zürich\n".encode("latin-1"))
    with pytest.raises(ona.ParseError, match="invalid UTF-8") as e:
        ona.read_people(latin, id="id")
    assert e.value.line == 2 and "encoding=" in str(e.value) and str(latin) in str(e.value)
    assert ona.read_people(latin, id="id", encoding="latin-1").loc["1", "site"] == "Zürich"
    bom16 = tmp_path / "utf16.csv"
    bom16.write_bytes("id,site\n1,Zürich\n".encode("utf-16"))
    assert ona.read_people(bom16, id="id").loc["1", "site"] == "Zürich"

    headerless = tmp_path / "noheader.csv"
    headerless.write_text("1,Sales\n2,R&D\n")
    with pytest.raises(ona.ParseError, match="missing column") as e:
        ona.read_people(headerless, id="id")
    assert "id='id'" in str(e.value) and "columns=" in str(e.value) and str(headerless) in str(e.value)
    out = ona.read_people(headerless, id="id", columns=["id", "dept"])
    assert list(out.index) == ["1", "2"]

    one_column = tmp_path / "ids.csv"
    one_column.write_text("id\n1\n2\n")  # the delimiter sniffer finds nothing here
    assert list(ona.read_people(one_column, id="id").index) == ["1", "2"]

    with pytest.raises(ona.ParseError, match="email='mail'"):
        ona.read_people(latin, email="mail", encoding="latin-1")
    with pytest.raises(ona.OptionError, match="encoding"):
        ona.read_people(latin, id="id", encoding="klingon")
    assert list(ona.read_people(latin, id="id", encoding="iso-8859-1").site) == ["Zürich"]  # Python's codec names


def test_error_messages_quoting_8bit_bytes_are_still_onakit_errors(tmp_path):
    box = tmp_path / "date.mbox"
    box.write_bytes(b"From x Mon Jan  1 00:00:00 2024\nFrom: a@x.org\nTo: b@x.org\nDate: 1 F\xe9v 2024\n\n")
    with pytest.raises(ona.ParseError, match="bad date") as e:  # was UnicodeDecodeError
        ona.read_mbox(box)
    assert "1 Fév 2024" in str(e.value) and e.value.line == 1


def test_json_lines_nul_address(tmp_path):
    p = tmp_path / "m.jsonl"
    p.write_text('{"sender": "a@x.org", "recipients": "b@x.org"}\n'
                 '{"sender": "a@x.org", "recipients": "b\\u0000@x.org"}\n')
    with pytest.raises(ona.ParseError) as e:
        ona.read_jsonl(p, timestamp=None)
    assert e.value.line == 2 and e.value.reason == "bad address" and e.value.field == "recipients"
    log = ona.read_jsonl(p, timestamp=None, errors="skip")
    assert list(log.people) == ["a@x.org", "b@x.org"] and log.report["skipped"] == {"bad address": 1}


def test_cli_detects_a_utf16_message_trace(tmp_path, capsys):
    from onakit.cli import main

    t = tmp_path / "MessageTrace.txt"
    t.write_bytes(("Received,SenderAddress,RecipientAddress,Status,MessageId\n"
                   "2024-03-01T09:00:00Z,ann@x.org,bob@x.org,Delivered,<1@x>\n").encode("utf-16"))
    assert main(["summary", str(t)]) == 0  # detected as a message trace, read through its BOM
    assert "ann@x.org" in capsys.readouterr().out


def test_read_people_compressed_files(tmp_path):
    import bz2
    import gzip
    import zipfile

    table = "id,site\n1,Zürich\n".encode()
    (tmp_path / "p.csv.gz").write_bytes(gzip.compress(table))
    (tmp_path / "p.csv.bz2").write_bytes(bz2.compress(table))
    with zipfile.ZipFile(tmp_path / "p.zip", "w") as z:
        z.writestr("p.csv", table)
    for name in ("p.csv.gz", "p.csv.bz2", "p.zip"):
        assert list(ona.read_people(tmp_path / name, id="id").site) == ["Zürich"]


def test_read_people_missing_column_does_not_quote_a_headerless_row_when_pseudonymising(tmp_path):
    p = tmp_path / "noheader.csv"
    p.write_text("ann@corp.example,Sales\n")
    with pytest.raises(ona.ParseError, match="missing column") as e:
        ona.read_people(p, email="email", pseudonymize_key=b"k")
    assert "ann@corp.example" not in str(e.value) and "'***@****.*******', '*****'" in str(e.value)


def test_read_people_obeys_max_input_bytes_like_every_reader(tmp_path):
    import bz2
    import gzip

    table = b"id,site\n" + b"".join(b"%d,Site %d\n" % (i, i) for i in range(200))
    (tmp_path / "p.csv").write_bytes(table)
    (tmp_path / "p.csv.gz").write_bytes(gzip.compress(table))
    (tmp_path / "p.csv.bz2").write_bytes(bz2.compress(table))
    for name in ("p.csv", "p.csv.gz", "p.csv.bz2"):
        path = tmp_path / name
        with pytest.raises(ona.ReadError, match="max_input_bytes") as e:
            ona.read_people(path, id="id", max_input_bytes=100)
        assert str(path) in str(e.value)
        assert len(ona.read_people(path, id="id", max_input_bytes=len(table))) == 200
    with pytest.raises(ona.OptionError, match="max_input_bytes=0"):
        ona.read_people(tmp_path / "p.csv.bz2", id="id", max_input_bytes=0)
