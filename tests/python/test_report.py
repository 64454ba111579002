"""ona.report: the HTML silo report (its contract, its findings, its privacy rules).

Oracles: a hand-built log whose figures are worked out here from the raw
messages (insularity, the random-mixing expectation, the group of 2 that must
never be named), and onakit's own public functions for the tables the report
must reproduce unchanged (ona.silo_report, ona.boundary_spanners). Real data:
the synthetic organisation, radoslaw_email with its reports-to hierarchy, the
houstondatavis Slack export and an Enron mbox (pseudonymised for the privacy
scan). Rendering in Chromium is in test_report_render.py.
"""

import re

import numpy as np
import pandas as pd
import pytest
from conftest import data_file

import onakit as ona
from onakit.report import Finding, Report
from onakit.report._findings import silo_findings

SECTIONS = ["overview", "findings", "group-map", "silo-table", "brokers", "people-map", "communities", "over-time",
            "method"]
KEY = b"report-test-key-0123456789abcdef"
ADDRESS = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


def visible(html):
    """The page as a scan should see it: without the <wbr> break hints that tables put inside long labels."""
    return html.replace("<wbr>", "")


def pct(x):
    return f"{100 * x:.0f}%"


# ---- a hand-built organisation -----------------------------------------------------
GROUP_SIZES = {"Marketing": 10, "Sales": 10, "Engineering": 10, "Audit": 2, "Board": 3}


def constructed_org(seed=7, messages=1500):
    """Marketing writes 95% inside; Sales and Engineering 60%, their outside mail to non-Marketing people.

    Audit (2 people) and Board (3) are below min_group_size=5: they must be merged into one
    "(suppressed ...)" group of 5 and never named.
    """
    rng = np.random.default_rng(seed)
    people = {g: [f"{g[0].lower()}{i:02d}" for i in range(n)] for g, n in GROUP_SIZES.items()}
    # Labels are letters + numbers, so a group's name can only reach the page as the group's name.
    group_of = {p: g for g, ps in people.items() for p in ps}
    everyone = list(group_of)
    rows = []
    t0 = pd.Timestamp("2024-01-01", tz="UTC")
    for k in range(messages):
        s = everyone[rng.integers(len(everyone))]
        g = group_of[s]
        inside = rng.random() < (0.95 if g == "Marketing" else 0.6)
        if inside and len(people[g]) > 1:
            pool = [p for p in people[g] if p != s]
        elif g == "Marketing":
            pool = [p for p in everyone if group_of[p] != "Marketing"]
        else:
            pool = [p for p in everyone if group_of[p] not in (g, "Marketing")]
        r = pool[rng.integers(len(pool))]
        rows.append({"sender": s, "recipients": r, "timestamp": t0 + pd.Timedelta(hours=int(k * 1.3))})
    df = pd.DataFrame(rows)
    return ona.MessageLog.from_pandas(df), pd.Series(group_of), df


@pytest.fixture(scope="module")
def constructed():
    log, groups, df = constructed_org()
    rep = ona.report(log, groups, permutations=999, seed=1, layout=False)
    return log, groups, df, rep


def test_insular_group_yields_the_finding_with_its_percentages(constructed):
    log, groups, df, rep = constructed
    # Oracle from the raw messages: each message adds 1 to its (sender, recipient) tie.
    gs, gr = df["sender"].map(groups), df["recipients"].map(groups)
    internal = int(((gs == "Marketing") & (gr == "Marketing")).sum())
    external = int(((gs == "Marketing") != (gr == "Marketing")).sum())
    inside = internal / (internal + external)
    # Random mixing (Krackhardt & Stern, group level): E-I = (2N - 3n + 1) / (2N - n - 1), inside = (1 - E-I) / 2,
    # with N = all 35 grouped people (the merged small groups count as one group) and n = 10.
    n, N = 10, sum(GROUP_SIZES.values())
    expected_inside = (1 - (2 * N - 3 * n + 1) / (2 * N - n - 1)) / 2
    silos = [f for f in rep.findings if f.kind == "silo"]
    assert len(silos) == 1
    assert silos[0].text == (f"Marketing keeps {pct(inside)} of its communication inside the group; with random "
                             f"mixing about {pct(expected_inside)} would stay inside (p < 0.001).")
    assert silos[0].section == "silo-table" and silos[0].measure and silos[0].caveat
    assert f'href="#{silos[0].section}"' in rep.html
    assert rep.summary.startswith("35 people, 3 groups (+2 under 5 people merged), 1 silo flagged (Marketing); ")
    # the generator itself, on the silo table alone
    again = silo_findings(rep.tables["groups"], suppressed_label=rep.tables["groups"].index[-1])
    assert again[0].text == silos[0].text


