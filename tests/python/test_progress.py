"""progress=True: a tqdm bar on stderr that moves with the work done, off by default,
and results identical with and without it (real data sets from ../shared/data)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import onakit as ona
from onakit import _core
from onakit._results import core_of

from conftest import data_file

RADOSLAW = dict(sender="Sender", recipients="Recipient", timestamp="EventDate")


@pytest.fixture(scope="module")
def eu_core():
    return ona.build_graph(ona.read_edgelist(data_file("email-Eu-core/email-Eu-core.txt")))


class Positions:
    """A progress callback for _core that records every (done, total) the kernel reports."""

    def __init__(self):
        self.seen = []

    def __call__(self, done, total):
        self.seen.append((done, total))

    def check_moving(self, total=None, minimum=3):
        """Several reports, moving forward, all below the total when it is known: real ticks, not 0 -> 100%.
        The checks before the loop starts report (0, 0): nothing done, size not known yet."""
        seen = self.seen
        while seen and seen[0] == (0, 0):
            seen = seen[1:]
        assert len(seen) >= minimum, seen
        done = [d for d, _ in seen]
        assert done == sorted(done) and done[-1] > done[0], seen
        if total is not None:
            assert {t for _, t in seen} == {total}
            assert all(d < total for d in done)


def both(capsys, run):
    """(result without a bar, its stderr), (result with progress=True, its stderr)."""
    off = run(False)
    err_off = capsys.readouterr().err
    on = run(True)
    err_on = capsys.readouterr().err
    return off, err_off, on, err_on


# ---- what the C++ kernels report through the interrupt poll ---------------------------------------

def searched_sources(g) -> int:
    """The sources exact (edge) betweenness searches: everyone but the people with one contact,
    whose searches are folded into their contact's (include/onakit/centrality/detail/leaf_folding.hpp)."""
    ties = g.to_pandas()
    contacts: dict = {p: set() for p in g.people}
    for s, t in zip(ties["source"], ties["target"]):
        if s != t:
            contacts[s].add(t)
            contacts[t].add(s)
    one = {p: next(iter(c)) for p, c in contacts.items() if len(c) == 1}
    folded = sum(1 for p, u in one.items() if one.get(u) != p)  # not a component of two
    return g.number_of_people - folded


