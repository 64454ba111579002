"""ona.read_mbox against a reference built on the standard library (mailbox, email)."""

from __future__ import annotations

import base64
import email
import email.header
import email.policy
import email.utils
import hashlib
import hmac
import mailbox
import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

import onakit as ona
from conftest import DATA, data_file

ENRON = ["enron.allen-p.sent_items.mbox", "enron.kitchen-l.sent_items.mbox", "enron.lavorato-j.all_documents.mbox",
         "enron.lay-k.inbox.mbox", "enron.skilling-j.sent.mbox"]
MBOX_FILES = [f"enron-mbox/{f}" for f in ENRON] + [
    "mailing-list-3gpp-bigbang/3GPP_TSG_RAN_WG4_NR-MIMO-OTA.mbox",
    "mailing-list-3gpp-bigbang/3GPP_TSG_SA_WG4_EVS.mbox",
] + [f"mbox-parser-samples-perceval/{p.name}" for p in sorted((DATA / "mbox-parser-samples-perceval").glob("*.mbox"))]

ADDR = re.compile(r"^[^\s@<>()\",;:]+@[^\s@<>()\",;:]+$")


# ---- the reference -----------------------------------------------------------
def raw_messages(path: Path) -> list[bytes]:
    """The messages of an mbox: mailbox.mbox where it works, a manual split on From_ lines where it crashes."""
    try:
        box = mailbox.mbox(str(path), create=False)
        try:
            return [m.as_bytes() for m in box]
        finally:
            box.close()
    except Exception:  # e.g. non-ASCII bytes in the From_ line (perceval's unixfrom_encoding sample)
        data = path.read_bytes()
        parts = re.split(rb"(?m)^From [^\n]*\n", data)
        return parts[1:]


def reference(path: Path):
    """{message_id: (sender, sorted [(address, role)])} for the messages the stdlib parses cleanly, and how
    many messages it saw."""
    out: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    ids: Counter[str] = Counter()
    raws = raw_messages(path)
    for raw in raws:
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        mid = (msg.get("Message-ID") or "").strip()
        mid = mid[1:-1].strip() if mid.startswith("<") and mid.endswith(">") else mid
        if not mid:
            continue
        ids[mid] += 1
        frm = [a.lower() for _, a in email.utils.getaddresses([str(v) for v in msg.get_all("from", [])])]
        if not frm or not ADDR.match(frm[0]):
            continue  # not a message the stdlib can parse
        rcpt = []
        clean = True
        for field, role in (("to", "to"), ("cc", "cc"), ("bcc", "bcc")):
            for _, a in email.utils.getaddresses([str(v) for v in msg.get_all(field, [])]):
                if "@" not in a:
                    continue  # list element without an address (onakit drops and counts these)
                if not ADDR.match(a):
                    clean = False
                rcpt.append((a.lower(), role))
        if clean and rcpt:
            out[mid] = (frm[0], sorted(rcpt))
    return {k: v for k, v in out.items() if ids[k] == 1}, len(raws)


def ours(log) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    df = log.to_pandas()
    res: dict = {}
    if "message_id" not in df:
        return res
    for mid, g in df.groupby("message_id", sort=False):
        res[mid] = (g["sender"].iloc[0], sorted(zip(g["recipient"], g["role"].astype(str))))
    return res


# ---- agreement with the reference on every real mbox ---------------------------
@pytest.mark.parametrize("rel", MBOX_FILES)
def test_agrees_with_stdlib(rel):
    path = data_file(rel)
    log = ona.read_mbox(path, errors="skip")
    r = log.report
    assert r["records_read"] == r["records_kept"] + sum(r["skipped"].values())
    ref, n_ref = reference(path)
    # Records are the From_ separated messages, as mailbox.mbox sees them.
    assert r["records_read"] == n_ref
    got = ours(log)
    agree = sum(1 for k, v in ref.items() if got.get(k) == v)
    missing = [k for k in ref if k not in got]
    differ = [k for k in ref if k in got and got[k] != ref[k]]
    assert not missing and not differ, (rel, missing[:3], [(got[k], ref[k]) for k in differ[:3]])
    assert agree == len(ref)


def test_enron_counts_against_stdlib():
    """Per file: messages read = mailbox.mbox's count; kept = those with a To/Cc/Bcc address."""
    total_ref = total_agree = 0
    for f in ENRON:
        path = data_file(f"enron-mbox/{f}")
        log = ona.read_mbox(path, errors="skip")
        ref, n = reference(path)
        with_rcpt = 0
        for raw in raw_messages(path):
            msg = email.message_from_bytes(raw, policy=email.policy.compat32)
            addrs = email.utils.getaddresses([str(v) for fld in ("to", "cc", "bcc") for v in msg.get_all(fld, [])])
            with_rcpt += any("@" in a for _, a in addrs)
        assert log.report["records_read"] == n
        assert log.report["records_kept"] == with_rcpt
        assert log.report["skipped"].get("no recipients", 0) == n - with_rcpt
        got = ours(log)
        total_ref += len(ref)
        total_agree += sum(1 for k, v in ref.items() if got.get(k) == v)
    assert total_ref > 3500 and total_agree == total_ref


