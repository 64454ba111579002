"""onakit.plot on the synthetic organisation and on radoslaw_email's managers' teams (Agg backend)."""

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import LineCollection, PathCollection  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

import onakit as ona  # noqa: E402
from onakit.report._charts import OTHER, PALETTE  # noqa: E402

from conftest import data_file  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def org():
    log, people = ona.synthetic_org(people=300, departments=6, weeks=8, seed=2)
    return log, people, ona.build_graph(log)


@pytest.fixture(scope="module")
def radoslaw():
    log = ona.read_email_csv(data_file("radoslaw_email/communication.csv"), sender="Sender", recipients="Recipient",
                             timestamp="EventDate", recipient_sep=None)
    hr = ona.read_people(data_file("radoslaw_email/reportsto.csv"), id="ID", people=log.people)
    return log, hr["ReportsToID"], ona.build_graph(log)


def _dots(ax):
    return [c for c in ax.collections if isinstance(c, PathCollection)]


def _legend_texts(ax):
    leg = ax.get_legend()
    assert leg is not None
    return [t.get_text() for t in leg.get_texts()]


def _draw(ax):
    """Render the figure (layout engines and text extents run only then); returns the renderer."""
    ax.figure.canvas.draw()
    return ax.figure.canvas.get_renderer()


def _inside(ax, renderer):
    """Everything drawn (tick labels, axis labels, legend, annotations) lies within the figure: nothing clipped."""
    fig = ax.figure
    tight, box = fig.get_tightbbox(renderer), fig.bbox_inches
    assert tight.x0 >= box.x0 - 0.01 and tight.y0 >= box.y0 - 0.01, (tight, box)
    assert tight.x1 <= box.x1 + 0.01 and tight.y1 <= box.y1 + 0.01, (tight, box)


def test_import_onakit_does_not_import_matplotlib():
    code = "import sys, onakit, onakit.plot; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_missing_matplotlib_names_the_extra(monkeypatch, org):
    log, people, g = org
    dept = people["department"]
    trend = ona.silo_trend(log, dept, freq="M")
    for name in ("matplotlib", "matplotlib.pyplot", "matplotlib.collections", "matplotlib.colors",
                 "matplotlib.lines", "matplotlib.patches"):
        monkeypatch.setitem(sys.modules, name, None)  # as if matplotlib were not installed
    calls = [lambda: ona.plot.network(g, dept), lambda: ona.plot.mixing(g, dept),
             lambda: ona.plot.silo_trend(trend), lambda: ona.plot.centrality(ona.degree(g)),
             lambda: ona.plot.group_graph(g, dept)]
    for call in calls:
        with pytest.raises(ImportError, match=r"pip install onakit\[plot\]"):
            call()


# ---- network ----------------------------------------------------------------------
def test_network_labels_without_size_by_name_the_highest_degree(org):
    # labels=n without size_by ranks people by degree (a missing import once made this raise).
    _, _, g = org
    ax = ona.plot.network(g, labels=3)
    texts = {t.get_text() for t in ax.texts}
    top = ona.degree(g).sort_values(ascending=False, kind="stable").index[:3]
    assert {str(x) for x in top} <= texts


