"""Issue #16: with pseudonymisation on, no raw identity of the input appears in any output.

For every real mail and chat set onakit reads, a pseudonymised run produces
every output a user can see (log and graph reprs, every measure's table and
its attrs, CSVs, the HTML report, the CLI's stdout/stderr and files, pickles,
a saved graph, warnings and the messages of provoked errors). All of it is
grepped for every raw identity of the input: addresses, their local parts and
domains, display names, Slack/Teams user ids and names, message ids and
subjects, collected by an independent parse (``email``, ``json``, regular
expressions), never by onakit. A group smaller than ``min_group_size`` has a
distinctive name that must not appear either, and the key itself must not.

A control run without a key checks that the grep does find identities when
they are there, so the test can fail.
"""

from __future__ import annotations

import contextlib
import os
import time
import email
import email.header
import email.utils
import io
import json
import pickle
import re
import tempfile
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import onakit as ona
from conftest import data_file
from metric_calls import CALLS, Inputs, render

KEY = b"k3y-for-the-privacy-test-7f1c"
TINY = "tinysecretgroupzq"  # a group of 2 people: below min_group_size=5, so never shown by name
ADDRESS = re.compile(r"[\w.+'%=-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
AT_FORM = re.compile(r"([\w.+-]+) at ([\w-]+(?:\.[\w-]+)+)")  # pipermail's obfuscated "user at host"


# ---- the identities of the input, by an independent parse ---------------------------------------------------

class Needles:
    """Raw identities of an input: whole addresses, words (local parts, names, ids) and phrases."""

    def __init__(self) -> None:
        self.items: set[str] = set()
        self.identifiers: set[str] = set()  # what the readers label people by, as written (for the HR table)

    def address(self, text: str) -> None:
        for a in ADDRESS.findall(text):
            self._address(a)
        for local, host in AT_FORM.findall(text):
            self._address(f"{local}@{host}")

    def _address(self, a: str) -> None:
        a = a.strip(".'").lower()
        local, _, domain = a.partition("@")
        self.items.add(a)
        self.identifiers.add(a)
        if len(local) >= 4:
            self.items.add(local)
        if len(domain) >= 4:
            self.items.add(domain)

    def name(self, text: str | None, min_len: int = 4) -> None:
        if text and len(text.strip()) >= min_len:
            self.items.add(text.strip().lower())

    def identifier(self, text: str | None) -> None:
        if text:
            self.identifiers.add(text)
            self.name(text)


def _decoded(value) -> str:
    try:
        return str(email.header.make_header(email.header.decode_header(str(value))))
    except Exception:  # noqa: BLE001 - a broken encoded word: the raw text
        return str(value)


PERSON_HEADERS = ("from", "to", "cc", "bcc", "reply-to", "sender", "resent-from", "resent-to", "resent-cc",
                  "x-from", "x-to", "x-cc", "x-bcc", "delivered-to", "return-path", "x-original-to")


def mail_needles(paths: list[Path]) -> Needles:
    """Addresses, display names, message ids and subjects of mbox files, split on `From ` lines."""
    n = Needles()
    for path in paths:
        raw = path.read_bytes()
        for chunk in re.split(rb"(?m)^From ", raw):
            if not chunk.strip():
                continue
            msg = email.message_from_bytes(b"From " + chunk if not chunk.startswith(b"From ") else chunk)
            for h in PERSON_HEADERS:
                for value in msg.get_all(h) or []:
                    text = _decoded(value)
                    n.address(text)
                    for display, _ in email.utils.getaddresses([text]):
                        if "@" not in display:
                            n.name(display.strip('"'))
                    if h in ("x-from", "x-to", "x-cc", "x-bcc"):  # Enron: "Allen, Phillip K." lists
                        for part in re.split(r"[,;]\s*(?=[A-Z])", text):
                            if "@" not in part and "<" not in part:
                                n.name(part.strip(' "'), 6)
            for h in ("message-id", "in-reply-to", "references"):
                for value in msg.get_all(h) or []:
                    for mid in re.findall(r"<[^<>\s]+>", str(value)):
                        n.items.add(mid.lower())
                        n.address(mid)
            subject = _decoded(msg.get("subject", "")).strip()
            subject = re.sub(r"^((re|fwd?|aw)\s*:\s*)+", "", subject, flags=re.I)
            n.name(subject, 16)
    return n


def slack_needles(root: list[Path]) -> Needles:
    """Slack users (ids, names, e-mails) and the people and addresses of every message of an export."""
    n = Needles()

    def walk(obj, parent: str = "") -> None:
        if isinstance(obj, dict):
            for k, v in obj.items():
                if isinstance(v, str):
                    if k in ("user", "parent_user_id", "inviter", "bot_id") or (k == "id" and parent == "user"):
                        n.identifier(v)
                    elif k in ("real_name", "display_name", "first_name", "last_name", "user_name", "real_name_normalized",
                               "display_name_normalized") or (k == "name" and parent in ("user", "user_profile")):
                        n.name(v)
                    elif k == "email":
                        n.address(v)
                    elif k in ("text", "text_readable"):
                        n.address(v)
                else:
                    walk(v, k)
        elif isinstance(obj, list):
            for v in obj:
                walk(v, parent)

    top = root[0]
    if zipfile.is_zipfile(top):
        with zipfile.ZipFile(top) as z:
            for name in z.namelist():
                if name.endswith(".json"):
                    data = json.loads(z.read(name))
                    walk(data, "user" if name.endswith("users.json") else "")
    else:
        for f in sorted(Path(top).rglob("*.json")):
            walk(json.loads(f.read_text(encoding="utf-8")), "user" if f.name == "users.json" else "")
    return n


def graph_json_needles(paths: list[Path]) -> Needles:
    """Microsoft Graph responses: addresses, display names and user ids."""
    n = Needles()

    def walk(obj, parent: str = "") -> None:
        if isinstance(obj, dict):
            for k, v in obj.items():
                if isinstance(v, str):
                    if k in ("address", "email", "userPrincipalName"):
                        n.address(v)
                    elif k == "displayName" and parent in ("user", "emailAddress", "application", "device"):
                        n.name(v)
                    elif k in ("id", "userId") and parent in ("user", "from", "mentioned"):
                        n.identifier(v)
                else:
                    walk(v, k)
        elif isinstance(obj, list):
            for v in obj:
                walk(v, parent)

    for p in paths:
        walk(json.loads(p.read_text(encoding="utf-8")))
    return n


def ics_needles(paths: list[Path]) -> Needles:
    """Organizer and attendee addresses and common names of iCalendar files (lines unfolded)."""
    n = Needles()
    for p in paths:
        text = re.sub(r"\r?\n[ \t]", "", p.read_text(encoding="utf-8", errors="replace"))
        for line in text.splitlines():
            if re.match(r"(?i)(ATTENDEE|ORGANIZER)[;:]", line):
                n.address(line)
                for cn in re.findall(r'(?i);CN=("[^"]*"|[^;:]*)', line):
                    n.name(cn.strip('"'))
    return n


# ---- every output of a run ------------------------------------------------------------------------------------

def _unzip_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(m).decode("utf-8", "replace") for m in z.namelist())


