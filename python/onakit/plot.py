"""Matplotlib plots of onakit results: the network, the mixing heat map, silo trends, rankings, the group map.

``import onakit.plot`` is cheap: matplotlib is imported inside each function,
so it stays an optional dependency (``pip install onakit[plot]``). Every
function draws on ``ax`` (a new figure with constrained layout when None, so
labels and legends are not clipped) and returns the Axes, as pandas and
seaborn do.

The figures follow the HTML report (:func:`onakit.report`): the same
ForceAtlas2 positions (:func:`onakit.layout`, computed in C++), the same
colour-blind-safe palette (Okabe–Ito, then Paul Tol's muted set, then grey;
``onakit.report._charts.PALETTE``), groups coloured largest first so a group
keeps its colour from one plot to the next, and the same privacy rule:
groups smaller than ``min_group_size`` are merged into one grey
"(suppressed ...)" group (or hidden), never shown on their own.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import onakit as ona, onakit.plot
>>> log, people = ona.synthetic_org(people=120, departments=4, weeks=4)
>>> g = ona.build_graph(log)
>>> ax = ona.plot.network(g, groups=people["department"], size_by=ona.pagerank(g))
>>> len(ax.collections[-1].get_offsets()) > 0
True
"""

from __future__ import annotations

import math
from numbers import Integral
from types import SimpleNamespace

import numpy as np
import pandas as pd

from ._groups import NO_GROUP
from ._groups import Groups as _Groups, suppressed_label as _suppressed_label
from ._time_trends import ORG
from .report._charts import OTHER, PALETTE, SILO, group_colours, group_order

__all__: list[str] = ["centrality", "group_graph", "mixing", "network", "silo_trend"]

UNGROUPED = "#DDDDDD"  # people without a group: lighter than OTHER, which marks merged small groups
TIE = "#8A94A3"        # tie lines, as in the report's people map


# ---- shared helpers -------------------------------------------------------------
def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - matplotlib is in the test extras
        raise ImportError("onakit.plot needs matplotlib: pip install onakit[plot] (or pip install matplotlib)") \
            from exc
    return plt


def _axes(ax, figsize):
    """``ax`` as given, or the Axes of a new figure whose constrained layout keeps labels and legend inside."""
    if ax is not None:
        return ax
    _, ax = _pyplot().subplots(figsize=figsize, layout="constrained")
    return ax


def _text(x) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else str(x)


def _colours(order, suppressed=None) -> dict:
    """A colour per group in ``order`` (largest first), as the report gives them; the suppressed group is grey."""
    out = group_colours([x for x in order if x != suppressed])
    if suppressed is not None and suppressed in order:
        out[suppressed] = OTHER
    return out


def _ordered_groups(gr: _Groups) -> list:
    """Group names in the report's order (largest first, the suppressed row last): colours follow it."""
    return group_order(dict(zip(gr.names, gr.sizes.tolist())), gr.suppressed_label)


class _GroupPalette:
    """The groups of a plot with their colours and legend entries, set up once for every plot.

    Groups are ordered largest first (the suppressed row last) and coloured in
    that order, as in the report, so a group keeps its colour from one plot to
    the next; people without a group are drawn in ``UNGROUPED``.
    """

    def __init__(self, gr: _Groups):
        self.gr = gr
        self.order = _ordered_groups(gr)
        self.colours = _colours(self.order, gr.suppressed_label)
        self.names = np.asarray(gr.names, dtype=object)
        self.size = dict(zip(gr.names, gr.sizes.tolist()))

    def members(self, codes) -> list:
        """The group of each code (None for no group)."""
        return [self.names[c] if c != NO_GROUP else None for c in codes]

    def colours_of(self, members) -> list:
        """The colour of each member (a group name or None)."""
        return [self.colours[x] if x is not None else UNGROUPED for x in members]

    def handles(self, shown=None, *, ungrouped: int = 0, dots: bool = False, counts: bool = False) -> list:
        """Legend entries of the groups in ``shown`` (default all), in colour order, then "no group" if any.

        ``dots`` draws round markers (a scatter plot) instead of patches (bars);
        ``counts`` adds each group's size, and the number without a group.
        """
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        def entry(colour, label):
            if dots:
                return Line2D([], [], ls="", marker="o", markersize=8, markerfacecolor=colour,
                              markeredgecolor="white", label=label)
            return Patch(color=colour, label=label)

        keep = None if shown is None else set(shown)
        out = [entry(self.colours[x], f"{_text(x)} ({int(self.size[x]):,})" if counts else _text(x))
               for x in self.order if keep is None or x in keep]
        if ungrouped:
            out.append(entry(UNGROUPED, f"no group ({ungrouped:,})" if counts else "no group"))
        return out


