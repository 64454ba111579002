"""Side-by-side edge betweenness: onakit vs networkx, python-igraph and NetworKit.

Every library gets the same directed, unweighted graph (converted once,
outside the timed region, with onakit's vertex ids and onakit's tie order),
and every result is checked against onakit's (rtol 1e-9) after bringing both
to networkx's definition (``compare_lib/peers.py``: onakit and networkx
normalise by n (n - 1); igraph and NetworKit return raw sums over ordered
pairs, divided there).

Threads: onakit ``threads=T`` and ``nk.setNumberOfThreads(T)`` (default
T = 2); igraph and networkx are single-threaded; onakit also gets a 1-thread
row. Times are wall clock, best of --repeat (networkx once, on graphs up to
--networkx-max-people).

    bash benchmarks/setup-peers          # igraph, networkit, networkx into .venv
    PYTHONPATH=build/<dir>/python .venv/bin/python benchmarks/compare_edge_betweenness.py [--threads 2]
"""

from __future__ import annotations

import argparse
import importlib.util
import os

import numpy as np

import onakit as ona
from compare_lib import agree, peers
from compare_lib.common import DATA, best_time


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
    P = peers.PeerGraphs(g)
    n = P.n
    rows = []

    def row(lib, secs, check=""):
        rows.append({"graph": f"{name} ({n:,} people, {len(P.src):,} ties)", "library": lib, "seconds": secs,
                     "agrees": check})

    secs, ref = best_time(lambda: ona.edge_betweenness(g, threads=threads).to_numpy(), repeat)
    row(f"onakit t={threads}", secs)
    secs, one = best_time(lambda: ona.edge_betweenness(g, threads=1).to_numpy(), repeat)
    row("onakit t=1", secs, "bit-identical" if np.array_equal(one, ref) else "DIFFERS")
    libs = ["igraph"]
    if importlib.util.find_spec("networkit") is not None:  # optional peer: benchmarks/setup-peers installs it
        libs.append("networkit")
    if n <= nx_max:
        libs.append("networkx")
    for lib in libs:
        t = threads if lib == "networkit" else 1
        call, finish, _ = peers.peer_call("edge_betweenness", lib, P, t, {})
        secs, out = best_time(call, 1 if lib == "networkx" else repeat)
        a = agree.compare(finish(out), ref, {"kind": "close", "rtol": 1e-9, "atol": 1e-15})
        assert a.ok, f"{lib}: {a.text}"
        row(f"{lib} t={t}", secs, "yes")
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
