"""Silo measures: mixing, E-I index, modularity, assortativity, insularity, conductance, boundary spanners, group graph, silo report.

Every function takes an :class:`onakit.Graph` first and ``groups`` second:
a pandas Series indexed by person, a mapping person -> group, or an array
aligned with ``g.people``. Keys match people by one rule (``_groups.py``, the
rule of ``read_people``): person ``17`` matches key ``"17"`` and vice versa.
People without a group are never dropped silently: ties touching them are
left out of every group figure and the result says how many people
(``attrs["ungrouped"]``) and ties (``attrs["ungrouped_ties"]``) that was.
When no person has a group the call raises ``ValueError``; when fewer than
half do, it warns.

Privacy: group-level tables take ``min_group_size`` (default 5). Groups with
fewer members are not shown on their own: they are merged into one row
labelled ``"(suppressed: k groups < min_group_size)"`` (an
:class:`onakit.SummaryLabel`: a str that sorts after every group label, so
``sort_index()`` and plots work with int groups), computed as if they
were one group, and ``attrs["suppressed_groups"]`` says how many there were.
If that merged row would itself cover fewer than ``min_group_size`` people
(say, one small group), it is not shown either: its members are left out of
the group figures like ungrouped people, and ``attrs["suppressed_people"]`` /
``attrs["suppressed_row_hidden"]`` say so. The rule is one C++ function,
``suppress_small_groups`` in ``include/onakit/silo/report.hpp``, shared by
every group-level table, the trends and the silo report (also in C++).

The C++ kernels are in ``include/onakit/silo/`` (definitions, formulas and
papers in their headers); they release the GIL and stop on Ctrl-C.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _core
from ._groups import Groups, SummaryLabel, group_codes, min_size, suppressed_label
from ._results import core_of
from ._options import real, whole

__all__: list[str] = [
    "SummaryLabel", "assortativity", "boundary_spanners", "conductance", "ei_index", "group_graph", "insularity",
    "mixing_matrix", "modularity", "silo_report",
]


# ---- groups: alignment and the minimum group size live in _groups.py -----------------


def _group_column(gr: Groups) -> np.ndarray:
    """Each person's group name (None without a group), as an object array."""
    return gr.column()


def _check_weighted(weighted) -> bool:
    if not isinstance(weighted, (bool, np.bool_)):
        raise TypeError(f"weighted must be True or False, not {weighted!r}")
    return bool(weighted)


# ---- mixing ---------------------------------------------------------------------
def mixing_matrix(g, groups, *, normalize: str | None = None, weighted: bool = True,
                  min_group_size: int | None = 5) -> pd.DataFrame:
    """Group x group tie weight: who talks to whom, by group.

    Rows are sender groups, columns recipient groups. A directed tie
    ``u -> v`` adds its weight to ``[group(u), group(v)]``. For an undirected
    graph the matrix is symmetric, a tie between two groups appears in both
    cells, and the diagonal holds each internal tie once. Self-ties are on
    the diagonal. Ties touching a person without a group are left out.

    Parameters
    ----------
    g : onakit.Graph
    groups : pandas.Series, mapping or array
        Group of each person (Series indexed by person, dict person -> group,
        or an array aligned with ``g.people``); missing = no group.
    normalize : {None, "row", "total"}
        None: tie weight. ``"row"``: each row divided by its sum (directed: the
        share of a group's sent weight going to each group; undirected: the
        share of its tie weight, so the diagonal is its insularity).
        ``"total"``: divided by the weight of all ties among grouped people
        (each tie once; the directed matrix then sums to 1).
    weighted : bool
        Sum tie weights (True) or count ties.
    min_group_size : int or None
        Groups with fewer members are merged into one suppressed row and
        column (None: show every group).

    Returns
    -------
    pandas.DataFrame
        Square, indexed and columned by group name. ``attrs``: ``ungrouped``,
        ``ungrouped_examples``, ``ungrouped_ties``, ``ungrouped_weight``,
        ``suppressed_groups``, ``total``.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> ties = pd.DataFrame({"source": ["a", "b", "c"], "target": ["b", "c", "a"]})
    >>> g = ona.Graph.from_pandas(ties)
    >>> ona.mixing_matrix(g, {"a": "x", "b": "x", "c": "y"}, min_group_size=None)  # doctest: +NORMALIZE_WHITESPACE
    group    x    y
    group
    x      1.0  1.0
    y      1.0  0.0
    """
    if normalize not in (None, "row", "total"):
        raise ValueError(f'normalize must be None, "row" or "total", not {normalize!r}')
    gr = Groups(g, groups, min_group_size)
    r = _core.group_mixing(core_of(g), gr.codes, gr.k, weighted=_check_weighted(weighted))
    m = np.array(r.ties, dtype=float)
    if normalize == "row":
        rows = m.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            m = np.where(rows > 0, m / np.where(rows > 0, rows, 1), np.nan)
    elif normalize == "total":
        m = m / r.total if r.total > 0 else np.full_like(m, np.nan)
    df = pd.DataFrame(m, index=gr.names, columns=gr.names.copy())
    df.attrs.update(gr.attrs(ungrouped_ties=int(r.ungrouped_ties), ungrouped_weight=float(r.ungrouped_weight),
                             total=float(r.total)))
    return df


