"""ona.layout: the force-directed layout (include/onakit/graph/layout.hpp)."""

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import onakit as ona
from conftest import data_file


def _distance_ratio(pos: pd.DataFrame, groups: pd.Series) -> float:
    """Mean distance between people of different groups over mean distance within a group."""
    xy = pos[["x", "y"]].to_numpy()
    d = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
    g = groups.reindex(pos.index).to_numpy()
    same = g[:, None] == g[None, :]
    upper = np.triu(np.ones_like(same, dtype=bool), k=1)
    return d[upper & ~same].mean() / d[upper & same].mean()


@pytest.fixture(scope="module")
def email_eu_core():
    """email-Eu-core (1,005 people, 42 departments): the graph and each person's department."""
    path = data_file("email-Eu-core/email-Eu-core.txt")
    g = ona.build_graph(ona.read_edgelist(path))
    labels = pd.read_csv(data_file("email-Eu-core/email-Eu-core-department-labels.txt"), sep=" ",
                         header=None, names=["person", "department"], index_col="person")["department"]
    return g, labels


def test_labels_are_the_graphs_people():
    log, _ = ona.synthetic_org(people=120, departments=4, weeks=2)
    g = ona.build_graph(log)
    pos = ona.layout(g)
    assert list(pos.columns) == ["x", "y"]
    assert pos.index.equals(g.people)
    assert pos.dtypes.tolist() == [np.float64, np.float64]
    # Integer ids stay the user's integers, isolates included.
    G = nx.DiGraph([(10, 20), (20, 30), (30, 10)])
    G.add_node(40)
    h = ona.from_networkx(G)
    hp = ona.layout(h)
    assert hp.index.equals(h.people)
    assert hp.attrs["isolates"] == 1 and hp.attrs["iterations"] == 100


def test_departments_of_email_eu_core_are_drawn_together(email_eu_core):
    g, departments = email_eu_core
    pos = ona.layout(g, seed=3)
    assert pos.index.equals(g.people)
    assert pos.x.between(0, 1).all() and pos.y.between(0, 1).all()
    connected = pos.index[ona.degree(g, normalized=False) > 0]
    ratio = _distance_ratio(pos.loc[connected], departments)
    assert ratio > 1.5, f"mean distance between departments / within: {ratio:.2f}"
    # The measure discriminates: the same positions handed out at random give about 1.
    shuffled = pos.loc[connected].sample(frac=1.0, random_state=0).set_axis(connected)
    assert _distance_ratio(shuffled, departments) < 1.1


def test_synthetic_departments_form_clusters():
    log, people = ona.synthetic_org(people=500, departments=8)
    pos = ona.layout(ona.build_graph(log))
    assert _distance_ratio(pos, people["department"]) > 3


def test_same_seed_same_positions_for_any_thread_count(email_eu_core):
    g, _ = email_eu_core
    one = ona.layout(g, seed=5, threads=1)
    two = ona.layout(g, seed=5, threads=2)
    pd.testing.assert_frame_equal(one, two, check_exact=True)
    assert not ona.layout(g, seed=6, threads=2).equals(one)


@pytest.mark.parametrize("kwargs, keyword", [
    ({"iterations": 0}, "iterations="),
    ({"iterations": 2.5}, "iterations="),
    ({"seed": -1}, "seed="),
    ({"threads": -1}, "threads="),
    ({"scaling": 0}, "scaling="),
    ({"scaling": "big"}, "scaling="),
    ({"gravity": -1.0}, "gravity="),
    ({"gravity": None}, "gravity="),
    ({"theta": float("nan")}, "theta="),
    ({"weighted": "yes"}, "weighted="),
])
def test_bad_options_name_the_keyword(kwargs, keyword):
    g = ona.build_graph(ona.synthetic_org(people=40, departments=2, weeks=1)[0])
    with pytest.raises(ona.OptionError, match=keyword) as err:
        ona.layout(g, **kwargs)
    assert isinstance(err.value, ValueError)


def test_not_a_graph():
    with pytest.raises(TypeError, match="onakit.Graph"):
        ona.layout(pd.DataFrame({"a": [1]}))


def test_ctrl_c_stops_a_long_layout():
    # A million steps would take hours: the run ends soon after SIGINT only
    # because force_layout polls for Ctrl-C between steps.
    import os
    import signal
    import subprocess
    import sys

    code = (
        "import onakit as ona\n"
        "g = ona.build_graph(ona.synthetic_org(people=400, weeks=2)[0])\n"
        "print('ready', flush=True)\n"
        "try:\n"
        "    ona.layout(g, iterations=1_000_000)\n"
        "except KeyboardInterrupt as e:\n"
        "    print('interrupted:', e, flush=True)\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert p.stdout.readline().strip() == "ready"
        import time

        time.sleep(0.5)  # inside the layout by now
        p.send_signal(signal.SIGINT)
        out, _ = p.communicate(timeout=120)
    finally:
        p.kill()
    # The message names what was stopped (onakit::interrupted's what()).
    assert out.strip() == "interrupted: force_layout interrupted"
