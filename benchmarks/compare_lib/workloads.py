"""What ``benchmarks/compare`` measures: workloads, their graphs, the libraries that have each measure.

A workload names its input kind (a directed or undirected graph, the e-mail
CSV, the mbox, the temporal log, the threaded sets), the graphs of a full and
of a ``--quick`` run, the libraries (each threaded or not), the library whose
time the others are divided by (``base``), and the agreement rule of each
peer (see ``agree``). The child process (``child``) knows how to run each
(workload, library); this table only says what to run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .common import org_people
from .peers import pagerank_l1_bound

# Graphs: orgNk = the seeded synthetic organisation of N thousand people (ORG_* in common);
# eu-core, w3c, radoslaw, enron (SNAP email-Enron: not in ../shared/data) = real sets; a "-u" suffix
# (w3c-u) is the undirected view, as SNAP publishes email-Enron: the real mailbox graph of the betweenness
# goal while email-Enron is missing (20k people, 14.6k with one contact);
# eu-temporal = email-Eu-core-temporal; lkml, 3gpp, slack = the threaded sets; enron-mbox = the Enron mbox files.
FULL_GRAPHS = ["org2k", "org20k", "org100k", "eu-core", "w3c", "w3c-u", "enron"]
QUICK_GRAPHS = ["org2k", "eu-core"]
EPSILON, DELTA = 0.05, 0.1  # approximate betweenness: the same (epsilon, delta) for every library


@dataclass(frozen=True)
class Lib:
    key: str
    threaded: bool = False
    max_people: int | None = None  # skipped beyond (a run of hours), reported as skipped
    quick_max_people: int | None = None  # the same limit in a --quick run
    quick: bool = True  # part of --quick


@dataclass
class Workload:
    name: str
    title: str
    kind: str  # graph | undirected | build | csv | mbox | temporal | threads | groups
    libs: list[Lib]
    full: list[str]
    quick: list[str]
    rule: dict
    base: str = "onakit"
    rules: dict = field(default_factory=dict)  # per library, overriding `rule`
    items: str = "arcs"  # what items/s counts: arcs (directed ties), pairs, messages, bytes


ONAKIT = Lib("onakit", threaded=True)
IGRAPH = Lib("igraph")
NETWORKIT = Lib("networkit", threaded=True)
# networkx takes minutes beyond a few thousand people on O(n m) measures; --quick keeps it to email-Eu-core
NX_SMALL = Lib("networkx", max_people=2_100, quick_max_people=1_100)
NX_MEDIUM = Lib("networkx", max_people=25_000, quick_max_people=2_100)

CLOSE = {"kind": "close", "rtol": 1e-9, "atol": 1e-15}
GRAPHS_DIRECTED = ["org2k", "org20k", "org100k", "eu-core", "w3c"]
GRAPHS_PATHS = ["org2k", "org20k", "eu-core", "w3c", "w3c-u", "enron"]  # O(n m): up to 20k people + the real sets
QUICK_BETWEENNESS = QUICK_GRAPHS + ["w3c-u"]  # the real-mailbox goal (igraph ~30 s) in the quick run too

WORKLOADS: dict[str, Workload] = {w.name: w for w in [
    Workload("csv_ties", "CSV ingest -> tie table", "csv",
             [ONAKIT, Lib("pandas"), Lib("polars", threaded=True), Lib("duckdb", threaded=True)],
             ["org2k", "org20k", "org100k"], ["org2k"], {"kind": "equal"}, items="messages"),
    Workload("mbox", "mbox ingest (headers)", "mbox", [Lib("onakit"), Lib("python-email")],
             ["enron-mbox"], ["enron-mbox"], {"kind": "equal"}, items="bytes"),
    Workload("build", "graph build (message log -> weighted ties)", "build",
             [ONAKIT, IGRAPH, Lib("networkx", max_people=25_000)],
             ["org2k", "org20k", "org100k", "eu-core", "eu-temporal", "w3c"], ["org2k", "eu-core"], {"kind": "equal"},
             items="pairs"),
    Workload("degree", "degree", "graph", [ONAKIT, IGRAPH, NETWORKIT, NX_MEDIUM], GRAPHS_DIRECTED,
             QUICK_GRAPHS, CLOSE),
    Workload("betweenness", "betweenness (exact)", "graph", [ONAKIT, IGRAPH, NETWORKIT, NX_SMALL],
             GRAPHS_PATHS, QUICK_BETWEENNESS, CLOSE),
    Workload("approx_betweenness", f"betweenness (approximate, epsilon={EPSILON}, delta={DELTA}, undirected)",
             "undirected",
             [ONAKIT, NETWORKIT, Lib("networkit-kadabra", threaded=True)], GRAPHS_PATHS,  # exact reference: O(n m)
             QUICK_GRAPHS, {"kind": "error", "bound": EPSILON}),
    Workload("edge_betweenness", "edge betweenness", "graph", [ONAKIT, IGRAPH, NETWORKIT, NX_SMALL],
             GRAPHS_PATHS, QUICK_BETWEENNESS, CLOSE),
    Workload("closeness", "closeness", "graph", [ONAKIT, IGRAPH, NETWORKIT, NX_SMALL], GRAPHS_PATHS,
             QUICK_GRAPHS, {"kind": "close", "rtol": 1e-12, "atol": 1e-15}),
    Workload("harmonic", "harmonic", "graph", [ONAKIT, IGRAPH, NETWORKIT, NX_SMALL], GRAPHS_PATHS,
             QUICK_GRAPHS, {"kind": "close", "rtol": 1e-12, "atol": 1e-15}),
    Workload("pagerank", "PageRank (unweighted, tol 1e-6)", "graph", [ONAKIT, IGRAPH, NETWORKIT, NX_MEDIUM],
             GRAPHS_DIRECTED, QUICK_GRAPHS, {"kind": "l1", "bound": None}),
    Workload("eigenvector", "eigenvector (unweighted)", "graph", [ONAKIT, IGRAPH, NX_MEDIUM], GRAPHS_DIRECTED,
             QUICK_GRAPHS, {"kind": "close", "rtol": 0.0, "atol": 1e-4}),
    Workload("clustering", "clustering (undirected)", "undirected", [ONAKIT, IGRAPH, NETWORKIT, NX_MEDIUM],
             GRAPHS_DIRECTED, QUICK_GRAPHS, CLOSE),
    Workload("kcore", "k-core (core numbers)", "graph", [ONAKIT, IGRAPH, NETWORKIT, NX_MEDIUM], GRAPHS_DIRECTED,
             QUICK_GRAPHS, {"kind": "equal"}),
    Workload("constraint", "constraint (weighted)", "graph", [ONAKIT, IGRAPH, NX_SMALL], GRAPHS_DIRECTED,
             QUICK_GRAPHS, CLOSE),
    Workload("communities", "communities (modularity, undirected weighted)", "undirected",
             [Lib("onakit-leiden", threaded=True), Lib("onakit-leiden-3", threaded=True),
              Lib("onakit-louvain", threaded=True), Lib("leidenalg"),
              Lib("igraph-multilevel"), Lib("igraph-leiden"), Lib("networkit-plm", threaded=True),
              Lib("networkit-parallelleiden", threaded=True), Lib("networkx-louvain", max_people=25_000)],
             ["org2k", "org20k", "org100k", "eu-core", "w3c"], QUICK_GRAPHS, {"kind": "modularity", "slack": 0.05},
             base="onakit-leiden"),
    Workload("modularity", "modularity of the departments", "groups", [ONAKIT, IGRAPH, NX_MEDIUM],
             ["org2k", "org20k", "org100k", "eu-core"], QUICK_GRAPHS, CLOSE),
    Workload("mixing", "mixing matrix + E-I index of the departments", "groups", [ONAKIT, Lib("pandas")],
             ["org2k", "org20k", "org100k", "eu-core"], QUICK_GRAPHS, CLOSE),
    Workload("temporal_reach", "temporal reach (every start, within 7 days)", "temporal",
             [ONAKIT, Lib("oracle")], ["eu-temporal"], ["eu-temporal"],
             {"kind": "close", "rtol": 0.0, "atol": 0.0, "partial": True}, items="messages"),
    Workload("response_times", "response times (read + first answers)", "threads", [Lib("onakit"), Lib("oracle")],
             ["lkml", "3gpp", "slack"], ["lkml", "3gpp", "slack"], {"kind": "equal"}, items="messages"),
]}


def rule_for(w: Workload, lib: str, n: int) -> dict:
    """The agreement rule of `lib` on workload `w` for a graph of `n` people."""
    r = dict(w.rules.get(lib, w.rule))
    if r["kind"] == "l1" and r.get("bound") is None:
        r["bound"] = pagerank_l1_bound(n)
    return r


def thread_counts(lib: Lib, threads: list[int]) -> list[int]:
    """Threaded libraries run at every requested count; the others once, shown as t=1."""
    return list(threads) if lib.threaded else [1]


def plan(names: list[str], graphs: list[str] | None, quick: bool, threads: list[int]) -> list[dict]:
    """The (workload, graph, library, threads) measurements of a run, in order."""
    out = []
    for name in names:
        w = WORKLOADS[name]
        gs = w.quick if quick else w.full
        if graphs:
            gs = [g for g in (w.full + [x for x in w.quick if x not in w.full]) if g in graphs]
        for g in gs:
            for lib in w.libs:
                if quick and not lib.quick:
                    continue
                limit = lib.quick_max_people if quick and lib.quick_max_people else lib.max_people
                people = org_people(g)
                if quick and limit is not None and people is not None and people > limit:
                    continue  # --quick leaves the slow peers out of the larger graphs
                for t in thread_counts(lib, threads):
                    out.append({"workload": name, "graph": g, "lib": lib.key, "threads": t, "max_people": limit})
                    if limit is not None and people is not None and people > limit:
                        out[-1]["skipped"] = f"{people:,} people > {limit:,} (takes too long)"
                    if name == "approx_betweenness" and lib.key == "onakit" and t == max(threads):
                        out[-1]["exact_ref"] = True  # computes (untimed) the exact values for the check
    return out