def test_network_one_dot_per_person_coloured_by_group(org):
    _, people, g = org
    dept = people["department"]
    ax = ona.plot.network(g, dept, size_by=ona.pagerank(g), labels=4, title="org")
    dots = _dots(ax)
    assert len(dots) == 1 and len(dots[0].get_offsets()) == g.number_of_people
    # Colours: one per department, the largest department first in the palette.
    sizes = dept.value_counts()
    expected = {PALETTE[i] for i in range(dept.nunique())}
    assert {to_hex(c).upper() for c in dots[0].get_facecolors()} == {c.upper() for c in expected}
    # Largest first, equal sizes by name: the report's order, so each department has the report's colour.
    ranked = sorted(sizes.index, key=lambda x: (-sizes[x], x))
    assert _legend_texts(ax) == [f"{x} ({sizes[x]:,})" for x in ranked]
    handles = ax.get_legend().legend_handles
    assert [to_hex(h.get_markerfacecolor()).upper() for h in handles] == [c.upper() for c in PALETTE[:len(ranked)]]
    # Dot area follows pagerank: the biggest dot is the top-ranked person, at their layout position.
    pos = ona.layout(g)
    top = ona.pagerank(g).idxmax()
    biggest = dots[0].get_offsets()[int(np.argmax(dots[0].get_sizes()))]
    np.testing.assert_allclose(biggest, pos.loc[top, ["x", "y"]].to_numpy(dtype=float), atol=0.05)
    # The ties are drawn (one line per connected pair, at most max_ties) and four people are named.
    lines = [c for c in ax.collections if isinstance(c, LineCollection)]
    ties = g.to_pandas()
    ties = ties[ties.source != ties.target]
    pairs = len({frozenset(p) for p in zip(ties.source, ties.target)})
    assert len(lines) == 1 and len(lines[0].get_segments()) == min(3000, pairs)
    assert len(ax.texts) == 4 and str(top) in [t.get_text() for t in ax.texts]
    _inside(ax, _draw(ax))


def test_network_respects_ax_pos_and_max_ties(org):
    _, people, g = org
    fig, axes = plt.subplots(1, 2)
    pos = ona.layout(g, seed=5)
    out = ona.plot.network(g, ax=axes[1], pos=pos, max_ties=50, legend=False)
    assert out is axes[1] and not axes[0].collections
    seg = [c for c in out.collections if isinstance(c, LineCollection)][0].get_segments()
    assert len(seg) == 50
    assert out.get_legend() is None


def test_network_without_isolates(radoslaw):
    log, teams, _ = radoslaw
    # Only the January mail: some of the 167 people wrote to nobody and heard from nobody that month.
    g = ona.build_graph(log, end="2010-02-01")
    ties = g.to_pandas()
    ties = ties[ties.source != ties.target]
    connected = set(ties.source) | set(ties.target)
    assert len(connected) < g.number_of_people
    ax = ona.plot.network(g, teams, isolates=False)
    assert len(_dots(ax)[0].get_offsets()) == len(connected)
    assert len(_dots(ona.plot.network(g, teams))[0].get_offsets()) == g.number_of_people
    assert _legend_texts(ax)[0].split(" (")[0] in set(teams.dropna())
    assert ax.get_legend().get_title().get_text() == "ReportsToID (people)"  # the Series' name


def test_network_errors_name_the_keyword(org):
    _, people, g = org
    with pytest.raises(ValueError, match="size_by"):
        ona.plot.network(g, size_by=pd.Series([1.0, 2.0], index=["nobody", "else"]))
    with pytest.raises(ValueError, match="pos"):
        ona.plot.network(g, pos=ona.layout(g).iloc[:10])
    with pytest.raises(ValueError, match="labels"):
        ona.plot.network(g, labels=["not a person"])
    with pytest.raises(ValueError, match="max_ties"):
        ona.plot.network(g, max_ties=-1)
    with pytest.raises(TypeError, match="isolates"):
        ona.plot.network(g, isolates="no")


def test_network_small_groups_are_grey_not_shown(radoslaw):
    _, teams, g = radoslaw
    ax = ona.plot.network(g, teams)
    texts = _legend_texts(ax)
    sizes = teams.value_counts()
    small = int((sizes < 5).sum())
    assert f"(suppressed: {small} groups < 5) ({int(sizes[sizes < 5].sum()):,})" in texts
    # No group under five people has an entry of its own.
    for name in sizes[sizes < 5].index:
        assert not any(t.startswith(f"{name} (") for t in texts)
    assert f"no group ({g.number_of_people - teams.notna().sum()})" in texts
    colours = {to_hex(c).upper() for c in _dots(ax)[0].get_facecolors()}
    assert OTHER.upper() in colours