def test_groups_below_min_group_size_are_never_named(constructed):
    log, groups, df, rep = constructed
    table = rep.tables["groups"]
    assert "Audit" not in table.index and "Board" not in table.index
    assert "(suppressed: 2 groups < 5)" in table.index and table.loc["(suppressed: 2 groups < 5)", "size"] == 5
    for name in ("Audit", "Board"):
        assert name not in rep.html
        assert all(name not in f.text and name not in f.evidence for f in rep.findings)
        for key, t in rep.tables.items():
            if isinstance(t, pd.DataFrame):
                assert name not in t.to_string(), key
    # a single group of 2: even the merged row would describe 2 people, so it is hidden altogether
    rep2 = ona.report(log, groups.replace({"Board": "Sales"}), permutations=99, layout=False)
    assert "Audit" not in rep2.html and not any("suppressed" in str(i) for i in rep2.tables["groups"].index)
    assert rep2.tables["groups"].attrs["suppressed_row_hidden"]
    assert "left out of every group figure" in rep2.html


def test_silo_table_is_silo_report_unchanged(constructed):
    log, groups, df, rep = constructed
    expected = ona.silo_report(ona.build_graph(log), groups, min_group_size=5, permutations=999, seed=1)
    pd.testing.assert_frame_equal(rep.tables["groups"], expected)
    assert rep.tables["groups"].attrs == expected.attrs


def test_contract_shape(constructed):
    rep = constructed[3]
    assert isinstance(rep, Report) and isinstance(rep.html, str)
    assert rep.html.startswith("<!DOCTYPE html>")
    assert ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'unsafe-inline'"
            in rep.html)
    for s in SECTIONS:
        assert f'<section id="{s}">' in rep.html
    assert all(isinstance(f, Finding) for f in rep.findings)
    for f in rep.findings:
        d = f.to_dict()
        assert {"text", "measure", "section", "caveat"} <= set(d) and f["text"] == f.text
        assert f.section in SECTIONS
    assert re.fullmatch(r"35 people, 3 groups \(\+2 under 5 people merged\), 1 silo flagged \(Marketing\); \d+ findings", rep.summary)
    assert rep.summary.endswith(f"; {len(rep.findings)} findings")
    assert repr(rep) == f"Report({rep.summary})"


def test_self_contained_no_url_no_external_resource(constructed):
    html = constructed[3].html
    assert not re.search(r"(?i)https?:|ftp:|//[a-z0-9-]+\.[a-z]{2,}", html)
    assert not re.search(r"(?i)\burl\(|@import|@font-face|<link|<img|<iframe|<object|<embed", html)
    assert not re.search(r'(?i)\bsrc\s*=', html)
    assert all(h.startswith("#") for h in re.findall(r'href="([^"]*)"', html))
    assert "@media print" in html and "break-before: page" in html


def test_notebook_fragment_is_scoped(constructed):
    frag = constructed[3]._repr_html_()
    assert not re.search(r"<(html|head|body)[\s>]", frag)
    css = re.search(r"<style>(.*?)</style>", frag, re.S).group(1)
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    # every selector of every rule (also inside @media) starts with the report's own class
    selectors = []
    for block in re.findall(r"([^{}]+)\{[^{}]*\}", css):
        selectors += [s.strip() for s in block.split(",") if s.strip()]
    assert selectors
    bad = [s for s in selectors if not s.startswith(".ona-report")]
    assert not bad, bad
    for s in SECTIONS:
        assert f'id="{s}"' in frag


def test_save(tmp_path, constructed):
    rep = constructed[3]
    out = rep.save(tmp_path / "r.html")
    assert out == tmp_path / "r.html" and out.read_text(encoding="utf-8") == rep.html
    missing = tmp_path / "no-such-folder" / "r.html"
    with pytest.raises(FileNotFoundError, match="no-such-folder"):
        rep.save(missing)
    assert not (tmp_path / "no-such-folder").exists()
    with pytest.raises(IsADirectoryError, match="folder"):
        rep.save(tmp_path)