def group_graph(g, groups, *, weighted: bool = True, min_group_size: int | None = 5):
    """The group-to-group network: a :class:`onakit.Graph` whose people are the groups.

    A tie ``A -> B`` (``A - B`` when ``g`` is undirected) carries the tie
    weight from group A to group B (:func:`mixing_matrix`); a self-tie
    ``A -> A`` carries A's internal weight. Group pairs without ties have no
    tie. Use it for plots and for further metrics on the group level.

    Parameters
    ----------
    g : onakit.Graph
    groups : pandas.Series, mapping or array
    weighted : bool
        Tie weights (True) or tie counts.
    min_group_size : int or None
        Small groups merged into one suppressed group (None: keep all).

    Returns
    -------
    onakit.Graph
        ``people`` are the group names; ``build_report`` holds the
        ``ungrouped`` / ``suppressed_groups`` diagnostics.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> ties = pd.DataFrame({"source": ["a", "b", "c"], "target": ["b", "c", "a"]})
    >>> gg = ona.group_graph(ona.Graph.from_pandas(ties), {"a": "x", "b": "x", "c": "y"}, min_group_size=None)
    >>> gg.to_pandas()
      source target  weight
    0      x      x     1.0
    1      x      y     1.0
    2      y      x     1.0
    """
    from ._graph import Graph

    gr = Groups(g, groups, min_group_size)
    core = _core.group_graph(core_of(g), gr.codes, gr.k, weighted=_check_weighted(weighted))
    return Graph(core, gr.names.rename("person"), build_report=gr.attrs())