# ---- mixing -----------------------------------------------------------------------
def test_mixing_heat_map_shape_values_and_labels(org):
    _, people, g = org
    dept = people["department"]
    ax = ona.plot.mixing(g, dept)
    k = dept.nunique()
    image = ax.images[0].get_array()
    assert image.shape == (k, k)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    m = ona.mixing_matrix(g, dept, normalize="row").loc[labels, labels]
    np.testing.assert_allclose(np.asarray(image), m.to_numpy(), rtol=1e-12)
    assert [t.get_text() for t in ax.get_xticklabels()] == labels
    assert len(ax.texts) == k * k  # values written in the cells
    assert ax.get_xlabel() == "to group" and ax.get_ylabel() == "from group"
    _inside(ax, _draw(ax))


def test_mixing_and_network_of_an_undirected_graph(org):
    log, people, _ = org
    g = ona.build_graph(log, directed=False)
    dept = people["department"]
    ax = ona.plot.mixing(g, dept, normalize=None)
    image = np.asarray(ax.images[0].get_array())
    np.testing.assert_allclose(image, image.T)  # a tie between two groups is in both cells
    assert ax.get_xlabel() == ax.get_ylabel() == "group"
    ax = ona.plot.network(g, dept, max_ties=10**6)
    seg = [c for c in ax.collections if isinstance(c, LineCollection)][0].get_segments()
    ties = g.to_pandas()
    assert len(seg) == int((ties.source != ties.target).sum())  # each undirected tie drawn once


def test_mixing_respects_min_group_size_and_ax(radoslaw):
    _, teams, g = radoslaw
    fig, ax0 = plt.subplots()
    ax = ona.plot.mixing(g, teams, ax=ax0, normalize=None)
    assert ax is ax0
    sizes = teams.value_counts()
    k = int((sizes >= 5).sum()) + 1  # the kept teams and the merged row
    assert ax.images[0].get_array().shape == (k, k)
    assert [t.get_text() for t in ax.get_yticklabels()][-1].startswith("(suppressed:")
    assert not ax.texts  # over 12 groups: no numbers in the cells
    with pytest.raises(ValueError, match="min_group_size=200"):
        ona.plot.mixing(g, teams, min_group_size=200)


# ---- silo trend ---------------------------------------------------------------------
def test_silo_trend_one_line_per_group_and_the_organisation(org):
    log, people, _ = org
    trend = ona.silo_trend(log, people["department"], freq="W")
    ax = ona.plot.silo_trend(trend)
    lines = ax.get_lines()
    groups = people["department"].nunique()
    drawn = [ln for ln in lines if not str(ln.get_label()).startswith("_")]
    assert len(drawn) == groups + 1
    org_line = [ln for ln in drawn if ln.get_label() == "(organisation)"][0]
    np.testing.assert_allclose(org_line.get_ydata(), trend["ei"]["(organisation)"].to_numpy())
    assert len(_legend_texts(ax)) == groups + 1
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0] == trend.index[0].start_time.strftime("%Y-%m-%d")  # weeks by their first day
    assert "E-I" in ax.get_ylabel()
    _inside(ax, _draw(ax))


def test_silo_trend_measure_groups_and_errors(radoslaw):
    log, teams, _ = radoslaw
    trend = ona.silo_trend(log, teams, freq="M")
    fig, ax0 = plt.subplots()
    some = list(trend["insularity"].columns[:2])
    ax = ona.plot.silo_trend(trend, "insularity", groups=some, organisation=False, ax=ax0)
    assert ax is ax0
    assert len([ln for ln in ax.get_lines() if not str(ln.get_label()).startswith("_")]) == 2
    assert [t.get_text() for t in ax.get_xticklabels()][0] == "2010-01"
    # The merged small teams are drawn grey, after the teams shown on their own, largest first.
    drawn = [ln for ln in ona.plot.silo_trend(trend).get_lines() if not str(ln.get_label()).startswith("_")]
    merged = [ln for ln in drawn if ln.get_label().startswith("(suppressed: ")]
    assert len(merged) == 1 and to_hex(merged[0].get_color()).upper() == OTHER.upper()
    assert drawn.index(merged[0]) == len(drawn) - 2  # then only the organisation
    sizes = [int(ln.get_label().rsplit("(", 1)[1].rstrip(")")) for ln in drawn[:-2]]
    assert sizes == sorted(sizes, reverse=True)
    with pytest.raises(ValueError, match="measure"):
        ona.plot.silo_trend(trend, "nonsense")
    with pytest.raises(ValueError, match="groups"):
        ona.plot.silo_trend(trend, groups=["no such team"])
    with pytest.raises(ValueError, match="ona.silo_trend"):
        ona.plot.silo_trend(trend["ei"])