def _groups_for(log: ona.MessageLog, identifiers: set[str], ids: ona.Identities) -> pd.DataFrame:
    """An HR table of raw identifiers: four departments by position, and two people in a tiny group."""
    rows, seen = [], set()
    people = set(log.people)
    for raw in sorted(identifiers):
        label = ids.resolve(raw)
        if label is None or label not in people or label in seen:
            continue
        seen.add(label)
        rows.append(raw)
    depts = [TINY if k < 2 else f"dept{k % 4}" for k in range(len(rows))]
    return pd.DataFrame({"email": rows, "department": depts})


def python_outputs(log: ona.MessageLog, hr: pd.DataFrame, tmp: Path) -> dict[str, str]:
    """Every output of the Python API on a pseudonymised log, as text."""
    out: dict[str, str] = {}
    people = ona.read_people(hr, email="email", people=log.people, pseudonymize_key=KEY)
    out["read_people"] = render(people)
    groups = people["department"]
    out["log"] = render(log) + render(getattr(log, "replies", None))
    out["log pickle"] = pickle.dumps(log).decode("utf-8", "replace")
    g = ona.build_graph(log)
    out["graph"] = render(g)
    out["graph pickle"] = pickle.dumps(g).decode("utf-8", "replace")
    g.save(tmp / "g.npz")
    out["saved graph"] = _unzip_text(tmp / "g.npz") + render(ona.load_graph(tmp / "g.npz"))
    lo, hi = log.time_span
    span = (hi - lo) if lo is not None and hi is not None else pd.Timedelta(0)
    freq = "D" if span < pd.Timedelta(days=20) else "W" if span < pd.Timedelta(days=150) else \
        "Q" if span < pd.Timedelta(days=1100) else "Y"
    inputs = Inputs(g=g, log=log, groups=groups, freq=freq)
    timings = {}
    for name, call in CALLS.items():
        t0 = time.perf_counter()
        try:
            out[name] = render(call(inputs))
        except LookupError as e:  # a measure that needs something this input lacks
            out[name] = f"{type(e).__name__}: {e}"
        except (ValueError, ona.Error) as e:  # a typed error on this input: its message is an output too
            out[name] = f"{type(e).__name__}: {e}"
        timings[name] = time.perf_counter() - t0
    if os.environ.get("ONAKIT_PRIVACY_TIMINGS"):
        print(sorted(timings.items(), key=lambda kv: -kv[1])[:8])
    try:
        rep = ona.report(log, groups, permutations=20, layout=g.number_of_people <= 400, title="privacy run")
    except ValueError as e:  # e.g. a sample without ties: the message is the output
        out["report"] = f"{type(e).__name__}: {e}"
        return out
    out["report"] = "\n".join([rep.html, rep.summary, str(rep), repr(rep), render(rep.tables)])
    rep.save(tmp / "report.html")
    out["report file"] = (tmp / "report.html").read_text(encoding="utf-8")
    return out


