"""Community detection (Leiden, Louvain) and partition comparison.

The C++ kernels are in ``include/onakit/silo/communities.hpp`` and
``partition_compare.hpp``; they release the GIL and stop on Ctrl-C.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _core
from ._docs import shared_doc
from ._groups import align_groups
from ._labels import describe_labels
from ._progress import core_progress
from ._results import core_of, series
from ._options import real

__all__: list[str] = ["communities", "compare_partitions"]

_METHODS = ("leiden", "louvain")
_OBJECTIVES = ("modularity", "cpm")


@shared_doc
def communities(
    g,
    *,
    method: str = "leiden",
    resolution: float = 1.0,
    objective: str = "modularity",
    seed: int = 0,
    randomness: float = 0.01,
    iterations: int = -1,
    threads: int = 0,
    progress: bool = False,
) -> pd.Series:
    """Partition the people into communities that maximise modularity or CPM.

    Works on the undirected weighted view of ``g``: a directed graph is
    symmetrised by summing both directions, ``w(u, v) = w(u->v) + w(v->u)``; a
    self-tie keeps its weight, counted once. The quality is then

    - ``objective="modularity"``: ``Q = sum_c [L_c / m - resolution * (K_c / 2m)^2]``
      (Newman & Girvan 2004), equal to ``networkx.community.modularity`` on
      that undirected graph (L_c: tie weight inside c, K_c: its summed
      strength, m: total tie weight);
    - ``objective="cpm"``: ``H = sum_c [L_c - resolution * n_c (n_c - 1) / 2]``,
      the Constant Potts Model (Traag et al. 2011) with node weights 1, as
      leidenalg's ``CPMVertexPartition``; ``resolution`` is then a density
      threshold.

    ``method="leiden"`` is the Leiden algorithm (Traag, Waltman & van Eck
    2019): fast local moving, refinement into well-connected sub-communities,
    aggregation; iterated until an iteration changes nothing
    (``iterations=-1``, leidenalg's ``n_iterations=-1``). Every community is
    connected. ``method="louvain"`` is Blondel et al.'s (2008) Louvain
    algorithm; its communities may be disconnected.

    Parameters
    ----------
    g : onakit.Graph
    method : {"leiden", "louvain"}
    resolution : float
        gamma >= 0. Larger values give more, smaller communities.
    objective : {"modularity", "cpm"}
    seed : int
        Seeds the random node orders and the refinement; the same seed gives
        the same partition, whatever ``threads``.
    randomness : float
        theta of Leiden's refinement (> 0); 0.01 as in the paper and leidenalg.
    iterations : int
        Leiden iterations; -1 iterates until stable.
    threads : int
        Threads for the parallel parts (0 = all cores); the result does not depend on it.
    {progress}

    Returns
    -------
    pandas.Series
        Community id per person (0 = largest community; equal sizes ordered by
        their first person in ``g.people``), named ``"community"``.
        ``attrs``: ``quality`` (modularity or CPM value of this partition),
        ``count``, ``method``, ``objective``, ``resolution``, ``seed``,
        ``levels`` (local-moving phases), ``iterations``.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> ties = pd.DataFrame({"source": ["a", "a", "b", "c", "d", "d", "e"],
    ...                      "target": ["b", "c", "c", "d", "e", "f", "f"]})
    >>> g = ona.Graph.from_pandas(ties, directed=False)
    >>> found = ona.communities(g, seed=1)
    >>> found.tolist()
    [0, 0, 0, 1, 1, 1]
    >>> round(found.attrs["quality"], 4)
    0.3571
    """
    if method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}, not {method!r}")
    if objective not in _OBJECTIVES:
        raise ValueError(f"objective must be one of {_OBJECTIVES}, not {objective!r}")
    with core_progress(progress, method, unit="visit", unit_scale=True, where="communities") as report:
        r = _core.communities(core_of(g), method=method, resolution=real(resolution, "resolution"), objective=objective,
                              seed=seed, randomness=real(randomness, "randomness"), iterations=iterations,
                              threads=threads, progress=report)
    return series(g, r.membership.astype(np.int64), "community", quality=float(r.quality),
                  count=int(r.count), method=method, objective=objective, resolution=float(resolution),
                  seed=int(seed), levels=int(r.levels), iterations=int(r.iterations))


def compare_partitions(a, b, *, threads: int = 0) -> pd.Series:
    """Agreement of two partitions: NMI, adjusted mutual information, adjusted Rand index.

    Equal to scikit-learn's ``normalized_mutual_info_score`` (arithmetic
    mean), ``adjusted_mutual_info_score`` (arithmetic mean; the expected
    mutual information under the hypergeometric model of Vinh et al. 2010)
    and ``adjusted_rand_score``, including their edge cases. All three are
    symmetric in ``a`` and ``b``; labels are only compared for equality.

    Parameters
    ----------
    a, b : pandas.Series or array-like
        Labels per person. Two Series are aligned by their index: people in
        only one are ignored and counted in ``attrs["only_in_a"]`` /
        ``attrs["only_in_b"]``. Arrays must have the same length. People
        with a missing label (NaN/None) in either are ignored and counted in
        ``attrs["missing"]``. Index labels match by the rule of
        :func:`read_people` (person ``17`` in ``a`` matches ``"17"`` in ``b``).
    threads : int
        Threads for the expected mutual information (0 = all cores).

    Returns
    -------
    pandas.Series
        ``nmi``, ``ami``, ``ari`` (float), named ``"partition_agreement"``.
        ``attrs``: ``people`` compared, ``only_in_a``, ``only_in_b``,
        ``missing``, ``blocks_a``, ``blocks_b``, ``mutual_information``,
        ``expected_mutual_information`` (nats).

    Raises
    ------
    ValueError
        If fewer than two people have a label in both (every score would be a
        meaningless 1.0); the message gives the counts and both indexes' types.

    Examples
    --------
    >>> import pandas as pd, onakit as ona
    >>> found = pd.Series({"ann": 0, "bob": 0, "cat": 1, "dan": 1})
    >>> depts = pd.Series({"ann": "sales", "bob": "sales", "cat": "sales", "dan": "it", "eve": "it"})
    >>> s = ona.compare_partitions(found, depts)
    >>> s.round(3).to_dict(), s.attrs["only_in_b"]
    ({'nmi': 0.344, 'ami': 0.0, 'ari': 0.0}, 1)
    """
    only_a = only_b = 0
    if isinstance(a, pd.Series) and isinstance(b, pd.Series):
        for name, s in (("a", a), ("b", b)):
            if s.index.has_duplicates:
                dup = s.index[s.index.duplicated()].unique()[:5].tolist()
                raise ValueError(f"compare_partitions: {name} has duplicate people in its index, e.g. {dup}")
        # b's labels onto a's people by the one matching rule (equal, else equal text);
        # a person of a whom no key of b matches is "only in a".
        in_b = align_groups(a.index, pd.Series(True, index=b.index, dtype=object))
        common = a.index[in_b.notna().to_numpy()]
        only_a, only_b = len(a) - len(common), len(b) - len(common)
        va = a.loc[common].to_numpy(dtype=object)
        vb = align_groups(common, b).to_numpy(dtype=object)
    elif isinstance(a, pd.Series) or isinstance(b, pd.Series):
        raise TypeError("compare_partitions: give two pandas Series (aligned by index) or two arrays, not a mix")
    else:
        va = np.asarray(a, dtype=object)
        vb = np.asarray(b, dtype=object)
        if va.ndim != 1 or vb.ndim != 1 or len(va) != len(vb):
            raise ValueError(f"compare_partitions: arrays must be 1-d of equal length, got shapes {va.shape} and {vb.shape}")
    missing = pd.isna(va) | pd.isna(vb)
    shared = int((~missing).sum())
    if shared < 2:
        # With one person or none every score is trivially 1.0: a perfect answer by accident.
        raise ValueError(
            f"compare_partitions: a and b share {shared} {'person' if shared == 1 else 'people'} with a label in "
            f"both (need at least 2; {only_a:,} only in a, {only_b:,} only in b, {int(missing.sum()):,} with a "
            "missing label)" + (f"; a is indexed by {describe_labels(a.index)}, b by {describe_labels(b.index)}"
                                if isinstance(a, pd.Series) else ""))
    ca, _ = pd.factorize(va[~missing])
    cb, _ = pd.factorize(vb[~missing])
    r = _core.compare_partitions(ca.astype(np.uint32), cb.astype(np.uint32), threads=threads)
    out = pd.Series({"nmi": r.nmi, "ami": r.ami, "ari": r.ari}, name="partition_agreement", dtype=float)
    out.attrs.update(people=int(r.people), only_in_a=int(only_a), only_in_b=int(only_b), missing=int(missing.sum()),
                     blocks_a=int(r.blocks_a), blocks_b=int(r.blocks_b),
                     mutual_information=float(r.mutual_information),
                     expected_mutual_information=float(r.expected_mutual_information))
    return out