def _positive_int(value, keyword: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral) or value < minimum:
        raise ValueError(f"{keyword} must be a whole number >= {minimum}, got {value!r}")
    return int(value)


def _group_word(groups) -> str:
    """The legend's name for the groups: the Series' own name ("department", "team") or "group"."""
    name = getattr(groups, "name", None)
    return str(name) if isinstance(name, str) and name else "group"


def _legend(ax, title, handles=None):
    # Outside the plot on the right: constrained layout makes room for it, so nothing is covered or clipped.
    n = len(handles) if handles is not None else len(ax.get_legend_handles_labels()[0])
    extra = {} if handles is None else {"handles": handles}
    ax.legend(title=title, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
              fontsize="small" if n > 8 else "medium", ncols=1 if n <= 24 else 2, **extra)


def _per_person(g, values, keyword: str) -> np.ndarray:
    """``values`` (Series indexed by person, mapping, or array aligned with ``g.people``) as floats per person."""
    people = g.people
    if isinstance(values, pd.Series):
        aligned = values.reindex(people)
        if len(values) and aligned.isna().all():
            raise ValueError(f"{keyword}: none of its {len(values)} labels is a person of the graph "
                             f"(e.g. {list(values.index[:3])} vs {list(people[:3])})")
    elif isinstance(values, dict):
        aligned = pd.Series([values.get(p, np.nan) for p in people], index=people)
    else:
        arr = np.asarray(values)
        if arr.ndim != 1 or len(arr) != len(people):
            raise ValueError(f"{keyword}: an array must have one entry per person ({len(people)}), got shape "
                             f"{arr.shape}")
        aligned = pd.Series(arr, index=people)
    return pd.to_numeric(aligned, errors="raise").to_numpy(dtype=float)


def _marker_area(values, lo: float, hi: float) -> np.ndarray:
    """Marker areas in points² from lo to hi, by the square root of the value (area ~ value)."""
    v = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0)
    v = np.clip(v - min(0.0, float(v.min(initial=0.0))), 0, None)
    top = v.max(initial=0.0)
    return lo + (hi - lo) * (np.sqrt(v / top) if top > 0 else np.zeros_like(v))


def _tie_segments(g, index: pd.Series, pos: np.ndarray, max_ties: int):
    """The ``max_ties`` heaviest ties as line segments, both directions of a pair drawn once; weights in [0, 1]."""
    ties = g.to_pandas()
    s = index.reindex(ties["source"]).to_numpy()
    t = index.reindex(ties["target"]).to_numpy()
    keep = s != t
    a, b = np.minimum(s[keep], t[keep]), np.maximum(s[keep], t[keep])
    w = ties["weight"].to_numpy(dtype=float)[keep]
    if not len(w):
        return np.empty((0, 2, 2)), np.empty(0)
    pair = pd.DataFrame({"a": a, "b": b, "w": w}).groupby(["a", "b"], sort=False)["w"].sum()
    pair = pair.sort_values(ascending=False, kind="stable").iloc[:max_ties]
    ia = pair.index.get_level_values(0).to_numpy()
    ib = pair.index.get_level_values(1).to_numpy()
    seg = np.stack([pos[ia], pos[ib]], axis=1)
    wv = pair.to_numpy()
    return seg, wv / wv.max() if wv.max() > 0 else wv