def provoked_errors(log: ona.MessageLog, hr: pd.DataFrame) -> dict[str, str]:
    """The messages of errors a user provokes with raw addresses or bad options on a pseudonymised log."""
    out = {}
    g = ona.build_graph(log)
    raw = hr["email"].iloc[0]
    attempts = {
        "groups keyed by raw addresses": lambda: ona.silo_report(g, {a: "x" for a in hr["email"]}),
        "ego of a raw address": lambda: ona.ego_network(g, raw),
        "subgraph of raw addresses": lambda: g.subgraph(list(hr["email"][:3])),
        "bad weighting": lambda: ona.build_graph(log, weighting="bogus"),
        "read_people without the key": lambda: ona.read_people(hr.rename(columns={"email": "mail"}), email="email",
                                                               people=log.people, pseudonymize_key=KEY),
    }
    for name, attempt in attempts.items():
        try:
            attempt()
            out[name] = "(no error)"
        except Exception as e:  # noqa: BLE001 - every message is an output
            out[name] = f"{type(e).__name__}: {e}"
    return out


def cli_outputs(path: Path, hr: pd.DataFrame, tmp: Path, extra: list[str]) -> dict[str, str]:
    """stdout, stderr and files of every CLI command on the input, pseudonymised by a key file."""
    from onakit.cli import main

    key_file = tmp / "key"
    key_file.write_bytes(KEY)
    hr_file = tmp / "hr.csv"
    hr.to_csv(hr_file, index=False)
    common = [str(path), "--pseudonymize-key-file", str(key_file), "--people", str(hr_file),
              "--email-column", "email", "--group-by", "department", "--errors", "skip", *extra]
    out = {}
    for command, output in (("summary", None), ("edges", "ties.csv"), ("metrics", "people.csv"),
                            ("groups", "groups.csv"), ("report", "report.html")):
        argv = [command, *common] + (["-o", str(tmp / output)] if output else [])
        if command in ("groups", "report", "summary"):
            argv += ["--permutations", "20"]
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main(argv)
        text = f"exit {code}\n{stdout.getvalue()}\n{stderr.getvalue()}"
        if output and (tmp / output).exists():
            text += (tmp / output).read_text(encoding="utf-8")
        out[f"onakit {command}"] = text
    return out


