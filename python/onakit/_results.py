"""Turning C++ score arrays into pandas objects labelled with the user's ids."""

from __future__ import annotations

import numpy as np
import pandas as pd


def series(g, values, name: str, **attrs) -> pd.Series:
    """A Series of per-person values indexed by ``g.people``; ``attrs`` carry diagnostics."""
    s = pd.Series(np.asarray(values), index=g.people, name=name)
    s.attrs.update(attrs)
    return s


def frame(g, columns: dict, **attrs) -> pd.DataFrame:
    """A DataFrame of per-person columns indexed by ``g.people``."""
    df = pd.DataFrame({k: np.asarray(v) for k, v in columns.items()}, index=g.people)
    df.attrs.update(attrs)
    return df


def core_of(g):
    """The C++ graph behind an onakit.Graph (with a clear error for anything else)."""
    from ._graph import Graph

    if not isinstance(g, Graph):
        raise TypeError(f"expected an onakit.Graph, not {type(g).__name__} (use ona.from_networkx for networkx graphs)")
    return g._core
