"""Side-by-side centrality: onakit vs networkx, python-igraph and NetworKit on the same graphs.

Every library gets the same directed, unweighted graph (converted once,
outside the timed region, with onakit's vertex ids), and every result is
checked against onakit's after bringing both to the same definition: the
conventions (normalisations, closeness direction, PageRank's stopping rule)
are those of ``compare_lib/peers.py``, which ``benchmarks/compare`` uses too.

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

import numpy as np

import onakit as ona
from compare_lib import agree, peers
from compare_lib.common import DATA, best_time

RULES = {"betweenness": {"kind": "close", "rtol": 1e-9, "atol": 1e-15},
         "closeness": {"kind": "close", "rtol": 1e-12}, "harmonic": {"kind": "close", "rtol": 1e-12}}


def load(name, people):
    if name == "email-Eu-core":
        log = ona.read_edgelist(DATA / "email-Eu-core" / "email-Eu-core.txt")
        return ona.build_graph(log)
    log, _ = ona.synthetic_org(people=people, departments=40, weeks=4)
    return ona.build_graph(log)


def run(name, g, threads, repeat, measures, peers_for, repeat_bc=1):
    n = len(g)
    P = peers.PeerGraphs(g)
    want_nx = name == "email-Eu-core"
    rows = []

    def row(measure, lib, secs, check=None):
        rows.append({"graph": name, "people": n, "ties": g.number_of_ties, "measure": measure, "library": lib,
                     "seconds": secs, "agrees": check})

    for measure in ("betweenness", "closeness", "harmonic", "pagerank"):
        if measure not in measures:
            continue
        reps = repeat_bc if measure == "betweenness" else repeat
        call = peers.onakit_calls(ona, P, threads, {})[measure]
        secs, ref = best_time(lambda: np.asarray(call(), float), reps)
        row(measure, f"onakit t={threads}", secs)
        refs = peers.onakit_references(ona, P, measure, threads)
        one = peers.onakit_calls(ona, P, 1, {})[measure]
        secs, r1 = best_time(lambda: np.asarray(one(), float), reps)
        row(measure, "onakit t=1", secs, "bit-identical" if np.array_equal(r1, ref) else "DIFFERS")
        rule = RULES.get(measure, {"kind": "l1", "bound": peers.pagerank_l1_bound(n)})
        libs = ["igraph", "networkit"] if measure != "betweenness" or "betweenness" in peers_for else []
        for lib in libs + (["networkx"] if want_nx else []):
            t = threads if lib == "networkit" else 1
            call_p, finish, which = peers.peer_call(measure, lib, P, t, {})
            secs, out = best_time(call_p, 1 if lib == "networkx" else reps)
            a = agree.compare(finish(out), refs[which] if which else ref, rule)
            assert a.ok, f"{measure} {lib}: {a.text}"
            label = {"igraph": "igraph t=1" + (" (PRPACK: direct solve)" if measure == "pagerank" else ""),
                     "networkit": f"networkit t={threads}", "networkx": "networkx t=1"}[lib]
            row(measure, label, secs, a.text + (f" (vs onakit {which})" if which else ""))
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
