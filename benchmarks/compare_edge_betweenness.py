"""Side-by-side edge betweenness: onakit vs networkx, python-igraph and NetworKit.

Every library gets the same directed, unweighted graph (converted once,
outside the timed region, with onakit's vertex ids and onakit's tie order),
and every result is checked against onakit's with
numpy.testing.assert_allclose (rtol 1e-9) after bringing both to networkx's
definition: onakit and networkx normalise by n (n - 1); igraph
(``Graph.edge_betweenness(directed=True)``) and NetworKit
(``Betweenness(G, False, computeEdgeCentrality=True)``) return raw sums over
ordered pairs, divided here.

Threads: onakit ``threads=T`` and ``nk.setNumberOfThreads(T)`` (default
T = 2); igraph and networkx are single-threaded; onakit also gets a 1-thread
row. Times are wall clock, best of --repeat (networkx once, on graphs up to
--networkx-max-people).

    bash benchmarks/setup-peers          # igraph, networkit, networkx into .venv
    PYTHONPATH=build/<dir>/python .venv/bin/python benchmarks/compare_edge_betweenness.py [--threads 2]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np
from numpy.testing import assert_allclose

import onakit as ona

DATA = Path(os.environ.get("ONAKIT_DATA_DIR", Path(__file__).resolve().parents[1] / ".." / "shared" / "data")).resolve()


def best_time(fn, repeat):
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def load(spec):
    if spec == "radoslaw":
        log = ona.read_email_csv(DATA / "radoslaw_email" / "communication.csv", sender="Sender",
                                 recipients="Recipient", timestamp="EventDate", recipient_sep=None)
        return "radoslaw_email", ona.build_graph(log)
    if spec == "email-Eu-core":
        return spec, ona.build_graph(ona.read_edgelist(DATA / "email-Eu-core" / "email-Eu-core.txt"))
    log, _ = ona.synthetic_org(people=int(spec), departments=40, weeks=4)
    return f"synthetic org {int(spec) // 1000}k", ona.build_graph(log)


def run(name, g, threads, repeat, nx_max):
    import igraph as ig

    try:
        import networkit as nk
    except ImportError:  # optional peer: benchmarks/setup-peers installs it
        nk = None
    if nk is not None:
        nk.setNumberOfThreads(threads)
    n = len(g)
    c = g.csr()
    off = np.asarray(c.offsets, dtype=np.int64)
    tgt = np.asarray(c.targets, dtype=np.int64)
    src = np.repeat(np.arange(n), np.diff(off))
    edges = np.column_stack([src, tgt]).tolist()  # onakit's tie order (directed: every arc)
    scale = 1.0 / (n * (n - 1))
    rows = []

    def row(lib, secs, check=""):
        rows.append({"graph": f"{name} ({n:,} people, {len(edges):,} ties)", "library": lib, "seconds": secs,
                     "agrees": check})

    def agree(a, b):
        assert_allclose(np.asarray(a, float), np.asarray(b, float), rtol=1e-9, atol=1e-15)
        return "yes"

    secs, ref = best_time(lambda: ona.edge_betweenness(g, threads=threads).to_numpy(), repeat)
    row(f"onakit t={threads}", secs)
    secs, one = best_time(lambda: ona.edge_betweenness(g, threads=1).to_numpy(), repeat)
    row("onakit t=1", secs, "bit-identical" if np.array_equal(one, ref) else "DIFFERS")

    G = ig.Graph(n, edges, directed=True)
    secs, b = best_time(lambda: np.array(G.edge_betweenness(directed=True)) * scale, repeat)
    row("igraph t=1", secs, agree(b, ref))

    if nk is not None:
        N = nk.Graph(n, weighted=False, directed=True)
        for u, v in edges:
            N.addEdge(u, v)
        N.indexEdges()

        def nk_eb():
            bc = nk.centrality.Betweenness(N, False, True)
            bc.run()
            return np.array(bc.edgeScores()) * scale

        secs, b = best_time(nk_eb, repeat)
        row(f"networkit t={threads}", secs, agree(b, ref))
    if n <= nx_max:
        import networkx as nx

        X = nx.DiGraph()
        X.add_nodes_from(range(n))
        X.add_edges_from(edges)
        secs, d = best_time(lambda: nx.edge_betweenness_centrality(X), 1)
        row("networkx t=1", secs, agree([d[(u, v)] for u, v in edges], ref))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--graphs", default="radoslaw,email-Eu-core,2000",
                    help="comma-separated: radoslaw, email-Eu-core and/or synthetic-org sizes (people)")
    ap.add_argument("--networkx-max-people", type=int, default=1100)
    args = ap.parse_args()
    import igraph
    import networkx

    try:
        import networkit
        nk_version = networkit.__version__
    except ImportError:
        nk_version = "not installed (skipped)"
    print(f"onakit {ona.__version__}, igraph {igraph.__version__}, networkit {nk_version}, "
          f"networkx {networkx.__version__}; threads={args.threads}; load average {os.getloadavg()[0]:.2f} at start")
    rows = []
    for spec in args.graphs.split(","):
        name, g = load(spec)
        rows += run(name, g, args.threads, args.repeat, args.networkx_max_people)
    base = {}
    print(f"| graph | library | seconds | peer / onakit t={args.threads} | values agree |")
    print("|---|---|---|---|---|")
    for r in rows:
        if r["library"] == f"onakit t={args.threads}":
            base[r["graph"]] = r["seconds"]
            ratio = ""
        else:
            ratio = f"{r['seconds'] / base[r['graph']]:.1f}x"
        print(f"| {r['graph']} | {r['library']} | {r['seconds']:.4g} | {ratio} | {r['agrees']} |")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
