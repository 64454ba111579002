"""The graph as igraph, NetworKit and networkx objects, and each library's call for each measure.

Every library gets the same graph, converted once outside the timed region
with onakit's vertex ids and onakit's tie order, and every result is brought
to onakit's definition (which is networkx's) before it is compared:

* degree -- ties / (n - 1), in + out on a directed graph (networkx
  ``degree_centrality``); igraph ``degree(mode="all")`` and NetworKit
  ``DegreeCentrality`` (out-degree: in-degree added here) are divided here.
* betweenness (exact) -- normalised by (n-1)(n-2) as networkx; igraph and
  NetworKit return raw sums over ordered pairs, divided here (igraph sums an
  undirected graph over unordered pairs: doubled first).
* approximate betweenness -- on the *undirected* graph (NetworKit's
  ``KadabraBetweenness`` refuses directed graphs). onakit ``approximate=True,
  epsilon, delta`` and NetworKit ``ApproxBetweenness(G, epsilon, delta)``
  (Riondato & Kornaropoulos, the same sampling; it returns the fraction of
  pairs, multiplied here by n / (n - 2) to onakit's (n-1)(n-2)/2) and
  ``KadabraBetweenness(G, epsilon, delta)`` (it counts each unordered pair
  twice: multiplied by n / (2 (n - 2))). Checked against onakit's *exact*
  values: the largest absolute error must be at most epsilon (the guarantee
  holds with probability 1 - delta). onakit computes exactly instead when the
  sample would cost more than the exact algorithm (small graphs): its
  ``attrs["exact"]``, recorded in the results.
* edge betweenness -- onakit and networkx normalise by n (n - 1); igraph
  ``edge_betweenness(directed=True)`` and NetworKit ``Betweenness(G, False,
  computeEdgeCentrality=True)`` return raw sums over ordered pairs, divided here
  (igraph's undirected sums are over unordered pairs: doubled first; NetworKit's
  edge scores are read by its edge id of each tie, which for an undirected graph
  is not the order the ties were added in).
* closeness -- incoming distance (networkx's convention). onakit
  ``wf_improved=False`` is checked against igraph ``closeness(mode="in")``
  (r / sum of distances over the r people that reach u; igraph gives NaN,
  onakit 0, for nobody-reaches-u). onakit's default ``wf_improved=True`` is
  checked against NetworKit ``Closeness(G^T, True, GENERALIZED)``, which
  uses *outgoing* distance, hence the reversed graph G^T, and networkx.
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
* eigenvector, unweighted -- networkx ``eigenvector_centrality`` (in-ties,
  unit Euclidean norm, tol 1e-6) as onakit; igraph
  ``eigenvector_centrality(directed=True, scale=False)`` (ARPACK, in-ties),
  rescaled here to unit Euclidean norm. Agreement: max abs difference
  after both are unit vectors, within 1e-4.
* clustering -- on the *undirected* graph (Watts-Strogatz local
  coefficient, 0 below degree 2): igraph
  ``transitivity_local_undirected(mode="zero")``, NetworKit
  ``LocalClusteringCoefficient``, networkx ``clustering``.
* k-core -- core numbers of the undirected view (degree = in + out on a
  directed graph, self-ties ignored): igraph ``coreness(mode="all")``,
  NetworKit ``CoreDecomposition`` (in + out on a directed graph, as onakit),
  networkx ``core_number`` (self-loops removed first, as it requires).
* Not compared: NetworKit's eigenvector centrality (its directed variant is
  another definition: 0.08 apart on email-Eu-core), NetworKit's modularity
  (undirected only), constraint outside igraph and networkx.
* constraint -- Burt's constraint, weighted, on the directed graph
  (p_ij from a_ij + a_ji): networkx ``constraint(weight="weight")`` and
  igraph ``constraint(weights="weight")``.
* communities -- the undirected weighted graph (a directed graph's ties
  summed both ways); every partition is scored by the same modularity
  (onakit's kernel, which the tests check against networkx).
* modularity of given groups -- networkx ``community.modularity`` and
  igraph ``Graph.modularity`` (directed, weighted).

Threads: onakit ``threads=T``, NetworKit ``setNumberOfThreads(T)``;
igraph, networkx and leidenalg are single-threaded.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

TOL = 1e-6  # PageRank / eigenvector tolerance (networkx's default)
ALPHA = 0.85


class PeerGraphs:
    """One onakit graph and, built lazily and once, the same graph in each peer library."""

    def __init__(self, g):
        self.g = g
        self.n = len(g)
        self.directed = g.directed
        c = g.csr()
        off = np.asarray(c.offsets, dtype=np.int64)
        self.tgt = np.asarray(c.targets, dtype=np.int64)
        self.src = np.repeat(np.arange(self.n, dtype=np.int64), np.diff(off))
        self.w = np.asarray(c.weights, dtype=np.float64)
        if not self.directed:  # each undirected tie once (u <= v), as the peers' undirected graphs want
            keep = self.src <= self.tgt
            self.src, self.tgt, self.w = self.src[keep], self.tgt[keep], self.w[keep]

    @cached_property
    def edges(self) -> list:
        return np.column_stack([self.src, self.tgt]).tolist()

    @cached_property
    def ig(self):
        import igraph as ig

        G = ig.Graph(self.n, self.edges, directed=self.directed)
        G.es["weight"] = self.w.tolist()
        return G

    def _nk(self, reverse: bool, weighted: bool = False):
        import networkit as nk

        G = nk.Graph(self.n, weighted=weighted, directed=self.directed)
        s, t = (self.tgt, self.src) if reverse else (self.src, self.tgt)
        if weighted:
            for u, v, x in zip(s.tolist(), t.tolist(), self.w.tolist()):
                G.addEdge(u, v, x)
        else:
            for u, v in zip(s.tolist(), t.tolist()):
                G.addEdge(u, v)
        G.indexEdges()
        return G

    @cached_property
    def nk(self):
        return self._nk(False)

    @cached_property
    def nk_edge_ids(self):
        """NetworKit's edge id of each tie (src[i], tgt[i])."""
        G = self.nk
        return np.array([G.edgeId(u, v) for u, v in zip(self.src.tolist(), self.tgt.tolist())], dtype=np.int64)

    @cached_property
    def nk_rev(self):
        return self._nk(True)

    @cached_property
    def nk_weighted(self):
        return self._nk(False, weighted=True)

    @cached_property
    def nx(self):
        import networkx as nx

        G = nx.DiGraph() if self.directed else nx.Graph()
        G.add_nodes_from(range(self.n))
        G.add_weighted_edges_from(zip(self.src.tolist(), self.tgt.tolist(), self.w.tolist()))
        return G


