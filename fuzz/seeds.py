#!/usr/bin/env python3
"""Seed inputs for the fuzz targets, cut from the real data sets at run time
(scripts/fuzz): pieces of a few KB of each file (tables keep their header
row), single header values, and the readers' formats rebuilt from the rows
of the e-mail tables (JSON Lines, message trace, Viva, Graph). Nothing here
is committed: fuzz/corpus/ holds hand-written seeds and minimized findings.

    python3 fuzz/seeds.py DATA_DIR OUT_DIR [TARGET...]

Reader targets take 4 option bytes before the text (fuzz/fuzz.hpp
`bytes::sub(4)`); each piece is written with a few different ones.
"""
from __future__ import annotations

import gzip
import json
import random
import re
import sys
from pathlib import Path

PIECE = 3000  # bytes per piece (about)
rng = random.Random(20240601)


def read(p: Path) -> bytes:
    b = p.read_bytes()
    return gzip.decompress(b) if p.suffix == ".gz" else b


def lines_pieces(data: bytes, header: bool, limit: int = 12) -> list[bytes]:
    lines = data.splitlines(keepends=True)
    head = lines[0] if header and lines else b""
    body = lines[1:] if header else lines
    out, cur = [], []
    size = 0
    # Spread the pieces over the file: every k-th block.
    for ln in body:
        cur.append(ln)
        size += len(ln)
        if size >= PIECE:
            out.append(head + b"".join(cur))
            cur, size = [], 0
    if cur:
        out.append(head + b"".join(cur))
    if len(out) > limit:
        step = len(out) / limit
        out = [out[int(i * step)] for i in range(limit)]
    return out


def mbox_pieces(data: bytes, limit: int = 20) -> list[bytes]:
    starts = [m.start() for m in re.finditer(rb"(?m)^From ", data)] or [0]
    starts.append(len(data))
    out, i = [], 0
    while i < len(starts) - 1:
        j = i + 1
        while j < len(starts) - 1 and starts[j] - starts[i] < PIECE:
            j += 1
        out.append(data[starts[i]:starts[j]][: 4 * PIECE])
        i = j
    if len(out) > limit:
        step = len(out) / limit
        out = [out[int(k * step)] for k in range(limit)]
    return out


def header_values(data: bytes, names: tuple[bytes, ...], limit: int = 60) -> list[bytes]:
    vals = []
    for m in re.finditer(rb"(?mi)^(" + b"|".join(names) + rb"):[ \t]*(.*(?:\r?\n[ \t].*)*)", data):
        vals.append(m.group(2))
    uniq = list(dict.fromkeys(vals))
    rng.shuffle(uniq)
    return uniq[:limit]


def options(n: int = 3) -> list[bytes]:
    return [bytes([0, 0, 0, 0])] + [bytes(rng.randrange(256) for _ in range(4)) for _ in range(n - 1)]


class Out:
    def __init__(self, root: Path, wanted: set[str]):
        self.root, self.wanted, self.count = root, wanted, {}

    def put(self, target: str, data: bytes, with_options: bool = True) -> None:
        if self.wanted and target not in self.wanted:
            return
        d = self.root / target
        d.mkdir(parents=True, exist_ok=True)
        for pre in options() if with_options else [b""]:
            k = self.count.get(target, 0)
            (d / f"seed-{k:05d}").write_bytes(pre + data)
            self.count[target] = k + 1


def email_rows(data_dir: Path) -> list[tuple[str, list[str], str]]:
    """(sender, recipients, time) of the radoslaw and Enron tables."""
    rows = []
    for ln in read(data_dir / "radoslaw_email/communication.csv").decode().splitlines()[1:3000]:
        s, r, t = ln.split(";")
        rows.append((s, [r], t))
    for ln in read(data_dir / "enron-jhu-igraphdata/edges.csv").decode().splitlines()[1:3000]:
        f = ln.replace('"', "").split(",")
        rows.append((f[0] + "@enron.com", [f[1] + "@enron.com"], f[2]))
    # Group consecutive rows with the same sender and time into one message.
    out: list[tuple[str, list[str], str]] = []
    for s, r, t in rows:
        if out and out[-1][0] == s and out[-1][2] == t:
            out[-1][1].extend(r)
        else:
            out.append((s, list(r), t))
    return out