def test_groups_that_match_nobody_raise(constructed):
    log = constructed[0]
    with pytest.raises(ValueError, match=r"report: groups: no person of the log has a group: 0 of 35 people"):
        ona.report(log, pd.Series({"x1": "A", "x2": "B"}), layout=False)
    with pytest.raises(ValueError, match="no person of the log has a group"):
        ona.report(log, {}, layout=False)
    # the same labels of another type match by the one label rule (person 1 = key "1")
    numbered = ona.MessageLog.from_pandas(pd.DataFrame({"sender": [1, 2, 3], "recipients": [2, 3, 1],
                                                        "timestamp": ["2024-01-01"] * 3}))
    as_text = ona.report(numbered, pd.Series({"1": "a", "2": "a", "3": "b"}), layout=False, permutations=9,
                         min_group_size=1)
    as_int = ona.report(numbered, pd.Series({1: "a", 2: "a", 3: "b"}), layout=False, permutations=9,
                        min_group_size=1)
    pd.testing.assert_frame_equal(as_text.tables["groups"], as_int.tables["groups"])
    assert list(as_text.tables["groups"]["size"].sort_index()) == [2, 1]
    with pytest.raises(TypeError, match="groups must be a pandas Series"):
        ona.report(log, ["a", "b"], layout=False)
    with pytest.warns(UserWarning, match="report: groups: only 10 of 35 people of the log have a group"):
        ona.report(log, pd.Series({f"m{i:02d}": "M" if i < 5 else "N" for i in range(10)}), permutations=9,
                   layout=False)


def test_bad_options_name_the_keyword(constructed):
    log = constructed[0]
    with pytest.raises(TypeError, match="MessageLog"):
        ona.report("mail.csv")
    with pytest.raises(ona.OptionError, match="min_group_size"):
        ona.report(log, min_group_size=0)
    with pytest.raises(ona.OptionError, match="top"):
        ona.report(log, top=0)
    with pytest.raises(TypeError, match="build must be a dict"):
        ona.report(log, build=["split"])
    with pytest.raises(ona.OptionError, match="threads"):
        ona.report(log, build={"threads": 2})
    with pytest.raises(ona.OptionError, match=r"build=\{'weigthing': ...\} is not a keyword of ona.build_graph"):
        ona.report(log, build={"weigthing": "split"})
    with pytest.raises(TypeError, match="layout must be True or False"):
        ona.report(log, layout="yes")
    with pytest.raises(TypeError, match="title must be text"):
        ona.report(log, title=5)
    with pytest.raises(ona.OptionError, match="permutations"):
        ona.report(log, permutations=-1)
    with pytest.raises(ValueError, match="freq"):
        ona.report(log, freq="bogus", layout=False)
    with pytest.raises(ValueError, match="no ties"):
        ona.report(log, build={"start": "2030-01-01"}, layout=False)


def test_dict_groups_equal_series_groups(constructed):
    log, groups, _, rep = constructed
    rep2 = ona.report(log, groups.to_dict(), permutations=999, seed=1, layout=False)
    pd.testing.assert_frame_equal(rep2.tables["groups"], rep.tables["groups"])
    assert [f.text for f in rep2.findings] == [f.text for f in rep.findings]


def test_no_groups_uses_communities_and_says_so(constructed):
    log = constructed[0]
    rep = ona.report(log, permutations=99, layout=False)
    comm = ona.communities(ona.build_graph(log))
    sizes = comm.value_counts()
    # communities below min_group_size are merged (or hidden, if even together fewer than 5), as groups are
    small = sizes[sizes < 5]
    merged = f" (+{len(small)} under 5 people {'merged' if small.sum() >= 5 else 'hidden'})" if len(small) else ""
    assert rep.summary.startswith(f"35 people, {int((sizes >= 5).sum())} communities{merged}, no formal groups given, ")
    assert "No formal groups were given" in rep.html
    assert all(str(i).startswith(("Community ", "(suppressed: ")) for i in rep.tables["groups"].index)


def test_progress_goes_to_stderr_only_when_asked(constructed, capsys):
    log = constructed[0]
    ona.report(log, permutations=9, layout=False)
    out = capsys.readouterr()
    assert out.err == "" and out.out == ""
    ona.report(log, permutations=9, layout=False, progress=True)
    out = capsys.readouterr()
    assert "report" in out.err and "step" in out.err and out.out == ""


