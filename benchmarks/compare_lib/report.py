"""The comparison table, the goals of issue #17, the markdown file and the README block.

Pure functions of the measurement records (dicts), so tests check them without running anything.
A record: ``workload, graph, lib, threads`` and either ``seconds`` (+ ``peak_rss``, ``facts``,
``agreement``) or one of ``timeout`` (seconds), ``skipped``, ``missing``, ``error`` (text).
"""

from __future__ import annotations

import re

BEGIN, END = "<!-- compare:begin -->", "<!-- compare:end -->"


def status_text(r: dict) -> str:
    """The seconds cell: the time, or why there is none (a peer that took too long is never dropped)."""
    if "timeout" in r:
        return f"> {r['timeout']:g} s"
    if "skipped" in r:
        return f"skipped ({r['skipped']})"
    if "missing" in r:
        return "missing data"
    if "error" in r:
        return "ERROR"
    s = r["seconds"]
    txt = f"{s:.3g}" if s < 100 else f"{s:.0f}"
    return ("~" + txt) if r.get("facts", {}).get("extrapolated_from") else txt


def base_seconds(records: list[dict], r: dict, base: str) -> float | None:
    """The base library's (onakit's) time on the same workload and graph at the same thread count."""
    for b in records:
        if (b["workload"], b["graph"], b["lib"], b["threads"]) == (r["workload"], r["graph"], base, r["threads"]) \
                and "seconds" in b:
            return float(b["seconds"])
    return None


def ratio_text(records: list[dict], r: dict, base: str) -> str:
    """peer time / onakit time at the same threads (> 1: onakit is faster); a timed-out peer gives '> x'."""
    if r["lib"] == base:
        return ""
    b = base_seconds(records, r, base)
    if b is None or b <= 0:
        return ""
    if "timeout" in r:
        return f"> {r['timeout'] / b:.1f}x"
    if "seconds" not in r:
        return ""
    return f"{r['seconds'] / b:.2f}x" if r["seconds"] / b < 10 else f"{r['seconds'] / b:.0f}x"


def agreement_text(r: dict) -> str:
    a = r.get("agreement")
    if "error" in r:
        return r["error"].splitlines()[0][:80]
    if "missing" in r:
        return r["missing"][:80]
    if not a:
        return ""
    return a["text"] if a["ok"] else f"**DISAGREES: {a['text']}**"


def mib(x) -> str:
    return f"{x / 2**20:,.0f}" if x else ""


def table_rows(records: list[dict], bases: dict[str, str], titles: dict[str, str]) -> list[list[str]]:
    rows = []
    for r in records:
        base = bases.get(r["workload"], "onakit")
        rows.append([titles.get(r["workload"], r["workload"]), graph_text(records, r, base), r["lib"],
                     str(r["threads"]), status_text(r), ratio_text(records, r, base), agreement_text(r),
                     mib(r.get("peak_rss"))])
    return rows


def graph_text(records: list[dict], r: dict, base: str = "onakit") -> str:
    """The graph and its size, from onakit's record of the same input (the peers' records may lack it)."""
    f: dict = {}
    for b in records:
        if (b["workload"], b["graph"], b["lib"]) == (r["workload"], r["graph"], base) and b.get("facts"):
            f = b["facts"]
            break
    f = f or r.get("facts") or {}
    if "bytes" in f:
        msgs = f", {f['messages']:,} messages" if f.get("messages") else ""
        return f"{r['graph']} ({f['bytes'] / 1e6:,.0f} MB{msgs})"
    if "people" in f and "ties" in f:
        return f"{r['graph']} ({f['people']:,} p, {f['ties']:,} t)"
    if f.get("messages"):
        return f"{r['graph']} ({f['messages']:,} messages)"
    return r["graph"]


HEADER = ["workload", "graph", "library", "threads", "seconds", "time / onakit", "agreement with onakit",
          "peak RSS MiB"]


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    def cell(x):
        return str(x).replace("|", "\\|")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(x) for x in row) + " |" for row in rows]
    return "\n".join(lines)


def text_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    fmt = "  ".join("{:<%d}" % w for w in widths)
    return "\n".join([fmt.format(*header), fmt.format(*["-" * w for w in widths])] +
                     [fmt.format(*[str(x) for x in row]) for row in rows])


