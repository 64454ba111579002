"""The computations behind the report's sections (all through onakit's public API).

Each function takes what ``report`` already has (the graph, the shown groups,
the colours) and returns tables, SVG and notes for one section; none decides
a group rule: which groups are shown, merged or hidden comes from the C++
silo report through ``shown``.
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import pandas as pd

from . import _charts as charts
from ._format import is_missing, label, pct, period, person, plural


#: People maps are drawn for graphs up to this many people; above it the section says why it is left out
#: (a few thousand dots are the most a page shows legibly, and the layout then stays well under a second).
PEOPLE_MAP_LIMIT = 3000

#: Above this many people betweenness is estimated by sampling (Riondato–Kornaropoulos, ε = 0.01)
#: instead of computed exactly, so the report of a large organisation stays quick; the report says so.
EXACT_BETWEENNESS_LIMIT = 5000


def choose_freq(start, end) -> str:
    """Periods for "Over time": weeks under four months of data, months under three years, then quarters, years."""
    days = (pd.Timestamp(end) - pd.Timestamp(start)).days
    if days < 120:
        return "W"
    if days < 3 * 365:
        return "M"
    if days < 12 * 365:
        return "Q"
    return "Y"


def link_carriers(ties: pd.DataFrame, shown: pd.Series, suppressed) -> pd.DataFrame:
    """Per pair of shown groups: tie weight and the fewest people (<= 3) carrying half of it.
    (Who alone links a pair -- every tie touches them -- is C++'s rule: ``boundary_spanners``'
    ``attrs["sole_bridges"]``.)

    Unordered pairs, ties in both directions; ties touching people outside the shown groups are left out.
    """
    sa = shown.reindex(ties["source"]).to_numpy(dtype=object)
    sb = shown.reindex(ties["target"]).to_numpy(dtype=object)
    keep = ~pd.isna(sa) & ~pd.isna(sb)
    ga, gb = sa[keep], sb[keep]
    ta, tb = ga.astype(str), gb.astype(str)
    between = ta != tb
    t = ties.loc[keep, ["source", "target", "weight"]].reset_index(drop=True).loc[between].reset_index(drop=True)
    ga, gb, swap = ga[between], gb[between], (ta > tb)[between]
    t["group_a"] = np.where(swap, gb, ga)
    t["group_b"] = np.where(swap, ga, gb)
    cols = ["group_a", "group_b", "weight", "ties", "people", "carriers", "carried_share", "carrier_names"]
    if not len(t):
        return pd.DataFrame(columns=cols)
    rows = []
    for (a, b), sub in t.groupby(["group_a", "group_b"], sort=False):
        total = float(sub["weight"].sum())
        ends = pd.concat([sub[["source", "weight"]].rename(columns={"source": "person"}),
                          sub[["target", "weight"]].rename(columns={"target": "person"})])
        per = ends.groupby("person", sort=False)["weight"].agg(["sum", "size"]).sort_values("sum", ascending=False)
        carriers, share = len(per), 1.0
        for k in range(1, min(3, len(per)) + 1):
            top = set(per.index[:k])
            touched = sub["source"].isin(top) | sub["target"].isin(top)
            share = float(sub.loc[touched, "weight"].sum()) / total if total > 0 else 0.0
            if share >= 0.5:
                carriers = k
                break
        else:
            share = np.nan
        rows.append({"group_a": a, "group_b": b, "weight": total, "ties": len(sub), "people": len(per),
                     "carriers": carriers, "carried_share": share,
                     "carrier_names": [person(p) for p in per.index[:carriers]] if carriers <= 3 else []})
    pairs = pd.DataFrame(rows, columns=cols).sort_values("weight", ascending=False, kind="stable")
    pairs = pairs.reset_index(drop=True)
    return pairs


def communities_vs_groups(comm: pd.Series, shown: pd.Series, min_group_size: int, suppressed):
    """Crosstab of formal groups against communities, the groups that split and the communities that merge groups."""
    both = pd.DataFrame({"group": shown.reindex(comm.index), "community": comm + 1}).dropna()
    ct = pd.crosstab(both["group"], both["community"]) if len(both) else pd.DataFrame()
    splits: list[tuple[Any, list[tuple[int, Any]]]] = []  # (group, [(community, share)])
    merges: list[tuple[int, list[tuple[Any, Any]]]] = []  # (community, [(group, share)])
    for gname, row in ct.iterrows():
        if gname == suppressed:
            continue
        size = row.sum()
        parts = [(int(cast(int, c)), v / size) for c, v in row.items() if v / size >= 0.2 and v >= 2]
        if len(parts) >= 2:
            splits.append((gname, sorted(parts, key=lambda p: -p[1])))
    sizes = ct.sum(axis=1)
    for c in ct.columns:
        held = [(gname, ct.loc[gname, c] / sizes[gname]) for gname in ct.index.tolist()
                if gname != suppressed and ct.loc[gname, c] / sizes[gname] >= 0.5]
        if len(held) >= 2:
            merges.append((int(c), sorted(held, key=lambda p: -p[1])))
    splits.sort(key=lambda s: -sizes[s[0]])
    return ct, splits, merges


def community_rows(comm: pd.Series, shown: pd.Series, min_group_size: int, formal: bool):
    """One row per community (largest first); communities below min_group_size merged into one row."""
    sizes = comm.value_counts().sort_index()
    rows, small = [], []
    for c, n in sizes.items():
        if n < min_group_size:
            small.append(int(n))
            continue
        members = shown.reindex(comm.index[comm.to_numpy() == c])
        mix = members.dropna().value_counts()
        parts = [f"{label(gname)} {pct(v / n)}" for gname, v in mix.items() if v / n >= 0.1] if formal else []
        rows.append({"community": f"Community {cast(int, c) + 1}", "size": int(n), "groups": ", ".join(parts)})
    if small:
        rows.append({"community": f"({plural(len(small), 'small community', 'small communities')} "
                                  f"< {min_group_size} people)", "size": int(sum(small)), "groups": ""})
    return rows


def over_time(ona, log, g, groups, build, freq, min_group_size, seed, threads, top, shown, order, suppressed,
               colours, given=None):
    start, end = g.time_span
    out: dict[str, Any] = {"shown": False, "note": None, "trend": None}
    if start is None or end is None:
        out["note"] = "The messages carry no times, so there is no trend to show."
        return out
    chosen = freq or choose_freq(start, end)
    out["freq"] = chosen
    out["freq_chosen"] = freq is None
    if given is not None:  # a streamed input's per-period graphs
        graphs = given
        out["freq"] = str(graphs.attrs.get("freq", chosen))
        out["freq_chosen"] = freq is None  # the caller chose it from the span, as below
    elif isinstance(log, ona.Graph):
        out["note"] = ("The graph was streamed without per-period graphs, so there is no trend to show "
                       "(pass graphs=ona.stream_ties(path, freq=...)).")
        return out
    else:
        opts = {k: v for k, v in build.items() if k not in ("start", "end")}
        graphs = ona.build_graphs(log, chosen, start=build.get("start"), end=build.get("end"), threads=threads,
                                  **opts)
    with_ties = [i for i, gg in enumerate(graphs) if gg.number_of_ties > 0]
    if len(graphs) < 2 or len(with_ties) < 2:
        out["note"] = (f"The data spans {plural(len(graphs), 'period')} of {chosen!r} with ties, so there is no "
                       "trend to show (pass freq= for shorter periods).")
        return out
    trend = ona.silo_trend(graphs, groups, min_group_size=min_group_size, threads=threads)
    labels = [charts.short_period(p) for p in graphs.index]
    line_groups = [x for x in order if ("ei", x) in trend.columns][:8]
    series = {x: trend[("ei", x)].tolist() for x in line_groups}
    ref = ("(organisation)", trend[("ei", "(organisation)")].tolist())
    ei_svg = charts.line_chart(list(graphs.index), series, colours, reference=ref)
    formed, lost, churn_rows = [], [], []
    for i in range(1, len(graphs)):
        s = ona.tie_change(graphs.iloc[i - 1], graphs.iloc[i]).summary
        formed.append(int(s.get("formed", 0)))
        lost.append(int(s.get("lost", 0)))
        churn_rows.append({"period": labels[i], "formed": formed[-1], "lost": lost[-1],
                           "strengthened": int(s.get("strengthened", 0)), "weakened": int(s.get("weakened", 0)),
                           "unchanged": int(s.get("unchanged", 0))})
    churn = pd.DataFrame(churn_rows).set_index("period")
    churn_svg = charts.churn_bars(labels[1:], formed, lost)
    a, b = with_ties[0], with_ties[-1]
    ga, gb = graphs.iloc[a], graphs.iloc[b]
    rc = ona.rank_change(ona.betweenness(ga, approximate=ga.number_of_people > EXACT_BETWEENNESS_LIMIT, seed=seed,
                                         threads=threads),
                         ona.betweenness(gb, approximate=gb.number_of_people > EXACT_BETWEENNESS_LIMIT, seed=seed,
                                         threads=threads))
    rc.insert(0, "group", shown.reindex(rc.index))
    risers = rc[(rc["rank_change"] > 0) & (rc["after"] > 0)].head(top)
    fallers = rc[(rc["rank_change"] < 0) & (rc["before"] > 0)].sort_values(
        ["rank_change", "rank_before"], ascending=[True, True], kind="stable").head(top)
    ei_rows = [(x, [trend[("ei", x)].iloc[i] for i in range(len(graphs))]) for x in order + ["(organisation)"]
               if ("ei", x) in trend.columns]
    out.update(shown=True, trend=trend, ei_rows=ei_rows, period_labels=labels, churn=churn, rank_change=rc, ei_svg=ei_svg, churn_svg=churn_svg,
               risers=risers, fallers=fallers, first=period(graphs.index[a]), last=period(graphs.index[b]),
               periods=len(graphs), lines_cut=len([x for x in order if ("ei", x) in trend.columns]) > 8,
               messages=graphs.attrs.get("messages", {}))
    return out


def people_map(ona, g, shown, order, colours, layout, seed, threads, silo_flags=None):
    n = g.number_of_people
    silo_flags = silo_flags or {}
    if not layout:
        return {"svg": None, "note": "The people map was switched off (layout=False)."}
    if n > PEOPLE_MAP_LIMIT:
        return {"svg": None, "note": (f"The people map is drawn for up to {PEOPLE_MAP_LIMIT:,} people; this "
                                      f"organisation has {n:,}, too many dots to read on one page.")}
    if not hasattr(ona, "layout"):
        return {"svg": None, "note": ("The people map needs ona.layout, which this installation of onakit does not "
                                      "have.")}
    pos = ona.layout(g, seed=seed, threads=threads)
    pos = pos.reindex(g.people)
    deg = np.asarray(ona.degree(g, weighted=False, normalized=False), dtype=float)
    dmax = deg.max() if len(deg) and deg.max() > 0 else 1.0
    size = 1.8 + 4.5 * np.sqrt(deg / dmax)
    col = [colours.get(x, charts.OTHER) if not is_missing(x) else "#dddddd" for x in shown.to_numpy(dtype=object)]
    tips = [f"{label(p)} ({label(gr)})" if not is_missing(gr) else label(p)
            for p, gr in zip(g.people, shown.to_numpy(dtype=object))]
    ties = g.to_pandas()
    idx = pd.Series(np.arange(n), index=g.people)
    edges = list(zip(idx.reindex(ties["source"]).to_numpy(), idx.reindex(ties["target"]).to_numpy(),
                     ties["weight"].to_numpy()))
    svg = charts.people_map(pos["x"].to_numpy(), pos["y"].to_numpy(), col, size, edges, tips)
    legend = [(x, colours.get(x, charts.OTHER), silo_flags.get(x, False)) for x in order]
    return {"svg": svg, "note": None, "legend": legend, "edges_cut": len(edges) > 3000, "edges": len(edges)}