def _vec(d, n):
    """A networkx {node: value} dict as a numpy vector in id order."""
    return np.array([d[i] for i in range(n)], dtype=float)


def _nk_run(alg, edges=False):
    alg.run()
    return np.array(alg.edgeScores() if edges else alg.scores(), dtype=float)


def _pair_scale(n):
    return 1.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0


# Each entry: library -> prepare(P, threads, **opts) -> (call, finish): `call()` is the timed
# library call, `finish(result)` brings its result to onakit's definition (untimed).

def onakit_calls(ona, P: PeerGraphs, threads: int, opts: dict) -> dict:
    """onakit's call for each measure (each returns the labelled Series; attrs carry iterations where there are)."""
    g = P.g
    eps, delta = opts.get("epsilon", 0.05), opts.get("delta", 0.1)
    return {
        "degree": lambda: ona.degree(g),
        "betweenness": lambda: ona.betweenness(g, threads=threads),
        "approx_betweenness": lambda: ona.betweenness(g, approximate=True, epsilon=eps, delta=delta,
                                                      seed=0, threads=threads),
        "edge_betweenness": lambda: ona.edge_betweenness(g, threads=threads),
        "closeness": lambda: ona.closeness(g, threads=threads),
        "harmonic": lambda: ona.harmonic(g, threads=threads),
        "pagerank": lambda: ona.pagerank(g, weighted=False, tol=TOL, threads=threads),
        "eigenvector": lambda: ona.eigenvector(g, weighted=False, tol=TOL, threads=threads),
        "clustering": lambda: ona.clustering(g, threads=threads),
        "kcore": lambda: ona.core_number(g),
        "constraint": lambda: ona.constraint(g, weighted=True, threads=threads),
    }


def onakit_references(ona, P: PeerGraphs, measure: str, threads: int) -> dict:
    """Untimed second definitions a peer is checked against (name -> values)."""
    if measure == "closeness":
        return {"wf_improved=False": ona.closeness(P.g, wf_improved=False, threads=threads).to_numpy()}
    return {}


