"""Labels <-> dense ids: the façade keeps the user's own labels (any hashable)."""

from __future__ import annotations

import pandas as pd


def auto_index(labels) -> pd.Index:
    """An Index of the core's string labels, as integers when every label is one."""
    idx = pd.Index(labels, dtype=object, name="person")
    if len(idx) and all(isinstance(x, str) and x.lstrip("-").isdigit() and len(x) < 19 for x in idx):
        ints = pd.Index([int(x) for x in idx], name="person")
        # Only when the round trip is exact ("007" stays a string).
        if all(str(i) == s for i, s in zip(ints, idx)):
            return ints
    return idx