# ---- the people network ------------------------------------------------------------
def network(g, groups=None, size_by=None, *, ax=None, pos=None, labels=0, min_group_size: int | None = 5,
            max_ties: int = 3000, isolates: bool = True, iterations: int = 100, seed: int = 0,
            title: str | None = None, legend: bool = True, figsize=(9, 7)):
    """Draw the people as dots at their :func:`onakit.layout` positions, coloured by group, with their ties.

    Positions come from ForceAtlas2 in C++ (the same as the HTML report's
    people map), so groups that keep to themselves show as separate
    clusters. Ties are drawn as faint lines, darker and thicker the heavier
    (both directions of a pair as one line, the ``max_ties`` heaviest
    pairs only, so large graphs stay readable). People far from everyone
    else are pulled in to the edge of the drawing (positions outside the
    2nd–98th percentile plus a margin are clipped), as in the report.

    Parameters
    ----------
    g : onakit.Graph
    groups : pandas.Series, mapping or array, optional
        Group of each person (as in :func:`onakit.mixing_matrix`): one
        colour per group, largest group first, with a legend. Groups under
        ``min_group_size`` are merged into one grey group (or left
        uncoloured when even the merged group is too small); people without
        a group are light grey.
    size_by : pandas.Series, mapping or array, optional
        A value per person (e.g. ``ona.betweenness(g)``): dot area grows with
        it. None: every dot the same size.
    ax : matplotlib.axes.Axes, optional
        Where to draw; None: a new figure of ``figsize``.
    pos : pandas.DataFrame, optional
        Positions with columns ``x`` and ``y`` indexed by person (e.g. a
        saved ``ona.layout(g)``, to draw several graphs alike); None
        computes ``ona.layout(g, iterations=iterations, seed=seed)``.
    labels : int or list, default 0
        Write the names of these people next to their dots; an int n labels
        the n people with the largest ``size_by`` (or degree, without it).
    min_group_size : int or None, default 5
    max_ties : int, default 3000
        Draw at most this many ties (the heaviest).
    isolates : bool, default True
        Draw the people without ties to anyone else (on a circle around
        the drawing, where :func:`onakit.layout` puts them). False leaves
        them out, which helps when they are many, e.g. mail archives where
        most addresses only received broadcasts.
    iterations, seed : int
        Passed to :func:`onakit.layout` when ``pos`` is None.
    title : str, optional
    legend : bool, default True
        A legend of the groups, outside the drawing on the right.
    figsize : tuple, default (9, 7)

    Returns
    -------
    matplotlib.axes.Axes
        Its last collection is the dots, one per person drawn (the largest
        first); the tie lines are the collection before it.

    Raises
    ------
    ValueError
        When ``pos`` lacks a person of ``g`` or ``size_by`` matches no
        person; see :func:`onakit.mixing_matrix` for ``groups``.
    ImportError
        Without matplotlib.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import onakit as ona, onakit.plot
    >>> log, people = ona.synthetic_org(people=100, departments=4, weeks=4)
    >>> g = ona.build_graph(log)
    >>> ax = ona.plot.network(g, people["department"], size_by=ona.degree(g), labels=3)
    >>> len(ax.collections[-1].get_offsets())
    100
    """
    _pyplot()  # first: without matplotlib, the message says how to install it
    from matplotlib.collections import LineCollection

    max_ties = _positive_int(max_ties, "max_ties", 0)
    n = g.number_of_people
    if pos is None:
        from ._layout import layout

        pos = layout(g, iterations=iterations, seed=seed)
    else:
        if not isinstance(pos, pd.DataFrame) or not {"x", "y"} <= set(pos.columns):
            raise ValueError("pos must be a DataFrame with columns 'x' and 'y' indexed by person (ona.layout)")
        missing = g.people.difference(pos.index)
        if len(missing):
            raise ValueError(f"pos has no position for {len(missing)} people of the graph, e.g. "
                             f"{list(missing[:3])}")
    xy = pos.reindex(g.people)[["x", "y"]].to_numpy(dtype=float)
    if not isinstance(isolates, (bool, np.bool_)):
        raise TypeError(f"isolates must be True or False, not {isolates!r}")
    shown = np.ones(n, dtype=bool)
    if not isolates:
        ties = g.to_pandas()
        ties = ties[ties["source"] != ties["target"]]
        shown = g.people.isin(ties["source"]) | g.people.isin(ties["target"])
        if not shown.any():
            raise ValueError("network: isolates=False leaves nobody to draw (no person has a tie to another)")
    if shown.any():
        # Bounds from the people drawn: one person far from everyone must not shrink the rest into a dot.
        ref = xy[shown]
        lo, hi = np.nanquantile(ref, 0.02, axis=0), np.nanquantile(ref, 0.98, axis=0)
        pad = 0.08 * (hi - lo)
        xy = np.clip(xy, np.maximum(ref.min(axis=0), lo - pad), np.minimum(ref.max(axis=0), hi + pad))

    ax = _axes(ax, figsize)
    index = pd.Series(np.arange(n), index=g.people)
    seg, w = _tie_segments(g, index, xy, max_ties)
    drawn = int(shown.sum())  # smaller, fainter marks the more people share the drawing
    lines = LineCollection(seg, colors=TIE, linewidths=0.3 + 1.7 * w, alpha=0.35 if drawn <= 300 else 0.2,
                           zorder=1, label="_ties")
    ax.add_collection(lines)

    if size_by is None:
        area = np.full(n, 40.0 if drawn <= 200 else 14.0)
        rank_by = None
    else:
        values = _per_person(g, size_by, "size_by")
        area = _marker_area(values, 10.0, 260.0 if drawn <= 300 else 120.0)
        rank_by = values

    colour = np.array([UNGROUPED] * n, dtype=object)
    handles = []
    if groups is not None:
        palette = _GroupPalette(_Groups(g, groups, min_group_size))
        colour[:] = palette.colours_of(palette.members(palette.gr.codes))
        handles = palette.handles(ungrouped=int((palette.gr.codes == NO_GROUP).sum()), dots=True, counts=True)
    # Big dots first, small ones on top, so no one is hidden behind a hub.
    order_draw = np.argsort(-area, kind="stable")
    order_draw = order_draw[shown[order_draw]]
    ax.scatter(xy[order_draw, 0], xy[order_draw, 1], s=area[order_draw], c=list(colour[order_draw]),
               edgecolors="white", linewidths=0.4, zorder=2)

    if isinstance(labels, Integral) and not isinstance(labels, bool):
        k = _positive_int(labels, "labels", 0)
        chosen = []
        if k:
            if rank_by is None:
                from ._centrality_spectral import degree

                rank_by = degree(g).to_numpy(dtype=float)
            chosen = list(np.argsort(-np.nan_to_num(rank_by, nan=-np.inf), kind="stable")[:k])
    else:
        wanted = pd.Index(list(labels))
        bad = wanted.difference(g.people)
        if len(bad):
            raise ValueError(f"labels: {len(bad)} are not people of the graph, e.g. {list(bad[:3])}")
        chosen = list(index.reindex(wanted).to_numpy())
    for i in chosen:
        ax.annotate(_text(g.people[i]), xy[i], xytext=(4, 4), textcoords="offset points", fontsize=8,
                    zorder=3, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7})

    ax.set_aspect("equal", adjustable="datalim")
    ax.autoscale_view()
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    if legend and handles:
        _legend(ax, f"{_group_word(groups)} (people)", handles)
    return ax