def peer_call(measure: str, lib: str, P: PeerGraphs, threads: int, opts: dict):
    """(call, finish, reference) of `lib` for `measure`; reference names the onakit values to compare with
    ("" = onakit's timed result). Raises KeyError when the library lacks the measure."""
    n = P.n
    pairs = 1.0 if P.directed else 2.0  # igraph sums an undirected graph over unordered pairs; onakit over ordered
    if lib == "igraph":
        G = P.ig
        d = {
            "degree": (lambda: G.degree(mode="all", loops=True), lambda r: np.array(r, float) / (n - 1), ""),
            "betweenness": (lambda: G.betweenness(directed=True),
                            lambda r: np.array(r, float) * pairs * _pair_scale(n), ""),
            "edge_betweenness": (lambda: G.edge_betweenness(directed=True),
                                 lambda r: np.array(r, float) * pairs / (n * (n - 1)), ""),
            "closeness": (lambda: G.closeness(mode="in"), lambda r: np.nan_to_num(np.array(r, float)),
                          "wf_improved=False"),
            "harmonic": (lambda: G.harmonic_centrality(mode="in", normalized=False),
                         lambda r: np.array(r, float), ""),
            "pagerank": (lambda: G.pagerank(damping=ALPHA), lambda r: np.array(r, float), ""),
            "eigenvector": (lambda: G.eigenvector_centrality(directed=True, scale=False),
                            lambda r: _unit(np.array(r, float)), ""),
            "clustering": (lambda: G.transitivity_local_undirected(mode="zero"), lambda r: np.array(r, float), ""),
            "kcore": (lambda: G.coreness(mode="all"), lambda r: np.array(r, float), ""),
            "constraint": (lambda: G.constraint(weights="weight"), lambda r: np.array(r, float), ""),
        }
        return d[measure]
    if lib == "networkit":
        import networkit as nk

        nk.setNumberOfThreads(threads)
        eps, delta = opts.get("epsilon", 0.05), opts.get("delta", 0.1)
        d = {
            "degree": (lambda: _nk_run(nk.centrality.DegreeCentrality(P.nk, normalized=False)),
                       lambda r: (r + np.bincount(P.tgt, minlength=n)) / (n - 1) if P.directed
                       else r / (n - 1), ""),
            "betweenness": (lambda: _nk_run(nk.centrality.Betweenness(P.nk, False)),
                            lambda r: r * _pair_scale(n), ""),
            "approx_betweenness": (lambda: _nk_run(nk.centrality.ApproxBetweenness(P.nk, eps, delta)),
                                   lambda r: r * n / (n - 2), "exact"),
            # edgeScores() is indexed by NetworKit's edge ids, which for an undirected graph are not the
            # insertion order: looked up per tie (untimed)
            "edge_betweenness": (lambda: _nk_run(nk.centrality.Betweenness(P.nk, False, True), edges=True),
                                 lambda r: r[P.nk_edge_ids] / (n * (n - 1)), ""),
            "closeness": (lambda: _nk_run(nk.centrality.Closeness(P.nk_rev, True,
                                                                  nk.centrality.ClosenessVariant.GENERALIZED)),
                          lambda r: r, ""),
            "harmonic": (lambda: _nk_run(nk.centrality.HarmonicCloseness(P.nk_rev, False)), lambda r: r, ""),
            "pagerank": (lambda: _nk_run(_nk_pagerank(nk, P.nk, n)), lambda r: r, ""),
            "clustering": (lambda: _nk_run(nk.centrality.LocalClusteringCoefficient(P.nk, False)),
                           lambda r: r, ""),
            "kcore": (lambda: _nk_run(nk.centrality.CoreDecomposition(P.nk)), lambda r: r, ""),
        }
        if measure == "kadabra_betweenness":
            if P.directed:
                raise NotImplementedError("NetworKit's KadabraBetweenness takes undirected graphs only")
            return (lambda: _nk_run(nk.centrality.KadabraBetweenness(P.nk, eps, delta)),
                    lambda r: r * n / (2 * (n - 2)), "exact")
        return d[measure]
    if lib == "networkx":
        import networkx as nx

        G = P.nx
        d = {
            "degree": (lambda: nx.degree_centrality(G), lambda r: _vec(r, n), ""),
            "betweenness": (lambda: nx.betweenness_centrality(G), lambda r: _vec(r, n), ""),
            "edge_betweenness": (lambda: nx.edge_betweenness_centrality(G),
                                 lambda r: np.array([r[(u, v)] for u, v in zip(P.src.tolist(), P.tgt.tolist())]), ""),
            "closeness": (lambda: nx.closeness_centrality(G), lambda r: _vec(r, n), ""),
            "harmonic": (lambda: nx.harmonic_centrality(G), lambda r: _vec(r, n), ""),
            "pagerank": (lambda: nx.pagerank(G, alpha=ALPHA, tol=TOL, weight=None), lambda r: _vec(r, n), ""),
            "eigenvector": (lambda: nx.eigenvector_centrality(G, tol=TOL, max_iter=1000, weight=None),
                            lambda r: _unit(_vec(r, n)), ""),
            "clustering": (lambda: nx.clustering(G), lambda r: _vec(r, n), ""),
            "kcore": (lambda: nx.core_number(_no_loops(G)), lambda r: _vec(r, n), ""),
            "constraint": (lambda: nx.constraint(G, weight="weight"), lambda r: np.nan_to_num(_vec(r, n)), ""),
        }
        return d[measure]
    raise KeyError(lib)