def test_build_options_pass_through(constructed):
    log, groups = constructed[0], constructed[1]
    build = {"weighting": "split", "start": "2024-01-10", "min_weight": 2}
    # every constructed message has one recipient, so split changes nothing: said, not hidden
    with pytest.warns(UserWarning, match="weighting='split' changes nothing"):
        rep = ona.report(log, groups, build=build, permutations=99, layout=False)
    with pytest.warns(UserWarning, match="weighting='split' changes nothing"):
        expected = ona.silo_report(ona.build_graph(log, **build), groups, permutations=99)
    pd.testing.assert_frame_equal(rep.tables["groups"], expected)
    assert "weighted <b>split</b>" in rep.html and "<code>min_weight=2</code>" in rep.html


def test_source_and_command_are_shown_escaped(constructed):
    log, groups = constructed[0], constructed[1]
    rep = ona.report(log, groups, permutations=9, layout=False, source="mail <2024>.csv",
                     command="onakit report mail.csv -o r.html", title="Q1 & Q2")
    assert "mail &lt;2024&gt;.csv" in rep.html and "<2024>" not in rep.html
    assert "onakit report mail.csv -o r.html" in rep.html
    assert "<title>Q1 &amp; Q2</title>" in rep.html
    assert "ona.report(...)" not in rep.html
    assert "ona.report(...)" in ona.report(log, groups, permutations=9, layout=False).html


def test_over_time_needs_two_periods(constructed):
    log, groups = constructed[0], constructed[1]
    rep = ona.report(log, groups, permutations=9, layout=False, freq="Y")
    assert "trend" not in rep.tables and "no trend to show" in rep.html
    rep = ona.report(log, groups, permutations=9, layout=False, freq="W")
    trend = rep.tables["trend"]
    expected = ona.silo_trend(log, groups, freq="W")
    pd.testing.assert_frame_equal(trend, expected)
    assert len(rep.tables["churn"]) == len(trend) - 1


# ---- the demo -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo():
    log, people = ona.synthetic_org()
    return log, people, ona.report(log, people["department"])


def test_demo_flags_the_planted_silo(demo):
    log, people, rep = demo
    silo = people.attrs["silo_department"]
    assert rep.summary.startswith(f"500 people, 8 groups, 1 silo flagged ({silo}); ")
    assert rep.findings[0].kind == "silo" and rep.findings[0].text.startswith(f"{silo} keeps ")
    # the prose calls the groups by the Series' name; the summary keeps "groups"
    assert "of its communication inside the department;" in rep.findings[0].text
    assert "Crossing departments" in rep.html
    # the planted broker is the top broker
    assert rep.tables["brokers"].index[0] == people.attrs["broker"]
    assert any(f.kind == "broker" and f.text.startswith(people.attrs["broker"]) for f in rep.findings)


def test_demo_sole_bridges_against_the_tie_table(demo):
    # Oracle with pandas: for each pair of departments, the people every tie between the two touches.
    log, people, rep = demo
    g = ona.build_graph(log)
    dept = people["department"].astype(str)
    t = g.to_pandas()
    t["a"], t["b"] = dept.reindex(t["source"]).to_numpy(), dept.reindex(t["target"]).to_numpy()
    t = t[t["a"] != t["b"]]
    key = t[["a", "b"]].apply(lambda r: tuple(sorted(r)), axis=1)
    expected = set()
    for (a, b), sub in t.groupby(key):
        common = set(sub["source"].iloc[:1]) | set(sub["target"].iloc[:1])
        for _, row in sub.iterrows():
            common &= {row["source"], row["target"]}
        expected |= {(a, b, p) for p in common}
    sole = rep.tables["sole_bridges"]
    got = {(*sorted((str(a), str(b))), p) for a, b, p in zip(sole["group_a"], sole["group_b"], sole["person"])}
    assert len(expected) > 0 and got == expected
    spans = ona.boundary_spanners(g, people["department"])
    counts = sole.groupby("person").size().reindex(g.people, fill_value=0)
    assert (counts.to_numpy() == spans["sole_bridge_pairs"].to_numpy()).all()