def leaks(outputs: dict[str, str], needles: set[str]) -> dict[str, list[str]]:
    """{output: needles found in it}: a needle counts where it stands as a whole word (so a local part
    never matches inside a pseudonym)."""
    found: dict[str, list[str]] = {}
    for where, text in outputs.items():
        low = text.lower()
        words = set(re.findall(r"\w+", low))
        hits = []
        for s in needles:
            pieces = re.findall(r"\w+", s)
            if not pieces or not all(p in words for p in pieces):
                continue  # cheap filter before the exact search
            if re.search(r"(?<!\w)" + re.escape(s) + r"(?!\w)", low):
                hits.append(s)
        if hits:
            found[where] = sorted(hits)[:10]
    return found


# ---- the background: words every output has whatever the input --------------------------------------------------

@pytest.fixture(scope="module")
def background(tmp_path_factory) -> set[str]:
    """Words of the outputs of a run on the synthetic organisation (column names, report text, units, ...):
    a needle made only of such words says nothing about a leak."""
    tmp = tmp_path_factory.mktemp("background")
    log, people = ona.synthetic_org(people=60, departments=3, weeks=2)
    hr = pd.DataFrame({"email": list(log.people), "department": list(people["department"].reindex(log.people))})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        texts = python_outputs(log, hr, tmp)
    from onakit.cli import make_parser

    texts["help"] = make_parser().format_help()
    words: set[str] = set()
    for t in texts.values():
        words |= set(re.findall(r"\w+", t.lower()))
    return words


def _checked_needles(n: Needles, background: set[str], paths: list[Path]) -> set[str]:
    """The needles worth looking for: not made only of background words, numbers or words of the
    input's own path (which outputs name as the source)."""
    background = background | {w for p in paths for w in re.findall(r"\w+", str(p).lower())}
    out = set()
    for s in n.items:
        pieces = re.findall(r"\w+", s)
        if not pieces or all(p in background or p.isdigit() for p in pieces):
            continue
        out.add(s)
    out.add(TINY)
    out.add(KEY.decode().lower())
    return out


# ---- the data sets ----------------------------------------------------------------------------------------------

def _jsonl(path: Path) -> Path:
    """A Graph response saved pretty-printed, as the one-message-per-line file read_graph_messages reads."""
    out = Path(tempfile.mkdtemp()) / (path.stem + ".jsonl")
    out.write_text(json.dumps(json.loads(path.read_text(encoding="utf-8"))) + "\n", encoding="utf-8")
    return out


def _teams_members(paths: list[Path]) -> dict[str, list[str]]:
    """The docs samples have one sender per chat: list them with one more (made-up) member, so messages make ties."""
    members: dict[str, list[str]] = {}
    for p in paths:
        for m in json.loads(p.read_text(encoding="utf-8"))["value"]:
            user = ((m.get("from") or {}).get("user") or {}).get("id")
            chat = m.get("chatId") or (m.get("channelIdentity") or {}).get("channelId")
            if user and chat:
                members.setdefault(chat, ["00000000-0000-0000-0000-00000000abcd"]).append(user)
    return members


def _mbox(*names):
    return lambda: [data_file(n) for n in names]


