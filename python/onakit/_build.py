"""build_graph: MessageLog -> Graph."""

from __future__ import annotations

import warnings
from collections.abc import Mapping

from . import _core
from ._graph import Graph
from ._log import ROLES, MessageLog
from ._time import to_micros, to_seconds
from ._options import real


def build_graph(
    log: MessageLog,
    weighting: str = "count",
    directed: bool = True,
    role_weights: Mapping[str, float] | None = None,
    max_recipients: int | None = None,
    self_loops: bool = False,
    start=None,
    end=None,
    half_life=None,
    reference_time=None,
    min_weight: float = 0,
    reciprocal: bool = False,
    threads: int = 0,
) -> Graph:
    """Build the communication graph of a message log.

    Every person of the log is a vertex (people without ties are isolates).
    For a message m from s to its distinct recipients R(m), each r in R(m),
    r != s, adds to the tie s -> r::

        w(m, r) = mult(m) * role_weights[role(m, r)] * share(m) * decay(m)

    Parameters
    ----------
    weighting : {"count", "split"}
        ``count``: share = 1 (each message adds 1 to each recipient's tie);
        ``split``: share = 1/k for k recipients other than the sender.
    directed : bool
        An undirected graph sums both directions: w(u,v) = w(u->v) + w(v->u).
    role_weights : dict, optional
        Multiplier per role, e.g. ``{"cc": 0.5, "bcc": 0}``; unnamed roles weigh 1.
        A recipient listed twice in one message counts once, with its larger role weight.
    max_recipients : int, optional
        Messages with more distinct recipients are broadcasts: dropped and counted.
    self_loops : bool
        Keep sender -> sender ties (dropped and counted by default).
    start, end : time, optional
        Keep messages with start <= time < end (strings, datetimes, Unix seconds).
    half_life : duration, optional
        Exponential decay: decay(m) = 2 ** (-(reference_time - t(m)) / half_life);
        seconds, or a pandas duration string such as ``"30D"``.
    reference_time : time, optional
        Decay reference (default: the latest message).
    min_weight : float
        Keep ties with weight >= min_weight (ties of weight 0 are never kept).
    reciprocal : bool
        Keep a tie only if both directions reach ``min_weight``.
    threads : int
        Threads for the reduction (0 = all cores). The result does not depend on it.

    Returns
    -------
    Graph
        With ``build_report``: messages used, outside the window, broadcasts,
        messages with several recipients (those ``split`` shares), self-ties,
        duplicate recipients, ties below ``min_weight``, ties without reverse.

    Warns
    -----
    UserWarning
        With ``weighting="split"`` when no message used has two or more
        recipients besides its sender: split then equals count. The usual
        cause is a table with one row per recipient and no message id, read
        without ``group_rows_by="sender_time"``.

    Examples
    --------
    >>> import onakit as ona
    >>> log, people = ona.synthetic_org(people=100, departments=4, weeks=2)
    >>> g = ona.build_graph(log, weighting="split", role_weights={"cc": 0.5}, max_recipients=20)
    >>> g.number_of_people
    100
    """
    if not isinstance(log, MessageLog):
        raise TypeError(f"build_graph expects an onakit.MessageLog, not {type(log).__name__}")
    built = _core.build_graph(log=log._core, **builder_keywords(
        weighting=weighting, directed=directed, role_weights=role_weights, max_recipients=max_recipients,
        self_loops=self_loops, start=start, end=end, half_life=half_life, reference_time=reference_time,
        min_weight=min_weight, reciprocal=reciprocal, threads=threads))
    g = Graph(built.graph, log.people, built.report)
    warn_if_split_changes_nothing(weighting, [g.build_report], "build_graph", stacklevel=2)
    return g


def builder_keywords(weighting="count", directed=True, role_weights=None, max_recipients=None, self_loops=False,
                     start=None, end=None, half_life=None, reference_time=None, min_weight=0, reciprocal=False,
                     threads=0) -> dict:
    """build_graph's keywords as the core's builders take them (times in microseconds, half_life in seconds,
    one weight per role); a bad value raises OptionError naming its keyword."""
    for keyword, value in (("start", start), ("end", end), ("reference_time", reference_time)):
        to_micros(value, keyword)  # a bad time raises OptionError naming its keyword
    to_seconds(half_life, "half_life")
    rw = [1.0] * len(ROLES)
    for name, value in (role_weights or {}).items():
        if name not in ROLES:
            raise _core.OptionError(f"role_weights: unknown role {name!r} (roles: {', '.join(ROLES)})")
        rw[ROLES.index(name)] = real(value, f"role_weights[{name!r}]")
    return dict(weighting=weighting, directed=directed, role_weights=rw, max_recipients=max_recipients,
                self_loops=self_loops, start=to_micros(start), end=to_micros(end), half_life=to_seconds(half_life),
                reference_time=to_micros(reference_time), min_weight=real(min_weight, "min_weight"), reciprocal=reciprocal,
                threads=threads)


SPLIT_WARNING = r"build_graph: weighting='split' changes nothing"  # build_graphs silences it per period


def warn_if_split_changes_nothing(weighting: str, reports: list, caller: str, stacklevel: int) -> None:
    """One UserWarning when ``weighting="split"`` met no message with several recipients in the build
    reports of one call (``build_graph``'s, or all of ``build_graphs``' periods): split then equals count.
    ``stacklevel`` is the caller's (the warning names the line that called it)."""
    used = sum(r["messages_used"] for r in reports)
    if weighting != "split" or not used or any(r["messages_with_several_recipients"] for r in reports):
        return
    warnings.warn(f"{caller}: weighting='split' changes nothing here: none of the {used:,} messages used has "
                  "several recipients, so every tie weighs what weighting='count' gives. A table with one row per "
                  "recipient and no message id makes every row a message: read it with "
                  "group_rows_by='sender_time' to group the rows of one sender and time into one message",
                  UserWarning, stacklevel=stacklevel + 1)