# ---- E-I index ------------------------------------------------------------------
def ei_index(g, groups, *, level: str = "org", weighted: bool = True, permutations: int = 1000, seed: int = 0,
             min_group_size: int | None = 5, threads: int = 0):
    """Krackhardt & Stern's (1988) E-I index, ``(E - I) / (E + I)``, with its expected value and a permutation test.

    E counts ties between people of different groups, I ties inside a group
    (weight sums if ``weighted``, else tie counts; a directed graph counts
    every directed tie, an undirected graph every tie once). Ties touching a
    person without a group, and self-ties, are left out. -1 = every tie
    inside (insular), +1 = every tie outside.

    * ``level="org"``: I = all internal ties, E = all ties between groups.
    * ``level="group"``: for group g, I = ties with both ends in g (each once),
      E = ties with one end in g (out of or into g).
    * ``level="node"``: a person's own ties (out and in when directed).

    Expected value under random mixing (N grouped people, group sizes n_g,
    ties placed uniformly on pairs of distinct people): person in g
    ``(N - 2 n_g + 1) / (N - 1)`` (Krackhardt & Stern: n_g - 1 of N - 1
    possible partners are inside); group g ``(2N - 3 n_g + 1) / (2N - n_g - 1)``
    (n_g (n_g - 1) / 2 internal against n_g (N - n_g) external pairs, matching
    the once-counted internal ties); organisation
    ``1 - 2 sum_g n_g (n_g - 1) / (N (N - 1))``.

    Permutation test (org and group level): ``permutations`` times, the group
    labels are shuffled among the grouped people (seeded Fisher–Yates; the
    same ``seed`` gives the same p-values on any number of threads) and E-I is
    recomputed. One-sided towards insularity:
    ``p = (1 + #{permuted E-I <= observed}) / (1 + permutations)``. A small p
    says the group keeps more of its ties inside than chance, given its size.

    Parameters
    ----------
    g : onakit.Graph
    groups : pandas.Series, mapping or array
    level : {"org", "group", "node"}
    weighted : bool
    permutations : int
        0 skips the test (p-values NaN). Not used for ``level="node"``.
    seed : int
    min_group_size : int or None
        Group level: groups with fewer members are merged into one suppressed
        row (computed as one group). Node level: the ``group`` column shows
        such a group by the same suppressed label, not by its name (the
        numbers are the person's own, computed with the real groups). Org
        level: not used.
    threads : int
        0 = all cores; results do not depend on it.

    Returns
    -------
    pandas.Series (org) or pandas.DataFrame (group, node)
        org: ``ei, expected_ei, p_value, internal, external``.
        group: one row per group, ``size, internal, external, ei, expected_ei,
        p_value``. node: one row per person, ``group, internal, external, ei,
        expected_ei`` (NaN for people without a group). ``attrs``:
        ``ungrouped``, ``ungrouped_examples``, ``ungrouped_ties``,
        ``ungrouped_weight``, ``self_ties``, ``permutations``, ``seed``
        (and ``suppressed_groups`` at group and node level).

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> ties = pd.DataFrame({"source": ["a", "b", "c"], "target": ["b", "c", "a"]})
    >>> g = ona.Graph.from_pandas(ties, directed=False)
    >>> ona.ei_index(g, {"a": "x", "b": "x", "c": "y"}, permutations=0)["ei"]
    np.float64(0.3333333333333333)
    """
    if level not in ("org", "group", "node"):
        raise ValueError(f'level must be "org", "group" or "node", not {level!r}')
    permutations = whole(permutations, "permutations", minimum=0)
    min_size(min_group_size)  # checked at every level, used only where groups are shown
    gr = Groups(g, groups, None if level == "org" else min_group_size)
    perms = 0 if level == "node" else permutations
    # Node level: each person's figures with the real groups; only the shown label is suppressed.
    codes, k = (gr.base.codes, gr.base.count) if level == "node" else (gr.codes, gr.k)
    r = _core.ei_index(core_of(g), codes, k, weighted=_check_weighted(weighted), permutations=perms,
                       seed=seed, threads=threads)
    attrs = gr.attrs(ungrouped_ties=int(r.excluded_ties), ungrouped_weight=float(r.excluded_weight),
                     self_ties=int(r.self_ties), permutations=perms, seed=int(seed))
    out: pd.Series | pd.DataFrame
    if level == "org":
        attrs.pop("suppressed_groups")
        out = pd.Series({"ei": r.org_ei, "expected_ei": r.org_expected, "p_value": r.org_p,
                         "internal": r.org_internal, "external": r.org_external}, name="ei_index")
    elif level == "group":
        out = pd.DataFrame({"size": r.group_size.astype(np.int64), "internal": r.group_internal,
                            "external": r.group_external, "ei": r.group_ei, "expected_ei": r.group_expected,
                            "p_value": r.group_p}, index=gr.names)
    else:
        for key in ("suppressed_people", "suppressed_row_hidden"):
            attrs.pop(key)  # person rows are never hidden; suppressed_groups counts the relabelled groups
        out = pd.DataFrame({"group": gr.person_column(), "internal": r.node_internal,
                            "external": r.node_external, "ei": r.node_ei, "expected_ei": r.node_expected},
                           index=g.people)
        out["group"] = pd.Series(gr.person_column(), index=g.people, dtype=object)
    out.attrs.update(attrs)
    return out