# ---- goals

def _find(records, workload, lib, threads=None, graphs=None):
    """The measured record of (workload, lib[, threads]) on the first of `graphs` that has one."""
    for g in graphs or [None]:
        for r in records:
            if r["workload"] == workload and r["lib"] == lib and (threads is None or r["threads"] == threads) \
                    and (g is None or r["graph"] == g):
                return r
    return None


def _largest_org(records, workload):
    orgs = {r["graph"] for r in records if r["workload"] == workload and r["graph"].startswith("org")
            and "seconds" in r}
    return sorted(orgs, key=lambda g: -_people(g))


def _people(g: str) -> int:
    m = re.match(r"org(\d+)(k?)$", g)
    return int(m.group(1)) * (1000 if m.group(2) else 1) if m else 0


def speed_goal(records, text, workload, lib, lib_threads, factor, graphs, onakit_lib="onakit", onakit_threads=2):
    """onakit at `onakit_threads` at least `factor` times faster than `lib` at `lib_threads`."""
    for g in graphs:
        o = _find(records, workload, onakit_lib, onakit_threads, [g])
        p = _find(records, workload, lib, lib_threads, [g])
        if o is None or p is None or "missing" in o:  # a real set not in ../shared/data: the next graph stands in
            continue
        if "seconds" not in o:
            return _goal(text, g, None, f"onakit: {status_text(o)}")
        if "timeout" in p:
            return _goal(text, g, p["timeout"] / o["seconds"] >= factor,
                         f"> {p['timeout'] / o['seconds']:.1f}x ({lib} timed out)")
        if "seconds" not in p:
            continue
        ratio = p["seconds"] / o["seconds"]
        return _goal(text, g, ratio >= factor, f"{ratio:.2f}x ({o['seconds']:.3g} s vs {p['seconds']:.3g} s)")
    return _goal(text, ",".join(graphs) or "-", None, "not measured in this run")


def _goal(text, graph, met, figure):
    return {"goal": text, "graph": graph, "figure": figure,
            "status": "not measured" if met is None else ("met" if met else "MISSED")}


def goals(records: list[dict]) -> list[dict]:
    out = []
    orgs_bc = _largest_org(records, "betweenness")
    out.append(speed_goal(records, "betweenness exact >= 10x igraph on a real mailbox graph (SNAP email-Enron; "
                          "email-W3C undirected while Enron is missing)", "betweenness", "igraph", 1, 10,
                          ["enron", "w3c-u"]))
    out.append(speed_goal(records, "betweenness exact >= 6x igraph on a synthetic org", "betweenness", "igraph", 1,
                          6, orgs_bc))
    out.append(speed_goal(records, "betweenness exact >= 8x NetworKit on a synthetic org", "betweenness",
                          "networkit", 2, 8, orgs_bc))
    for peer, name in (("networkit", "ApproxBetweenness"), ("networkit-kadabra", "KadabraBetweenness")):
        graphs = _largest_org(records, "approx_betweenness") + ["eu-core"]
        g = speed_goal(records, f"approximate betweenness at least as fast as NetworKit {name} (same epsilon, delta)",
                       "approx_betweenness", peer, 2, 1.0, graphs)
        o = _find(records, "approx_betweenness", "onakit", 2, [g["graph"]])
        if o and o.get("agreement"):
            g["figure"] += f"; onakit vs exact: {o['agreement']['text']}"
        out.append(g)
    out.append(speed_goal(records, "edge betweenness >= 5x igraph", "edge_betweenness", "igraph", 1, 5,
                          _largest_org(records, "edge_betweenness") + ["eu-core"]))
    out.append(speed_goal(records, "edge betweenness >= 5x igraph on a real mailbox graph", "edge_betweenness",
                          "igraph", 1, 5, ["enron", "w3c-u"]))
    for g in ("eu-core", "org20k", "org100k"):
        out.append(speed_goal(records, "Leiden >= 2x NetworKit ParallelLeiden" + (" (>= 1M ties)" if g == "org100k"
                                                                                  else ""),
                              "communities", "networkit-parallelleiden", 2, 2, [g], onakit_lib="onakit-leiden"))
        # The same with onakit stopped after ParallelLeiden's 3 iterations (onakit's default iterates until stable).
        out.append(speed_goal(records, "Leiden (iterations=3, as ParallelLeiden) >= 2x NetworKit ParallelLeiden",
                              "communities", "networkit-parallelleiden", 2, 2, [g], onakit_lib="onakit-leiden-3"))
        out.append(modularity_goal(records, g))
    csv_orgs = _largest_org(records, "csv_ties")
    out.append(speed_goal(records, "CSV -> tie table >= 30x pandas", "csv_ties", "pandas", 1, 30, csv_orgs))
    for peer in ("polars", "duckdb"):
        for t in (1, 2):
            out.append(speed_goal(records, f"CSV -> tie table >= 10x {peer} at equal threads ({t})", "csv_ties", peer,
                                  t, 10, csv_orgs, onakit_threads=t))
    out.append(rate_goal(records, "mbox >= 3 GB/s per file", "mbox", "onakit", 1, "bytes", 3e9, "GB/s", 1e9))
    out.append(pagerank_goal(records))
    out.append(memory_goal(records))
    out.append(ingest_rss_goal(records))
    return out


