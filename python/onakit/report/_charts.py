"""Hand-written inline SVG charts for the silo report.

Why by hand: the report must be one self-contained file that opens with no
network and no JavaScript, and the charts are simple (circles, lines,
rectangles); a few lines of SVG each keep them small, crisp when printed and
free of a plotting dependency. Every label goes through ``escape`` so that a
group or person name can never inject markup.

Colours: the Okabe–Ito palette (distinguishable with the common forms of
colour blindness), extended with Paul Tol's "muted" set; beyond that, grey.
The heat map uses a single-hue blue ramp (lightness carries the value).
"""

from __future__ import annotations

import math

import numpy as np
from markupsafe import Markup, escape

from ._format import label as fmt_label
from ._format import pct, period, weight

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442", "#D55E00", "#000000"]
# Paul Tol's muted set, ordered so that the first ones differ most from the Okabe-Ito colours before them.
TOL_MUTED = ["#332288", "#882255", "#117733", "#999933", "#CC6677", "#44AA99", "#DDCC77", "#AA4499", "#88CCEE"]
# Black is kept for the organisation's line and vermillion for the silo mark, so groups get neither first.
PALETTE = OKABE_ITO[:6] + TOL_MUTED + OKABE_ITO[6:7]
OTHER = "#BBBBBB"
SILO = "#D55E00"
DASHES = ["", "6 3", "2 2", "8 3 2 3", "1 3", "10 4"]


def group_order(sizes, suppressed=None) -> list:
    """Groups largest first, equal sizes in label order, the merged small groups (``suppressed``) last.

    The one order of the report and of ``onakit.plot``: colours go out in it (:func:`group_colours`), so a
    group has the same colour in every chart. ``sizes`` maps group -> head-count.
    """
    names = [x for x in sizes if x != suppressed]
    try:
        rank = {x: i for i, x in enumerate(sorted(names))}
    except TypeError:  # labels of mixed types
        rank = {x: i for i, x in enumerate(sorted(names, key=str))}
    order = sorted(names, key=lambda x: (-int(sizes[x]), rank[x]))
    return order + ([suppressed] if suppressed is not None and suppressed in sizes else [])


def group_colours(groups) -> dict:
    """A colour per group, in the order given (the largest groups first get the clearest colours)."""
    return {gname: (PALETTE[i] if i < len(PALETTE) else OTHER) for i, gname in enumerate(groups)}


def _svg(width, height, body, title, cls="chart"):
    # The natural size is the largest it is drawn (CSS max-width shrinks it on narrow screens), so small
    # charts are not blown up with giant labels.
    return Markup(
        f'<svg class="{cls}" width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'role="img" aria-label="{escape(title)}" preserveAspectRatio="xMidYMid meet">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>")


def _text(x, y, s, *, anchor="start", size=12, weight_="normal", fill="#222", extra=""):
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
            f'font-weight="{weight_}" fill="{fill}" {extra}>{escape(s)}</text>')


def _ring_order(names, w):
    """Order groups round the circle so that strongly tied groups sit side by side (greedy nearest neighbour)."""
    k = len(names)
    if k <= 2:
        return list(range(k))
    order = [0]
    left = set(range(1, k))
    while left:
        last = order[-1]
        nxt = max(left, key=lambda j: (w[last, j], -j))
        order.append(nxt)
        left.remove(nxt)
    return order


def strongest_pairs(w) -> list:
    """The group pairs worth drawing on a group map, as (weight, i, j) with i < j, lightest first.

    The heaviest 3k links at most, and none under 2% of the heaviest: a ring of 15 groups has 105 possible
    links, and drawing them all hides the ones that matter. ``w`` is the symmetric (k, k) pair weight.
    """
    k = len(w)
    wmax = max((w[i, j] for i in range(k) for j in range(i + 1, k)), default=0)
    if wmax <= 0:
        return []
    pairs = sorted((w[i, j], i, j) for i in range(k) for j in range(i + 1, k) if w[i, j] >= 0.02 * wmax)
    return pairs[-3 * k:]