# ---- the mixing heat map --------------------------------------------------------------
def mixing(g, groups, *, normalize: str | None = "row", weighted: bool = True, min_group_size: int | None = 5,
           annotate: bool | None = None, cmap: str = "Blues", ax=None, title: str | None = None, figsize=None):
    """Heat map of :func:`onakit.mixing_matrix`: how each group's ties split among the groups.

    Rows are sender groups, columns recipient groups, largest group first
    (the suppressed row of merged small groups last). With the default
    ``normalize="row"`` a cell is the share of the row group's tie weight
    that goes to the column group, so a silo is a dark diagonal cell in a
    pale row. A single-hue ramp (light = little) reads the same for every
    form of colour blindness; cells without ties are grey.

    Parameters
    ----------
    g : onakit.Graph
    groups : pandas.Series, mapping or array
    normalize : {"row", "total", None}, default "row"
        As in :func:`onakit.mixing_matrix` (None: tie weight).
    weighted : bool, default True
    min_group_size : int or None, default 5
        Smaller groups are merged into one row and column, as in
        :func:`onakit.mixing_matrix`.
    annotate : bool, optional
        Write the value in each cell; None: when there are at most 12 groups.
    cmap : str, default "Blues"
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    figsize : tuple, optional
        Default: grows with the number of groups.

    Returns
    -------
    matplotlib.axes.Axes
        Its image (``ax.images[0]``) has one cell per group pair.

    Raises
    ------
    ValueError
        When no group has members to show.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import onakit as ona, onakit.plot
    >>> log, people = ona.synthetic_org(people=100, departments=4, weeks=4)
    >>> ax = ona.plot.mixing(ona.build_graph(log), people["department"])
    >>> ax.images[0].get_array().shape
    (4, 4)
    """
    _pyplot()  # first: without matplotlib, the message says how to install it
    from matplotlib.colors import Normalize

    from ._silo import mixing_matrix

    m = mixing_matrix(g, groups, normalize=normalize, weighted=weighted, min_group_size=min_group_size)
    if m.shape[0] == 0:
        raise ValueError(f"mixing: no group to show (every group is smaller than min_group_size={min_group_size} "
                         f"or no person of the graph has a group)")
    order = _ordered_groups(_Groups(g, groups, min_group_size))
    m = m.reindex(index=order, columns=order)
    k = len(order)
    if figsize is None:
        side = min(12.0, 3.0 + 0.45 * k)
        figsize = (side + 1.5, side)
    ax = _axes(ax, figsize)
    values = m.to_numpy(dtype=float)
    shown = np.ma.masked_invalid(values)
    top = 1.0 if normalize == "row" else float(np.nanmax(values)) if np.isfinite(values).any() else 1.0
    cm = _pyplot().get_cmap(cmap).with_extremes(bad="#EEEEEE")
    image = ax.imshow(shown, cmap=cm, norm=Normalize(0.0, top if top > 0 else 1.0), aspect="equal",
                      interpolation="nearest")
    labels = [_text(x) for x in order]
    ax.set_xticks(range(k), labels, rotation=45, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(k), labels)
    ax.tick_params(length=0)
    directed = g.directed
    ax.set_xlabel("to group" if directed else "group")
    ax.set_ylabel("from group" if directed else "group")
    if annotate is None:
        annotate = k <= 12
    if annotate:
        for i in range(k):
            for j in range(k):
                v = values[i, j]
                if not np.isfinite(v):
                    continue
                text = f"{v:.0%}" if normalize is not None else f"{v:,.3g}"
                ax.text(j, i, text, ha="center", va="center", fontsize=8 if k > 8 else 9,
                        color="white" if v > 0.55 * top else "#222222")
    what = {"row": "share of the row group's tie weight", "total": "share of all tie weight",
            None: "tie weight" if weighted else "ties"}[normalize]
    bar = ax.figure.colorbar(image, ax=ax, shrink=0.8, format="{x:.0%}" if normalize is not None else None)
    bar.set_label(what)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if title:
        ax.set_title(title)
    return ax