# ---- partition quality ----------------------------------------------------------
def modularity(g, groups, *, resolution: float = 1.0, weighted: bool = True) -> float:
    """Modularity of the grouping, equal to ``networkx.community.modularity``.

    Undirected (Newman & Girvan 2004): ``Q = sum_c [L_c / m - resolution (d_c / 2m)^2]``;
    directed (Leicht & Newman 2008): ``Q = sum_c [L_c / m - resolution d_c^out d_c^in / m^2]``,
    with m the total tie weight, L_c the weight inside group c and d_c the
    weighted degree sum of its members (an undirected self-tie counts twice).
    Computed over the ties among grouped people (people without a group are
    left out, as networkx on the subgraph of grouped people).

    Parameters
    ----------
    g : onakit.Graph
    groups : pandas.Series, mapping or array
    resolution : float
        γ >= 0; < 1 favours larger groups.
    weighted : bool
        Tie weights (True, networkx's ``weight="weight"``) or unit weights.

    Returns
    -------
    float
        NaN if there are no ties among grouped people.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> ties = pd.DataFrame({"source": ["a", "b", "c", "d"], "target": ["b", "a", "d", "c"]})
    >>> ona.modularity(ona.Graph.from_pandas(ties), {"a": 1, "b": 1, "c": 2, "d": 2})
    0.5
    """
    gr = Groups(g, groups, None)
    return float(_core.modularity(core_of(g), gr.codes, gr.k, resolution=real(resolution, "resolution"),
                                       weighted=_check_weighted(weighted)))


def assortativity(g, groups, *, weighted: bool = False) -> float:
    """Newman's (2003) attribute assortativity of the groups, equal to ``networkx.attribute_assortativity_coefficient``.

    ``r = (tr e - sum(e @ e)) / (1 - sum(e @ e))`` with e the group mixing
    matrix of tie counts (an undirected tie counts in both directions)
    normalised to sum 1. 1 = ties only within groups, 0 = random mixing,
    negative = ties mostly across. People without a group are left out.

    Parameters
    ----------
    g : onakit.Graph
    groups : mapping, Series or array
        Each person's group, as for :func:`mixing_matrix`.
    weighted : bool
        ``False`` (default, as networkx): e counts ties. ``True``: e sums
        tie weights, so heavy ties count more (networkx has no such variant).

    Returns
    -------
    float
        NaN without ties or when all ties are inside one group.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> ties = pd.DataFrame({"source": ["a", "b", "c", "d"], "target": ["b", "a", "d", "c"]})
    >>> ona.assortativity(ona.Graph.from_pandas(ties), {"a": 1, "b": 1, "c": 2, "d": 2})
    1.0
    """
    gr = Groups(g, groups, None)
    return float(_core.assortativity(core_of(g), gr.codes, gr.k, weighted=_check_weighted(weighted)))


def _cohesion(g, groups, weighted, min_group_size, column):
    gr = Groups(g, groups, min_group_size)
    r = _core.group_cohesion(core_of(g), gr.codes, gr.k, weighted=_check_weighted(weighted))
    s = pd.Series(np.array(getattr(r, column)), index=gr.names, name=column)
    s.attrs.update(gr.attrs(ungrouped_ties=int(r.ungrouped_ties), ungrouped_weight=float(r.ungrouped_weight)))
    return s, r, gr