def test_dates_against_parsedate():
    path = data_file("enron-mbox/enron.skilling-j.sent.mbox")
    log = ona.read_mbox(path, errors="skip")
    df = log.to_pandas().drop_duplicates("message")
    want = {}
    for raw in raw_messages(path):
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        mid = msg["Message-ID"].strip()[1:-1]
        want[mid] = pd.Timestamp(email.utils.parsedate_to_datetime(msg["Date"])).tz_convert("UTC")
    got = dict(zip(df["message_id"], df["timestamp"]))
    assert len(got) == 276
    assert all(got[k] == want[k] for k in got)


def test_lower_case_headers_and_default_recipient():
    """3GPP LISTSERV mbox: lower-case names, `Name  addr@HOST` without brackets, no To."""
    path = data_file("mailing-list-3gpp-bigbang/3GPP_TSG_SA_WG4_EVS.mbox")
    with pytest.raises(ona.ParseError) as e:
        ona.read_mbox(path)
    assert e.value.reason == "no recipients" and e.value.line == 1
    log = ona.read_mbox(path, errors="skip")
    assert log.report["skipped"] == {"no recipients": 50}
    log = ona.read_mbox(path, default_recipient="3gpp_tsg_sa_wg4_evs@list.etsi.org")
    # the senders, checked with the stdlib on the raw `from:` lines (the last word is the address),
    # first copy of each message-id only
    want, seen = [], set()
    for raw in raw_messages(path):
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        mid = msg["message-id"].strip()
        if mid in seen:
            continue
        seen.add(mid)
        want.append(str(msg["from"]).split()[-1].strip("<>").lower())
    assert log.num_messages == len(want)
    assert log.report["skipped"] == {"duplicate message id": 50 - len(want)}
    assert log.report["dropped"]["default recipient"] == len(want)
    df = log.to_pandas()
    assert list(df["sender"]) == want


def test_pipermail_at_obfuscation_and_encoded_names():
    path = data_file("mbox-parser-samples-perceval/pipermail__pipermail_2016_march.mbox")
    log = ona.read_mbox(path, default_recipient="list@example.com")
    assert list(log.people) == ["gpoo@example.com", "list@example.com"]
    # =?ISO-8859-1?Q?Germ=E1n_Poo-Caama=F1o?= decoded by the stdlib
    raw = raw_messages(path)[0]
    name = str(email.header.make_header(email.header.decode_header(
        email.message_from_bytes(raw, policy=email.policy.compat32)["From"].split("(")[1].rstrip(")"))))
    assert log.display_names["gpoo@example.com"] == name == "Germán Poo-Caamaño"


def test_duplicates_and_missing_dates_counted():
    path = data_file("mbox-parser-samples-perceval/mbox__mbox_no_fields.mbox")
    log = ona.read_mbox(path, errors="skip", default_recipient="list@example.com")
    r = log.report
    ids: Counter[str] = Counter()
    n_no_date = 0
    for raw in raw_messages(path):
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        mid = (msg.get("Message-ID") or "").strip()
        if mid:
            ids[mid] += 1
        if not (msg.get("Date") or "").strip():
            n_no_date += 1
    assert r["records_read"] == 6
    assert r["skipped"].get("duplicate message id", 0) == sum(c - 1 for c in ids.values())
    assert r["records_read"] == r["records_kept"] + sum(r["skipped"].values())
    kept_times = log.to_pandas().drop_duplicates("message")["timestamp"]
    assert r["dropped"].get("no date", 0) == kept_times.isna().sum()
    assert kept_times.isna().sum() <= n_no_date


def test_every_file_ingests_without_crash():
    for folder in ("enron-mbox", "mailing-list-3gpp-bigbang", "mbox-parser-samples-perceval"):
        for p in sorted(data_file(folder).iterdir()):
            if p.name.endswith(".md"):
                continue
            log = ona.read_mbox(p, errors="skip")
            r = log.report
            assert r["records_read"] == r["records_kept"] + sum(r["skipped"].values())
            assert r["records_read"] >= 1


def test_listserv_log_is_not_an_mbox():
    path = data_file("mailing-list-3gpp-bigbang/3GPP_TSG_SA_WG2_MTCE.LOG1303A")
    with pytest.raises(ona.ParseError) as e:
        ona.read_mbox(path)
    assert e.value.reason == "no From_ separator"
    assert ona.read_mbox(path, errors="skip").report["skipped"] == {"no From_ separator": 1}


def test_directory_of_mbox_files_equals_the_files():
    folder = data_file("enron-mbox")
    log = ona.read_mbox(folder, errors="skip")
    n = sum(ona.read_mbox(folder / f, errors="skip").num_messages for f in sorted(ENRON))
    assert log.num_messages == n
    assert log.report["records_read"] == sum(len(raw_messages(folder / f)) for f in ENRON)


