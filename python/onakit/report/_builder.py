"""ona.report: from a message log (and optional formal groups) to a self-contained HTML silo report.

Everything is computed through onakit's public API (build_graph, silo_report,
mixing_matrix, betweenness, constraint, boundary_spanners, communities,
compare_partitions, build_graphs, silo_trend, tie_change, rank_change,
layout); the group rule (which groups are shown, merged or hidden, and which
are flagged) is the C++ silo report's. This module only arranges, labels and
renders the results.
"""

from __future__ import annotations

import datetime as _dt
import functools
import inspect
import re
import warnings
from collections.abc import Mapping
from importlib import resources

import numpy as np
import pandas as pd
from markupsafe import Markup

from .. import _core
from .._groups import align_groups, check_coverage
from .._log import MessageLog
from .._progress import progress_bar
from . import _charts as charts
from . import _findings as fnd
from . import _sections as sections
from ._format import FILTERS, is_missing, label, names, pct, plural, plural_word
from ._report import Report

_BUILD_LABELS = {
    "messages_in": "messages in the log",
    "messages_used": "messages used",
    "messages_outside_window": "messages outside start/end",
    "messages_without_time": "messages without a time",
    "messages_broadcast": "broadcasts (more recipients than max_recipients)",
    "messages_with_several_recipients": "messages used with several recipients",
    "pairs_used": "sender–recipient pairs used",
    "pairs_self": "self-addressed pairs dropped",
    "pairs_duplicate": "recipients listed twice in a message",
    "ties_below_min_weight": "ties below min_weight",
    "ties_not_reciprocal": "ties without a reverse tie (reciprocal)",
}


def _check_groups(log, groups):
    """Groups as an object Series over the log's people (the shared matching rule of _groups.py); a ValueError
    when it matches nobody of the log, a warning when it matches fewer than half."""
    if groups is None:
        return None
    if isinstance(groups, Mapping) and not isinstance(groups, pd.Series):
        groups = pd.Series(dict(groups), dtype=object)
    if not isinstance(groups, pd.Series):
        raise TypeError("report: groups must be a pandas Series indexed by person (e.g. people['department']), "
                        f"a dict person -> group, or None; not {type(groups).__name__}")
    if groups.index.has_duplicates:
        dup = groups.index[groups.index.duplicated()].unique()[:5].tolist()
        raise ValueError(f"report: groups has duplicate people in its index, e.g. {dup}")
    # The one matching rule (person 17 = key "17"), then the labels of the log from here on.
    people = log.people
    aligned = align_groups(people, groups)
    check_coverage(people, groups, aligned.isna().to_numpy(), caller="report: ", of="the log")
    groups = aligned.where(aligned.notna(), None)
    return groups


@functools.lru_cache(maxsize=1)