SETS = {
    # name: (paths for the independent parse, the read call, CLI input, CLI flags)
    "enron-mbox": ("mail", lambda: [data_file("enron-mbox/enron.allen-p.sent_items.mbox"),
                                    data_file("enron-mbox/enron.skilling-j.sent.mbox")],
                   lambda p, **kw: ona.read_mbox(p[0], errors="skip", **kw), []),
    "lkml": ("mail", _mbox("mbox-lkml-threads-notmuch/lkml-threads.mbox"),
             lambda p, **kw: ona.read_mbox(p[0], **kw), []),
    "perceval": ("mail", lambda: sorted(data_file("mbox-parser-samples-perceval").glob("*.mbox")),
                 lambda p, **kw: ona.read_mbox(p[0].parent, errors="skip", **kw), []),
    # no To headers: every message goes to the list (a name, not an address of the input)
    "3gpp": ("mail", _mbox("mailing-list-3gpp-bigbang/3GPP_TSG_RAN_WG4_NR-MIMO-OTA.mbox"),
             lambda p, **kw: ona.read_mbox(p[0], errors="skip", default_recipient="the-list", **kw),
             ["--default-recipient", "the-list"]),
    "slack-houston": ("slack", lambda: [data_file("slack-export-houstondatavis")],
                      lambda p, **kw: ona.read_slack_export(p[0], **kw), []),
    "slack-dd2030": ("slack", lambda: [data_file(
                         "slack-dd2030-threads/DERIVED_slack_export_layout_2025-04-30_to_2025-05-21.zip")],
                     lambda p, **kw: ona.read_slack_export(p[0], **kw), []),
    "msgraph-mail": ("graph", lambda: [data_file("msgraph-docs-samples/message-get_example1.json")],
                     lambda p, **kw: ona.read_graph_messages(_jsonl(p[0]), **kw), None),
    "msgraph-teams": ("graph", lambda: [data_file("msgraph-docs-samples/chat-list-messages_example1.json"),
                                        data_file("msgraph-docs-samples/chatmessage-list-replies_example.json")],
                      lambda p, **kw: ona.read_teams_messages(p, errors="skip", channel_ties="members",
                                                              members=_teams_members(p), **kw), None),
    "icalendar": ("ics", lambda: sorted(data_file("icalendar-attendees-test-calendars").glob("*.ics")),
                  lambda p, **kw: ona.read_calendar(p[0].parent, errors="skip", **kw), []),
}
NEEDLES = {"mail": mail_needles, "slack": slack_needles, "graph": graph_json_needles, "ics": ics_needles}


def _run(name: str, tmp: Path, key: bytes | None):
    kind, paths_of, read, cli_flags = SETS[name]
    paths = paths_of()
    needles = NEEDLES[kind](paths)
    caught: list[str] = []
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        log = read(paths, pseudonymize_key=key)
        hr = _groups_for(log, needles.identifiers, ona.Identities(pseudonymize_key=key))
        outputs = python_outputs(log, hr, tmp) if key else {"log": render(log), "graph": render(ona.build_graph(log))}
        if key:
            outputs.update(provoked_errors(log, hr))
        caught += [f"{x.category.__name__}: {x.message}" for x in w]
    outputs["warnings"] = "\n".join(caught)
    if key and cli_flags is not None:
        cli_in = paths[0].parent if name == "perceval" else (paths[0].parent if kind == "ics" else paths[0])
        outputs.update(cli_outputs(cli_in, hr, tmp, cli_flags))
    return log, hr, needles, outputs, paths


@pytest.mark.parametrize("name", list(SETS))
def test_no_raw_identity_in_any_output(name, tmp_path, background):
    log, hr, needles, outputs, paths = _run(name, tmp_path, KEY)
    checked = _checked_needles(needles, background, paths)
    assert len(log.people) >= 2 and len(hr) >= 1, "the set must give people to look for"
    assert len(checked) >= 5, f"{name}: too few identities to look for ({sorted(checked)})"
    found = leaks(outputs, checked)
    # read_people returns the user's own HR table: its department column is theirs to see
    if found.get("read_people") == [TINY]:
        del found["read_people"]
    assert not found, f"{name}: raw identities in outputs: {found}"


def test_the_grep_finds_identities_without_a_key(tmp_path, background):
    """The control: without a key the same grep finds the raw addresses, so the test above can fail."""
    _, _, needles, outputs, paths = _run("lkml", tmp_path, None)
    found = leaks(outputs, _checked_needles(needles, background, paths))
    assert "log" in found and "graph" in found
    assert any("@" in s for s in found["graph"])