def test_maildir_and_eml(tmp_path):
    """A Maildir built with the stdlib's mailbox.Maildir from the Enron messages reads like the mbox."""
    src = data_file("enron-mbox/enron.skilling-j.sent.mbox")
    md = mailbox.Maildir(str(tmp_path / "md"), create=True)
    for raw in raw_messages(src):
        md.add(raw)
    md.close()
    a = ona.read_mbox(tmp_path / "md", errors="skip")
    b = ona.read_mbox(src, errors="skip")
    assert a.report["records_read"] == b.report["records_read"] == 276
    assert ours(a) == ours(b)
    # a folder of .eml files
    eml = tmp_path / "eml"
    eml.mkdir()
    for k, raw in enumerate(raw_messages(src)[:20]):
        (eml / f"{k:03d}.eml").write_bytes(raw)
    (eml / "notes.txt").write_text("not mail")
    c = ona.read_mbox(eml, errors="skip")
    assert c.report["records_read"] == 20
    assert c.report["dropped"]["not a mail file"] == 1
    one = ona.read_mbox(eml / "000.eml")
    assert one.num_messages == 1


def test_identities_and_pseudonyms():
    path = data_file("enron-mbox/enron.skilling-j.sent.mbox")
    plain = ona.read_mbox(path, errors="skip")
    key = b"k3y"
    log = ona.read_mbox(path, errors="skip", pseudonymize_key=key)
    def pseudo(a):
        return base64.b32encode(hmac.new(key, a.encode(), hashlib.sha256).digest())[:16].decode().lower()
    assert list(log.people) == [pseudo(a) for a in plain.people]
    assert (log.display_names == "").all()
    assert not any("@" in p for p in log.people)
    internal = ona.read_mbox(path, errors="skip", internal_domains=["enron.com"])
    assert all(p.endswith("enron.com") for p in internal.people)
    r = internal.report
    assert r["records_read"] == r["records_kept"] + sum(r["skipped"].values())
    # expected counts, from the plain log
    df = plain.to_pandas()
    sender_ext = no_rcpt = dropped = 0
    for _, g in df.groupby("message"):
        internal_r = [p.endswith("enron.com") for p in g["recipient"]]
        if not g["sender"].iloc[0].endswith("enron.com"):
            sender_ext += 1
        elif not any(internal_r):
            no_rcpt += 1
        else:
            dropped += internal_r.count(False)
    assert r["skipped"].get("sender external", 0) == sender_ext
    assert r["skipped"].get("no recipients after identity rules", 0) == no_rcpt
    assert r["dropped"].get("recipient external", 0) == dropped
    assert dropped > 0


def test_replies_frame():
    path = data_file("mbox-parser-samples-perceval/pipermail__pipermail_2015_november.mbox")
    log = ona.read_mbox(path, default_recipient="list@example.com")
    rep = log.replies
    want = []
    for m, raw in enumerate(raw_messages(path)):
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        irt = msg.get("In-Reply-To")
        if irt:
            want.append((m, re.search(r"<([^>]+)>", irt).group(1), "in-reply-to"))
        for r in re.findall(r"<([^>]+)>", msg.get("References") or ""):
            want.append((m, r, "references"))
    assert list(zip(rep["message"], rep["parent_id"], rep["header"])) == want
    ids = list(log.to_pandas().drop_duplicates("message")["message_id"])
    for _, row in rep.iterrows():
        assert row["parent"] == (ids.index(row["parent_id"]) if row["parent_id"] in ids else -1)


def test_missing_path():
    with pytest.raises(FileNotFoundError):
        ona.read_mbox("/nonexistent/mail.mbox")


def test_maillog_from_pandas_is_a_plain_message_log():
    # from_pandas is inherited; a DataFrame has no reply links or display
    # names, so the result is a MessageLog, not a MailLog.
    df = pd.DataFrame({"sender": ["a@x.org", "b@x.org"], "recipients": ["b@x.org", "a@x.org;c@x.org"],
                       "timestamp": ["2024-01-01T09:00:00Z", "2024-01-02T09:00:00Z"]})
    from onakit._read_mbox import MailLog  # what read_mbox returns

    log = MailLog.from_pandas(df)
    assert type(log) is ona.MessageLog
    assert log.num_messages == 2
    assert list(log.people) == ["a@x.org", "b@x.org", "c@x.org"]


def test_flag_keywords_of_another_type_name_the_keyword():
    folder = data_file("enron-mbox")
    for kw in ("dedupe_message_ids", "use_resent", "include_bcc"):
        with pytest.raises(TypeError, match=f"{kw} must be True or False, not str"):
            ona.read_mbox(folder, **{kw: "yes"})
    with pytest.raises(TypeError, match="dedupe_message_ids must be True or False"):
        ona.stream_ties(folder, format="mbox", dedupe_message_ids="no")