def test_demo_pair_carriers_from_the_tie_table(demo):
    log, people, rep = demo
    pairs = rep.tables["group_pairs"]
    ties = ona.build_graph(log).to_pandas()
    dept = people["department"].astype(str)
    a, b = ties["source"].map(dept), ties["target"].map(dept)
    top = pairs.iloc[0]
    between = ties[((a == top.group_a) & (b == top.group_b)) | ((a == top.group_b) & (b == top.group_a))]
    assert top.weight == pytest.approx(between["weight"].sum())
    assert pairs["weight"].is_monotonic_decreasing
    if top.carriers <= 3:
        who = [p for p in rep.tables["brokers"].index.union(rep.tables["spanners"].index)
               if p in top.carrier_names] or list(top.carrier_names)
        touched = between["source"].isin(who) | between["target"].isin(who)
        assert top.carried_share == pytest.approx(between.loc[touched, "weight"].sum() / between["weight"].sum())


# ---- real data ------------------------------------------------------------------------
def radoslaw():
    log = ona.read_email_csv(data_file("radoslaw_email/communication.csv"), sender="Sender", recipients="Recipient",
                             timestamp="EventDate", sep=";")
    hierarchy = pd.read_csv(data_file("radoslaw_email/reportsto.csv"))
    # A manager's team: everyone who reports to them (the CEO reports to himself).
    teams = pd.Series([f"team-{m:03d}" for m in hierarchy["ReportsToID"]], index=hierarchy["ID"].astype(str))
    return log, teams


def test_radoslaw_teams(tmp_path):
    log, teams = radoslaw()
    rep = ona.report(log, teams, source="radoslaw_email/communication.csv")
    table = rep.tables["groups"]
    sizes = teams.value_counts()
    small = sizes[sizes < 5].index
    assert len(small) > 0 and (table["size"] >= 5).all()
    for name in small:
        assert name not in rep.html, name
        assert all(name not in f.text + f.evidence for f in rep.findings)
    assert table.attrs["ungrouped"] == 13           # accounts missing from the hierarchy (data README)
    assert "13 people of the log have no group" in rep.html
    # nine months of 2010: monthly periods, the trend and churn are there
    assert len(rep.tables["trend"]) == 9 and len(rep.tables["churn"]) == 8
    for s in SECTIONS:
        assert f'<section id="{s}">' in rep.html
    assert any(f.kind == "communities" for f in rep.findings)


def test_pseudonymised_mbox_shows_no_raw_address():
    path = data_file("enron-mbox/enron.skilling-j.sent.mbox")
    plain = ona.read_mbox(path, errors="skip")
    keyed = ona.read_mbox(path, errors="skip", pseudonymize_key=KEY)
    rep = ona.report(keyed, source=path.name)
    addresses = [str(p) for p in plain.people if "@" in str(p)]
    assert len(addresses) > 1000
    text = visible(rep.html)
    low = text.lower()
    leaked = [a for a in addresses if a.lower() in low]
    assert not leaked, leaked[:5]
    assert not ADDRESS.search(text)
    for s in SECTIONS:
        assert f'<section id="{s}">' in rep.html
    # the unkeyed report of the same file does show them, in tables too (so the scan can fail)
    shown = visible(section(ona.report(plain, permutations=9, layout=False).html, "brokers"))
    assert ADDRESS.search(shown) and sum(a in shown for a in addresses) >= 10


def test_pseudonymised_slack_shows_no_raw_address():
    path = data_file("slack-export-houstondatavis")
    plain = ona.read_slack_export(path)
    keyed = ona.read_slack_export(path, pseudonymize_key=KEY)
    rep = ona.report(keyed, permutations=99)
    addresses = [str(p) for p in plain.people]
    assert addresses and all("@" in a for a in addresses)
    text = visible(rep.html)
    assert not [a for a in addresses if a in text]
    assert not ADDRESS.search(text)
    # nor the workspace's user names and ids (users.json), which the export carries beside the addresses
    import json

    users = json.loads((path / "users.json").read_text(encoding="utf-8"))
    words = {u[k] for u in users for k in ("id", "name", "real_name") if len(u.get(k) or "") >= 5}
    assert len(words) > 50
    assert not [w for w in words if w.lower() in text.lower()]


