"""Group membership (departments, teams, sites) aligned with a graph's people, by one rule for every function.

Every function that takes ``groups`` (the silo measures, ``silo_trend``,
``tie_change``, ``brokerage``, ``boundary_spanners``, ``person_metrics``,
``ona.report``, the CLI's ``--groups``) aligns them here, by one rule:

* ``groups`` is a pandas Series indexed by person, a mapping person -> group,
  or an array aligned with ``g.people`` (by position);
* a key matches a person by :class:`onakit._labels.LabelMatcher`, the rule of
  :func:`onakit.read_people`: equal labels, else equal text, so person ``17``
  matches key ``"17"`` (and ``17.0``) and person ``"17"`` matches key ``17``,
  else equal text ignoring ASCII case and surrounding spaces (C++'s
  ``onakit::label_matcher``, ``onakit/labels.hpp``);
* people without a group (no key, or a missing value) are never dropped
  silently and are never a group of their own: they get the code
  ``NO_GROUP``, ties and two-paths touching them are left out of group-level
  figures, and results count them in ``attrs["ungrouped"]`` (with a few
  examples in ``attrs["ungrouped_examples"]``);
* when no person of the graph gets a group, the call raises ``ValueError``
  naming the counts and a few labels of both sides with their types; when
  fewer than half do, it warns (``UserWarning``) with the count and examples.

Group labels keep their type (int departments stay ints). A row that merges
the groups under ``min_group_size`` is labelled by a :class:`SummaryLabel`, a
str that sorts after every group label of any type.
"""

from __future__ import annotations

import os
import sys
import types
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import _core
from ._labels import LabelMatcher, describe_labels, masks_addresses, pseudonymised

NO_GROUP = np.iinfo(np.uint32).max


class SummaryLabel(str):
    """The label of a row that sums up other rows: the merged small groups, the organisation.

    A plain ``str`` for equality, hashing, printing and CSV
    (``"(suppressed: 2 groups < 5)"``), that sorts after every other label of
    any type, so a table indexed by int group labels plus such a row still
    supports ``sort_index()`` and plots (a plain string among ints would raise
    ``TypeError``). Two summary labels sort as strings.

    Examples
    --------
    >>> import pandas as pd
    >>> from onakit import SummaryLabel
    >>> s = pd.Series([3.0, 1.0, 2.0], index=[SummaryLabel("(suppressed: 2 groups < 5)"), 7, 4])
    >>> s.sort_index().index.tolist()
    [4, 7, '(suppressed: 2 groups < 5)']
    """

    __slots__ = ()

    def _key(self, other):
        """(self, other) as sort keys: summary labels after everything else, as strings among themselves."""
        theirs = (1, str(other)) if isinstance(other, SummaryLabel) else (0, "")
        return (1, str(self)), theirs

    def __lt__(self, other):
        a, b = self._key(other)
        return a < b

    def __le__(self, other):
        a, b = self._key(other)
        return a <= b

    def __gt__(self, other):
        a, b = self._key(other)
        return a > b

    def __ge__(self, other):
        a, b = self._key(other)
        return a >= b

    __hash__ = str.__hash__
    __eq__ = str.__eq__
    __ne__ = str.__ne__

    def __repr__(self) -> str:
        return str.__repr__(self)

    def __reduce__(self):
        return (SummaryLabel, (str(self),))


def _stacklevel() -> int:
    """The stack level of the first caller outside the onakit package (for warnings)."""
    here = os.path.dirname(os.path.abspath(__file__))
    level = 1
    frame: types.FrameType | None = sys._getframe(1)
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(here):
        level += 1
        frame = frame.f_back
    return level


def _is_missing(v) -> bool:
    return v is None or (np.ndim(v) == 0 and not isinstance(v, str) and bool(pd.isna(v)))


def _keys_of(groups) -> list:
    """The keys of a Series or mapping that carry a group."""
    return [k for k, v in groups.items() if not _is_missing(v)]