def insularity(g, groups, *, weighted: bool = True, min_group_size: int | None = 5) -> pd.Series:
    """Share of each group's tie weight that stays inside the group.

    ``insularity_g = I_g / (I_g + E_g)`` with I_g, E_g as in :func:`ei_index`
    (so insularity = (1 - E-I) / 2); self-ties and ties touching people
    without a group are left out. ``attrs["org_insularity"]`` is the same
    share over all ties (internal / (internal + between groups)).
    C++: the ``insularity`` field of ``onakit::group_cohesion``
    (``<onakit/silo/cohesion.hpp>``), which computes it with conductance in
    one pass; Python gives each measure its own function.

    Parameters
    ----------
    g : onakit.Graph
    groups : pandas.Series, mapping or array
    weighted : bool
    min_group_size : int or None

    Returns
    -------
    pandas.Series
        Float in [0, 1] per group (NaN for a group without ties).

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> ties = pd.DataFrame({"source": ["a", "b", "c"], "target": ["b", "c", "a"]})
    >>> ona.insularity(ona.Graph.from_pandas(ties), {"a": "x", "b": "x", "c": "y"}, min_group_size=None).tolist()
    [0.3333333333333333, 0.0]
    """
    s, _, gr = _cohesion(g, groups, weighted, min_group_size, "insularity")
    # The organisation's figure uses the groups as given: merging small groups
    # for display must not turn ties between two of them into internal ties.
    base = gr.base
    whole = _core.group_cohesion(core_of(g), base.codes, base.count, weighted=_check_weighted(weighted))
    s.attrs["org_insularity"] = float(whole.org_insularity)
    return s


def conductance(g, groups, *, weighted: bool = True, min_group_size: int | None = 5) -> pd.Series:
    """Conductance of each group: ``cut(S, rest) / min(vol(S), vol(rest))``.

    cut = weight of the ties with one end in the group (both directions when
    directed); vol = sum of the members' weighted degrees, where an
    undirected self-tie counts twice and a directed degree is out-weight +
    in-weight (C++: the ``conductance`` field of ``onakit::group_cohesion``). rest = the other grouped people. Undirected values equal
    ``networkx.conductance``; networkx's directed volume counts out-weight
    only, onakit counts both directions so that a group that mostly receives
    is not treated as having no volume. Small = well separated.

    Returns
    -------
    pandas.Series
        Float per group (NaN when min(vol) = 0).

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> ties = pd.DataFrame({"source": ["a", "b", "c"], "target": ["b", "c", "d"]})
    >>> g = ona.Graph.from_pandas(ties, directed=False)
    >>> ona.conductance(g, {"a": "x", "b": "x", "c": "y", "d": "y"}, min_group_size=None).tolist()
    [0.3333333333333333, 0.3333333333333333]
    """
    s, r, _ = _cohesion(g, groups, weighted, min_group_size, "conductance")
    s.attrs["volume"] = dict(zip(s.index, np.asarray(r.volume).tolist()))
    return s


