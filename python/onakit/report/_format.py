"""Number and label formatting for the silo report: one place, so every table and finding reads the same."""

from __future__ import annotations

import math
import re

import pandas as pd


def is_missing(x) -> bool:
    try:
        return x is None or bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def num(x, digits: int = 0) -> str:
    """``1234.5 -> "1,235"``; ``digits`` decimals; a dash for a missing value."""
    if is_missing(x):
        return "–"
    x = float(x)
    if digits == 0 and abs(x - round(x)) < 1e-9:
        return f"{int(round(x)):,}"
    return f"{x:,.{digits}f}"


def weight(x) -> str:
    """A tie weight: whole numbers without decimals, fractions (split weighting, decay) with one."""
    if is_missing(x):
        return "–"
    x = float(x)
    return f"{x:,.0f}" if abs(x - round(x)) < 1e-9 or abs(x) >= 100 else f"{x:,.1f}"


def pct(x, digits: int = 0) -> str:
    """A share as a percentage: ``0.963 -> "96%"``; values that round to 0 or 100 but are not say so."""
    if is_missing(x):
        return "–"
    x = float(x)
    s = f"{100 * x:.{digits}f}%"
    if digits == 0 and 0 < x < 0.005:
        return "<1%"
    if digits == 0 and 0.995 <= x < 1:
        return ">99%"
    return s


def signed(x, digits: int = 2) -> str:
    """An index in [-1, 1] with its sign: ``-0.96 -> "−0.96"`` (a true minus sign)."""
    if is_missing(x):
        return "–"
    s = f"{float(x):+.{digits}f}"
    return s.replace("-", "\u2212")


def pvalue(p, permutations: int | None = None) -> str:
    """``p < 0.001`` style; with a permutation test the smallest possible p is 1/(permutations+1)."""
    if is_missing(p):
        return "–"
    p = float(p)
    if permutations and p <= 1.0 / (permutations + 1) + 1e-12:
        bound = 10 ** math.ceil(math.log10(1.0 / (permutations + 1)))
        return f"p < {bound:g}" if bound < 1 else f"p = {p:.2f}"
    if p < 0.001:
        return "p < 0.001"
    if p < 0.01:
        return f"p = {p:.3f}"
    return f"p = {p:.2f}"


def score(x) -> str:
    """A centrality score: 3 significant digits."""
    if is_missing(x):
        return "–"
    x = float(x)
    if x == 0:
        return "0"
    return f"{x:.3g}"


def label(x) -> str:
    """A person or group label as text."""
    return "–" if is_missing(x) else str(x)


def person(x) -> str:
    """A person's label; a bare number (ids such as 166) reads as "#166" so a sentence does not mistake it for a count."""
    s = label(x)
    return f"#{s}" if s.isdigit() else s


def names(items, limit: int = 4) -> str:
    """``["a", "b", "c"] -> "a, b and c"``; longer lists end with "and k more"."""
    items = [str(i) for i in items]
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def plural_word(word: str) -> str:
    """``"department" -> "departments"``, ``"community" -> "communities"``, ``"branch" -> "branches"``."""
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def plural(n: int, one: str, many: str | None = None) -> str:
    """``plural(3, "group") -> "3 groups"``."""
    return f"{n:,} {one if n == 1 else (many or plural_word(one))}"


def date(ts) -> str:
    if is_missing(ts):
        return "–"
    return pd.Timestamp(ts).strftime("%-d %b %Y")


def period(p) -> str:
    """A period label as a reader says it: ``2024-03 -> "Mar 2024"``."""
    if isinstance(p, pd.Period):
        f = p.freqstr
        if f.startswith("M"):
            return p.strftime("%b %Y")
        if f.startswith("Q"):
            return f"Q{p.quarter} {p.year}"
        if f.startswith(("Y", "A")):
            return str(p.year)
        if f.startswith("W"):
            return "week of " + p.start_time.strftime("%-d %b %Y")
        return str(p)
    if isinstance(p, pd.Interval):
        return pd.Timestamp(p.left).strftime("%-d %b %Y")
    return str(p)


def links(text) -> str:
    """The silo table's ``bridges`` text, ``"Legal (1140), Sales (32.5)"``, with its weights formatted as weights."""
    if is_missing(text):
        return "–"
    return re.sub(r"\((\d+(?:\.\d+)?(?:e[+-]?\d+)?)\)(?=,|$)", lambda m: f"({weight(float(m.group(1)))})", str(text))


def who(x):
    """A person's label for a table cell: escaped, with line-break opportunities after "@" and "." so a long
    address wraps at its parts, not mid-word."""
    from markupsafe import Markup, escape

    text = str(escape(label(x)))
    return Markup(text.replace("@", "@<wbr>").replace(".", ".<wbr>"))


FILTERS = {"who": who, "links": links, "person": person, "num": num, "weight": weight, "pct": pct, "signed": signed, "pvalue": pvalue, "score": score,
           "label": label, "names": names, "plural": plural, "date": date, "period": period}