def _environment():
    """The Jinja2 environment (built once: it caches the compiled templates)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("onakit.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"], default=True),
        trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters.update(FILTERS)
    return env


@functools.lru_cache(maxsize=1)


def _css() -> str:
    return resources.files("onakit.report").joinpath("templates", "style.css").read_text(encoding="utf-8")


def report(log, groups=None, *, build=None, min_group_size=5, top=10, title=None, freq=None, source=None,
           command=None, layout=True, permutations=1000, seed=0, progress=False, threads=0, graphs=None) -> Report:
    """A silo report of a message log: one self-contained HTML page an HR analyst can read, print and share.

    Sections: Overview (people, ties, period, sources, what the readers and the
    builder left out, headline figures), Findings in plain language (each with
    its evidence, measure, section and caveat), Group map (group-to-group
    network and mixing heat map), Silo table (:func:`onakit.silo_report`),
    Brokers and boundary spanners, People map (:func:`onakit.layout`, up to
    ``PEOPLE_MAP_LIMIT`` = 3,000 people), Communities against formal groups,
    Over time (when the data spans at least two periods) and Method notes.

    The page has inline CSS and SVG only, a Content-Security-Policy that
    forbids every request, no web fonts and no script needed to read it (a
    small inline script sorts tables on a click); it prints with a page break
    between sections.

    Privacy: the report shows only what the log holds (people, times, ties;
    never subjects or bodies). With a pseudonymised log it shows pseudonyms
    only. Every group-level figure, chart and finding obeys
    ``min_group_size``: the C++ silo report decides which groups are merged
    into one "(suppressed ...)" row or hidden, and a smaller group never
    appears under its own name.

    Parameters
    ----------
    log : onakit.MessageLog or onakit.Graph
        From any reader (or :func:`onakit.synthetic_org`); or, for an input
        too large to hold, the graph :func:`onakit.stream_ties` built (then
        ``build`` is not applied but shown in the Method notes as the options
        the graph was built with, and "Over time" needs ``graphs``).
    groups : pandas.Series or dict, optional
        Formal group per person (the log's labels, or pseudonyms), e.g.
        ``people["department"]``. None: the report uses the communities found
        in the communication instead, and says so. Keys match people by the
        rule of every ``groups=`` (person ``17`` matches key ``"17"``). Groups
        that match none of the log's people raise ``ValueError``; matching
        fewer than half warns.
    build : dict, optional
        Keywords of :func:`onakit.build_graph` (``weighting``,
        ``role_weights``, ``max_recipients``, ``start``, ``end``,
        ``half_life``, ``min_weight``, ``directed``, ...), used unchanged for
        the graph and for the per-period graphs.
    min_group_size : int
        Smallest group shown under its own name (default 5).
    top : int
        People listed in the broker and boundary-spanner tables.
    title : str, optional
        Page title (default "Silo report").
    freq : str, optional
        Pandas period alias for "Over time" (``"W"``, ``"M"``, ``"Q"``, ...).
        None chooses from the span: weeks under 4 months of data, months
        under 3 years, quarters under 12 years, then years.
    source : str, optional
        The input(s) as the reader should see them (default: the log's own
        ``report["source"]``).
    command : str, optional
        The command line shown in Method notes (the CLI passes it).
    layout : bool
        Draw the people map (needs :func:`onakit.layout`).
    permutations, seed : int
        Permutation test of the E-I index; seed for it, the communities and the layout.
    progress : bool
        tqdm progress bars on stderr.
    threads : int
        0 = all cores; results do not depend on it.
    graphs : pandas.Series, optional
        The per-period graphs for "Over time" when ``log`` is a graph
        (``ona.stream_ties(path, freq=...)``, or :func:`onakit.build_graphs`).

    Returns
    -------
    Report
        ``.html``, ``.save(path)``, ``.summary``, ``.findings``, ``.tables``;
        shows itself in a notebook.

    Raises
    ------
    ValueError
        ``groups`` that match nobody, a graph without ties, bad options.
    TypeError
        ``log`` is not a MessageLog or Graph, ``groups`` or ``build`` of the wrong type.

    Examples
    --------
    >>> import onakit as ona
    >>> log, people = ona.synthetic_org(people=200, departments=5, weeks=6, seed=1)
    >>> rep = ona.report(log, people["department"], permutations=200, layout=False)
    >>> rep.summary.startswith("200 people, 5 groups")
    True
    >>> rep.tables["groups"].equals(ona.silo_report(ona.build_graph(log), people["department"], permutations=200))
    True
    """
    import onakit as ona

    streamed = isinstance(log, ona.Graph)  # built by ona.stream_ties from an input too large to hold
    if not isinstance(log, MessageLog) and not streamed:
        raise TypeError(f"report expects an onakit.MessageLog (from a reader or ona.synthetic_org) or the graph "
                        f"ona.stream_ties built, not {type(log).__name__}")
    if graphs is not None and not (isinstance(graphs, pd.Series) and all(isinstance(x, ona.Graph) for x in graphs)):
        raise TypeError("report: graphs must be the Series of ona.build_graphs or ona.stream_ties(freq=...)")
    if build is None:
        build = {}
    if not isinstance(build, Mapping):
        raise TypeError(f"report: build must be a dict of ona.build_graph keywords, not {type(build).__name__}")
    build = dict(build)
    known = [k for k in inspect.signature(ona.build_graph).parameters if k not in ("log", "threads")]
    for key in build:
        if key == "threads":
            raise _core.OptionError("report: build={'threads': ...} is not a build option here; use "
                                    "report(threads=...)")
        if key not in known:
            raise _core.OptionError(f"report: build={{{key!r}: ...}} is not a keyword of ona.build_graph "
                                    f"(known: {', '.join(known)})")
    for name, value in (("layout", layout), ("progress", progress)):
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"report: {name} must be True or False, not {value!r}")
    for name, value in (("title", title), ("source", source), ("command", command)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"report: {name} must be text (or None), not {type(value).__name__}")
    if isinstance(min_group_size, bool) or not isinstance(min_group_size, (int, np.integer)) or min_group_size < 1:
        raise _core.OptionError(f"report: min_group_size must be a whole number >= 1, got {min_group_size!r}")
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise _core.OptionError(f"report: top must be a whole number >= 1, got {top!r}")
    min_group_size, top = int(min_group_size), int(top)
    # The prose calls groups by the Series' name when it is a plain word ("department", "team"): "Marketing keeps
    # 96% of its communication inside the department". The one-line summary always says "groups".
    series_name = getattr(groups, "name", None)
    groups = _check_groups(log, groups)
    formal = groups is not None
    word, word_plural = ("group", "groups") if formal else ("community", "communities")
    prose = series_name.strip().lower() if isinstance(series_name, str) \
        and re.fullmatch(r"[A-Za-z][A-Za-z ]{1,30}", series_name.strip()) \
        and formal else word

    steps = ["graph", "silo table", "group map", "brokers", "communities", "over time", "people map", "page"]
    bar_cm = progress_bar(bool(progress), "report", total=len(steps), unit="step")
    bar = bar_cm.__enter__()

    def step(name):
        bar.set_postfix_str(name)

    quiet = warnings.catch_warnings()
    quiet.__enter__()
    # The groups' coverage was checked and warned about once, above: not again by every measure.
    warnings.filterwarnings("ignore", message=r"groups: only [\d,]+ of", category=UserWarning)
    try:
        # ---- graph and overview -------------------------------------------------
        step("graph")
        g = log if streamed else ona.build_graph(log, threads=threads, **build)
        if g.number_of_ties == 0:
            raise ValueError(f"report: the graph has no ties (messages used: {(g.build_report or {}).get('messages_used')}, "
                             f"build report {g.build_report}); check the start/end window and max_recipients")
        n = g.number_of_people
        comm = ona.communities(g, seed=seed, threads=threads)
        if not formal:
            groups = pd.Series([f"Community {c + 1}" for c in comm.to_numpy()], index=g.people, dtype=object)
        bar.update()

        # ---- silo table: the group rule is the C++ silo report's ------------------
        step("silo table")
        silo = ona.silo_report(g, groups, min_group_size=min_group_size, permutations=permutations, seed=seed,
                               threads=threads)
        given_names = set(groups.dropna().unique().tolist())
        suppressed = next((i for i in silo.index if i not in given_names), None)
        kept = [i for i in silo.index if i != suppressed]
        kept_set = set(kept)
        aligned = align_groups(g.people, groups)  # the one matching rule (person 17 = key "17")
        shown = pd.Series([x if x in kept_set else (None if is_missing(x) or suppressed is None else suppressed)
                           for x in aligned.to_numpy(dtype=object)], index=g.people, dtype=object)
        if not kept:
            warnings.warn(f"report: every {word} has fewer than min_group_size={min_group_size} people, so no "
                          f"{word} can be shown under its own name"
                          + ("; no group-level figure can be shown" if not len(silo)
                             else f" (they appear merged as {suppressed!r})"), UserWarning, stacklevel=2)
        bar.update()

        # ---- group map -----------------------------------------------------------
        step("group map")
        order = charts.group_order(silo["size"].to_dict(), suppressed)
        colours = charts.group_colours([x for x in order if x != suppressed])
        mixing_w = ona.mixing_matrix(g, groups, min_group_size=min_group_size)
        mixing = ona.mixing_matrix(g, groups, normalize="row", min_group_size=min_group_size)
        group_map_svg = heat_svg = None
        if len(order):
            mw = mixing_w.reindex(index=order, columns=order).fillna(0).to_numpy()
            pair_w = mw + mw.T if g.directed else mw
            group_map_svg = charts.group_map(order, [int(silo.loc[x, "size"]) for x in order], pair_w,
                                             [bool(silo.loc[x, "silo"]) for x in order], colours,
                                             suppressed=suppressed)
            shares = mixing.reindex(index=order, columns=order)
            heat_svg = charts.heat_map(order, shares.to_numpy().tolist())
        bar.update()

        # ---- brokers and boundary spanners -------------------------------------------
        step("brokers")
        approximate = n > sections.EXACT_BETWEENNESS_LIMIT
        btw = ona.betweenness(g, approximate=approximate, seed=seed, threads=threads)
        con = ona.constraint(g, threads=threads)
        if shown.notna().any():
            spans = ona.boundary_spanners(g, shown, threads=threads)
        else:  # every group hidden (warned above): nobody has a group to span from, as boundary_spanners says
            spans = pd.DataFrame({"group": pd.Series(None, index=g.people, dtype=object), "internal": 0.0,
                                  "external": 0.0, "external_share": np.nan}, index=g.people)
            for c in ("groups_reached", "sole_bridge_pairs", "coordinator", "itinerant", "representative",
                      "gatekeeper", "liaison", "brokerage_total"):
                spans[c] = np.zeros(n, dtype=np.int64)
        ties = g.to_pandas()
        pairs = sections.link_carriers(ties, shown, suppressed)
        sole = pd.DataFrame(spans.attrs.get("sole_bridges", []), columns=["group_a", "group_b", "person"])
        sole_names = {p: [f"{label(a)}–{label(b)}" for a, b in zip(s["group_a"], s["group_b"])]
                      for p, s in sole.groupby("person", sort=False)} if len(sole) else {}
        people_tab = spans.copy()
        people_tab.insert(0, "betweenness", btw)
        people_tab.insert(1, "constraint", con)
        people_tab["sole_bridge_groups"] = [sole_names.get(p, []) for p in people_tab.index]
        brokers = people_tab.sort_values(["betweenness", "brokerage_total"], ascending=False, kind="stable").head(top)
        spanners = people_tab[people_tab["external"] > 0].sort_values(
            ["sole_bridge_pairs", "external", "groups_reached"], ascending=False, kind="stable").head(top)
        bar.update()

        # ---- communities -------------------------------------------------------------
        step("communities")
        agreement = None
        if formal and shown.notna().sum() >= 2:  # compare_partitions needs two people in common
            agreement = ona.compare_partitions(comm, shown.dropna().astype(str))
        ct, splits, merges = sections.communities_vs_groups(comm, shown, min_group_size, suppressed) if formal \
            else (pd.DataFrame(), [], [])
        community_rows = sections.community_rows(comm, shown, min_group_size, formal)
        bar.update()

        # ---- over time -----------------------------------------------------------------
        step("over time")
        over = sections.over_time(ona, log, g, groups, build, freq, min_group_size, seed, threads, top, shown, order,
                          suppressed, colours, given=graphs)
        bar.update()

        # ---- people map -------------------------------------------------------------------
        step("people map")
        people_map = sections.people_map(ona, g, shown, order, colours, layout, seed, threads,
                                         {x: bool(silo.loc[x, "silo"]) for x in kept})
        bar.update()

        # ---- findings ------------------------------------------------------------------------
        step("page")
        findings = fnd.silo_findings(silo, suppressed_label=suppressed, word=prose)
        org = fnd.organisation_finding(silo, word=prose)
        findings += [org] if org else []
        named = pairs[(pairs["group_a"] != suppressed) & (pairs["group_b"] != suppressed)] if suppressed is not None \
            else pairs
        findings += fnd.bridge_findings(named, word=prose)
        sb = fnd.sole_bridge_finding(sole, word=prose)
        findings += [sb] if sb else []
        bf = fnd.broker_finding(brokers, word=prose)
        findings += [bf] if bf else []
        findings += fnd.community_findings(agreement, splits, merges, int(comm.attrs["count"]), word=prose) \
            if formal else []
        if over.get("trend") is not None:
            findings += fnd.trend_findings(over["trend"], kept, word=prose)

        flagged = [x for x in kept if bool(silo.loc[x, "silo"])]
        small = int(silo.attrs.get("suppressed_groups", 0))
        merged = "" if not small else \
            f" (+{small:,} under {min_group_size} people {'hidden' if suppressed is None else 'merged'})"
        summary = (f"{n:,} people, {plural(len(kept), word, word_plural)}{merged}"
                   f"{'' if formal else ', no formal groups given'}, "
                   f"{plural(len(flagged), 'silo')} flagged" + (f" ({names(flagged)})" if flagged else "")
                   + f"; {plural(len(findings), 'finding')}")

        tables = {"groups": silo, "brokers": brokers, "spanners": spanners, "mixing": mixing, "group_pairs": pairs,
                  "sole_bridges": sole, "communities": ct}
        for k in ("trend", "churn", "rank_change"):
            if over.get(k) is not None:
                tables[k] = over[k]

        ctx = _context(ona, log, g, silo, groups, shown, formal, prose, kept, suppressed, order, colours, findings,
                       group_map_svg, heat_svg, brokers, spanners, pairs, comm, agreement, community_rows, splits,
                       merges, over, people_map, build, min_group_size, permutations, seed, approximate, source,
                       command, title, summary, top)
        env = _environment()
        css = Markup(_css())  # package data, not user input
        body = Markup(env.get_template("body.html.j2").render(**ctx))  # autoescaped when rendered
        html = env.get_template("page.html.j2").render(css=css, body=body, **ctx)
        fragment = env.get_template("fragment.html.j2").render(css=css, body=body, **ctx)
        bar.update()
    finally:
        bar_cm.__exit__(None, None, None)
        quiet.__exit__(None, None, None)
    return Report(html, fragment, summary, findings, tables, ctx["title"])


def _context(ona, log, g, silo, groups, shown, formal, word, kept, suppressed, order, colours, findings,
             group_map_svg, heat_svg, brokers, spanners, pairs, comm, agreement, community_rows, splits, merges,
             over, people_map, build, min_group_size, permutations, seed, approximate, source, command, title,
             summary, top):
    start, end = g.time_span
    rep = (log.ingest_report if isinstance(log, ona.Graph) else log.report) or {}
    a = silo.attrs
    words = plural_word(word)
    cross = (1 + a["org_ei"]) / 2 if not is_missing(a.get("org_ei")) else np.nan
    comps = ona.components(g)
    tiles = [
        ("People", f"{g.number_of_people:,}", "in the log, silent ones included"),
        ("Ties", f"{g.number_of_ties:,}", "directed sender → recipient pairs" if g.directed else "pairs of people"),
        ("Density", pct(ona.density(g), 1), "of all possible ties exist"),
        ("Reciprocity", pct(ona.reciprocity(g)), "of ties are returned"),
        (f"Crossing {words}", pct(cross), "of communication crosses their lines"),
        ("Modularity", f"{ona.modularity(g, shown.dropna()):.2f}" if shown.notna().any() else "–",
         f"against the formal {words}" if formal else "of the communities"),
        ("Communities", f"{int(comm.attrs['count']):,}", "found in the communication"),
        ("Silos flagged", f"{sum(bool(silo.loc[x, 'silo']) for x in kept):,}", f"of {plural(len(kept), word, words)}"),
    ]
    silo_rows = []
    for gname, r in silo.iterrows():
        silo_rows.append({"name": gname, "suppressed": gname == suppressed, "r": r,
                          "colour": colours.get(gname, charts.OTHER)})
    build_rows = [(_BUILD_LABELS.get(k, k.replace("_", " ")), v) for k, v in (g.build_report or {}).items()]
    skipped = sorted((rep.get("skipped") or {}).items(), key=lambda kv: -kv[1])
    dropped = sorted((rep.get("dropped") or {}).items(), key=lambda kv: -kv[1])
    shown_build = {k: v for k, v in build.items()}
    weighting = shown_build.get("weighting", "count")
    gen = _dt.datetime.now(_dt.timezone.utc).strftime("%-d %b %Y, %H:%M UTC")
    return dict(
        title=title or "Silo report", summary=summary, generated=gen, version=ona.__version__,
        source=source if source is not None else rep.get("source", "a message log"), command=command,
        start=start, end=end, people=g.number_of_people, ties=g.number_of_ties, directed=g.directed,
        components=int(comps.attrs["count"]), largest_component=int(comps.attrs["sizes"].max()),
        ingest=rep, skipped=skipped, dropped=dropped, build_rows=build_rows, tiles=tiles,
        formal=formal, word=word, words=words, groups_total=len(set(groups.dropna().unique().tolist())),
        ungrouped=int(a.get("ungrouped", 0)), ungrouped_ties=int(a.get("ungrouped_ties", 0)),
        suppressed=suppressed, suppressed_groups=int(a.get("suppressed_groups", 0)),
        suppressed_people=int(a.get("suppressed_people", 0)), suppressed_hidden=bool(a.get("suppressed_row_hidden")),
        min_group_size=min_group_size, kept=kept, order=order, colours=colours, silo=silo, silo_rows=silo_rows,
        silo_attrs=a, rule=a.get("rule", ""), permutations=permutations, seed=seed, findings=findings,
        group_map_svg=group_map_svg, heat_svg=heat_svg, brokers=brokers, spanners=spanners, pairs=pairs.head(top),
        bt_max=float(brokers["betweenness"].max()) if len(brokers) else 0.0, bar=charts.bar,
        approximate=approximate, agreement=agreement, community_rows=community_rows, splits=splits, merges=merges,
        community_count=int(comm.attrs["count"]), community_quality=float(comm.attrs["quality"]), over=over,
        people_map=people_map, build=shown_build, weighting=weighting, top=top, is_missing=is_missing,
        split_no_effect=weighting == "split" and (g.build_report or {}).get("messages_with_several_recipients") == 0,
        flagged=[x for x in kept if bool(silo.loc[x, "silo"])], palette_size=len(charts.PALETTE),
    )
