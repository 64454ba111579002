"""Side-by-side graph layout: ona.layout vs networkx spring_layout (and python-igraph when installed).

Every library lays out the same graph (its undirected view, ties weighted by
their message counts) and each drawing is scored the same way: the mean
distance between people of different departments over the mean distance
within a department (people with ties only; a random placement scores
about 1; the larger, the more visibly departments form clusters). Positions
are rescaled to [0, 1]^2 before scoring, as ona.layout returns them. Times
cover only the layout call (best of --repeat runs; networkx and igraph once,
with their default iteration counts); ratios are against the faster of
onakit's two rows (threads=--threads and threads=1, which must agree bit for
bit: the script checks it).

Graphs: the synthetic organisation (`ona.synthetic_org(people=N)` then
`ona.build_graph(log)`: 8 departments) with N = 2,000 and 5,000, and
email-Eu-core (1,005 people, 42 departments) from ../shared/data.

    PYTHONPATH=build/<dir>/python python benchmarks/compare_layout.py [--repeat 3] [--threads 2] [--people 2000,5000]

python-igraph's layout_fruchterman_reingold and layout_drl run when igraph
is importable (benchmarks/setup-peers installs it).
"""

from __future__ import annotations

import argparse
import os
import time

import networkx as nx
import numpy as np
import pandas as pd

import onakit as ona
from compare_lib.common import DATA, best_time

def unit_square(xy: np.ndarray) -> np.ndarray:
    """Uniform rescale into [0, 1]^2 (as ona.layout does), so scores compare."""
    lo = xy.min(axis=0)
    side = (xy.max(axis=0) - lo).max()
    return (xy - lo) / side if side > 0 else xy * 0 + 0.5


def separation(xy: np.ndarray, groups: np.ndarray, pairs: int = 2_000_000) -> float:
    """Mean distance between departments / within, over a fixed random sample of pairs."""
    rng = np.random.default_rng(0)
    i = rng.integers(0, len(xy), pairs)
    j = rng.integers(0, len(xy), pairs)
    keep = i != j
    i, j = i[keep], j[keep]
    d = np.hypot(*(xy[i] - xy[j]).T)
    same = groups[i] == groups[j]
    return float(d[~same].mean() / d[same].mean())


def graphs(people_sizes):
    for n in people_sizes:
        log, people = ona.synthetic_org(people=n)
        yield f"synthetic org {n:,}", ona.build_graph(log), people["department"]
    path = DATA / "email-Eu-core" / "email-Eu-core.txt"
    if path.exists():
        labels = pd.read_csv(DATA / "email-Eu-core" / "email-Eu-core-department-labels.txt", sep=" ",
                             header=None, names=["person", "department"], index_col="person")["department"]
        yield "email-Eu-core", ona.build_graph(ona.read_edgelist(path)), labels
    else:
        print(f"(email-Eu-core skipped: {path} not found)")


def run(name, g, departments, repeat, threads):
    people = g.people
    connected = (ona.degree(g, normalized=False) > 0).to_numpy()
    groups = departments.reindex(people).to_numpy()[connected]
    ties = g.to_pandas()
    G = nx.Graph()
    G.add_nodes_from(people)
    for s, t, w in zip(ties["source"], ties["target"], ties["weight"]):
        if s != t:
            G.add_edge(s, t, weight=G.get_edge_data(s, t, {"weight": 0})["weight"] + w)
    rows = []

    def add(lib, secs, xy):
        xy = unit_square(np.asarray(xy, dtype=float))
        rows.append((lib, secs, separation(xy[connected], groups)))

    secs, pos = best_time(lambda: ona.layout(g, threads=threads), repeat)
    add(f"onakit ona.layout (ForceAtlas2 LinLog, 100 it, t={threads})", secs, pos[["x", "y"]].to_numpy())
    secs1, pos1 = best_time(lambda: ona.layout(g, threads=1), repeat)
    assert pos1.equals(pos), "ona.layout differs between thread counts"
    add("onakit ona.layout, t=1 (bit-identical)", secs1, pos1[["x", "y"]].to_numpy())

    t0 = time.perf_counter()
    p = nx.spring_layout(G, weight="weight", seed=0)
    add("networkx spring_layout (FR, 50 it)", time.perf_counter() - t0, [p[v] for v in people])

    try:
        import igraph as ig
    except ImportError:
        ig = None
    if ig is not None:
        index = {v: k for k, v in enumerate(people)}
        h = ig.Graph(n=len(people), edges=[(index[u], index[v]) for u, v in G.edges()])
        w = [d["weight"] for _, _, d in G.edges(data=True)]
        t0 = time.perf_counter()
        lay = h.layout_fruchterman_reingold(weights=w)
        add("igraph layout_fruchterman_reingold (500 it)", time.perf_counter() - t0, lay.coords)
        t0 = time.perf_counter()
        lay = h.layout_drl(weights=w)
        add("igraph layout_drl", time.perf_counter() - t0, lay.coords)

    base = min(secs for lib, secs, _ in rows if lib.startswith("onakit"))
    print(f"\n### {name} ({g.number_of_people:,} people, {g.number_of_ties:,} ties)\n")
    print("| library | seconds | × onakit's best time | departments apart (between / within) |")
    print("|---|---|---|---|")
    for lib, secs, score in rows:
        print(f"| {lib} | {secs:.3f} | {secs / base:.1f}× | {score:.2f} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--people", default="2000,5000", help="sizes of the synthetic organisation, comma-separated")
    a = ap.parse_args()
    print(f"onakit {ona.__version__}, networkx {nx.__version__}, load average {os.getloadavg()[0]:.2f}")
    for name, g, departments in graphs([int(x) for x in a.people.split(",") if x]):
        run(name, g, departments, a.repeat, a.threads)


if __name__ == "__main__":
    main()