def group_map(names, sizes, pair_weight, silo, colours, *, suppressed=None, width=760, height=600):
    """The group-to-group network: one circle per group (area ~ head-count), one line per pair (width ~ tie weight).

    Parameters
    ----------
    names : list of group labels (largest first)
    sizes : list of head-counts
    pair_weight : (k, k) array, tie weight between groups in both directions (symmetric, diagonal ignored)
    silo : list of bool, the silo flag per group
    colours : dict group -> colour
    suppressed : the label of the merged small-groups row, drawn grey
    """
    k = len(names)
    w = np.array(pair_weight, dtype=float)
    np.fill_diagonal(w, 0)
    if k > 16:  # many groups: a larger canvas, one label line each
        width = height = max(width, min(1100, 24 * k))
    cx, cy = width / 2, height / 2
    ring = min(width, height) / 2 - 110 if k > 1 else 0
    smax = max(sizes) if sizes else 1
    radius = [10 + 30 * math.sqrt(s / smax) for s in sizes]
    if k > 1:  # circles must not overlap round the ring: shrink them all alike when they would
        fit = 2 * math.pi * ring / sum(2 * r + 8 for r in radius)
        radius = [max(4.0, r * min(1.0, fit)) for r in radius]
    compact = k > 16
    order = _ring_order(names, w)
    pos = {}
    for slot, i in enumerate(order):
        a = -math.pi / 2 + 2 * math.pi * slot / max(k, 1)
        pos[i] = (cx + ring * math.cos(a), cy + ring * math.sin(a), a)
    body = []
    wmax = w.max() if k > 1 else 0
    if wmax > 0:
        for v, i, j in strongest_pairs(w):
            (x1, y1, _), (x2, y2, _) = pos[i], pos[j]
            sw = 1 + 13 * v / wmax
            body.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#5f6b7a" '
                        f'stroke-opacity="{0.25 + 0.45 * v / wmax:.2f}" stroke-width="{sw:.1f}" stroke-linecap="round">'
                        f"<title>{escape(fmt_label(names[i]))} – {escape(fmt_label(names[j]))}: "
                        f"tie weight {escape(weight(v))}</title></line>")
    for i in range(k):
        x, y, a = pos[i]
        r = radius[i]
        fill = OTHER if names[i] == suppressed else colours.get(names[i], OTHER)
        tip = f"{fmt_label(names[i])}: {sizes[i]:,} people" + (" — flagged as a silo" if silo[i] else "")
        body.append(f'<g><title>{escape(tip)}</title>')
        if silo[i]:
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r + 6:.1f}" fill="none" stroke="{SILO}" '
                        f'stroke-width="3" stroke-dasharray="5 3"/>')
        outline = 'stroke="#555" stroke-width="1.5" stroke-dasharray="3 2"' if names[i] == suppressed \
            else 'stroke="#fff" stroke-width="1.5"'
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}" {outline}/>')
        gap = r + (17 if silo[i] else 10)  # clear of the silo ring
        lx = x + gap * math.cos(a) if k > 1 else x
        ly = y + gap * math.sin(a) + 4 if k > 1 else y + r + 16
        anchor = "middle" if abs(math.cos(a)) < 0.3 or k == 1 else ("start" if math.cos(a) > 0 else "end")
        if k > 1 and abs(math.cos(a)) < 0.3:  # top or bottom of the ring: both lines above, or both below
            ly = y + r + 20 if math.sin(a) > 0 else y - r - 28 - (6 if silo[i] else 0)
        text = fmt_label(names[i]) + (" (silo)" if silo[i] else "")
        if compact:
            text += f" ({sizes[i]:,})"
            if abs(math.cos(a)) < 0.3 and math.sin(a) < 0:
                ly += 14
        body.append(_text(lx, ly, text, anchor=anchor, size=11 if compact else 13,
                          weight_="bold" if silo[i] else "normal", fill=SILO if silo[i] else "#222"))
        if not compact:
            body.append(_text(lx, ly + 14, f"{sizes[i]:,} people", anchor=anchor, size=11, fill="#555"))
        body.append("</g>")
    return _svg(width, height, body, "Group map: groups as circles sized by head-count, lines by tie weight")


