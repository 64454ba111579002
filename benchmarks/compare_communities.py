"""Side-by-side community detection: onakit Leiden/Louvain vs networkx Louvain, leidenalg and NetworKit.

Every library gets the same undirected weighted graph (a directed graph is
symmetrised by summing both directions, self-ties kept once) and every
partition is scored by the same modularity (onakit's kernel, which the tests
check against networkx.community.modularity). Times cover only the community
detection call (best of --repeat runs; networkx once), not graph conversion.

    PYTHONPATH=build/<dir>/python python benchmarks/compare_communities.py [--repeat 3] [--people 20000]

leidenalg (with python-igraph) and NetworKit are used when importable.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

import onakit as ona
from compare_lib.common import DATA, best_time
from compare_lib.peers import community_call, modularity

# library key of compare_lib.peers.community_call -> the label printed here
LIBS = {"networkx-louvain": "networkx louvain", "leidenalg": "leidenalg (n_iterations=-1)",
        "networkit-parallelleiden": "networkit ParallelLeiden"}


def run(name, g, repeat, truth=None):
    rows = []

    def add(lib, secs, memb):
        memb = np.asarray(memb)
        row = {"graph": name, "library": lib, "modularity": modularity(g, memb), "communities": len(np.unique(memb)),
               "seconds": secs}
        if truth is not None:
            s = ona.compare_partitions(pd.Series(memb, index=g.people), truth)
            row.update(nmi_vs_truth=s["nmi"], ari_vs_truth=s["ari"])
        rows.append(row)

    for method in ("leiden", "louvain"):
        secs, r = best_time(lambda: ona.communities(g, method=method, seed=0), repeat)
        add(f"onakit {method}", secs, r.to_numpy())
    secs, r = best_time(lambda: ona.communities(g, seed=0, threads=1), repeat)
    add("onakit leiden (1 thread)", secs, r.to_numpy())
    # NetworKit's ParallelLeiden stops after 3 iterations; the same cap here
    # compares like with like (onakit's default iterates until stable).
    secs, r = best_time(lambda: ona.communities(g, seed=0, iterations=3), repeat)
    add("onakit leiden (iterations=3)", secs, r.to_numpy())
    for key, label in LIBS.items():
        try:
            call, finish = community_call(key, g, threads=0)
        except ImportError:
            print(f"({key} not importable: skipped)")
            continue
        secs, out = best_time(call, 1 if key.startswith("networkx") else repeat)
        if key.startswith("networkit"):
            import networkit as nk

            label += f" ({nk.getMaxNumberOfThreads()} threads)"
        add(label, secs, finish(out))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--people", type=int, default=20000)
    args = ap.parse_args()

    rows = []
    core = DATA / "email-Eu-core"
    if (core / "email-Eu-core.txt").exists():
        ties = pd.read_csv(core / "email-Eu-core.txt", sep=" ", names=["source", "target"])
        depts = pd.read_csv(core / "email-Eu-core-department-labels.txt", sep=" ",
                            names=["node", "department"]).set_index("node")["department"]
        rows += run("email-Eu-core", ona.Graph.from_pandas(ties, directed=True), args.repeat, truth=depts)
    else:
        print(f"(email-Eu-core not found in {DATA}: skipped)")
    log, people = ona.synthetic_org(people=args.people, departments=40, weeks=4)
    g = ona.build_graph(log, directed=False)
    truth = people["department"]  # indexed by person, like g.people
    rows += run(f"synthetic org ({args.people:,} people, {g.number_of_ties:,} ties)", g, args.repeat, truth=truth)

    df = pd.DataFrame(rows)
    base = df[df["library"] == "onakit leiden"].set_index("graph")
    df["modularity - onakit leiden"] = df["modularity"] - df["graph"].map(base["modularity"])
    df["seconds / onakit leiden"] = df["seconds"] / df["graph"].map(base["seconds"])
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.float_format", "{:.4f}".format):
        for graph, part in df.groupby("graph", sort=False):
            print(f"\n== {graph}")
            print(part.drop(columns="graph").to_string(index=False))
            nk_rows = part[part["library"].str.startswith("networkit")]
            if len(nk_rows):
                nk_secs = float(nk_rows["seconds"].iloc[0])
                for _, row in part[part["library"].str.startswith("onakit leiden")].iterrows():
                    print(f"   NetworKit ParallelLeiden seconds / {row['library']}: {nk_secs / row['seconds']:.2f}")


if __name__ == "__main__":
    main()