def modularity_goal(records, g):
    o = _find(records, "communities", "onakit-leiden", 2, [g])
    la = _find(records, "communities", "leidenalg", 1, [g])
    text = "Leiden modularity >= leidenalg's - 0.002"
    if not (o and la and o.get("q") is not None and la.get("q") is not None):
        return _goal(text, g, None, "not measured in this run")
    d = o["q"] - la["q"]
    return _goal(text, g, d >= -0.002, f"Q {o['q']:.4f} vs {la['q']:.4f} ({d:+.4f})")


def rate_goal(records, text, workload, lib, threads, fact, target, unit, scale):
    for r in records:
        if r["workload"] == workload and r["lib"] == lib and r["threads"] == threads and "seconds" in r:
            rate = r["facts"][fact] / r["seconds"]
            return _goal(text, r["graph"], rate >= target, f"{rate / scale:.2f} {unit}")
    return _goal(text, "-", None, "not measured in this run")


def pagerank_goal(records):
    text = "PageRank >= 1G arcs/s on 2 threads (arcs x iterations / s)"
    for g in _largest_org(records, "pagerank") + ["eu-core"]:
        r = _find(records, "pagerank", "onakit", 2, [g])
        if r and "seconds" in r and r["facts"].get("iterations"):
            rate = r["facts"]["arcs"] * r["facts"]["iterations"] / r["seconds"]
            return _goal(text, g, rate >= 1e9, f"{rate / 1e9:.3f}G arcs/s ({r['facts']['iterations']} iterations)")
    return _goal(text, "-", None, "not measured in this run")


def memory_goal(records):
    """graph.memory_bytes() per directed tie. What grows with the ties (targets, weights, the in-adjacency) is
    judged; the per-person offsets (one 4-byte offset per person and direction) are shown beside it, and so is
    the all-included figure, which approaches the per-tie one as ties per person grow."""
    text = "graph memory <= 20 B per directed tie (+ the per-person offsets)"
    for g in _largest_org(records, "build") + ["eu-core"]:
        r = _find(records, "build", "onakit", None, [g])
        if r and "seconds" in r and r["facts"].get("arcs") and r["facts"].get("directed", True):
            f = r["facts"]
            offsets = 2 * f.get("offset_bytes", 4) * (f["people"] + 1)
            per_tie = (f["graph_bytes"] - offsets) / f["arcs"]
            return _goal(text, g, per_tie <= 20,
                         f"{per_tie:.2f} B/tie + {2 * f.get('offset_bytes', 4)} B/person "
                         f"({f['graph_bytes'] / f['arcs']:.2f} B/tie all included; "
                         f"{f['graph_bytes'] / 2**20:,.1f} MiB)")
    return _goal(text, "-", None, "not measured in this run")