def chunks(items: list, size: int, limit: int = 12) -> list[list]:
    out = [items[i:i + size] for i in range(0, len(items), size)]
    if len(out) > limit:
        step = len(out) / limit
        out = [out[int(i * step)] for i in range(limit)]
    return out


def main() -> None:
    data_dir, root = Path(sys.argv[1]), Path(sys.argv[2])
    out = Out(root, set(sys.argv[3:]))
    mboxes = sorted(data_dir.glob("enron-mbox/*.mbox")) + sorted(data_dir.glob("mbox-*/*.mbox")) + \
        sorted(data_dir.glob("mailing-list-3gpp-bigbang/*"))
    tables = [data_dir / p for p in ("radoslaw_email/communication.csv", "enron-jhu-igraphdata/edges.csv",
                                     "krackhardt-hightech/krack_full_edgelist.csv", "karate-zachary/edges.csv",
                                     "rfid-hospital-lyon/edges.csv", "ukfaculty/edges.csv")]
    edgelists = [data_dir / p for p in ("email-Eu-core/email-Eu-core.txt", "radoslaw_email/out.radoslaw_email_email",
                                        "opsahl-ucsocial/out.opsahl-ucsocial", "email-W3C-benson/email-W3C.txt",
                                        "reality-mining-calls-texts-benson/call-Reality.txt",
                                        "dnc-corecipient/out.dnc-corecipient",
                                        "email-Eu-core-temporal-departments/email-Eu-core-temporal-Dept1.txt")]
    people = [data_dir / p for p in ("krackhardt-hightech/attributes.csv", "enron-jhu-igraphdata/nodes.csv",
                                     "rfid-hospital-lyon/nodes.csv", "ukfaculty/nodes.csv", "karate-zachary/nodes.csv",
                                     "radoslaw_email/reportsto.csv")]
    for p in tables:
        for piece in lines_pieces(read(p), header=True):
            out.put("email_csv", piece)
            out.put("stream", b"\x02" + piece[:0] + piece, with_options=True)
    for p in edgelists:
        for piece in lines_pieces(read(p), header=False, limit=6):
            out.put("edgelist", piece)
            out.put("stream", b"\x00" + piece)
    for p in people:
        for piece in lines_pieces(read(p), header=True, limit=4):
            out.put("people_table", piece)
    for p in mboxes:
        data = read(p)
        for piece in mbox_pieces(data, limit=8):
            out.put("mbox", piece)
            out.put("stream", b"\x03" + piece)
        for v in header_values(data, (b"from", b"to", b"cc", b"bcc", b"sender", b"reply-to"), limit=20):
            out.put("address_list", v, with_options=False)
        for v in header_values(data, (b"subject", b"from", b"to"), limit=40):
            if b"=?" in v:
                out.put("rfc2047", v, with_options=False)
        for v in header_values(data, (b"date", b"resent-date"), limit=15):
            out.put("mail_date", v, with_options=False)
            out.put("timestamp", v, with_options=False)
        head = data[: data.find(b"\n\n") + 2] if b"\n\n" in data else data[:PIECE]
        out.put("address_list", head, with_options=False)
    for p in sorted(data_dir.glob("icalendar-attendees-test-calendars/*.ics")):
        out.put("calendar", read(p)[: 6 * PIECE])
    # Text encodings: pieces of tables in UTF-16 (with and without BOM) and Latin-1.
    for p in tables[:2] + mboxes[:1]:
        piece = lines_pieces(read(p), header=True, limit=1)[0][:1500]
        text = piece.decode("utf-8", "replace")
        out.put("text_encoding", text.encode("utf-16"))
        out.put("text_encoding", text.encode("utf-16-le"))
        out.put("text_encoding", text.encode("latin-1", "replace"))
        out.put("text_encoding", b"\xef\xbb\xbf" + piece)
    # The message formats rebuilt from the e-mail rows.
    rows = email_rows(data_dir)
    for times in sorted({r[2] for r in rows})[:: max(1, len(rows) // 40)]:
        out.put("timestamp", times.encode(), with_options=False)
    for part in chunks(rows, 25):
        jl = "".join(json.dumps({"sender": s, "recipients": r, "timestamp": t}) + "\n" for s, r, t in part)
        out.put("jsonl", jl.encode())
        out.put("stream", b"\x01" + jl.encode())
        trace = "Received,SenderAddress,RecipientAddress,Subject,Status,MessageId\n" + "".join(
            f"{t},{s},{x},hi,Delivered,<m{i}@x>\n" for i, (s, r, t) in enumerate(part) for x in r)
        out.put("message_trace", trace.encode())
        viva = "PrimaryCollaborator_PersonId,SecondaryCollaborator_PersonId,MetricDate,Collaboration_hours," \
               "PrimaryCollaborator_Organization,SecondaryCollaborator_Organization\n" + "".join(
                   f"{s},{x},{t[:10]},{(i % 7) / 2},org{len(s) % 3},org{len(x) % 3}\n"
                   for i, (s, r, t) in enumerate(part) for x in r)
        out.put("viva_p2p", viva.encode())
        graph = "".join(json.dumps({
            "id": f"m{i}", "conversationId": f"c{i % 4}", "sentDateTime": t.replace(" ", "T") + "Z",
            "from": {"emailAddress": {"address": s}},
            "toRecipients": [{"emailAddress": {"address": x}} for x in r]}) + "\n" for i, (s, r, t) in enumerate(part))
        out.put("graph_messages", graph.encode())
    for p in sorted(data_dir.glob("msgraph-docs-samples/*.json")):
        doc = json.loads(read(p))
        out.put("teams_messages", read(p))
        items = doc.get("value", [doc]) if isinstance(doc, dict) else doc
        jl = "".join(json.dumps(x) + "\n" for x in items)
        out.put("graph_messages", jl.encode())
        out.put("teams_messages", jl.encode())
    # Slack: users.json, channels.json and day files, joined by the target's separator.
    slack = data_dir / "slack-export-houstondatavis"
    if slack.is_dir():
        # Only the fields the reader looks at, so a seed stays under the run's -max_len.
        def keep(d: dict, keys: tuple[str, ...]) -> dict:
            return {k: d[k] for k in keys if k in d}
        users = [dict(keep(u, ("id", "name", "is_bot")), profile=keep(u.get("profile", {}), ("email",)))
                 for u in json.loads(read(slack / "users.json"))[:12]]
        chans = [keep(c, ("id", "name", "members")) for c in json.loads(read(slack / "channels.json"))[:4]]
        msg_keys = ("type", "subtype", "user", "text", "ts", "thread_ts", "bot_id", "comment")
        for c in chans:
            days = sorted((slack / c["name"]).glob("*.json"))[:8] if (slack / c["name"]).is_dir() else []
            # The target writes the channel's day files to general/ (odd parts) and a DM's to D1/.
            listed = dict(c, name="general")
            dm = {"id": "D1", "members": [u["id"] for u in users[:2]]}
            for k in range(0, len(days), 2):
                parts = [json.dumps(users), json.dumps([listed]), json.dumps([dm])]
                parts += [json.dumps([keep(m, msg_keys) for m in json.loads(read(d))]) for d in days[k:k + 2]]
                out.put("slack_export", "\n\x00--\n".join(parts).encode())
    print("seeds: " + ", ".join(f"{t} {n}" for t, n in sorted(out.count.items())))


if __name__ == "__main__":
    main()
