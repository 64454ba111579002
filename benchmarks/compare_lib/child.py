"""One measurement in its own process: ``python -m compare_lib.child SPEC.json``.

The spec names the workload, graph, library, thread count, repeats, and where
to write the result. The parent has already set the thread variables
(``POLARS_MAX_THREADS``, ``OMP_NUM_THREADS``, ...) in this process's
environment, so libraries that read them at import see them. The input is
loaded and converted for the library *before* the clock starts; only the
library call is timed (best of ``repeat`` wall times; fewer once the runs so
far took a minute, more, up to 10, while they took under half a second). Writes
``<out>.json`` (times, this process's peak RSS = VmHWM, RSS before the timed
calls, facts such as graph size and bytes) and ``<out>.npz`` (the result,
brought to onakit's definition, plus any untimed references).
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from pathlib import Path

import numpy as np


LONG_S = 60.0  # repeats stop once the runs so far took this long
SHORT_S, MAX_RUNS = 0.5, 10  # ... and go on past `repeat` while they took less than SHORT_S, up to MAX_RUNS


def _status(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def vm_hwm() -> int:
    """This process's peak RSS (VmHWM; ru_maxrss of a child survives exec and would report the parent's)."""
    return _status("VmHWM")


def vm_rss() -> int:
    return _status("VmRSS")


def label_bytes(people) -> int:
    """The C++ labels: one std::string (32 B, inline up to 15 characters) per person, plus longer ones' heap."""
    return sum(32 + (len(str(x)) + 1 if len(str(x)) > 15 else 0) for x in people)


def _graph_facts(g) -> dict:
    return {"people": int(g.number_of_people), "ties": int(g.number_of_ties), "directed": bool(g.directed),
            "arcs": int(len(np.asarray(g.csr().targets))), "graph_bytes": int(g._core.memory_bytes),
            "offset_bytes": int(np.asarray(g.csr().offsets).itemsize)}


def prepare(spec: dict):
    """(call, finish, refs, facts): the timed call, the untimed conversion of its result, untimed references."""
    from . import common, peers
    from .workloads import EPSILON, DELTA, WORKLOADS

    w = WORKLOADS[spec["workload"]]
    lib, threads, gname = spec["lib"], int(spec["threads"]), spec["graph"]
    if w.kind in ("graph", "undirected", "groups", "build") or w.name == "communities":
        import onakit as ona

        # "<graph>-u": the graph's undirected view (as SNAP publishes email-Enron), for every measure
        as_undirected = gname.endswith("-u")
        base = gname[:-2] if as_undirected else gname
        log = common.load_log(base)
        facts = {"messages": int(log.num_messages)}
        mp = spec.get("max_people")
        if mp is not None and len(log.people) > mp:
            raise Skip(f"{len(log.people):,} people > {mp:,} (takes too long)")
        if w.kind == "build":
            return _build_call(ona, log, lib, threads, facts)
        g = ona.build_graph(log, directed=w.kind != "undirected" and not as_undirected)
        facts.update(_graph_facts(g))
        if w.name == "communities":
            call, finish = peers.community_call(lib, g, threads)
            return call, (lambda r: {"values": np.array([peers.modularity(g, finish(r))]),
                                     "membership": np.asarray(finish(r))}), {}, facts
        if w.kind == "groups":
            return _group_call(ona, g, common.groups_of(base, g), w.name, lib, threads, facts)
        P = peers.PeerGraphs(g)
        opts = {"epsilon": EPSILON, "delta": DELTA}
        if lib == "onakit":
            def finish(r):
                facts["attrs"] = {k: v for k, v in r.attrs.items() if isinstance(v, (bool, int, float, str))}
                if "iterations" in r.attrs:
                    facts["iterations"] = int(r.attrs["iterations"])
                return r.to_numpy(dtype=float)

            refs = peers.onakit_references(ona, P, w.name, threads)
            if spec.get("exact_ref"):  # approximate betweenness: the exact values every library is checked against
                refs["exact"] = ona.betweenness(g, threads=threads).to_numpy()
            return peers.onakit_calls(ona, P, threads, opts)[w.name], finish, refs, facts
        measure = "kadabra_betweenness" if lib == "networkit-kadabra" else w.name
        call, finish, ref = peers.peer_call(measure, lib.split("-")[0], P, threads, opts)
        facts["reference"] = ref
        return call, finish, {}, facts
    if w.kind == "csv":
        return _csv_call(spec["input"], lib, threads)
    if w.kind == "mbox":
        return _mbox_call(spec["input"], lib)
    if w.kind == "temporal":
        return _temporal_call(spec, lib, threads)
    if w.kind == "threads":
        return _threads_call(gname, lib)
    raise ValueError(w.kind)