def _is_range(index) -> bool:
    return isinstance(index, pd.PeriodIndex) and len(index) > 0 and "/" in str(index[0])


def _period(p) -> str:
    """A period's label: its name ("2024-03"), or its first day for weeks ("2024-01-01/2024-01-07" is too long)."""
    text = str(p)
    return p.start_time.strftime("%Y-%m-%d") if isinstance(p, pd.Period) and "/" in text else text


# ---- silo trends ------------------------------------------------------------------------
_MEASURE_LABEL = {"ei": "E-I index (−1 inward … +1 outward)", "expected_ei": "expected E-I index (random mixing)",
                  "insularity": "insularity (share of ties inside the group)", "internal": "tie weight inside",
                  "external": "tie weight across the boundary", "p_value": "p-value of the E-I test"}


def silo_trend(trend, measure: str = "ei", *, groups=None, organisation: bool = True, ax=None,
               title: str | None = None, figsize=(9, 4.5)):
    """One line per group over the periods of :func:`onakit.silo_trend`, the organisation as a dashed black line.

    Groups are coloured largest first (by ``trend.attrs["sizes"]``), as in
    :func:`network` and :func:`group_graph`; the suppressed column of
    merged small groups is grey. A falling E-I index means a group turning
    inward; a period without ties leaves a gap.

    Parameters
    ----------
    trend : pandas.DataFrame
        The result of :func:`onakit.silo_trend` (columns ``(measure, group)``).
    measure : str, default "ei"
        ``"ei"``, ``"insularity"``, ``"internal"``, ``"external"``,
        ``"expected_ei"`` or ``"p_value"``.
    groups : list, optional
        Draw only these groups (default: all).
    organisation : bool, default True
        Draw the organisation's line.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    figsize : tuple, default (9, 4.5)

    Returns
    -------
    matplotlib.axes.Axes
        One line per group drawn (plus the organisation's), labelled for
        the legend; for the E-I index also a grey line at 0.

    Raises
    ------
    ValueError
        For a table that is not a silo trend, an unknown ``measure`` or a
        group not in it.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import onakit as ona, onakit.plot
    >>> log, people = ona.synthetic_org(people=120, departments=4, weeks=9, seed=3)
    >>> ax = ona.plot.silo_trend(ona.silo_trend(log, people["department"], freq="M"))
    >>> [t.get_text() for t in ax.get_legend().get_texts()][-1]
    '(organisation)'
    >>> len(ax.get_legend().get_texts())  # four departments and the organisation
    5
    """
    if not isinstance(trend, pd.DataFrame) or not isinstance(trend.columns, pd.MultiIndex) \
            or trend.columns.nlevels != 2:
        raise ValueError("silo_trend: expected the DataFrame of ona.silo_trend (columns: measure, group)")
    measures = list(trend.columns.get_level_values(0).unique())
    if measure not in measures:
        raise ValueError(f"silo_trend: measure must be one of {measures}, got {measure!r}")
    table = trend[measure]
    columns = [c for c in table.columns if c != ORG]
    if groups is not None:
        wanted = list(groups)
        bad = [x for x in wanted if x not in columns]
        if bad:
            raise ValueError(f"silo_trend: groups {bad[:3]} are not columns of the trend (it has {columns[:5]})")
        columns = wanted
    sizes = trend.attrs.get("sizes", {})
    k, floor = trend.attrs.get("suppressed_groups", 0), trend.attrs.get("min_group_size")
    suppressed = _suppressed_label(k, floor) if k and floor is not None else None
    ranked = group_order({c: sizes.get(c, 0) for c in table.columns if c != ORG}, suppressed)
    colours = _colours(ranked, suppressed)
    ax = _axes(ax, figsize)
    x = np.arange(len(table))
    for c in sorted(columns, key=ranked.index):
        n = sizes.get(c)
        label = _text(c) + (f" ({int(n):,})" if n is not None else "")
        ax.plot(x, table[c].to_numpy(dtype=float), color=colours[c], lw=1.8, marker="o", markersize=3.5,
                label=label)
    if organisation and ORG in table.columns:
        ax.plot(x, table[ORG].to_numpy(dtype=float), color="black", lw=2.4, ls="--", label=ORG)
    if measure in ("ei", "expected_ei"):
        ax.axhline(0, color="#999999", lw=0.8, zorder=0)
    ticks = x if len(x) <= 12 else x[:: math.ceil(len(x) / 12)]
    ax.set_xticks(ticks, [_period(table.index[i]) for i in ticks], rotation=0 if len(x) <= 6 else 30,
                  ha="center" if len(x) <= 6 else "right", rotation_mode="anchor")
    if len(x) == 1:
        ax.set_xlim(-0.5, 0.5)
    ax.set_xlabel(str(table.index.name or "period") + (" (first day)" if _is_range(table.index) else ""))
    ax.set_ylabel(_MEASURE_LABEL.get(measure, measure))
    ax.grid(axis="y", color="#E5E5E5", lw=0.8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    _legend(ax, "group (people)")
    if title:
        ax.set_title(title)
    return ax


# ---- ranked bars --------------------------------------------------------------------------
def centrality(series, top: int = 20, *, groups=None, min_group_size: int | None = 5, ax=None,
               title: str | None = None, xlabel: str | None = None, color: str = PALETTE[0], figsize=None):
    """Horizontal bars of the ``top`` highest values of a per-person measure, the highest at the top.

    Parameters
    ----------
    series : pandas.Series
        A measure per person (``ona.betweenness(g)``, a column of
        ``ona.person_metrics(g)``, ...). Missing values are left out.
    top : int, default 20
        How many people to show (fewer if the series is shorter).
    groups : pandas.Series, mapping or array, optional
        Colour each bar by the person's group, with a legend; colours as in
        :func:`network` (by group size among the people of ``series``).
    min_group_size : int or None, default 5
        Groups with fewer members among the people of ``series`` are merged
        into one grey group (or left uncoloured), as in :func:`network`.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    xlabel : str, optional
        Default: the series' name.
    color : str
        Bar colour without ``groups``.
    figsize : tuple, optional
        Default: grows with ``top``.

    Returns
    -------
    matplotlib.axes.Axes
        One bar (``ax.patches``) per person shown.

    Raises
    ------
    ValueError
        For ``top`` < 1 or a series with no value.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import onakit as ona, onakit.plot
    >>> log, people = ona.synthetic_org(people=100, departments=4, weeks=4)
    >>> ax = ona.plot.centrality(ona.betweenness(ona.build_graph(log)), top=10)
    >>> len(ax.patches)
    10
    """
    _pyplot()  # first: without matplotlib, the message says how to install it

    if not isinstance(series, pd.Series):
        raise TypeError(f"centrality: expected a pandas Series of one value per person, not {type(series).__name__}")
    top = _positive_int(top, "top")
    values = pd.to_numeric(series, errors="raise").dropna()
    if values.empty:
        raise ValueError("centrality: the series has no values")
    best = values.sort_values(ascending=False, kind="stable").iloc[:top]
    k = len(best)
    ax = _axes(ax, figsize or (7, 1.2 + 0.32 * k))
    colours = [color] * k
    handles = []
    if groups is not None:
        # The groups among the people of the series (the graph's people), after the minimum-group-size rule,
        # coloured largest first as in network(): a group keeps its colour across plots.
        palette = _GroupPalette(_Groups(SimpleNamespace(people=series.index), groups, min_group_size))
        codes = pd.Series(palette.gr.codes, index=series.index).loc[best.index].to_numpy()
        member = palette.members(codes)
        if all(x is None for x in member):
            raise ValueError(f"centrality: groups gives none of the people shown a group (e.g. "
                             f"{list(best.index[:3])}; min_group_size={min_group_size})")
        colours = palette.colours_of(member)
        handles = palette.handles(member, ungrouped=int(None in member))
    y = np.arange(k)
    ax.barh(y, best.to_numpy(dtype=float), color=colours, height=0.7)
    ax.set_yticks(y, [_text(p) for p in best.index])
    ax.invert_yaxis()
    ax.set_xlabel(xlabel or (str(series.name) if series.name is not None else "value"))
    ax.set_ylabel(str(series.index.name) if series.index.name else "person")
    ax.margins(x=0.12)
    for yi, v in zip(y, best.to_numpy(dtype=float)):
        ax.annotate(f"{v:.3g}", (v, yi), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8,
                    color="#444444")
    ax.grid(axis="x", color="#E5E5E5", lw=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if handles:
        _legend(ax, _group_word(groups), handles)
    if title:
        ax.set_title(title)
    return ax


# ---- the group map ------------------------------------------------------------------------
def group_graph(g, groups, *, weighted: bool = True, min_group_size: int | None = 5, highlight=None, ax=None,
                title: str | None = None, figsize=None):
    """The group-to-group network of :func:`onakit.group_graph`, drawn as the HTML report's group map.

    One circle per group (area ~ head-count) on a ring, ordered so that
    strongly tied groups sit side by side; one line per pair of groups, wider
    and darker the more tie weight they share (both directions together).
    As in the report, only the heaviest links are drawn (at most three per
    group, none under 2% of the heaviest) so the ones that matter stand
    out; :func:`mixing` has them all. Groups are coloured as in
    :func:`network`; the group of merged small groups is grey. A ring
    rather than a force layout: on a handful of densely tied groups a force
    layout piles the circles on top of each other.

    Parameters
    ----------
    g : onakit.Graph
    groups : pandas.Series, mapping or array
    weighted : bool, default True
        Line width by tie weight (True) or tie count.
    min_group_size : int or None, default 5
    highlight : list, optional
        Groups to ring in vermillion and label in bold, e.g. the silos of
        :func:`onakit.silo_report`: ``rep.index[rep.silo]``.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    figsize : tuple, optional
        Default: grows with the number of groups.

    Returns
    -------
    matplotlib.axes.Axes
        Its last collection has one circle per group shown (in the ring's
        order), the one before it one line per pair of groups drawn.

    Raises
    ------
    ValueError
        When no group has members to show, or ``highlight`` names a group
        not shown.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import onakit as ona, onakit.plot
    >>> log, people = ona.synthetic_org(people=100, departments=4, weeks=4)
    >>> ax = ona.plot.group_graph(ona.build_graph(log), people["department"])
    >>> len(ax.collections[-1].get_offsets())
    4
    """
    _pyplot()  # first: without matplotlib, the message says how to install it
    from matplotlib.collections import LineCollection

    from ._silo import group_graph as _group_graph
    from .report._charts import _ring_order, strongest_pairs

    gg = _group_graph(g, groups, weighted=weighted, min_group_size=min_group_size)
    palette = _GroupPalette(_Groups(g, groups, min_group_size))
    k = gg.number_of_people
    if k == 0:
        raise ValueError(f"group_graph: no group to show (every group is smaller than min_group_size="
                         f"{min_group_size} or no person of the graph has a group)")
    order, colours = palette.order, palette.colours
    size = pd.Series(palette.gr.sizes, index=palette.gr.names)
    marked = [] if highlight is None else list(highlight)
    bad = [x for x in marked if x not in size.index]
    if bad:
        raise ValueError(f"group_graph: highlight {bad[:3]} are not groups shown (they are {list(size.index[:5])})")

    ties = gg.to_pandas()
    at = pd.Series(np.arange(k), index=order)
    w = np.zeros((k, k))
    src = np.asarray(at.reindex(ties["source"]), dtype=np.intp)
    dst = np.asarray(at.reindex(ties["target"]), dtype=np.intp)
    np.add.at(w, (src, dst),
              ties["weight"].to_numpy(dtype=float))
    w = w + w.T if gg.directed else np.maximum(w, w.T)
    np.fill_diagonal(w, 0)
    ring = _ring_order(order, w)
    angle = np.empty(k)
    for slot, i in enumerate(ring):  # clockwise from the top, as in the report
        angle[i] = math.pi / 2 - 2 * math.pi * slot / k
    xy = np.column_stack([np.cos(angle), np.sin(angle)]) if k > 1 else np.zeros((1, 2))

    if figsize is None:
        side = min(12.0, 6.0 + 0.15 * k)
        figsize = (side, side)
    ax = _axes(ax, figsize)
    pairs = strongest_pairs(w)
    wmax = max((v for v, _, _ in pairs), default=1.0)
    ax.add_collection(LineCollection([[xy[i], xy[j]] for _, i, j in pairs], colors="#5F6B7A",
                                     linewidths=[0.8 + 9.0 * v / wmax for v, _, _ in pairs],
                                     alpha=[0.25 + 0.45 * v / wmax for v, _, _ in pairs], capstyle="round",
                                     zorder=1))
    # Circle areas in points²; smaller when many groups share the ring, so neighbours do not overlap.
    area = _marker_area(size.reindex(order).to_numpy(dtype=float), 150.0, 2500.0 if k <= 10 else 1200.0)
    ax.scatter(xy[:, 0], xy[:, 1], s=area, c=[colours[x] for x in order],
               edgecolors=[SILO if x in marked else "white" for x in order],
               linewidths=[3.0 if x in marked else 1.5 for x in order], zorder=2)
    for i, x in enumerate(order):
        radius = math.sqrt(area[i] / math.pi) + 5  # points, clear of the circle
        c, s_ = (math.cos(angle[i]), math.sin(angle[i])) if k > 1 else (0.0, -1.0)
        ha = "center" if abs(c) < 0.3 else ("left" if c > 0 else "right")
        va = "center" if abs(s_) < 0.3 else ("bottom" if s_ > 0 else "top")
        mark = x in marked
        ax.annotate(f"{_text(x)}{' (silo)' if mark else ''}\n{int(size[x]):,} people", xy[i],
                    xytext=(radius * c, radius * s_), textcoords="offset points", ha=ha, va=va,
                    fontsize=9 if k <= 16 else 8, fontweight="bold" if mark else "normal",
                    color=SILO if mark else "#222222", zorder=3, linespacing=1.1)
    ax.set_xlim(-1.45, 1.45)
    ax.set_ylim(-1.35, 1.35)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax
