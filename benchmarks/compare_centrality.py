"""Side-by-side centrality: onakit vs networkx, python-igraph and NetworKit on the same graphs.

Every library gets the same directed, unweighted graph (converted once,
outside the timed region, with onakit's vertex ids), and every result is
checked against onakit's with numpy.testing.assert_allclose after bringing
both to the same definition:

* betweenness (exact) -- normalised by (n-1)(n-2) as networkx; igraph and
  NetworKit return raw sums over ordered pairs, divided here.
* closeness -- incoming distance (networkx's convention). onakit
  ``wf_improved=False`` is checked against igraph ``closeness(mode="in")``
  (r / sum of distances over the r people that reach u; igraph gives NaN,
  onakit 0, for nobody-reaches-u). onakit's default ``wf_improved=True`` is
  checked against NetworKit ``Closeness(G^T, True, GENERALIZED)``, which
  uses *outgoing* distance, hence the reversed graph G^T.
* harmonic -- sum of 1/d over the people that reach u; igraph
  ``harmonic_centrality(mode="in", normalized=False)``, NetworKit
  ``HarmonicCloseness(G^T, normalized=False)``.
* PageRank, alpha = 0.85, unweighted -- onakit and networkx stop when
  sum |x - x_last| < n * tol; NetworKit's rule is norm(x - x_last) <= tol
  with norm = L2 by default, so it runs here with ``norm = L1`` and
  ``tol = n * tol`` (the same rule) and ``DistributeSinks`` (networkx's
  uniform dangling rule). igraph's default PRPACK solves the linear system
  directly (no tolerance): it is timed as is. Agreement is checked as the L1
  distance to onakit (at most 2 n tol alpha / (1 - alpha)).

Threads: onakit ``threads=T`` and ``nk.setNumberOfThreads(T)`` (default
T = 2); igraph and networkx are single-threaded. onakit also gets a
1-thread row. Times are wall clock, best of --repeat (networkx once, and
only on email-Eu-core: it takes minutes beyond).

    bash benchmarks/setup-peers          # igraph, networkit, networkx into .venv
    PYTHONPATH=build/<dir>/python .venv/bin/python benchmarks/compare_centrality.py [--threads 2] [--repeat 1]
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
TOL = 1e-6  # PageRank tolerance (networkx's default)


def best_time(fn, repeat):
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def load(name, people):
    if name == "email-Eu-core":
        log = ona.read_edgelist(DATA / "email-Eu-core" / "email-Eu-core.txt")
        return ona.build_graph(log)
    log, _ = ona.synthetic_org(people=people, departments=40, weeks=4)
    return ona.build_graph(log)


class Peers:
    """The graph as igraph, NetworKit (and its reverse) and networkx objects, built once."""

    def __init__(self, g, want_nx):
        import igraph as ig
        import networkit as nk

        s, t, _ = g._core.tie_table()
        self.n = n = len(g)
        self.edges = np.column_stack([s, t]).astype(np.int64)
        self.ig = ig.Graph(n, self.edges.tolist(), directed=True)
        self.nk = nk.Graph(n, weighted=False, directed=True)
        self.nk_rev = nk.Graph(n, weighted=False, directed=True)
        for u, v in self.edges.tolist():
            self.nk.addEdge(u, v)
            self.nk_rev.addEdge(v, u)
        self.nx = None
        if want_nx:
            import networkx as nx

            self.nx = nx.DiGraph()
            self.nx.add_nodes_from(range(n))
            self.nx.add_edges_from(self.edges.tolist())


def run(name, g, threads, repeat, measures, peers_for, repeat_bc=1):
    import networkit as nk

    nk.setNumberOfThreads(threads)
    n = len(g)
    p = Peers(g, want_nx=name == "email-Eu-core")
    rows = []

    def row(measure, lib, secs, check=None):
        rows.append({"graph": name, "people": n, "ties": g.number_of_ties, "measure": measure, "library": lib,
                     "seconds": secs, "agrees": check})

    def agree(a, b, rtol, atol=0.0):
        assert_allclose(np.asarray(a, float), np.asarray(b, float), rtol=rtol, atol=atol)
        return "yes"

    pair_scale = 1.0 / ((n - 1) * (n - 2))
    if "betweenness" in measures:
        secs, ref = best_time(lambda: ona.betweenness(g, threads=threads).to_numpy(), repeat_bc)
        row("betweenness", f"onakit t={threads}", secs)
        secs, one = best_time(lambda: ona.betweenness(g, threads=1).to_numpy(), repeat_bc)
        row("betweenness", "onakit t=1", secs, "bit-identical" if np.array_equal(one, ref) else "DIFFERS")
        if "betweenness" in peers_for:
            secs, b = best_time(lambda: np.array(p.ig.betweenness(directed=True)) * pair_scale, repeat_bc)
            row("betweenness", "igraph t=1", secs, agree(b, ref, 1e-9, 1e-15))

            def nk_bc():
                bc = nk.centrality.Betweenness(p.nk, False)
                bc.run()
                return np.array(bc.scores()) * pair_scale

            secs, b = best_time(nk_bc, repeat_bc)
            row("betweenness", f"networkit t={threads}", secs, agree(b, ref, 1e-9, 1e-15))
        if p.nx is not None:
            import networkx as nx

            secs, b = best_time(lambda: nx.betweenness_centrality(p.nx), 1)
            row("betweenness", "networkx t=1", secs, agree([b[i] for i in range(n)], ref, 1e-9, 1e-15))

    if "closeness" in measures:
        secs, ref_raw = best_time(lambda: ona.closeness(g, wf_improved=False, threads=threads).to_numpy(), repeat)
        row("closeness", f"onakit t={threads}", secs)
        secs, ref = best_time(lambda: ona.closeness(g, threads=threads).to_numpy(), repeat)
        row("closeness (wf_improved)", f"onakit t={threads}", secs)
        secs, c = best_time(lambda: np.nan_to_num(np.array(p.ig.closeness(mode="in"), float)), repeat)
        row("closeness", "igraph t=1", secs, agree(c, ref_raw, 1e-12))

        def nk_cl():
            c = nk.centrality.Closeness(p.nk_rev, True, nk.centrality.ClosenessVariant.GENERALIZED)
            c.run()
            return np.array(c.scores())

        secs, c = best_time(nk_cl, repeat)
        row("closeness (wf_improved)", f"networkit t={threads}", secs, agree(c, ref, 1e-12))
        if p.nx is not None:
            import networkx as nx

            secs, c = best_time(lambda: nx.closeness_centrality(p.nx), 1)
            row("closeness (wf_improved)", "networkx t=1", secs, agree([c[i] for i in range(n)], ref, 1e-12))

    if "harmonic" in measures:
        secs, ref = best_time(lambda: ona.harmonic(g, threads=threads).to_numpy(), repeat)
        row("harmonic", f"onakit t={threads}", secs)
        secs, c = best_time(lambda: np.array(p.ig.harmonic_centrality(mode="in", normalized=False)), repeat)
        row("harmonic", "igraph t=1", secs, agree(c, ref, 1e-12))

        def nk_h():
            c = nk.centrality.HarmonicCloseness(p.nk_rev, False)
            c.run()
            return np.array(c.scores())

        secs, c = best_time(nk_h, repeat)
        row("harmonic", f"networkit t={threads}", secs, agree(c, ref, 1e-12))
        if p.nx is not None:
            import networkx as nx

            secs, c = best_time(lambda: nx.harmonic_centrality(p.nx), 1)
            row("harmonic", "networkx t=1", secs, agree([c[i] for i in range(n)], ref, 1e-12))

    if "pagerank" in measures:
        secs, ref = best_time(lambda: ona.pagerank(g, weighted=False, tol=TOL, threads=threads).to_numpy(), repeat)
        row("pagerank", f"onakit t={threads}", secs)
        # The rule sum |x - x_last| < n * tol leaves x within ~n * tol * alpha / (1 - alpha)
        # of the fixed point in L1: the check allows twice that.
        l1 = 2 * n * TOL * 0.85 / 0.15

        def agree_l1(a):
            err = float(np.abs(np.asarray(a, float) - ref).sum())
            assert err <= l1, f"pagerank: L1 distance {err:.3g} > {l1:.3g}"
            return f"L1 {err:.1e}"

        secs, c = best_time(lambda: np.array(p.ig.pagerank(damping=0.85)), repeat)
        row("pagerank", "igraph t=1 (PRPACK: direct solve)", secs, agree_l1(c))

        def nk_pr():
            pr = nk.centrality.PageRank(p.nk, 0.85, n * TOL, False, nk.centrality.SinkHandling.DistributeSinks)
            pr.norm = nk.centrality.Norm.L1_NORM
            pr.maxIterations = 100
            pr.run()
            return np.array(pr.scores())

        secs, c = best_time(nk_pr, repeat)
        row("pagerank", f"networkit t={threads}", secs, agree_l1(c))
        if p.nx is not None:
            import networkx as nx

            secs, c = best_time(lambda: nx.pagerank(p.nx, alpha=0.85, tol=TOL), 1)
            row("pagerank", "networkx t=1", secs, agree([c[i] for i in range(n)], ref, 1e-9, 1e-15))
    return rows


def print_table(rows, threads):
    import pandas as pd

    df = pd.DataFrame(rows)
    out = []
    for (graph, measure), grp in df.groupby(["graph", "measure"], sort=False):
        onak = grp[grp.library == f"onakit t={threads}"]
        base = float(onak.seconds.iloc[0]) if len(onak) else None
        for r in grp.itertuples():
            ratio = "" if base is None or r.library.startswith("onakit t=") and r.library == f"onakit t={threads}" \
                else f"{r.seconds / base:.1f}x"
            out.append({"graph": f"{graph} ({r.people:,} people, {r.ties:,} ties)", "measure": measure,
                        "library": r.library, "seconds": f"{r.seconds:.4g}", f"peer / onakit t={threads}": ratio,
                        "values agree": r.agrees if isinstance(r.agrees, str) else ""})
    t = pd.DataFrame(out)
    cols = list(t.columns)
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for r in t.itertuples(index=False):
        print("| " + " | ".join(str(x) for x in r) + " |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3, help="best of N for every measure but betweenness")
    ap.add_argument("--repeat-betweenness", type=int, default=1)
    ap.add_argument("--graphs", default="email-Eu-core,2000,20000",
                    help="comma-separated: email-Eu-core and/or synthetic-org sizes (people)")
    ap.add_argument("--measures", default="betweenness,closeness,harmonic,pagerank")
    ap.add_argument("--betweenness-max-people", type=int, default=20000,
                    help="skip betweenness (all libraries) on larger graphs: O(n m) for every library")
    args = ap.parse_args()
    import igraph
    import networkit
    import networkx

    print(f"onakit {ona.__version__}, igraph {igraph.__version__}, networkit {networkit.__version__}, "
          f"networkx {networkx.__version__}; threads={args.threads}; load average {os.getloadavg()[0]:.2f} at start")
    rows = []
    measures = set(args.measures.split(","))
    for spec in args.graphs.split(","):
        name = spec if not spec.isdigit() else f"synthetic org {int(spec) // 1000}k"
        g = load(spec, int(spec) if spec.isdigit() else 0)
        ms = set(measures)
        if len(g) > args.betweenness_max_people:
            ms.discard("betweenness")
        t0 = time.perf_counter()
        rows += run(name, g, args.threads, args.repeat, ms, peers_for={"betweenness"},
                    repeat_bc=args.repeat_betweenness)
        print(f"  {name}: done in {time.perf_counter() - t0:.0f} s, load average {os.getloadavg()[0]:.2f}", flush=True)
    print_table(rows, args.threads)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