def test_enron_mbox_grouped_by_domain():
    path = data_file("enron-mbox/enron.skilling-j.sent.mbox")
    log = ona.read_mbox(path, errors="skip")
    domains = pd.Series(log.people.str.split("@").str[1], index=log.people)
    rep = ona.report(log, domains, permutations=99)
    table = rep.tables["groups"]
    assert "enron.com" in table.index and table.attrs["suppressed_groups"] > 0
    sizes = domains.value_counts()
    small = sizes[sizes < 5].index
    group_level = "".join(re.search(f'<section id="{s}">.*?</section>', rep.html, re.S).group(0)
                          for s in ("group-map", "silo-table", "communities", "over-time"))
    for d in small:
        assert d not in table.index and d not in rep.tables["mixing"].index
        assert not re.search(rf"(?<![@.\w-]){re.escape(d)}(?![\w-])", group_level), d
        assert all(d not in (f.text + f.evidence).replace("@" + d, "") for f in rep.findings), d


# ---- the people map ---------------------------------------------------------------------
def section(html, sid):
    return re.search(f'<section id="{sid}">.*?</section>', html, re.S).group(0)


def test_people_map_draws_every_person_in_their_group_colour(constructed, monkeypatch):
    """The section's own code, with a stand-in for ona.layout (the real one is tested below when present)."""
    log, groups = constructed[0], constructed[1]
    seen = {}

    def stand_in(g, *, seed=0, threads=0):
        seen["seed"] = seed
        rng = np.random.default_rng(seed)
        return pd.DataFrame({"x": rng.random(len(g.people)), "y": rng.random(len(g.people))},
                            index=g.people[::-1])          # any order: the report aligns by label

    monkeypatch.setattr(ona, "layout", stand_in, raising=False)
    rep = ona.report(log, groups, permutations=99, seed=3)
    assert seen["seed"] == 3
    part = section(rep.html, "people-map")
    dots = re.findall(r'<circle [^>]*fill="(#[0-9A-Fa-f]{6})"[^>]*><title>([^<]*)</title>', part)
    assert len(dots) == 35
    legend = dict((name, colour) for colour, name in
                  re.findall(r'<span class="dot" style="background:(#[0-9A-Fa-f]{6})"></span>([^<]+?)\s*'
                             r'(?:<span class="flag">silo</span>)?</span>', part))
    for colour, tip in dots:
        person, group = re.fullmatch(r"(\S+) \((.+)\)", tip).groups()
        shown = groups[person] if groups[person] in ("Marketing", "Sales", "Engineering") \
            else "(suppressed: 2 groups &lt; 5)"
        assert group == shown
        assert legend[group] == colour, (person, group)
    assert len(set(legend.values())) == len(legend)            # one colour per group
    assert '>Marketing <span class="flag">silo</span>' in part
    monkeypatch.setattr(ona, "layout", lambda *a, **k: pytest.fail("layout=False must not lay out"), raising=False)
    assert "switched off (layout=False)" in section(ona.report(log, groups, permutations=9, layout=False).html,
                                                    "people-map")


def test_people_map_is_skipped_above_the_limit(constructed, monkeypatch):
    import importlib

    sections = importlib.import_module("onakit.report._sections")   # ona.report is the function: no attribute access

    log, groups = constructed[0], constructed[1]
    monkeypatch.setattr(sections, "PEOPLE_MAP_LIMIT", 20)
    monkeypatch.setattr(ona, "layout", lambda *a, **k: pytest.fail("no layout above the limit"), raising=False)
    part = section(ona.report(log, groups, permutations=9).html, "people-map")
    assert "drawn for up to 20 people; this organisation has 35" in part and "<circle" not in part


@pytest.mark.skipif(not hasattr(ona, "layout"), reason="ona.layout is not in this build yet (branch layout)")
def test_people_map_with_the_real_layout(demo):
    log, people, rep = demo
    part = section(rep.html, "people-map")
    dots = re.findall(r'<circle cx="([0-9.]+)" cy="([0-9.]+)"[^>]*><title>(\S+) \(([^)]+)\)</title>', part)
    assert len(dots) == 500
    xy = pd.DataFrame([(float(x), float(y), p, gname) for x, y, p, gname in dots],
                      columns=["x", "y", "person", "group"]).set_index("person")
    assert (xy["group"] == people["department"].astype(str).reindex(xy.index)).all()
    # the planted silo is drawn as a cluster: its people sit much closer to each other than to everyone else
    # (a random placement gives ratios near 1)
    silo = xy["group"] == people.attrs["silo_department"]
    pts = xy[["x", "y"]].to_numpy()

    def mean_distance(a, b):
        return float(np.sqrt(((pts[a][:, None, :] - pts[b][None, :, :]) ** 2).sum(-1)).mean())

    assert mean_distance(silo, silo) < 0.3 * mean_distance(silo, ~silo)