# ---- people ---------------------------------------------------------------------
def boundary_spanners(g, groups, *, weighted: bool = True, min_group_size: int | None = 5,
                      threads: int = 0) -> pd.DataFrame:
    """Who carries each group's ties to other groups.

    Per person (ties to people without a group and self-ties left out):

    * ``group``; ``internal`` / ``external``: tie weight (out and in when
      directed) to the own group / to other groups;
    * ``external_share`` = external / (internal + external);
    * ``groups_reached``: how many other groups the person has a tie with;
    * Gould & Fernandez (1989) brokerage role counts ``coordinator,
      itinerant, representative, gatekeeper, liaison, brokerage_total``
      (:func:`onakit.brokerage`: two-paths through a person without a group
      are not counted);
    * ``sole_bridge_pairs``: the number of pairs of groups {A, B} that are
      directly tied and for which *every* A-B tie involves this person, so
      that removing them cuts the direct link between A and B (the groups may
      still be connected through a third group). With a single A-B tie both
      its ends count.

    Parameters
    ----------
    g : onakit.Graph
    groups : pandas.Series, mapping or array
    weighted : bool
        Tie weights (True) or tie counts.
    min_group_size : int or None
        A group with fewer members is shown, in the ``group`` column and in
        ``attrs["sole_bridges"]``, by the suppressed label of the group-level
        tables (``"(suppressed: k groups < min_group_size)"``), not by its
        name; the figures are computed with the real groups. None shows
        every name.
    threads : int
        0 = all cores; results do not depend on it.

    Returns
    -------
    pandas.DataFrame
        One row per person, indexed by ``g.people``, sorted as ``g.people``;
        people without a group are never a group of their own: they have
        ``group`` None, NaN shares and zero counts, and ties to them count
        for nobody (the rule of :func:`silo_report` and :func:`brokerage`).
        ``attrs``: ``ungrouped``, ``ungrouped_examples``, and
        ``sole_bridges``: a list of ``(group_a, group_b, person)`` naming,
        for each pair of groups, the people every tie between the two
        touches (the pairs counted in ``sole_bridge_pairs``; ``pd.DataFrame(
        df.attrs["sole_bridges"], columns=["group_a", "group_b", "person"])``
        makes a table of it).

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> ties = pd.DataFrame({"source": ["a", "b", "c"], "target": ["b", "c", "d"]})
    >>> g = ona.Graph.from_pandas(ties, directed=False)
    >>> ona.boundary_spanners(g, {"a": "x", "b": "x", "c": "y", "d": "y"})["sole_bridge_pairs"].tolist()
    [0, 1, 1, 0]
    """
    gr = Groups(g, groups, min_group_size)
    r = _core.boundary_spanners(core_of(g), gr.base.codes, gr.base.count, weighted=_check_weighted(weighted),
                                threads=threads)
    cols = {"group": gr.person_column()}
    for c in ("internal", "external", "external_share"):
        cols[c] = np.asarray(getattr(r, c), dtype=float)
    for c in ("groups_reached", "sole_bridge_pairs"):
        cols[c] = np.asarray(getattr(r, c)).astype(np.int64)
    for c in ("coordinator", "itinerant", "representative", "gatekeeper", "liaison"):
        cols[c] = np.asarray(getattr(r.roles, c)).astype(np.int64)
    cols["brokerage_total"] = np.asarray(r.roles.total).astype(np.int64)
    df = pd.DataFrame(cols, index=g.people)
    df["group"] = pd.Series(cols["group"], index=g.people, dtype=object)
    df.attrs.update(gr.base.attrs())
    df.attrs["suppressed_groups"] = gr.suppressed
    names = gr.shown_names
    # a list of tuples, not a DataFrame: attrs travel with every derived frame (and pd.concat compares them)
    df.attrs["sole_bridges"] = list(zip(names[np.asarray(r.sole_bridge_group_a, dtype=np.int64)].tolist(),
                                        names[np.asarray(r.sole_bridge_group_b, dtype=np.int64)].tolist(),
                                        g.people.take(np.asarray(r.sole_bridge_person, dtype=np.int64)).tolist()))
    return df