def _blue(v):
    """Single-hue ramp from near-white to dark blue for v in [0, 1]."""
    lo, hi = np.array([247, 251, 255]), np.array([8, 48, 107])
    c = lo + (hi - lo) * (min(max(v, 0.0), 1.0) ** 0.6)
    return "#%02x%02x%02x" % tuple(int(round(t)) for t in c)


def heat_map(names, shares, *, cell=None):
    """Row-normalised mixing matrix: the share of each group's ties (row) that go to each group (column)."""
    k = len(names)
    cell = cell or max(14, min(46, int(600 / max(k, 1))))
    labels = [fmt_label(n) for n in names]
    left = min(220, 14 + 7 * max((len(s) for s in labels), default=4))
    top = min(200, 20 + 6 * max((len(s) for s in labels), default=4))
    # rotated column labels lean right: leave room for the last one
    width, height = left + cell * k + max(90, int(4.8 * len(labels[-1])) if labels else 90), top + cell * k + 20
    body = []
    font = 12 if cell >= 24 else 9
    for j, s in enumerate(labels):
        x = left + cell * j + cell / 2
        body.append(_text(x, top - 8, s, size=font, extra=f'transform="rotate(-45 {x:.1f} {top - 8:.1f})"'))
    for i, s in enumerate(labels):
        y = top + cell * i + cell / 2 + 4
        body.append(_text(left - 8, y, s, anchor="end", size=font))
        for j in range(k):
            v = shares[i][j]
            x0, y0 = left + cell * j, top + cell * i
            missing = v is None or (isinstance(v, float) and math.isnan(v))
            fill = "#eeeeee" if missing else _blue(float(v))
            tip = (f"{labels[i]} → {labels[j]}: " + ("no ties" if missing else f"{pct(v, 1)} of {labels[i]}'s ties"))
            body.append(f'<rect x="{x0}" y="{y0}" width="{cell}" height="{cell}" fill="{fill}" stroke="#fff">'
                        f"<title>{escape(tip)}</title></rect>")
            if cell >= 30 and not missing:
                body.append(_text(x0 + cell / 2, y0 + cell / 2 + 4, pct(v), anchor="middle", size=11,
                                  fill="#fff" if v > 0.45 else "#222"))
        if i < k:
            pass
    # legend
    lx = left + cell * k + 20
    for t in range(11):
        body.append(f'<rect x="{lx}" y="{top + t * 14}" width="16" height="14" fill="{_blue(t / 10)}"/>')
    body.append(_text(lx + 22, top + 11, "0%", size=10))
    body.append(_text(lx + 22, top + 10 * 14 + 11, "100%", size=10))
    return _svg(width, height, body, "Mixing heat map: share of each group's ties going to each group")