@pytest.mark.parametrize("threads", [1, 2])
def test_betweenness_reports_sources_done(eu_core, threads):
    searched = searched_sources(eu_core)
    assert 800 < searched < 1000  # email-Eu-core has 95 people with one contact
    p = Positions()
    _core.betweenness(core_of(eu_core), threads=threads, progress=p)
    p.check_moving(total=searched, minimum=20 // threads)
    assert ona.betweenness(eu_core, threads=threads).attrs["searches"] == searched
    assert ona.edge_betweenness(eu_core, threads=threads).attrs["searches"] == searched
    assert ona.betweenness(eu_core, weighted=True, threads=threads).attrs["searches"] == len(eu_core)  # no folding


@pytest.fixture(scope="module")
def big_org():
    log, _ = ona.synthetic_org(people=20000, departments=20, weeks=2, seed=3)
    return ona.build_graph(log)


def test_sampled_betweenness_reports_pairs_done(big_org):
    p = Positions()
    r = _core.betweenness(core_of(big_org), approximate=True, epsilon=0.03, threads=1, progress=p)
    assert r.samples > 0
    # first the vertex-diameter bound (a search from every source), then the sampling loop
    p.seen = [x for x in p.seen if x[1] == r.samples]
    p.check_moving(total=r.samples)


@pytest.mark.parametrize("name", ["closeness", "harmonic"])
@pytest.mark.parametrize("weighted", [False, True])
def test_closeness_and_harmonic_report_sources_done(eu_core, name, weighted):
    p = Positions()
    getattr(_core, name)(core_of(eu_core), weighted=weighted, threads=1, progress=p)
    # unweighted runs bit-parallel searches of 256 sources: fewer, larger steps
    p.check_moving(total=eu_core.number_of_people, minimum=3)


@pytest.mark.parametrize("method", ["leiden", "louvain"])
def test_communities_report_node_visits_without_a_total(big_org, method):
    p = Positions()
    _core.communities(core_of(big_org), method=method, threads=1, progress=p)
    assert {t for _, t in p.seen} == {0}  # not known in advance: a counter, not a fake percentage
    p.check_moving(minimum=3)


@pytest.mark.parametrize("threads", [1, 2])
def test_read_email_csv_reports_bytes_parsed(threads):
    path = data_file("radoslaw_email/communication.csv")
    p = Positions()
    _core.read_email_csv(path=str(path), sender="Sender", recipients="Recipient", timestamp="EventDate", role=None,
                         message_id=None, sep=None, recipient_sep=";", errors="strict", threads=threads, progress=p)
    size = path.stat().st_size
    total = p.seen[0][1]
    assert size * 0.99 < total < size  # the body: the file less its header row
    p.check_moving(total=total, minimum=5)


def test_read_mbox_reports_bytes_of_a_file_and_files_of_a_folder():
    mbox = data_file("enron-mbox/enron.lay-k.inbox.mbox")
    p = Positions()
    _core.read_mail(path=str(mbox), errors="skip", progress=p)
    p.check_moving(total=mbox.stat().st_size, minimum=2)
    folder = mbox.parent
    p = Positions()
    _core.read_mail(path=str(folder), errors="skip", progress=p)
    files = len(list(folder.glob("*.mbox")))
    # one tick per file, the total unknown (folders nest); polls inside a file repeat the count
    assert sorted({d for d, _ in p.seen}) == list(range(files + 1))
    assert {t for _, t in p.seen} == {0}


def test_read_slack_export_reports_conversations():
    folder = data_file("slack-export-houstondatavis")
    p = Positions()
    _core.read_slack_export(path=str(folder), channel_ties="recent", recent_window=3600.0,
                            reply_to_thread_participants=False, mentions=True, resolve_emails=True, errors="skip",
                            progress=p)
    conversations = len(json.loads((folder / "channels.json").read_text()))
    assert {t for _, t in p.seen} == {conversations}
    assert [d for d, _ in p.seen] == list(range(conversations))


def test_read_jsonl_reports_bytes(tmp_path):
    rows = pd.read_csv(data_file("radoslaw_email/communication.csv"), sep=";")
    path = tmp_path / "radoslaw.jsonl"
    with path.open("w") as f:
        for s, r, t in rows[["Sender", "Recipient", "EventDate"]].itertuples(index=False):
            f.write(json.dumps({"sender": str(s), "recipients": [str(r)], "timestamp": t}) + "\n")
    p = Positions()
    _core.read_jsonl(path=str(path), sender="sender", recipients="recipients", timestamp="timestamp", role=None,
                     message_id=None, channel=None, recipient_sep=None, errors="strict", progress=p)
    p.check_moving(total=path.stat().st_size, minimum=10)


# radoslaw_email (82,927 rows) written in the three formats whose readers poll every 4096 rows/lines.
@pytest.fixture(scope="module")
def radoslaw_exports(tmp_path_factory):
    rows = pd.read_csv(data_file("radoslaw_email/communication.csv"), sep=";")
    folder = tmp_path_factory.mktemp("exports")
    when = pd.to_datetime(rows["EventDate"], utc=True)
    viva = pd.DataFrame({"MetricDate": when.dt.strftime("%Y-%m-%d"),
                         "PrimaryCollaborator_PersonId": rows["Sender"].astype(str),
                         "SecondaryCollaborator_PersonId": rows["Recipient"].astype(str),
                         "Email_count": 1})
    viva.to_csv(folder / "p2p.csv", index=False)
    trace = pd.DataFrame({"Received": when.dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
                          "SenderAddress": rows["Sender"].astype(str) + "@corp.example",
                          "RecipientAddress": rows["Recipient"].astype(str) + "@corp.example",
                          "Status": "Delivered", "MessageId": [f"<m{i}>" for i in range(len(rows))]})
    trace.to_csv(folder / "trace.csv", index=False)
    with (folder / "mail.jsonl").open("w") as f:
        for s, r, t in zip(trace["SenderAddress"], trace["RecipientAddress"], trace["Received"]):
            f.write(json.dumps({"from": {"emailAddress": {"address": s}},
                                "toRecipients": [{"emailAddress": {"address": r}}], "sentDateTime": t}) + "\n")
    return {"viva": folder / "p2p.csv", "trace": folder / "trace.csv", "graph": folder / "mail.jsonl",
            "rows": len(rows)}


def test_read_viva_trace_and_graph_messages_report_bytes(radoslaw_exports):
    """The three readers that had no progress= (issue 18): bytes parsed, every 4096 rows, below the size."""
    calls = {
        "viva": lambda p, report: _core.read_viva_p2p(path=str(p), weight="Email_count",
                                                       primary="PrimaryCollaborator_PersonId",
                                                       secondary="SecondaryCollaborator_PersonId", date="auto",
                                                       sep=None, errors="strict", progress=report),
        "trace": lambda p, report: _core.read_message_trace(path=str(p), sender="SenderAddress",
                                                             recipient="RecipientAddress", received="Received",
                                                             status="Status", message_id="MessageId", sep=None,
                                                             errors="strict", progress=report),
        "graph": lambda p, report: _core.read_graph_messages(path=str(p), errors="strict", progress=report),
    }
    for name, call in calls.items():
        path = radoslaw_exports[name]
        p = Positions()
        call(path, p)
        size = path.stat().st_size
        total = p.seen[0][1]
        assert size * 0.99 < total <= size, name  # the text (less a header row for the CSV ones)
        # one poll per 4096 rows: radoslaw has 82,927
        p.check_moving(total=total, minimum=radoslaw_exports["rows"] // 4096 - 1)
        # The poll is the Ctrl-C check too: an exception from it stops the read there.
        stops = Positions()

        def stop(done, total):
            stops(done, total)
            if len(stops.seen) == 3:
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            call(path, stop)
        assert len(stops.seen) == 3 and stops.seen[-1][0] < total / 2, name


def test_read_viva_trace_and_graph_messages_show_a_bar_only_when_asked(radoslaw_exports, capsys):
    readers = {
        "viva": lambda progress: ona.read_viva_p2p(radoslaw_exports["viva"], weight="Email_count",
                                                   progress=progress),
        "trace": lambda progress: ona.read_message_trace(radoslaw_exports["trace"], progress=progress),
        "graph": lambda progress: ona.read_graph_messages(radoslaw_exports["graph"], progress=progress),
    }
    for name, read in readers.items():
        off, err_off, on, err_on = both(capsys, read)
        assert err_off == "" and f"reading {radoslaw_exports[name].name}:" in err_on and "B/s" in err_on, name
        pd.testing.assert_frame_equal(off.to_pandas(), on.to_pandas())
        assert off.report == on.report
        assert off.report["records_read"] == radoslaw_exports["rows"]  # oracle: pandas read the same rows
    where = {"viva": "read_viva_p2p", "trace": "read_message_trace", "graph": "read_graph_messages"}
    for name, read in readers.items():
        with pytest.raises(ona.OptionError, match=rf"{where[name]}: progress must be True or False, not 'yes'"):
            read("yes")


def test_a_progress_callback_error_reaches_python(eu_core):
    def fails(done, total):
        raise RuntimeError("the bar broke")

    with pytest.raises(RuntimeError, match="the bar broke"):
        _core.betweenness(core_of(eu_core), threads=2, progress=fails)
    with pytest.raises(RuntimeError, match="the bar broke"):
        _core.read_email_csv(path=str(data_file("radoslaw_email/communication.csv")), sender="Sender",
                             recipients="Recipient", timestamp="EventDate", role=None, message_id=None, sep=None,
                             recipient_sep=";", errors="strict", threads=1, progress=fails)


# ---- the façade: a bar on stderr only when asked, the same results --------------------------------

@pytest.mark.parametrize("measure, kwargs, desc", [
    (ona.betweenness, {}, "betweenness"),
    (ona.betweenness, {"approximate": True, "epsilon": 0.05}, "betweenness (sampled)"),
    (ona.closeness, {}, "closeness"),
    (ona.harmonic, {"weighted": True}, "harmonic"),
    (ona.communities, {}, "leiden"),
    (ona.communities, {"method": "louvain"}, "louvain"),
])
def test_measures_show_a_bar_only_when_asked(eu_core, capsys, measure, kwargs, desc):
    off, err_off, on, err_on = both(capsys, lambda progress: measure(eu_core, progress=progress, **kwargs))
    assert err_off == ""
    assert err_on.startswith(f"\r{desc}:") or f"{desc}:" in err_on, err_on
    pd.testing.assert_series_equal(off, on)
    assert off.attrs == on.attrs


def test_known_size_bars_end_full(eu_core, capsys):
    ona.betweenness(eu_core, progress=True, threads=2)
    err = capsys.readouterr().err
    searched = searched_sources(eu_core)
    assert f"{searched}/{searched}" in err, err


def test_readers_show_a_bar_only_when_asked(capsys, tmp_path):
    csv = data_file("radoslaw_email/communication.csv")
    off, err_off, on, err_on = both(capsys, lambda progress: ona.read_email_csv(csv, progress=progress, **RADOSLAW))
    assert err_off == "" and "reading communication.csv:" in err_on and "B/s" in err_on
    pd.testing.assert_frame_equal(off.to_pandas(), on.to_pandas())
    assert off.report == on.report

    folder = data_file("enron-mbox")
    off, err_off, on, err_on = both(capsys, lambda progress: ona.read_mbox(folder, errors="skip", progress=progress))
    assert err_off == "" and "reading enron-mbox:" in err_on and "file" in err_on
    pd.testing.assert_frame_equal(off.to_pandas(), on.to_pandas())
    pd.testing.assert_frame_equal(off.replies, on.replies)

    slack = data_file("slack-export-houstondatavis")
    off, err_off, on, err_on = both(capsys, lambda progress: ona.read_slack_export(slack, errors="skip",
                                                                                   progress=progress))
    assert err_off == "" and "conversation" in err_on
    pd.testing.assert_frame_equal(off.to_pandas(), on.to_pandas())


def test_periods_tick_once_each(capsys):
    log = ona.read_email_csv(data_file("radoslaw_email/communication.csv"), **RADOSLAW)
    off, err_off, on, err_on = both(capsys, lambda progress: ona.build_graphs(log, freq="M", progress=progress))
    assert err_off == ""
    n = len(off)
    assert n > 3 and f"build_graphs: 100%" in err_on and f"{n}/{n}" in err_on
    assert all(a.equals(b) for a, b in zip(off, on)) and off.index.equals(on.index)

    t_off, err_off, t_on, err_on = both(capsys, lambda progress: ona.per_period(off, ona.pagerank, progress=progress))
    assert err_off == "" and "per_period pagerank:" in err_on and f"{n}/{n}" in err_on
    pd.testing.assert_frame_equal(t_off, t_on)
    # the measure's own progress= still goes through a lambda, and per_period's own bar is separate
    with pytest.raises(ona.OptionError, match="per_period: progress must be True or False"):
        ona.per_period(off, ona.degree, progress="yes")


def test_progress_must_be_a_bool(eu_core):
    with pytest.raises(ona.OptionError, match=r"betweenness: progress must be True or False, not 1"):
        ona.betweenness(eu_core, progress=1)
    with pytest.raises(ona.OptionError, match=r"read_email_csv: progress must be True or False, not 'yes'"):
        ona.read_email_csv(data_file("radoslaw_email/communication.csv"), progress="yes", **RADOSLAW)


def test_report_uses_the_same_bar(capsys):
    log, people = ona.synthetic_org(people=120, departments=4, weeks=4, seed=1)
    ona.report(log, people["department"], permutations=50, layout=False, progress=True)
    assert "report:" in capsys.readouterr().err
    ona.report(log, people["department"], permutations=50, layout=False)
    assert capsys.readouterr().err == ""
