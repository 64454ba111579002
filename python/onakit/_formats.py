"""Input formats: what a path holds (the CLI's --format auto and ona.stream_ties(format=None))."""

from __future__ import annotations

import gzip
import os
import re

from . import _core

# The formats the CLI and ona.stream_ties read, by the names users pass as --format / format=.
FORMATS = ("csv", "edgelist", "mbox", "jsonl", "graph-jsonl", "slack", "viva", "trace", "calendar", "parquet")


def is_pipe(path: str) -> bool:
    """True for a path that is neither a regular file nor a folder (a FIFO, ``<(zcat x.gz)``, a device):
    whatever is read from it to peek is gone for the reader."""
    return os.path.exists(path) and not os.path.isfile(path) and not os.path.isdir(path)


def detect_format(path: str) -> str:
    """The input format of a path, from its layout, name and first bytes: one of FORMATS.

    A pipe or device is refused (OptionError naming ``format=`` / ``--format``):
    peeking at its first bytes would take them from the reader."""
    if is_pipe(path):
        raise _core.OptionError(f"{path} is a pipe or a device, whose format cannot be detected without consuming "
                                "it: pass format= (--format)")
    if os.path.isdir(path):
        names = [n.lower() for n in os.listdir(path)]
        if names and any(n.endswith(".parquet") for n in names) and all(
                n.endswith(".parquet") or n.startswith((".", "_")) for n in names):
            return "parquet"  # a Parquet dataset: a folder of .parquet files
        if os.path.exists(os.path.join(path, "users.json")) and os.path.exists(os.path.join(path, "channels.json")):
            return "slack"
        names = [n.lower().removesuffix(".gz") for n in os.listdir(path)]
        if names and all(n.endswith(".ics") or n.startswith(".") or n.endswith((".csv", ".md", ".txt")) for n in names) \
                and any(n.endswith(".ics") for n in names):
            return "calendar"  # a folder of iCalendar files
        return "mbox"  # Maildir, or a folder of .eml / mbox files
    lower = path.lower().removesuffix(".gz")
    if lower.endswith(".parquet"):
        return "parquet"
    if lower.endswith((".mbox", ".eml", ".mbx")):
        return "mbox"
    if lower.endswith((".ics", ".ical", ".ifb")):
        return "calendar"
    head = b""
    if not path.lower().endswith(".gz"):
        with open(path, "rb") as f:
            head = f.read(4096)
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"PK\x03\x04"):  # a zip: the form Slack delivers its exports in
        return "slack"
    if head.startswith(b"From "):
        return "mbox"
    if lower.endswith((".jsonl", ".ndjson", ".json")) or head.lstrip().startswith(b"{"):
        return "graph-jsonl" if b'"emailAddress"' in head else "jsonl"
    first = header_line(path, head).lower()
    if "primarycollaborator_personid" in first:
        return "viva"
    if "senderaddress" in first and "recipientaddress" in first:
        return "trace"
    if lower.endswith((".csv", ".tsv")) or csv_columns(first, None)[0] is not None:
        return "csv"
    return "edgelist"


def header_line(path: str, head: bytes | None = None, encoding: str = "utf-8") -> str:
    """The first line of a (possibly gzipped) text file."""
    if head is None:
        opener = gzip.open if path.lower().endswith(".gz") else open
        try:
            with opener(path, "rb") as f:
                head = f.read(65536)
        except (OSError, EOFError):
            return ""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM (PowerShell 5's Export-Csv)
        text = head.decode("utf-16", "replace")
    else:
        enc = "utf-8" if encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-16") else encoding
        try:
            text = head.decode(enc, "replace")
        except LookupError:
            text = head.decode("utf-8", "replace")
    return text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")


# Common export names, compared case-insensitively without spaces, '_' and '-'; first match wins.
SENDER_NAMES = ["sender", "from", "fromaddress", "senderaddress", "senderemail", "fromemail", "author", "source",
                "src", "user", "caller"]
RECIPIENT_NAMES = ["recipients", "recipient", "to", "toaddress", "recipientaddress", "recipientemail", "toemail",
                   "receiver", "receivers", "target", "dst", "callee"]
TIME_NAMES = ["timestamp", "time", "date", "datetime", "eventdate", "eventtime", "sent", "sentat", "senttime",
              "sentdate", "datesent", "received", "createdat", "created", "ts", "unixtime"]
ROLE_NAMES = ["role", "reciptype", "recipienttype", "recipientrole"]


def csv_columns(header: str, sep: str | None):
    """(columns, found): the header's columns and the detected {sender, recipients, timestamp, role} names."""
    if not header.strip():
        return None, {}
    delim = sep or _core.detect_delimiter(header)
    cols = [c.strip().strip('"').strip() for c in header.split(delim)]

    def find(names):
        keyed = {re.sub(r"[\s_-]", "", c.lower()): c for c in reversed(cols)}
        return next((keyed[n] for n in names if n in keyed), None)

    found = {"sender": find(SENDER_NAMES), "recipients": find(RECIPIENT_NAMES), "timestamp": find(TIME_NAMES),
             "role": find(ROLE_NAMES)}
    if found["sender"] is None or found["recipients"] is None:
        return None, found
    return cols, found