class Skip(Exception):
    """This library is not run on this input (too large for it); the reason is shown in the table."""


def _pairs(log):
    c = log._core
    off = np.asarray(c.offsets, dtype=np.int64)
    s = np.repeat(np.asarray(c.senders, dtype=np.int64), np.diff(off))
    t = np.asarray(c.recipients, dtype=np.int64)
    keep = s != t  # build_graph's default: self-ties left out
    return s[keep], t[keep]


def _ties_array(src, tgt, w):
    order = np.lexsort((tgt, src))
    return np.column_stack([np.asarray(src, float)[order], np.asarray(tgt, float)[order],
                            np.asarray(w, float)[order]])


def _build_call(ona, log, lib, threads, facts):
    """Message log -> weighted directed ties (weight = number of messages), self-ties left out."""
    facts["pairs"] = int(len(np.asarray(log._core.recipients)))
    if lib == "onakit":
        def finish(g):
            facts.update(_graph_facts(g))
            facts["label_bytes"] = label_bytes(g.people)
            c = g.csr()
            off = np.asarray(c.offsets, dtype=np.int64)
            src = np.repeat(np.arange(len(g)), np.diff(off))
            return _ties_array(src, c.targets, c.weights)

        return lambda: ona.build_graph(log, threads=threads), finish, {}, facts
    s, t = _pairs(log)
    n = len(log.people)
    if lib == "igraph":
        import igraph as ig

        edges = np.column_stack([s, t]).tolist()

        def call():
            G = ig.Graph(n=n, edges=edges, directed=True)
            G.es["weight"] = 1.0
            G.simplify(multiple=True, loops=True, combine_edges="sum")
            return G

        def finish(G):
            e = np.array(G.get_edgelist(), dtype=np.int64).reshape(-1, 2)
            return _ties_array(e[:, 0], e[:, 1], G.es["weight"])

        return call, finish, {}, facts
    if lib == "networkx":
        import networkx as nx

        pairs = list(zip(s.tolist(), t.tolist()))

        def call():
            G = nx.DiGraph()
            G.add_nodes_from(range(n))
            for u, v in pairs:
                d = G.get_edge_data(u, v)
                if d is None:
                    G.add_edge(u, v, weight=1.0)
                else:
                    d["weight"] += 1.0
            return G

        def finish(G):
            e = [(u, v, d["weight"]) for u, v, d in G.edges(data=True)]
            a = np.array(e, dtype=float).reshape(-1, 3)
            return _ties_array(a[:, 0], a[:, 1], a[:, 2])

        return call, finish, {}, facts
    raise KeyError(lib)


def _group_call(ona, g, codes, workload, lib, threads, facts):
    import pandas as pd

    if codes is None:
        raise Skip("no groups for this graph")
    groups = pd.Series(codes, index=g.people)
    k = int(codes.max()) + 1
    if workload == "modularity":
        if lib == "onakit":
            return lambda: ona.modularity(g, groups), lambda q: np.array([q]), {}, facts
        from .peers import PeerGraphs

        P = PeerGraphs(g)
        if lib == "igraph":
            G = P.ig
            memb = codes.tolist()
            return (lambda: G.modularity(memb, weights="weight", directed=True), lambda q: np.array([q]), {}, facts)
        if lib == "networkx":
            import networkx as nx

            G = P.nx
            comms = [set(np.flatnonzero(codes == c).tolist()) for c in range(k)]
            comms = [c for c in comms if c]
            return lambda: nx.community.modularity(G, comms, weight="weight"), lambda q: np.array([q]), {}, facts
        raise KeyError(lib)
    # mixing: the weighted group-to-group matrix (k x k, group codes in order) and the org-level E-I index
    if lib == "onakit":
        def call():
            m = ona.mixing_matrix(g, groups, min_group_size=None)
            ei = ona.ei_index(g, groups, permutations=0, threads=threads)["ei"]
            return m, ei

        return call, lambda r: _mixing_values(r, k), {}, facts
    if lib == "pandas":
        c = g.csr()
        off = np.asarray(c.offsets, dtype=np.int64)
        ties = pd.DataFrame({"source": np.repeat(np.arange(len(g)), np.diff(off)),
                             "target": np.asarray(c.targets, dtype=np.int64), "weight": np.asarray(c.weights)})

        def call():
            t = ties.assign(gs=codes[ties["source"].to_numpy()], gt=codes[ties["target"].to_numpy()])
            m = t.groupby(["gs", "gt"])["weight"].sum().unstack(fill_value=0.0)
            nonself = t[t["source"] != t["target"]]
            internal = nonself.loc[nonself["gs"] == nonself["gt"], "weight"].sum()
            external = nonself.loc[nonself["gs"] != nonself["gt"], "weight"].sum()
            return m, (external - internal) / (external + internal)

        return call, lambda r: _mixing_values(r, k), {}, facts
    raise KeyError(lib)