def line_chart(periods, series: dict, colours: dict, *, ymin=-1.0, ymax=1.0, ylabel="E-I index",
               reference=None, width=760, height=340, highlight=None, fmt=None, fit=True):
    """Lines over periods, one per named series; a dashed black line for ``reference`` (the organisation).

    With ``fit`` the y axis spans the data (in steps of 0.1, within [ymin, ymax]) so that differences
    between groups are visible; the tick labels say where the axis starts.
    """
    if fit:
        values = [v for vs in list(series.values()) + ([reference[1]] if reference else []) for v in vs
                  if v is not None and not math.isnan(v)]
        if values:
            lo = max(ymin, math.floor((min(values) - 0.05) * 10) / 10)
            hi = min(ymax, math.ceil((max(values) + 0.05) * 10) / 10)
            if hi - lo >= 0.2:
                ymin, ymax = lo, hi
    fmt = fmt or (lambda v: f"{v:+.2f}".replace("-", "\u2212"))
    n = len(periods)
    left, right, top, bottom = 56, 200, 16, 46
    pw, ph = width - left - right, height - top - bottom

    def X(i):
        return left + (pw * i / (n - 1) if n > 1 else pw / 2)

    def Y(v):
        return top + ph * (ymax - v) / (ymax - ymin)

    body = []
    for t in np.linspace(ymin, ymax, 5):
        y = Y(t)
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="#ddd"/>')
        body.append(_text(left - 6, y + 4, fmt(t), anchor="end", size=11, fill="#555"))
    ticks = [short_period(p) for p in periods]
    step = _label_step(ticks, pw)
    for i in range(0, n, step):
        body.append(_text(X(i), top + ph + 18, ticks[i], anchor="middle", size=11, fill="#555"))
    body.append(_text(14, top + ph / 2, ylabel, anchor="middle", size=11, fill="#555",
                      extra=f'transform="rotate(-90 14 {top + ph / 2:.1f})"'))
    items = list(series.items())
    if reference is not None:
        items.append(reference)
    for idx, (name, values) in enumerate(items):
        is_ref = reference is not None and idx == len(items) - 1
        colour = "#000" if is_ref else colours.get(name, OTHER)
        dash = "4 3" if is_ref else DASHES[(idx // 8) % len(DASHES)]
        pts = [(X(i), Y(v)) for i, v in enumerate(values) if v is not None and not math.isnan(v)]
        if not pts:
            continue
        sw = 3.5 if (is_ref or name == highlight) else 2
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="{sw}" '
                    f'stroke-dasharray="{dash}"><title>{escape(fmt_label(name))}</title></polyline>')
        for x, y in pts:
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}"/>')
        ly = top + 10 + 16 * idx
        if ly < height - 8:
            body.append(f'<line x1="{left + pw + 14}" y1="{ly - 4}" x2="{left + pw + 38}" y2="{ly - 4}" '
                        f'stroke="{colour}" stroke-width="{sw}" stroke-dasharray="{dash}"/>')
            body.append(_text(left + pw + 44, ly, fmt_label(name)[:24], size=11))
    return _svg(width, height, body, f"{ylabel} per period")


def churn_bars(labels, formed, lost, *, width=760, height=260):
    """Ties formed and lost between consecutive periods, as paired bars."""
    n = len(labels)
    left, right, top, bottom = 64, 150, 14, 46
    pw, ph = width - left - right, height - top - bottom
    top_value = max([1] + list(formed) + list(lost))
    ticks = _nice_ticks(top_value)
    vmax = ticks[-1]
    bw = pw / max(n, 1)
    body = []
    for t in ticks:
        y = top + ph - ph * t / vmax
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="#ddd"/>')
        body.append(_text(left - 6, y + 4, f"{t:,.0f}", anchor="end", size=11, fill="#555"))
    step = _label_step(labels, pw)
    for i, (lab, f, lo) in enumerate(zip(labels, formed, lost)):
        x = left + bw * i
        for j, (v, c, what) in enumerate(((f, "#0072B2", "formed"), (lo, "#E69F00", "lost"))):
            h = ph * v / vmax
            body.append(f'<rect x="{x + bw * (0.12 + 0.38 * j):.1f}" y="{top + ph - h:.1f}" width="{bw * 0.36:.1f}" '
                        f'height="{h:.1f}" fill="{c}"><title>{escape(lab)}: {v:,} ties {what}</title></rect>')
        if i % step == 0:
            body.append(_text(x + bw / 2, top + ph + 18, lab, anchor="middle", size=11, fill="#555"))
    for j, (c, what) in enumerate((("#0072B2", "ties formed"), ("#E69F00", "ties lost"))):
        y = top + 10 + 18 * j
        body.append(f'<rect x="{left + pw + 14}" y="{y - 9}" width="12" height="12" fill="{c}"/>')
        body.append(_text(left + pw + 32, y + 1, what, size=11))
    return _svg(width, height, body, "Ties formed and lost from one period to the next")