def test_edge_cases_no_times_one_group_all_groups_small():
    rng = np.random.default_rng(0)
    people = [f"p{i}" for i in range(12)]
    df = pd.DataFrame([{"sender": people[rng.integers(12)], "recipients": people[rng.integers(12)]}
                       for _ in range(300)])
    log = ona.MessageLog.from_pandas(df[df["sender"] != df["recipients"]], timestamp=None)
    rep = ona.report(log, permutations=9)
    assert "(the data carries no times)" in rep.html and "The messages carry no times" in rep.html
    one = ona.report(log, pd.Series("A", index=people), permutations=9)
    assert one.summary.startswith("12 people, 1 group, 0 silos flagged")
    pairs = pd.Series([f"g{i // 2}" for i in range(12)], index=people)        # six groups of two
    with pytest.warns(UserWarning, match="every group has fewer than min_group_size=5 people"):
        small = ona.report(log, pairs, permutations=9)
    assert small.summary.startswith("12 people, 0 groups (+6 under 5 people merged)")
    assert not re.search(r"\bg[0-5]\b", small.html)
    many = pd.Series([f"g{i // 2}" if i < 4 else None for i in range(12)], index=people)   # two groups of two
    with pytest.warns(UserWarning) as caught:
        hidden = ona.report(log, many, permutations=9)
    messages = [str(w.message) for w in caught]
    assert any("no group-level figure can be shown" in m for m in messages)
    assert any("only 4 of 12 people of the log have a group" in m for m in messages)
    assert "no group-level picture can be shown" in hidden.html or "so no group-level picture" in hidden.html
    assert not re.search(r"\bg[01]\b", hidden.html)


def test_number_formatting():
    from onakit.report import _format as f

    assert [f.pct(x) for x in (0.963, 0.004, 0.996, 1.0, 0.0, float("nan"))] == ["96%", "<1%", ">99%", "100%", "0%", "–"]
    assert f.num(1234567) == "1,234,567" and f.weight(2.25) == "2.2" and f.weight(1140.0) == "1,140"
    assert f.signed(-0.961) == "\u22120.96" and f.signed(0.5) == "+0.50"
    assert f.pvalue(1 / 1001, 1000) == "p < 0.001" and f.pvalue(0.0123) == "p = 0.01" and f.pvalue(0.004) == "p = 0.004"
    assert f.links("Legal (1140), Sales (32.5)") == "Legal (1,140), Sales (32.5)"
    assert [f.plural_word(w) for w in ("department", "community", "branch", "day")] == \
        ["departments", "communities", "branches", "days"]
    assert f.person(166) == "#166" and f.person("ann@x.org") == "ann@x.org"
    assert f.names(["a", "b", "c"]) == "a, b and c" and f.names(list("abcdef"), 2) == "a, b and 4 more"


def test_email_eu_core_departments_many_groups_integer_labels():
    """986 people with integer ids and 42 departments (SNAP email-Eu-core-temporal with the derived map)."""
    log = ona.read_edgelist(data_file("email-Eu-core-temporal/email-Eu-core-temporal.txt.gz"), third="time")
    table = pd.read_csv(data_file("email-Eu-core-temporal/DERIVED_temporal_id_to_core_id_and_department.tsv"),
                        sep="\t")
    depts = pd.Series([f"dept {d:02d}" for d in table["department"]], index=table["temporal_id"])
    assert isinstance(log.people[0], (int, np.integer))
    rep = ona.report(log, depts, permutations=199, layout=False)
    expected = ona.silo_report(ona.build_graph(log), depts, permutations=199)
    pd.testing.assert_frame_equal(rep.tables["groups"], expected)
    sizes = depts.value_counts()
    small = sizes[sizes < 5].index
    assert len(small) >= 5 and len(sizes) - len(small) > 16        # more groups than colours
    group_level = "".join(section(rep.html, s) for s in ("group-map", "silo-table", "communities", "over-time"))
    for d in small:
        assert d not in group_level and all(d not in f.text + f.evidence for f in rep.findings), d
    assert "Colours go to the 16 largest groups" in rep.html
    # a person's integer id reads as "#id" in the findings' sentences
    assert any(re.search(r"#\d+", f.text + f.evidence) for f in rep.findings if f.kind in ("bridge", "broker"))
