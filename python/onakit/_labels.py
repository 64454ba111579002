"""Labels <-> dense ids: the façade keeps the user's own labels (any hashable)."""

from __future__ import annotations

import re

import numpy as np
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


# ---- the one label-matching rule -------------------------------------------------
def label_text(x) -> str | None:
    """The text under which a person label or a key matches (None when missing).

    ``str(x)`` trimmed; an integral float loses its ``.0`` (``17.0`` -> ``"17"``,
    as pandas turns an int column with a gap into floats). See :class:`LabelMatcher`.
    """
    if x is None:
        return None
    if isinstance(x, str):
        return x.strip() or None
    if isinstance(x, (float, np.floating)):
        if np.isnan(x):
            return None
        if float(x).is_integer():
            return str(int(x))
    elif x is pd.NA or x is pd.NaT:
        return None
    return str(x).strip() or None


class LabelMatcher:
    """Finds keys (group keys, HR table ids) among a set of people by onakit's one label-matching rule.

    A key matches a person when they are equal (``17 == 17``), else when their
    text is (:func:`label_text`: person ``17`` matches key ``"17"`` and key
    ``17.0``, person ``"17"`` matches key ``17``), else when their text
    matches ignoring ASCII case (``"Ann@X.org"`` matches ``"ann@x.org"``).
    When several people share a text the first one wins.
    :func:`onakit.read_people` and every function taking ``groups`` use it.
    The text rule is C++'s ``onakit::label_matcher`` (``onakit/labels.hpp``);
    this class turns typed labels and keys into text.

    Building costs O(n) for n people; a lookup is O(1) (hash tables).
    """

    def __init__(self, people: pd.Index):
        from . import _core

        self.people = people
        self._core = _core.label_matcher([label_text(label) for label in people])

    def find_text(self, text: str) -> int:
        """Position of the person matching a key's text (see :func:`label_text`), -1 if none."""
        return self._core.find(text)

    def find(self, key) -> int:
        """Position of the person matching ``key`` by the rule, -1 if none (or the key is missing)."""
        s = label_text(key)
        return -1 if s is None else self.find_text(s)


def masks_addresses(people) -> bool:
    """Whether messages about these people must not echo an address the user typed: people labelled
    without any address (pseudonyms or ids; the first 1,000 looked at) mean the addresses were
    pseudonymised or never there, so an address in a key or a lookup is raw input to keep out."""
    return not any("@" in str(p) for p in list(people[:1000]))


_PSEUDONYM = re.compile(r"[a-z2-7]{16}(@\S+)?|external:\S+")


def pseudonymised(people) -> bool:
    """Whether people are labelled by keyed pseudonyms (``base32(HMAC)[:16]``, optionally ``@domain``, and folded
    ``external:`` nodes; the first 1,000 looked at): then a label the user typed that is not a person may be a
    raw identity of any kind (an address, a chat user id), and messages must not echo it."""
    sample = [str(p) for p in list(people[:1000])]
    return bool(sample) and all(_PSEUDONYM.fullmatch(p) for p in sample)


def mask_address(x) -> object:
    """An address as messages show it when masking: ``<address>``; anything else unchanged."""
    return "<address>" if "@" in str(x) else x


def describe_labels(labels, limit: int = 3, mask_addresses: bool = False, mask_all: bool = False) -> str:
    """``"str ('17', '23', ...)"``: the type(s) and a few examples of some labels, for messages.

    ``mask_addresses`` shows a label with an ``@`` as ``<address>`` (when the
    other side is pseudonymised, a message must not echo raw addresses);
    ``mask_all`` shows every label as ``<label>`` (the other side is keyed
    pseudonyms: any label typed may be a raw identity).
    """
    labels = list(labels)
    types = sorted({type(x).__name__ for x in labels})

    def show(x):
        x = x.item() if isinstance(x, np.generic) else x
        if mask_all:
            return "<label>"
        return "<address>" if mask_addresses and "@" in str(x) else repr(x)  # mask_address's rule

    shown = ", ".join(show(x) for x in labels[:limit])
    more = ", ..." if len(labels) > limit else ""
    return f"{' and '.join(types) or 'none'} ({shown}{more})"


def people_index(labels, nodetype="auto", reader: str = "reader") -> pd.Index:
    """The people Index a reader returns, by its ``nodetype=`` keyword.

    ``"auto"``: integers (int64) when every label is the plain text of one
    (:func:`auto_index`; ``"007"`` keeps all labels strings), else strings;
    ``str`` or ``None``: the labels as read; ``int``: integers, or
    ``onakit.OptionError`` naming the first label that is not one (or two
    labels that are the same integer, ``"7"`` and ``"07"``).
    """
    if isinstance(nodetype, str) and nodetype == "auto":
        return auto_index(labels)
    if nodetype is str or nodetype is None:
        return pd.Index(labels, dtype=object, name="person")
    if nodetype is int:
        from . import _core

        ints = []
        for x in labels:
            try:
                ints.append(int(x))
            except ValueError:
                raise _core.OptionError(f"{reader}: nodetype=int, but the person label {x!r} is not an integer "
                                        '(use nodetype="auto" or str)') from None
        idx = pd.Index(ints, dtype="int64", name="person")
        if idx.has_duplicates:
            dup = idx[idx.duplicated()][0]
            same = [x for x, i in zip(labels, ints) if i == dup][:2]
            raise _core.OptionError(f"{reader}: nodetype=int, but the labels {same[0]!r} and {same[1]!r} are the "
                                    "same integer (use nodetype=str)")
        return idx
    from . import _core

    raise _core.OptionError(f'{reader}: nodetype must be "auto", str or int, not {nodetype!r}')