def _mixing_values(r, k: int):
    """(mixing matrix, E-I) -> the k x k matrix in group-code order, flattened, then E-I."""
    m, ei = r
    m = m.reindex(index=range(k), columns=range(k), fill_value=0.0)
    return np.r_[m.to_numpy(float).ravel(), ei]


def _csv_call(path, lib, threads):
    from . import tables

    facts = {"bytes": os.path.getsize(path)}
    if lib == "onakit":
        import onakit as ona

        # The memory goal: peak RSS of ingest -> graph (no tie table yet) against the final graph + labels,
        # taken once before the timed runs. VmHWM only grows, so the streaming reader (the path meant to stay
        # within the bound) goes first, then the in-memory read + build_graph that the timed runs use.
        rss0 = vm_rss()
        if hasattr(ona, "stream_ties"):
            g = ona.stream_ties(path, threads=threads)
            facts["stream_peak_rss"] = vm_hwm()
            del g
        log = ona.read_email_csv(path, threads=threads)
        g = ona.build_graph(log, threads=threads)
        facts.update(_graph_facts(g), messages=int(log.num_messages), label_bytes=label_bytes(g.people),
                     ingest_rss_before=rss0, ingest_peak_rss=vm_hwm())
        del log, g
        return (lambda: tables.onakit_ties(path, threads)[0]), tables.canonical, {}, facts
    if lib == "pandas":
        return (lambda: tables.pandas_ties(path)), tables.canonical, {}, facts
    if lib == "polars":
        import polars as pl

        facts["polars_threads"] = int(pl.thread_pool_size())
        return (lambda: tables.polars_ties(path)), tables.canonical, {}, facts
    if lib == "duckdb":
        import duckdb

        con = duckdb.connect()
        con.execute(f"SET threads={threads}")
        con.execute("SET preserve_insertion_order=false")
        facts["query"] = tables.duckdb_query(path)
        return (lambda: tables.duckdb_ties(con, path)), tables.canonical, {}, facts
    raise KeyError(lib)


def _mbox_call(path, lib):
    from . import oracles

    facts = {"bytes": os.path.getsize(path)}
    if lib == "onakit":
        import onakit as ona

        return (lambda: ona.read_mbox(path, errors="skip", dedupe_message_ids=False).report["records_read"],
                lambda n: np.array([n]), {}, facts)
    if lib == "python-email":
        return lambda: oracles.python_reference(path), lambda n: np.array([n]), {}, facts
    raise KeyError(lib)


def _temporal_call(spec, lib, threads):
    """Every start, within 7 days: onakit on everybody; the oracle on `sample` people (NaN for the others),
    its time scaled to everybody."""
    import gzip
    import random

    import onakit as ona
    import pandas as pd

    from . import common, oracles

    path = common.DATA / "email-Eu-core-temporal" / "email-Eu-core-temporal.txt.gz"
    log = ona.read_edgelist(path, third="time")
    people = list(log.people)
    facts = {"messages": int(log.num_messages), "people": len(people)}
    if lib == "onakit":
        return (lambda: ona.temporal_reach(log, within="7D", threads=threads),
                lambda r: r["reached"].reindex(people).to_numpy(float), {}, facts)
    with gzip.open(path, "rt") as f:
        raw = pd.read_csv(f, sep=" ", header=None, names=["src", "dst", "t"])
    out = oracles.temporal_out(raw)
    sample = random.Random(0).sample(sorted(out), int(spec.get("sample", 4)))
    facts["extrapolated_from"] = len(sample)
    facts["scale"] = len(people) / len(sample)
    week = 7 * 86400

    def call():
        return {u: oracles.oracle_every_start(out, u, week) for u in sample}

    def finish(answers):
        v = np.full(len(people), np.nan)
        pos = {p: i for i, p in enumerate(people)}
        for u, k in answers.items():
            v[pos[u]] = k
        return v

    return call, finish, {}, facts


