"""Scale figures (issue #15): graph memory per tie, PageRank and sampled betweenness at 10^8 ties.

Builds, in a child process, a directed graph of ``--people`` (default 100,000)
and about ``--ties`` (default 10^8) ties with ``_core.make_graph`` from numpy
arrays (a tie table of sources, targets, integer weights 1-19): people sit in
departments of 1,000; each person has ``ties / people`` out-ties on average
(log-normal out-degrees), half to the next colleagues of the department, half
to people of other departments (distinct by construction, so the graph has
the target number of ties to rounding). The
child reports, each with wall and CPU time:

* ``make_graph``: the build, the graph's bytes (``graph.memory_bytes()``, all
  CSR arrays: out offsets/targets/weights + in offsets/sources/edge ids) per
  tie, and the process RSS growth once the input arrays are freed, per tie;
* ``pagerank``: ``ona.pagerank(g, threads=T)`` (weighted, tol 1e-6), iterations;
* ``betweenness``: ``ona.betweenness(g, approximate=True, epsilon=E, delta=0.1,
  threads=T)`` (Riondato & Kornaropoulos sampling of shortest paths), samples.

The parent also records the child's peak RSS (``os.wait4``). Prints a markdown
table and writes JSON.

    .venv/bin/python benchmarks/compare_scale.py --quick            # 10k people, 10^6 ties
    .venv/bin/python benchmarks/compare_scale.py                    # 100k people, 10^8 ties
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

import numpy as np

DEPT = 1000


def rss() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def tie_table(people: int, ties: int, seed: int):
    """Sources, targets (uint32) and weights (float64) of `ties` distinct directed ties (to rounding)."""
    rng = np.random.default_rng(seed)
    dept = min(DEPT, people)
    rest = people - dept  # people outside one's department
    if rest < dept:
        raise SystemExit("--people must be at least two departments (2,000)")
    # skewed out-degrees (log-normal), rescaled to the target after the cap that keeps rows distinct
    d = rng.lognormal(0.0, 0.8, people)
    for _ in range(5):
        d = np.clip(d * ties / d.sum(), 2, 2 * (dept - 1))
    d = np.rint(d).astype(np.int64)
    src = np.repeat(np.arange(people, dtype=np.uint32), d)
    off = np.zeros(people + 1, dtype=np.int64)
    np.cumsum(d, out=off[1:])
    j = np.arange(len(src), dtype=np.int64) - off[src]  # rank of the tie in its person's row
    half = (d // 2)[src]
    inside = j < half
    base = (src.astype(np.int64) // dept) * dept
    local = src.astype(np.int64) % dept
    # half of each row: the next colleagues of the department (distinct, never the person);
    # the other half: people outside the department, an arithmetic walk with a step coprime with their number
    # (distinct), starting at a random place
    steps = np.array([q for q in (13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73) if np.gcd(q, rest) == 1])
    start = rng.integers(0, rest, people)[src]
    step = steps[rng.integers(0, len(steps), people)][src]
    outside = (base + dept + (start + (j - half) * step) % rest) % people
    tgt = np.where(inside, base + (local + 1 + j) % dept, outside).astype(np.uint32)
    w = rng.integers(1, 20, len(src)).astype(np.float64)
    return src, tgt, w


def child(args, out: str) -> None:
    import pandas as pd

    import onakit as ona
    from onakit import _core

    res: dict = {"onakit": ona.__version__}
    rss0 = rss()
    s, t, w = tie_table(args.people, int(args.ties), args.seed)
    res["input_rows"] = len(s)
    res["input_bytes"] = int(s.nbytes + t.nbytes + w.nbytes)
    c0, w0 = cpu(), time.perf_counter()
    core = _core.make_graph(n=args.people, sources=s, targets=t, weights=w, directed=True)
    res["make_graph"] = {"wall_s": time.perf_counter() - w0, "cpu_s": cpu() - c0}
    del s, t, w
    people = pd.Index([f"p{i:06d}" for i in range(args.people)])
    g = ona.Graph(core, people)
    rss1 = rss()
    m = g.number_of_ties
    res["ties"] = int(m)
    res["graph_bytes"] = int(core.memory_bytes)
    res["graph_bytes_per_tie"] = core.memory_bytes / m
    res["brief_formula_bytes"] = 12 * m + 8 * (args.people + 1)  # out targets + weights + offsets only
    res["rss_growth_bytes"] = rss1 - rss0
    res["rss_growth_per_tie"] = (rss1 - rss0) / m
    print(f"graph: {args.people:,} people, {m:,} ties, {core.memory_bytes / 2**20:,.0f} MiB "
          f"({core.memory_bytes / m:.2f} B/tie); RSS +{(rss1 - rss0) / 2**20:,.0f} MiB", file=sys.stderr, flush=True)

    c0, w0 = cpu(), time.perf_counter()
    pr = ona.pagerank(g, threads=args.threads)
    res["pagerank"] = {"wall_s": time.perf_counter() - w0, "cpu_s": cpu() - c0,
                       "iterations": int(pr.attrs["iterations"]), "converged": bool(pr.attrs["converged"])}
    print(f"pagerank: {res['pagerank']}", file=sys.stderr, flush=True)
    # networkx's stopping rule (L1 change < n * tol) is loose at 10^5 people: also a tight run, to time iterations
    c0, w0 = cpu(), time.perf_counter()
    pr = ona.pagerank(g, threads=args.threads, tol=1e-12, max_iter=1000)
    res["pagerank_tight"] = {"wall_s": time.perf_counter() - w0, "cpu_s": cpu() - c0, "tol": 1e-12,
                             "iterations": int(pr.attrs["iterations"]), "converged": bool(pr.attrs["converged"])}
    print(f"pagerank (tol=1e-12): {res['pagerank_tight']}", file=sys.stderr, flush=True)

    c0, w0 = cpu(), time.perf_counter()
    bc = ona.betweenness(g, approximate=True, epsilon=args.epsilon, delta=args.delta, seed=1, threads=args.threads)
    res["betweenness"] = {"wall_s": time.perf_counter() - w0, "cpu_s": cpu() - c0, "epsilon": args.epsilon,
                          "delta": args.delta, "samples": int(bc.attrs["samples"]),
                          "vertex_diameter": int(bc.attrs["vertex_diameter"]), "exact": bool(bc.attrs["exact"]),
                          "max_score": float(bc.max())}
    print(f"betweenness: {res['betweenness']}", file=sys.stderr, flush=True)
    with open("/proc/self/status") as f:  # peak RSS of this process (ru_maxrss would include the parent's)
        res["peak_rss_bytes"] = next(int(x.split()[1]) * 1024 for x in f if x.startswith("VmHWM:"))
    with open(out, "w") as f:
        json.dump(res, f)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="10,000 people, 10^6 ties")
    ap.add_argument("--people", type=int, default=100_000)
    ap.add_argument("--ties", type=float, default=1e8)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--epsilon", type=float, default=0.05, help="betweenness approximation error")
    ap.add_argument("--delta", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--json", default="scale_results.json")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.quick:
        args.people, args.ties = 10_000, 1e6
    if args.child:
        child(args, args.child)
        return
    out = os.path.abspath(args.json) + ".child"
    cmd = [sys.executable, os.path.abspath(__file__), "--child", out, "--people", str(args.people),
           "--ties", str(args.ties), "--threads", str(args.threads), "--epsilon", str(args.epsilon),
           "--delta", str(args.delta), "--seed", str(args.seed)]
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"child failed (exit {code}) after {wall:.0f} s, peak RSS {ru.ru_maxrss / 2**20:.1f} GiB")
    with open(out) as f:
        res = json.load(f)
    os.remove(out)
    res.update(people=args.people, threads=args.threads, total_wall_s=wall, total_cpu_s=ru.ru_utime + ru.ru_stime,
               load_before=load, load_after=os.getloadavg()[0],
               time_utc=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    m = res["ties"]
    print(f"\n{args.people:,} people, {m:,} ties (directed, from {res['input_rows']:,} rows), threads={args.threads}, "
          f"load {load:.1f} → {res['load_after']:.1f}\n")
    print("| step | wall s | CPU s | detail |")
    print("|---|---|---|---|")
    mg, pr, bc = res["make_graph"], res["pagerank"], res["betweenness"]
    print(f"| make_graph | {mg['wall_s']:.1f} | {mg['cpu_s']:.1f} | {m / mg['wall_s'] / 1e6:.1f}M ties/s |")
    print(f"| pagerank | {pr['wall_s']:.1f} | {pr['cpu_s']:.1f} | {pr['iterations']} iterations, "
          f"{pr['wall_s'] / pr['iterations']:.2f} s each |")
    pt = res["pagerank_tight"]
    print(f"| pagerank, tol=1e-12 | {pt['wall_s']:.1f} | {pt['cpu_s']:.1f} | {pt['iterations']} iterations, "
          f"{pt['wall_s'] / pt['iterations']:.2f} s each |")
    print(f"| betweenness (approximate, epsilon={bc['epsilon']}, delta={bc['delta']}) | {bc['wall_s']:.1f} | "
          f"{bc['cpu_s']:.1f} | {bc['samples']:,} samples, vertex diameter {bc['vertex_diameter']} |")
    print(f"\ngraph memory: {res['graph_bytes'] / 2**20:,.0f} MiB = {res['graph_bytes_per_tie']:.2f} B/tie "
          f"(graph.memory_bytes(), both adjacencies); RSS growth after build {res['rss_growth_bytes'] / 2**20:,.0f} MiB "
          f"= {res['rss_growth_per_tie']:.2f} B/tie; peak RSS {res['peak_rss_bytes'] / 2**30:.2f} GiB "
          f"(input arrays {res['input_bytes'] / 2**30:.2f} GiB)")
    with open(args.json, "w") as f:
        json.dump(res, f, indent=1)
    print(f"JSON: {args.json}")


if __name__ == "__main__":
    main()