def align_groups(people: pd.Index, groups) -> pd.Series:
    """``groups`` as an object Series over ``people`` (missing = no group), by the module's matching rule.

    Raises ``ValueError`` for a Series with repeated people or an array of the
    wrong length. O(n + k) for n people and k keys; the text rule is only
    tried for people whose label has no equal key.
    """
    if isinstance(groups, pd.Series):
        if groups.index.has_duplicates:
            dup = groups.index[groups.index.duplicated()].unique()[:5].tolist()
            raise ValueError(f"groups: the index has repeated people, e.g. {dup}; give each person one group")
        try:
            aligned = groups.astype(object).reindex(people)  # object first: a gap must not turn int groups into floats
        except TypeError:  # unhashable or incomparable index: the text rule alone
            aligned = pd.Series(None, index=people, dtype=object)
        lookup: pd.Series | Mapping = groups
    elif isinstance(groups, Mapping):
        aligned = pd.Series([groups.get(p, None) for p in people], index=people, dtype=object)
        lookup = groups
    else:
        arr = np.asarray(groups, dtype=object)
        if arr.ndim != 1 or len(arr) != len(people):
            raise ValueError(f"groups: an array must have one entry per person of the graph ({len(people)}, in "
                             f"g.people order), got shape {arr.shape}; or give a Series indexed by person")
        return pd.Series(arr, index=people, dtype=object)
    missing = aligned.isna().to_numpy()
    if missing.any():
        # The text rule for people without an equal key: LabelMatcher, as read_people
        # (the first key that matches a person wins, as the first HR row does).
        matcher = LabelMatcher(people)
        values = aligned.to_numpy(dtype=object).copy()
        taken = ~missing
        for k, v in lookup.items():
            if _is_missing(v):
                continue
            pos = matcher.find(k)
            if pos >= 0 and not taken[pos]:
                values[pos] = v
                taken[pos] = True
        aligned = pd.Series(values, index=people, dtype=object)
    return aligned


def check_coverage(people: pd.Index, groups, missing: np.ndarray, *, caller: str = "", of: str = "the graph") -> None:
    """The seam check: raise when nobody has a group, warn when fewer than half do.

    The rule and its messages are C++'s ``onakit::check_group_coverage``
    (``onakit/graph/groups.hpp``, also behind C++ ``group_codes``); this
    function only describes both sides as the user typed them (with their
    types: ``str ('17', ...)``, ``int (1, ...)``). ``missing`` flags the
    people without a group (after :func:`align_groups`); ``caller`` prefixes
    the message (``"report: "``), ``of`` names whose people they are.
    """
    n = len(people)
    grouped = n - int(missing.sum())
    if _core.enough_grouped(people=n, grouped=grouped):
        return
    keyed = isinstance(groups, (pd.Series, Mapping))
    keys = _keys_of(groups) if keyed else []
    mask = masks_addresses(people)  # never echo an address from the keys of pseudonymised people
    warning = _core.check_group_coverage(
        people=n, grouped=grouped, who=f"{caller}groups", of=of, people_side=describe_labels(people),
        keys=f"the {len(keys):,} group keys" if keyed else "the array",
        keys_side=f"group keys are {describe_labels(keys, mask_addresses=mask, mask_all=pseudonymised(people))}"
        if keyed
        else "every entry of the array is missing",
        ungrouped=describe_labels(people[missing]), hint=" (.people)")
    warnings.warn(warning, UserWarning, stacklevel=_stacklevel())


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

    def column(self) -> np.ndarray:
        """Each person's group label (None without a group), as an object array."""
        out = np.full(len(self.codes), None, dtype=object)
        grouped = self.codes != NO_GROUP
        out[grouped] = np.asarray(self.names, dtype=object)[self.codes[grouped]]
        return out