def test_groups_below_min_group_size_are_not_named_in_person_tables():
    """Person-level tables with a group column show the suppressed label of group-level tables (one rule)."""
    log = ona.read_mbox(data_file("mbox-lkml-threads-notmuch/lkml-threads.mbox"), pseudonymize_key=KEY)
    g = ona.build_graph(log)
    people = list(g.people)
    # two groups of 3: merged into one shown row of 6 people
    groups = pd.Series(["big"] * (len(people) - 6) + [TINY] * 3 + [TINY + "b"] * 3, index=people)
    label = ona.silo_report(g, groups, permutations=0).index[-1]
    assert label == "(suppressed: 2 groups < 5)"
    for table in (ona.ei_index(g, groups, level="node"), ona.boundary_spanners(g, groups),
                  ona.person_metrics(g, groups)):
        assert set(table["group"].loc[people[-6:]]) == {label}
        assert (table["group"].loc[people[:-6]] == "big").all()
        assert table.attrs["suppressed_groups"] == 2
    # one group of 2: its group row is hidden; person rows still show the suppressed label, not the name
    one = pd.Series(["big"] * (len(people) - 2) + [TINY] * 2, index=people)
    assert TINY not in ona.silo_report(g, one, permutations=0).index
    assert set(ona.boundary_spanners(g, one)["group"].loc[people[-2:]]) == {"(suppressed: 1 groups < 5)"}
    # without the rule the names show, and the numbers do not depend on the labels
    plain = ona.ei_index(g, groups, level="node", min_group_size=None)
    assert set(plain["group"].loc[people[-3:]]) == {TINY + "b"}
    shown = ona.ei_index(g, groups, level="node")
    np.testing.assert_array_equal(plain["ei"].to_numpy(), shown["ei"].to_numpy())
    np.testing.assert_array_equal(plain["expected_ei"].to_numpy(), shown["expected_ei"].to_numpy())
    spans = ona.boundary_spanners(g, groups)
    assert all(TINY not in str(row) for row in spans.attrs["sole_bridges"])
    assert (ona.boundary_spanners(g, groups, min_group_size=None)["external"].to_numpy()
            == spans["external"].to_numpy()).all()


def test_external_fold_pseudonymises_domains_unless_asked(tmp_path):
    path = data_file("mbox-lkml-threads-notmuch/lkml-threads.mbox")
    kw = dict(internal_domains=["vger.kernel.org"], external="fold")
    hidden = ona.read_mbox(path, identities=ona.Identities(pseudonymize_key=KEY, **kw))
    folded = [p for p in hidden.people if str(p).startswith("external:")]
    assert len(folded) >= 5
    assert not any("." in p for p in folded), folded[:5]
    ids = ona.Identities(pseudonymize_key=KEY, **kw)
    assert ids.resolve("ann@gmail.com") == ids.resolve("bob@GMAIL.com") != ids.resolve("cy@yahoo.com")
    assert "gmail" not in str(ids.resolve("ann@gmail.com"))
    kept = ona.read_mbox(path, identities=ona.Identities(pseudonymize_key=KEY, keep_external_domains=True, **kw))
    assert "external:gmail.com" in set(kept.people)
    assert len(kept.people) == len(hidden.people)
    # without a key, folding shows the domain as before
    plain = ona.Identities(**kw)
    assert plain.resolve("ann@gmail.com") == "external:gmail.com"


def test_cli_external_fold_hides_domains(tmp_path):
    from onakit.cli import main

    path = data_file("mbox-lkml-threads-notmuch/lkml-threads.mbox")
    (tmp_path / "key").write_bytes(KEY)
    base = ["edges", str(path), "--internal-domain", "vger.kernel.org", "--external", "fold",
            "--pseudonymize-key-file", str(tmp_path / "key"), "-o"]
    assert main(base + [str(tmp_path / "a.csv")]) == 0
    assert main(base + [str(tmp_path / "b.csv"), "--keep-external-domains"]) == 0
    hidden, kept = (tmp_path / "a.csv").read_text(), (tmp_path / "b.csv").read_text()
    assert "external:" in hidden and "gmail.com" not in hidden and "kernel.org" not in hidden
    assert "external:gmail.com" in kept


def test_the_key_is_in_no_repr_pickle_or_file(tmp_path):
    ids = ona.Identities(pseudonymize_key=KEY, internal_domains=["corp.example"], external="fold")
    assert KEY.decode() not in repr(ids) + str(ids)
    with pytest.raises(TypeError) as e:
        pickle.dumps(ids)
    assert KEY.decode() not in str(e.value)
    log = ona.read_mbox(data_file("mbox-lkml-threads-notmuch/lkml-threads.mbox"), identities=ids)
    g = ona.build_graph(log)
    g.save(tmp_path / "g.npz")
    blobs = [pickle.dumps(log), pickle.dumps(g), (tmp_path / "g.npz").read_bytes(),
             _unzip_text(tmp_path / "g.npz").encode(), repr(log).encode(), repr(g).encode()]
    for blob in blobs:
        assert KEY not in blob
