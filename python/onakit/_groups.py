"""Group membership (departments, teams, sites) aligned with a graph's people.

Every group-level function takes ``groups`` as a pandas Series indexed by
person, a mapping person -> group, or an array aligned with ``g.people``.
People without a group are never dropped silently: they get the code
``NO_GROUP``, are left out of group-level figures, and are counted in the
result's ``attrs["ungrouped"]`` (with a few examples in
``attrs["ungrouped_examples"]``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

NO_GROUP = np.iinfo(np.uint32).max


@dataclass(frozen=True)
class GroupCodes:
    codes: np.ndarray        # uint32 per person, NO_GROUP for none
    names: pd.Index          # group labels, sorted
    ungrouped: int
    ungrouped_examples: list

    @property
    def count(self) -> int:
        return len(self.names)

    def attrs(self) -> dict:
        return {"ungrouped": self.ungrouped, "ungrouped_examples": self.ungrouped_examples}


def group_codes(g, groups) -> GroupCodes:
    """Align ``groups`` with ``g.people`` and code them 0..k-1 (sorted group labels)."""
    people = g.people
    if isinstance(groups, pd.Series):
        if groups.index.has_duplicates:
            dup = groups.index[groups.index.duplicated()].unique()[:5].tolist()
            raise ValueError(f"groups: the index has duplicate people, e.g. {dup}")
        aligned = groups.reindex(people)
    elif isinstance(groups, Mapping):
        aligned = pd.Series([groups.get(p, None) for p in people], index=people, dtype=object)
    else:
        arr = np.asarray(groups, dtype=object)
        if arr.ndim != 1 or len(arr) != len(people):
            raise ValueError(f"groups: an array must have one entry per person ({len(people)}), got shape {arr.shape}")
        aligned = pd.Series(arr, index=people, dtype=object)
    missing = aligned.isna().to_numpy()
    present = aligned[~missing]
    try:
        names = pd.Index(sorted(present.unique()), name="group")
    except TypeError:  # unorderable mix of types: keep first-appearance order
        names = pd.Index(present.unique(), name="group")
    codes = np.full(len(people), NO_GROUP, dtype=np.uint32)
    codes[~missing] = names.get_indexer(present.to_numpy()).astype(np.uint32)
    examples = list(people[missing][:5])
    return GroupCodes(codes, names, int(missing.sum()), examples)