# ---- the report -----------------------------------------------------------------
def silo_report(g, groups, *, min_group_size: int | None = 5, permutations: int = 1000, seed: int = 0,
                alpha: float = 0.05, external_ratio: float = 0.5, weighted: bool = True, bridges: int = 3,
                threads: int = 0) -> pd.DataFrame:
    """One row per group: how closed it is, compared with chance and with the organisation.

    Columns: ``size``; ``internal`` and ``external`` tie weight; ``ei``,
    ``expected_ei`` and ``p_value`` (:func:`ei_index` at group level);
    ``insularity`` and ``conductance`` (:func:`insularity`,
    :func:`conductance`); ``groups_reached`` (other groups it has a tie with,
    either direction); ``bridges``: its ``bridges`` strongest links to other
    groups, ``"name (weight)"`` by tie weight in both directions; and ``silo``.

    The ``silo`` rule: a group is flagged when all three hold

    1. ``ei < expected_ei``: more inward-looking than random mixing given
       its size;
    2. ``p_value < alpha``: and that is unlikely by chance (permutation test);
    3. ``1 - insularity <= external_ratio * (1 - attrs["org_insularity"])``:
       the share of its tie weight that leaves the group is at most
       ``external_ratio`` (default one half) of the organisation's share of
       tie weight between groups.

    (1) and (2) alone flag most departments of most organisations (people
    talk mostly within their department, so E-I is far below its
    random-mixing value everywhere). Merely "more insular than the
    organisation" would still flag about half of the groups by construction.
    (3) keeps the groups that are markedly more closed than the
    organisation's own norm, which is what "silo" means to the people reading
    the report. With ``permutations=0`` nothing is flagged.

    Groups with fewer than ``min_group_size`` members are merged into one
    row labelled ``"(suppressed: k groups < min_group_size)"``, computed as one
    group and never flagged; ``attrs["suppressed_groups"] = k``. That label
    is an :class:`onakit.SummaryLabel`, a str that sorts after every group
    label of any type: with int groups the index is of object dtype (ints
    plus that str) and ``sort_index()`` and plots still work. Small groups
    are also named by that label in other groups' ``bridges``.

    Parameters
    ----------
    g : onakit.Graph
    groups : pandas.Series, mapping or array
    min_group_size : int or None
    permutations, seed : int
        Permutation test (see :func:`ei_index`); same seed, same p-values.
    alpha : float
        Significance level of the silo rule.
    external_ratio : float
        Rule (3): the largest share of outside tie weight, relative to the
        organisation's, that still counts as a silo.
    weighted : bool
    bridges : int
        How many partner groups to list.
    threads : int

    Returns
    -------
    pandas.DataFrame
        Indexed by group name, sorted by ``ei`` (most insular first).
        ``attrs``: ``org_ei``, ``org_expected_ei``, ``org_insularity``,
        ``modularity``, ``suppressed_groups``, ``ungrouped``,
        ``ungrouped_examples``, ``ungrouped_ties``, ``permutations``, ``seed``,
        ``alpha``, ``external_ratio``, ``rule``.

    Notes
    -----
    A group without ties (internal + external = 0: no ties at all, zero
    weights, only self-ties) has NaN ``ei``, ``insularity``, ``conductance``
    and ``p_value`` (0/0 is not a score) and is never flagged as a silo; so
    does ``p_value`` with ``permutations=0``.

    Examples
    --------
    >>> import onakit as ona
    >>> log, people = ona.synthetic_org(people=200, departments=5, weeks=4, seed=1)
    >>> report = ona.silo_report(ona.build_graph(log), people["department"], permutations=200)
    >>> report.loc[report["silo"]].index.tolist() == [people.attrs["silo_department"]]
    True
    """
    weighted = _check_weighted(weighted)
    gc = group_codes(g, groups)
    # The report, the flag and the suppression rule are C++ (onakit/silo/report.hpp); here only labels.
    r = _core.silo_report(core_of(g), gc.codes, gc.count, min_group_size=min_size(min_group_size),
                          permutations=permutations, seed=seed, alpha=real(alpha, "alpha"),
                          external_ratio=real(external_ratio, "external_ratio"), weighted=weighted, bridges=bridges, threads=threads)
    names = np.asarray(gc.names, dtype=object)

    def label(code):
        return suppressed_label(r.suppressed_groups, min_group_size) if code == _core.suppressed_group \
            else names[code]

    df = pd.DataFrame({
        "size": np.asarray(r.size).astype(np.int64),
        "internal": r.internal,
        "external": r.external,
        "ei": r.ei,
        "expected_ei": r.expected_ei,
        "p_value": r.p_value,
        "insularity": r.insularity,
        "conductance": r.conductance,
        "groups_reached": np.asarray(r.groups_reached).astype(np.int64),
        "bridges": [", ".join(f"{label(b.group)} ({b.weight:g})" for b in links) for links in r.bridges],
        "silo": r.silo,
    }, index=gc.names.take(r.group) if r.suppressed_groups == 0
        else pd.Index([label(c) for c in r.group], name="group"))
    df.attrs.update({
        **gc.attrs(), "suppressed_groups": int(r.suppressed_groups), "suppressed_people": int(r.suppressed_people),
        "suppressed_row_hidden": bool(r.suppressed_row_hidden), "ungrouped_ties": int(r.ungrouped_ties),
        "org_ei": float(r.org_ei), "org_expected_ei": float(r.org_expected_ei),
        "org_insularity": float(r.org_insularity), "modularity": float(r.modularity),
        "permutations": int(permutations), "seed": int(seed), "alpha": float(alpha),
        "external_ratio": float(external_ratio), "rule": _core.silo_rule})
    return df
