"""Side-by-side Teams chat reading: ona.read_teams_messages vs the tests' oracle (Python's json module).

Writes a seeded export in the Graph shape (pages of 50 chatMessages: 1,500 chats
and 200 channels, 2,000 users, 90 days, replies and mentions) into FOLDER once,
then times onakit's reader and the plain-Python reading of
tests/python/test_read_teams.py (json.loads + the documented rules), checks that
both give the same (channel, message, sender, recipient, role) rows, and prints
the ratio.

    PYTHONPATH=build/dev/python .venv/bin/python benchmarks/compare_teams.py [MESSAGES] [FOLDER]
"""
import json
import pathlib
import random
import sys
import time
from datetime import datetime, timezone

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests" / "python"))
import test_read_teams as t  # noqa: E402  (the oracle)

import onakit as ona  # noqa: E402

n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
root = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else f"/tmp/onakit-teams-bench-{n}")
if not root.exists():
    root.mkdir(parents=True)
    rng = random.Random(0)
    users = [f"user-{k}" for k in range(2000)]
    convs = [("chat", f"19:chat-{k}@thread.v2") for k in range(1500)] + [("channel", f"19:chan-{k}@thread.tacv2") for k in range(200)]
    base = 1_709_539_200_000
    msgs, roots = [], {}
    for k in range(n):
        kind, cid = rng.choice(convs)
        ms = base + rng.randrange(90 * 86400 * 1000)
        m = {"id": str(ms), "replyToId": None, "messageType": "message",
             "createdDateTime": datetime.fromtimestamp(ms / 1000, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
             "deletedDateTime": None, "chatId": cid if kind == "chat" else None,
             "channelIdentity": {"teamId": "t", "channelId": cid} if kind == "channel" else None,
             "from": {"application": None, "device": None, "user": {"id": rng.choice(users), "displayName": "x", "userIdentityType": "aadUser"}},
             "body": {"contentType": "text", "content": "hello " * 10}, "mentions": []}
        if kind == "channel" and roots.get(cid) and rng.random() < 0.5:
            m["replyToId"] = rng.choice(roots[cid])
        elif kind == "channel":
            roots.setdefault(cid, []).append(m["id"])
        if rng.random() < 0.2:
            m["mentions"].append({"id": 0, "mentionText": "x", "mentioned": {"user": {"id": rng.choice(users)}}})
        msgs.append(m)
    for p in range(0, n, 50):
        (root / f"page-{p // 50:06d}.json").write_text(json.dumps({"@odata.context": "x", "value": msgs[p:p + 50]}))
files = sorted(root.iterdir())
size = sum(f.stat().st_size for f in files)
t0 = time.perf_counter(); log = ona.read_teams_messages(root); t1 = time.perf_counter()
rows, *_ = t.teams_oracle(files); t2 = time.perf_counter()
assert t.log_rows(log) == rows
print(f"{len(files)} pages, {size / 1e6:.0f} MB, {log.report['records_read']:,} records, {log.num_messages:,} messages, {log.num_pairs:,} pairs")
print(f"onakit {t1 - t0:.2f} s ({size / 1e6 / (t1 - t0):.0f} MB/s); json-module oracle {t2 - t1:.2f} s; ratio {(t2 - t1) / (t1 - t0):.1f}x")