def group_codes(g, groups) -> GroupCodes:
    """Align ``groups`` with ``g.people`` (module rule) and code them 0..k-1 (sorted group labels).

    ``g`` is anything with a ``people`` Index. Raises ``ValueError`` when no
    person gets a group; warns when fewer than half do (see the module).
    """
    people = g.people
    aligned = align_groups(people, groups)
    missing = aligned.isna().to_numpy()
    check_coverage(people, groups, missing)
    present = aligned[~missing]
    try:
        names = pd.Index(sorted(present.unique()), name="group")
    except TypeError:  # unorderable mix of types: keep first-appearance order
        names = pd.Index(present.unique(), name="group")
    codes = np.full(len(people), NO_GROUP, dtype=np.uint32)
    codes[~missing] = names.get_indexer(present.to_numpy()).astype(np.uint32)
    examples = list(people[missing][:5])
    return GroupCodes(codes, names, int(missing.sum()), examples)


# ---- the minimum group size ------------------------------------------------------
def min_size(min_group_size):
    """``min_group_size`` checked by the C++ rule: None, or an integer >= 1 (else an OptionError naming it)."""
    return None if min_group_size is None else int(_core.min_group_size_option(min_group_size))


def suppressed_label(groups: int, min_group_size) -> SummaryLabel:
    """The label of the row merging ``groups`` small groups."""
    return SummaryLabel(f"(suppressed: {groups} groups < {int(min_group_size)})")


class Groups:
    """Group codes of a graph's people after the minimum-group-size rule.

    The rule is C++'s ``suppress_small_groups`` (``onakit/silo/report.hpp``);
    this class only adds the labels.
    """

    def __init__(self, g, groups, min_group_size: int | None):
        gc = group_codes(g, groups)
        self.base = gc
        sup = _core.suppress_small_groups(gc.codes, gc.count, min_group_size=min_size(min_group_size))
        self.codes = sup.codes
        self.suppressed = int(sup.suppressed_groups)
        self.suppressed_people = int(sup.suppressed_people)
        self.has_suppressed_row = bool(sup.has_suppressed_row)
        self.hidden = bool(sup.suppressed_row_hidden)
        self.suppressed_label = suppressed_label(self.suppressed, min_group_size) if self.has_suppressed_row \
            else None
        if self.suppressed == 0:
            self.names = gc.names
        else:
            labels = list(gc.names[np.asarray(sup.kept, dtype=np.intp)])
            self.names = pd.Index(labels + ([self.suppressed_label] if self.has_suppressed_row else []),
                                  name="group")
        self.sizes = np.asarray(sup.size, dtype=np.int64)
        self.k = len(self.names)
        # The name each original group shows in person-level tables: its own, or (below
        # min_group_size) the suppressed label, even where the merged group row is hidden.
        shown = np.asarray(gc.names, dtype=object).copy()
        if self.suppressed:
            small = np.ones(gc.count, dtype=bool)
            small[np.asarray(sup.kept, dtype=np.intp)] = False
            shown[small] = suppressed_label(self.suppressed, min_group_size)
        self.shown_names = shown

    def attrs(self, **extra) -> dict:
        return {**self.base.attrs(), "suppressed_groups": self.suppressed,
                "suppressed_people": self.suppressed_people, "suppressed_row_hidden": self.hidden, **extra}

    def person_column(self) -> np.ndarray:
        """Each person's group as person-level tables show it: the group's name, or the suppressed
        label for a group under ``min_group_size`` (None without a group). For tables computed on
        the original groups (``base.codes``): only the label changes, never a number."""
        out = np.full(len(self.base.codes), None, dtype=object)
        grouped = self.base.codes != NO_GROUP
        out[grouped] = self.shown_names[self.base.codes[grouped]]
        return out

    def column(self) -> np.ndarray:
        """Each person's group name after suppression (None without a group), as an object array."""
        grouped = self.codes != NO_GROUP
        out = np.full(len(self.codes), None, dtype=object)
        out[grouped] = np.asarray(self.names, dtype=object)[self.codes[grouped]]
        return out