def short_period(p) -> str:
    """A period as an axis label: weeks and days as "1 Jan", months "Jan 2024", quarters "Q1 2024", years "2024"."""
    import pandas as pd

    if isinstance(p, pd.Period):
        f = p.freqstr
        if f.startswith("W") or f.startswith("D"):
            return p.start_time.strftime("%-d %b")
        return period(p)
    if isinstance(p, pd.Interval):
        return pd.Timestamp(p.left).strftime("%-d %b")
    return str(p)


def _label_step(labels, width, char=6.6, gap=14):
    """Label every step-th tick so the labels do not overlap."""
    widest = max((len(s) for s in labels), default=1) * char + gap
    per = max(1, int(width // widest))
    return max(1, math.ceil(len(labels) / per))


def _nice_ticks(vmax, count=4):
    """0 and round steps (1, 2, 2.5, 5 x 10^k) up to at least vmax."""
    raw = vmax / count
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    n = math.ceil(vmax / step)
    return [step * i for i in range(n + 1)]


def people_map(x, y, colour, size, edges, tips, *, width=820, height=680, max_edges=3000):
    """People as dots at layout positions in [0, 1]^2, coloured by group; the strongest ties as faint lines.

    ``edges`` is a list of (i, j, weight); only the ``max_edges`` heaviest are drawn so the file stays small.
    """
    m = 16
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    # One scale for both axes (distances keep their proportions), the drawing centred on the canvas.
    # Bounds from the 2nd to 98th percentile plus a margin: one person far from everyone (a single tie to
    # the edge of the network) must not shrink the rest into a dot; such outliers sit on the border.
    if len(x):
        bounds = []
        for v in (x, y):
            lo, hi = np.nanquantile(v, [0.02, 0.98])
            pad = 0.08 * (hi - lo)
            bounds.append((max(float(np.nanmin(v)), lo - pad), min(float(np.nanmax(v)), hi + pad)))
        (x0, x1), (y0, y1) = bounds
        x, y = np.clip(x, x0, x1), np.clip(y, y0, y1)
        dx, dy = x1 - x0, y1 - y0
    else:
        x0 = y0 = 0.0
        dx = dy = 1.0
    scale = min((width - 2 * m) / dx if dx > 0 else np.inf, (height - 2 * m) / dy if dy > 0 else np.inf)
    scale = 1.0 if not np.isfinite(scale) else scale
    X = (width - scale * dx) / 2 + scale * (x - x0)
    Y = (height - scale * dy) / 2 + scale * (y - y0)
    body = []
    if edges:
        edges = sorted(edges, key=lambda e: -e[2])[:max_edges]
        wmax = edges[0][2] or 1
        parts = []
        for i, j, wv in edges:
            parts.append(f"M{X[i]:.1f} {Y[i]:.1f}L{X[j]:.1f} {Y[j]:.1f}")
        body.append(f'<path d="{"".join(parts)}" stroke="#8a94a3" stroke-opacity="0.22" stroke-width="0.6" '
                    f'fill="none"/>')
    order = np.argsort(size)
    for i in order:
        body.append(f'<circle cx="{X[i]:.1f}" cy="{Y[i]:.1f}" r="{size[i]:.1f}" fill="{colour[i]}" stroke="#fff" '
                    f'stroke-width="0.4"><title>{escape(tips[i])}</title></circle>')
    return _svg(width, height, body, "People map: each dot a person, coloured by group", cls="chart peoplemap")


def bar(value, vmax, colour="#0072B2", width=90):
    """A tiny inline bar for a table cell (value relative to vmax)."""
    frac = 0 if not vmax or value != value else max(0.0, min(1.0, float(value) / float(vmax)))
    return Markup(f'<svg class="cellbar" width="{width}" height="10" viewBox="0 0 {width} 10" aria-hidden="true">'
                  f'<rect x="0" y="1" width="{width * frac:.1f}" height="8" fill="{colour}"/></svg>')