def _unit(x):
    norm = float(np.linalg.norm(x))
    return x / norm if norm else x


def _no_loops(G):
    import networkx as nx

    H = G.copy()
    H.remove_edges_from(nx.selfloop_edges(H))
    return H


def _nk_pagerank(nk, G, n):
    pr = nk.centrality.PageRank(G, ALPHA, n * TOL, False, nk.centrality.SinkHandling.DistributeSinks)
    pr.norm = nk.centrality.Norm.L1_NORM
    pr.maxIterations = 100
    return pr


def pagerank_l1_bound(n: int) -> float:
    """The rule sum |x - x_last| < n tol leaves x within ~n tol alpha / (1 - alpha) of the fixed point in L1:
    two results may differ by twice that."""
    return 2 * n * TOL * ALPHA / (1 - ALPHA)


# ---- communities: the undirected weighted view, and each library's detection call

def undirected_ties(g):
    """(u, v, w) arrays of the undirected view, u <= v, ids in g.people order (directed ties summed both ways)."""
    import pandas as pd

    c = g.csr()
    off = np.asarray(c.offsets, dtype=np.int64)
    t = np.asarray(c.targets, dtype=np.int64)
    s = np.repeat(np.arange(len(g), dtype=np.int64), np.diff(off))
    w = np.asarray(c.weights, dtype=np.float64)
    if not g.directed:
        keep = s <= t
        return s[keep], t[keep], w[keep]
    u, v = np.minimum(s, t), np.maximum(s, t)
    df = pd.DataFrame({"u": u, "v": v, "w": w}).groupby(["u", "v"], as_index=False)["w"].sum()
    return df["u"].to_numpy(), df["v"].to_numpy(), df["w"].to_numpy()


def modularity(g, membership) -> float:
    """The modularity of a partition of g, by onakit's kernel (every library's partition is scored by it)."""
    import pandas as pd
    from onakit import _core

    codes = pd.factorize(np.asarray(membership))[0].astype(np.uint32)
    return float(_core.partition_quality(g._core, codes))


def community_call(lib: str, g, threads: int, seed: int = 0):
    """(call, finish) of a community detection: `finish` turns the result into a membership array.
    `lib`: onakit-leiden, onakit-louvain, onakit-leiden-3 (iterations=3), leidenalg, igraph-multilevel,
    igraph-leiden, networkit-plm, networkit-parallelleiden, networkx-louvain."""
    import onakit as ona

    if lib.startswith("onakit"):
        method = "louvain" if lib == "onakit-louvain" else "leiden"
        it = 3 if lib == "onakit-leiden-3" else -1
        return (lambda: ona.communities(g, method=method, seed=seed, iterations=it, threads=threads),
                lambda r: r.to_numpy())
    n = len(g)
    u, v, w = undirected_ties(g)
    if lib in ("leidenalg", "igraph-multilevel", "igraph-leiden"):
        import igraph as ig

        H = ig.Graph(n=n, edges=list(zip(u.tolist(), v.tolist())))
        H.es["weight"] = w.tolist()
        if lib == "leidenalg":
            import leidenalg as la

            return (lambda: la.find_partition(H, la.ModularityVertexPartition, weights="weight", n_iterations=-1,
                                              seed=seed), lambda p: np.asarray(p.membership))
        if lib == "igraph-multilevel":
            return lambda: H.community_multilevel(weights="weight"), lambda p: np.asarray(p.membership)
        return (lambda: H.community_leiden(objective_function="modularity", weights="weight", n_iterations=-1),
                lambda p: np.asarray(p.membership))
    if lib.startswith("networkit"):
        import networkit as nk

        if threads > 0:  # 0: NetworKit's default (all cores)
            nk.setNumberOfThreads(threads)
        K = nk.graph.Graph(n, weighted=True)
        for a, b, x in zip(u.tolist(), v.tolist(), w.tolist()):
            K.addEdge(a, b, x)
        # ParallelLeiden stops after 3 iterations (its default); PLM refines (its default).
        alg = (lambda: nk.community.ParallelLeiden(K, randomize=True)) if lib == "networkit-parallelleiden" \
            else (lambda: nk.community.PLM(K, refine=True))

        def run():
            a = alg()
            a.run()
            return a.getPartition().getVector()

        return run, lambda r: np.asarray(r)
    if lib == "networkx-louvain":
        import networkx as nx

        G = nx.Graph()
        G.add_nodes_from(range(n))
        G.add_weighted_edges_from(zip(u.tolist(), v.tolist(), w.tolist()))

        def finish(comms):
            memb = np.empty(n, dtype=np.int64)
            for i, c in enumerate(comms):
                memb[list(c)] = i
            return memb

        return lambda: nx.community.louvain_communities(G, weight="weight", seed=seed), finish
    raise KeyError(lib)