def ingest_rss_goal(records):
    """Peak RSS growth of CSV -> graph over the final graph + labels: ona.stream_ties (judged), and the
    in-memory read_email_csv + build_graph beside it (it holds the whole file's text)."""
    text = "peak RSS of ingest -> graph <= 2x final graph + labels (stream_ties)"
    for g in _largest_org(records, "csv_ties"):
        r = _find(records, "csv_ties", "onakit", 2, [g])
        if r and "seconds" in r and "ingest_peak_rss" in r["facts"]:
            f = r["facts"]
            final = f["graph_bytes"] + f["label_bytes"]
            mem = f["ingest_peak_rss"] - f["ingest_rss_before"]
            in_memory = f"in-memory read + build: {mem / final:.1f}x ({mem / 2**20:,.1f} MiB)"
            if "stream_peak_rss" not in f:
                return _goal(text, g, None, f"no stream_ties in this onakit; {in_memory}")
            grown = f["stream_peak_rss"] - f["ingest_rss_before"]
            return _goal(text, g, grown <= 2 * final,
                         f"{grown / final:.2f}x ({grown / 2**20:,.1f} MiB peak growth; graph + labels "
                         f"{final / 2**20:,.1f} MiB); {in_memory}")
    return _goal(text, "-", None, "not measured in this run")


def goals_table(gs: list[dict]) -> tuple[list[str], list[list[str]]]:
    return ["goal", "graph", "measured", "status"], [[g["goal"], g["graph"], g["figure"],
                                                      g["status"] if g["status"] != "MISSED" else "**MISSED**"]
                                                     for g in gs]


def machine_text(m: dict) -> str:
    return (f"{m.get('cpu', '?')}, {m.get('cores', '?')} cores, {m.get('ram_gib', 0):.0f} GiB RAM, {m.get('os', '?')}, "
            f"{m.get('compiler', '?')}; load average {m.get('load_before', '?')} before, {m.get('load_after', '?')} after")


def markdown(result: dict) -> str:
    """compare.md: command, machine, onakit measured, the table and the goals."""
    rows = table_rows(result["records"], result["bases"], result["titles"])
    gh, gr = goals_table(result["goals"])
    o = result["onakit"]
    v = ", ".join(f"{k} {x}" for k, x in sorted(result.get("versions", {}).items()))
    runs = result.get("runs") or []
    if len(runs) > 1:
        measured = ["Measured in %d runs (each row's run: the `run` field of compare.json):" % len(runs), ""] + [
            f"{k + 1}. {r['date']}: `{r['command']}` ({(r.get('length_s') or 0) / 60:.1f} min, onakit at commit "
            f"{r.get('commit')}, {r.get('cpu') or 'CPU not recorded'}, load {r.get('load')})"
            for k, r in enumerate(runs)]
        # Runs on different CPUs are not one measurement: compare ratios within a run, not times across runs.
        if len({r.get("cpu") for r in runs}) > 1:
            measured += ["", "The runs were made on different machines (the CPU is given per run): times compare "
                         "within a run (every ratio is taken within one), not across runs."]
    else:
        measured = [f"Measured {result['date']} with `{result['command']}` ({result['length_s'] / 60:.1f} min)."]
    return "\n".join(measured + [
        "",
        f"* machine{' (newest run)' if len(runs) > 1 else ''}: {machine_text(result['machine'])}",
        f"* onakit {o.get('version')} at commit {o.get('commit')} ({o.get('build_type')} build, {o.get('path')})",
        f"* peers: {v}",
        f"* best of {result['repeat']} wall times (short calls: up to 10 within 0.5 s) per (workload, graph, library, "
        "threads), each in a fresh process; "
        "peak RSS = that process's VmHWM (input loading included); time / onakit divides by onakit's time at the "
        "same thread count (single-threaded peers: onakit t=1); `~` = an oracle's time extrapolated from a sample.",
        "",
        markdown_table(HEADER, rows),
        "",
        "Goals (issue #17; onakit at 2 threads unless said):",
        "",
        markdown_table(gh, gr),
    ]) + "\n"


def replace_block(text: str, block: str) -> str:
    """`text` with the part between the compare markers replaced by `block` (markers kept)."""
    i, j = text.find(BEGIN), text.find(END)
    if i < 0 or j < 0 or j < i:
        raise ValueError(f"README.md has no {BEGIN} ... {END} block")
    return text[:i + len(BEGIN)] + "\n" + block.rstrip("\n") + "\n" + text[j:]
