"""read_slack_export reads the .zip Slack delivers (issue #12), with max_input_bytes respected."""

import zipfile

import numpy as np
import pytest

import onakit as ona

from conftest import data_file


def _zip(folder, dest, prefix=""):
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                z.write(f, prefix + f.relative_to(folder).as_posix())
    return dest


def _same(a, b):
    assert list(a.people) == list(b.people)
    assert a.num_messages == b.num_messages and a.num_pairs == b.num_pairs
    ra, rb = dict(a.report), dict(b.report)
    ra.pop("source"), rb.pop("source")
    assert ra == rb
    assert np.array_equal(np.asarray(a._core.recipients), np.asarray(b._core.recipients))


@pytest.mark.parametrize("prefix", ["", "houstondatavis Slack export/"])
def test_zip_reads_as_the_folder(tmp_path, prefix):
    folder = data_file("slack-export-houstondatavis")
    zipped = _zip(folder, tmp_path / "export.zip", prefix)
    kw = dict(errors="skip", channel_ties="members")
    _same(ona.read_slack_export(folder, **kw), ona.read_slack_export(zipped, **kw))
    assert not list(tmp_path.glob("onakit-slack-*"))  # nothing left behind next to it


def test_zip_respects_max_input_bytes(tmp_path):
    folder = data_file("slack-export-houstondatavis")
    zipped = _zip(folder, tmp_path / "export.zip")
    total = sum(f.stat().st_size for f in folder.rglob("*.json"))
    with pytest.raises(ona.ReadError, match="max_input_bytes") as e:
        ona.read_slack_export(zipped, errors="skip", max_input_bytes=total // 2)
    assert str(zipped) in str(e.value)
    assert ona.read_slack_export(zipped, errors="skip", max_input_bytes=total).num_messages > 0


def test_zip_entries_outside_the_export_are_never_written(tmp_path):
    folder = data_file("slack-export-houstondatavis")
    zipped = _zip(folder, tmp_path / "export.zip")
    with zipfile.ZipFile(zipped, "a") as z:
        z.writestr("../../escaped.json", "[]")
    log = ona.read_slack_export(zipped, errors="skip")
    assert log.num_messages > 0
    assert not (tmp_path.parent / "escaped.json").exists()


def test_zip_errors_name_the_file_inside_the_zip(tmp_path):
    folder = data_file("slack-export-houstondatavis")
    zipped = tmp_path / "export.zip"
    with zipfile.ZipFile(zipped, "w") as z:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                rel = f.relative_to(folder).as_posix()
                z.writestr(rel, "{ not json" if rel == "general/2015-06-05.json" else f.read_bytes())
    with pytest.raises(ona.ParseError) as e:
        ona.read_slack_export(zipped, errors="strict")
    assert f"{zipped}:general/2015-06-05.json" in str(e.value)
    assert "onakit-slack-" not in str(e.value)


def test_a_zip_without_users_json_is_not_a_slack_export(tmp_path):
    zipped = tmp_path / "other.zip"
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(ona.ParseError, match="not a Slack export"):
        ona.read_slack_export(zipped)


def test_a_real_export_zip():
    """A workspace export zip in Slack's own layout (dd2030, Japanese channel names), read as it is."""
    zipped = data_file("slack-dd2030-threads/DERIVED_slack_export_layout_2025-04-30_to_2025-05-21.zip")
    log = ona.read_slack_export(zipped)
    r = log.report
    assert r["records_read"] == r["records_kept"] + sum(r["skipped"].values())
    assert log.num_messages == r["messages"] > 1000
    names = zipfile.ZipFile(zipped).namelist()
    days = [n for n in names if n.count("/") == 1 and n.endswith(".json")]
    assert len({n.split("/")[0] for n in days}) >= 2
    lo, hi = log.time_span
    assert lo.strftime("%Y-%m-%d") >= "2025-04-30" and hi.strftime("%Y-%m-%d") <= "2025-05-21"
