"""A force-directed layout of the graph, for drawing people as a network.

Thin labels over ``include/onakit/graph/layout.hpp`` (ForceAtlas2 in C++);
the HTML report's people map and the plots use the same positions.
"""

from __future__ import annotations

import pandas as pd

from . import _core
from ._results import core_of, frame

__all__: list[str] = ["layout"]


def layout(g, *, iterations: int = 100, seed: int = 0, threads: int = 0, weighted: bool = True,
           scaling: float = 2.0, gravity: float = 1.0, theta: float = 1.2) -> pd.DataFrame:
    """Positions of the people for drawing the graph: a force-directed layout in the unit square.

    ForceAtlas2 (Jacomy et al., PLoS ONE 2014) in its LinLog mode, computed
    in C++: ties pull people together (more strongly the heavier the tie),
    everyone pushes everyone else away (people with many ties harder), and a
    weak gravity keeps separate components on screen. Groups that talk mostly
    among themselves come out as visible clusters. The run starts from a
    spectral drawing, so ``iterations=100`` is usually enough where Gephi
    users run thousands. Ties are taken as undirected (a->b and b->a pull as
    one tie of their summed weight); self-ties are ignored. People without
    ties to others are placed evenly on a circle around the drawing.

    Unlike networkx's ``spring_layout`` (centred on 0, in [-1, 1]), the
    result is scaled uniformly into [0, 1] x [0, 1]: the longer side spans
    [0, 1], the other is centred, so distances keep their proportions.

    Parameters
    ----------
    g : onakit.Graph
    iterations : int, default 100
        Simulation steps (at least 1). Time grows linearly with it.
    seed : int, default 0
        Fixes the random starting positions: the same seed gives the same
        layout, bit for bit, for any ``threads``.
    threads : int, default 0
        Threads to use; 0 means all cores.
    weighted : bool, default True
        Ties pull in proportion to their weight (relative to the mean
        weight, so the unit does not matter); False: every tie pulls alike.
    scaling : float, default 2.0
        Strength of the repulsion (> 0): larger spreads clusters further
        apart relative to their size.
    gravity : float, default 1.0
        Pull toward the centre (>= 0): larger brings separate components
        closer together.
    theta : float, default 1.2
        Barnes-Hut accuracy (>= 0): far groups of people push as one body
        when their cell is smaller than ``theta`` times their distance;
        0 computes every pair exactly (slow for large graphs).

    Returns
    -------
    pandas.DataFrame
        Columns ``x`` and ``y`` (floats in [0, 1]) indexed by ``g.people``.
        ``.attrs`` holds ``iterations`` (steps run; 0 when fewer than two
        people have ties) and ``isolates`` (people placed on the rim).

    Raises
    ------
    onakit.OptionError
        For ``iterations`` < 1, ``scaling`` <= 0, ``gravity`` < 0,
        ``theta`` < 0, a value that is not a number, or ``threads`` out of
        range; the message names the keyword.
    KeyboardInterrupt
        On Ctrl-C (polled once per step).

    Notes
    -----
    O(iterations * (n log n + m)) time for n people and m ties: about 0.9 s
    of CPU time for 5,000 people with 290,000 ties (``synthetic_org(people=5000)``),
    0.08 s for email-Eu-core (1,005 people). A second thread is used only
    when a step has enough work to pay for waiting on the other.

    Examples
    --------
    >>> import onakit as ona
    >>> log, people = ona.synthetic_org(people=200, departments=4, weeks=4)
    >>> g = ona.build_graph(log)
    >>> pos = ona.layout(g, seed=1)
    >>> pos.shape
    (200, 2)
    >>> bool(pos.x.between(0, 1).all() and pos.y.between(0, 1).all())
    True
    >>> same = ona.layout(g, seed=1, threads=1)
    >>> bool((same == pos).all().all())
    True
    """
    r = _core.force_layout(core_of(g), iterations=iterations, seed=seed, threads=threads, scaling=scaling,
                           gravity=gravity, theta=theta, weighted=weighted)
    return frame(g, {"x": r.x, "y": r.y}, iterations=int(r.iterations), isolates=int(r.isolates))