# ---- centrality -----------------------------------------------------------------------
def test_centrality_ranked_bars(org):
    _, people, g = org
    b = ona.betweenness(g)
    ax = ona.plot.centrality(b, top=12, groups=people["department"])
    assert len(ax.patches) == 12
    shown = [t.get_text() for t in ax.get_yticklabels()]
    expected = b.sort_values(ascending=False, kind="stable").index[:12]
    assert shown == [str(p) for p in expected]
    widths = [p.get_width() for p in ax.patches]
    np.testing.assert_allclose(widths, b.loc[expected].to_numpy())
    # highest at the top: the first bar is drawn highest
    assert ax.patches[0].get_y() < ax.patches[-1].get_y() and ax.yaxis_inverted()
    assert ax.get_xlabel() == "betweenness"
    # each bar has its person's group colour, and the legend lists the groups shown
    groups_shown = set(people["department"].loc[expected])
    assert set(_legend_texts(ax)) == groups_shown
    _inside(ax, _draw(ax))


def test_centrality_top_larger_than_series_ax_and_errors(radoslaw):
    _, teams, g = radoslaw
    fig, ax0 = plt.subplots()
    s = ona.degree(g).iloc[:7]
    ax = ona.plot.centrality(s, top=20, ax=ax0, color="black")
    assert ax is ax0 and len(ax.patches) == 7
    with pytest.raises(ValueError, match="top"):
        ona.plot.centrality(s, top=0)
    with pytest.raises(TypeError, match="Series"):
        ona.plot.centrality(s.to_numpy())
    # small teams are not named next to a person
    ax = ona.plot.centrality(ona.betweenness(g), groups=teams)
    small = teams.value_counts()
    small = {str(x) for x in small[small < 5].index}
    assert not small & set(_legend_texts(ax))


# ---- group graph ------------------------------------------------------------------------
def test_group_graph_circles_lines_and_highlight(org):
    _, people, g = org
    dept = people["department"]
    rep = ona.silo_report(g, dept)
    silos = list(rep.index[rep.silo])
    assert silos == [people.attrs["silo_department"]]
    ax = ona.plot.group_graph(g, dept, highlight=silos)
    circles = _dots(ax)[-1]
    k = dept.nunique()
    assert len(circles.get_offsets()) == k
    segments = [c for c in ax.collections if isinstance(c, LineCollection)][0].get_segments()
    assert 0 < len(segments) <= 3 * k
    labels = [t.get_text() for t in ax.texts]
    sizes = dept.value_counts()
    for name, n in sizes.items():
        assert any(t.startswith(str(name)) and f"{n:,} people" in t for t in labels)
    assert sum("(silo)" in t for t in labels) == 1
    # the silo's circle gets the vermillion ring
    edges = {to_hex(c).upper() for c in circles.get_edgecolors()}
    assert "#D55E00" in edges
    _inside(ax, _draw(ax))


def test_group_graph_suppresses_small_teams(radoslaw):
    _, teams, g = radoslaw
    fig, ax0 = plt.subplots()
    ax = ona.plot.group_graph(g, teams, ax=ax0)
    assert ax is ax0
    sizes = teams.value_counts()
    assert len(_dots(ax)[-1].get_offsets()) == int((sizes >= 5).sum()) + 1
    assert any(t.get_text().startswith("(suppressed:") for t in ax.texts)
    with pytest.raises(ValueError, match="highlight"):
        ona.plot.group_graph(g, teams, highlight=["nobody's team"])