def _threads_call(name, lib):
    """Read the threaded set and find each message's first answers: the delays (seconds, sorted)."""
    import onakit as ona

    from . import common, oracles

    data = common.DATA
    gpp = data / "mailing-list-3gpp-bigbang"
    slack = data / "slack-dd2030-threads" / "DERIVED_slack_export_layout_2025-04-30_to_2025-05-21.zip"
    lkml = data / "mbox-lkml-threads-notmuch" / "lkml-threads.mbox"
    sets = {
        "lkml": (lambda: ona.read_mbox(lkml), lambda: oracles.mail_answers(oracles.mail_table([lkml], False))),
        "3gpp": (lambda: ona.read_mbox(gpp, errors="skip", default_recipient="list@3gpp.example"),
                 lambda: oracles.mail_answers(oracles.mail_table(sorted(gpp.glob("*.mbox")), True))),
        "slack": (lambda: ona.read_slack_export(slack, keep_thread_parents=True),
                  lambda: oracles.slack_answers(oracles.slack_table(slack))),
    }
    read, oracle = sets[name]
    facts = {"messages": int(read().num_messages)}

    def delays(answers):
        return np.sort(np.asarray(answers["delay"].dt.total_seconds(), dtype=float))

    if lib == "onakit":
        return (lambda: ona.response_times(read()).answers), delays, {}, facts
    if lib == "oracle":
        return oracle, delays, {}, facts
    raise KeyError(lib)


def run(spec: dict) -> dict:
    call, finish, refs, facts = prepare(spec)
    rss_before = vm_rss()
    times = []
    result = None
    repeat = max(1, int(spec.get("repeat", 1)))
    while True:
        t0 = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - t0)
        if sum(times) > LONG_S:  # a long measurement: more runs would not change its best by much
            break
        # short calls run again until they took SHORT_S (at most MAX_RUNS): a first call's thread-pool
        # start and page faults would otherwise be most of a millisecond measurement
        if len(times) >= repeat and (sum(times) >= SHORT_S or len(times) >= MAX_RUNS):
            break
    peak = vm_hwm()
    values = finish(result)
    arrays = dict(values) if isinstance(values, dict) else {"values": np.asarray(values)}
    for k, v in refs.items():
        arrays["ref:" + k] = np.asarray(v)
    np.savez(spec["out"] + ".npz", **arrays)
    scale = float(facts.get("scale", 1.0))
    return {"times": times, "seconds": min(times) * scale, "peak_rss": peak, "rss_before": rss_before,
            "facts": facts, "versions": versions(spec["lib"])}


def versions(lib: str) -> dict:
    """The versions of the libraries this measurement imported."""
    out = {"python": sys.version.split()[0]}
    for mod in ("onakit", "numpy", "pandas", "igraph", "networkit", "networkx", "leidenalg", "polars", "duckdb"):
        m = sys.modules.get(mod)
        if m is not None:
            out[mod] = getattr(m, "__version__", "?")
    m = sys.modules.get("onakit")
    if m is not None:
        out["onakit_file"] = m.__file__
    return out


def main() -> None:
    spec = json.loads(Path(sys.argv[1]).read_text())
    try:
        out = run(spec)
    except (Skip, NotImplementedError) as e:
        out = {"skipped": str(e)}
    except FileNotFoundError as e:
        out = {"missing": str(e)}
    except Exception as e:  # reported in the table, never dropped
        out = {"error": f"{type(e).__name__}: {e}", "traceback": traceback.format_exc()}
    Path(spec["out"] + ".json").write_text(json.dumps(out))


if __name__ == "__main__":
    main()
