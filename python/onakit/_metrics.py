"""person_metrics: every per-person measure of a graph in one labelled table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _core
from ._centrality_local import _ROLES, clustering, core_number
from ._centrality_paths import betweenness, closeness, harmonic
from ._centrality_spectral import degree, eigenvector, pagerank
from ._groups import Groups, min_size
from ._results import core_of

__all__: list[str] = ["person_metrics"]

def person_metrics(g, groups=None, *, min_group_size: int | None = 5, threads: int = 0) -> pd.DataFrame:
    """Every per-person measure of a graph in one table, one row per person.

    The table a people analyst exports (``onakit metrics`` writes it as CSV):
    activity, reach, brokerage and embeddedness side by side, each column
    computed by the library function of the same name with its defaults, so
    a column can always be reproduced on its own.

    Parameters
    ----------
    g : onakit.Graph
    groups : pandas.Series, mapping or sequence, optional
        Group of each person (e.g. ``people["department"]``): a Series
        indexed by person (extra people ignored), a dict person -> group, or
        one group per person in ``g.people`` order. When given, the table
        gains the ``group`` column and the Gould–Fernandez brokerage roles.
        Keys match people by the rule of :func:`read_people` (person ``17``
        matches key ``"17"``). People the groups do not cover get ``group``
        missing and score 0 in every brokerage role (as in
        :func:`brokerage`: two-paths through them are not counted);
        ``attrs["ungrouped"]`` counts them.
    min_group_size : int or None
        A group with fewer members shows in the ``group`` column by the
        suppressed label of the group-level tables (``"(suppressed: k groups
        < min_group_size)"``), not by its name; the brokerage roles are
        computed with the real groups. None shows every name.
    threads : int
        Threads (0 = all cores); the result does not depend on it.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``g.people``, columns:

        ======================== ===================================================
        ``group``                the person's group (only with ``groups``)
        ``in_degree``            ties received (:func:`degree`, ``direction="in"``, raw)
        ``out_degree``           ties sent (``direction="out"``, raw)
        ``in_weight``            weighted in-degree: the sum of received tie weights
        ``out_weight``           weighted out-degree: the sum of sent tie weights
        ``betweenness``          :func:`betweenness` (normalised, hop distance)
        ``closeness``            :func:`closeness` (incoming distance, Wasserman–Faust)
        ``harmonic``             :func:`harmonic`
        ``pagerank``             :func:`pagerank` (weighted)
        ``eigenvector``          :func:`eigenvector` (weighted; in-ties when directed)
        ``constraint``           :func:`constraint` (Burt, weighted; NaN for isolates)
        ``effective_size``       :func:`effective_size` (Burt, weighted; NaN for isolates)
        ``clustering``           :func:`clustering`
        ``core_number``          :func:`core_number`
        ``coordinator`` ...      :func:`brokerage` roles ``coordinator, itinerant,
        ``liaison``, ``total``   representative, gatekeeper, liaison`` and
                                 ``brokerage_total`` (only with ``groups``)
        ======================== ===================================================

        In an undirected graph the in and out columns are equal (both the
        degree). ``attrs`` holds ``"not_converged"`` (the iterative measures,
        ``pagerank`` / ``eigenvector``, that reached their iteration limit:
        their column holds the last iterate) and, with ``groups``,
        ``"ungrouped"`` and ``"suppressed_groups"`` (groups shown by the suppressed label).

    Raises
    ------
    ValueError
        If ``groups`` gives nobody of the graph a group (keys that match no
        person: say so rather than return a table without groups); fewer
        than half of the people with a group warns.

    Notes
    -----
    Complexity: dominated by betweenness and closeness, O(n m) for n people
    and m ties, in parallel; the W3C list (20,082 people, 33,354 ties) takes
    about a second on two cores.

    Examples
    --------
    >>> import onakit as ona
    >>> log, people = ona.synthetic_org(people=60, departments=3, weeks=2)
    >>> table = ona.person_metrics(ona.build_graph(log), people["department"])
    >>> table.shape
    (60, 20)
    >>> list(table.columns[:3])
    ['group', 'in_degree', 'out_degree']
    """
    core = core_of(g)
    cols: dict[str, pd.Series | np.ndarray] = {}
    attrs: dict = {}
    gc = None
    min_size(min_group_size)  # checked with or without groups
    if groups is not None:
        gr = Groups(g, groups, min_group_size)  # raises when nobody matches, warns when fewer than half do
        gc = gr.base
        cols["group"] = gr.person_column()
    cols["in_degree"] = degree(g, direction="in", normalized=False).astype(np.int64)
    cols["out_degree"] = degree(g, direction="out", normalized=False).astype(np.int64)
    cols["in_weight"] = degree(g, direction="in", weighted=True, normalized=False)
    cols["out_weight"] = degree(g, direction="out", weighted=True, normalized=False)
    cols["betweenness"] = betweenness(g, threads=threads)
    cols["closeness"] = closeness(g, threads=threads)
    cols["harmonic"] = harmonic(g, threads=threads)
    not_converged = []
    for name, fn in (("pagerank", pagerank), ("eigenvector", eigenvector)):
        s = fn(g, raise_on_failure=False, threads=threads)
        if not s.attrs.get("converged", True):
            not_converged.append(name)
        cols[name] = s
    holes = _core.structural_holes(core, weighted=True, threads=threads)  # one pass for both of Burt's measures
    cols["constraint"] = np.asarray(holes.constraint)
    cols["effective_size"] = np.asarray(holes.effective_size)
    cols["clustering"] = clustering(g, threads=threads)
    cols["core_number"] = core_number(g)
    attrs["not_converged"] = not_converged
    if gc is not None:
        attrs["ungrouped"] = gc.ungrouped
        attrs["suppressed_groups"] = gr.suppressed
        roles = _core.brokerage(core, gc.codes, k=gc.count, threads=threads)  # ona.brokerage's kernel, on the same codes
        for role in _ROLES:
            cols["brokerage_total" if role == "total" else role] = np.asarray(getattr(roles, role)).astype(np.int64)
    table = pd.DataFrame({k: (v.to_numpy() if isinstance(v, pd.Series) else v) for k, v in cols.items()},
                         index=g.people)
    table.index.name = g.people.name or "person"
    table.attrs.update(attrs)
    return table
